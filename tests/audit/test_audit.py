from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_create, unit_update


@pytest.mark.django_db
def test_every_write_records_actor_request_and_changes():
    with acting_as(None, "command:test", "req-123"):
        unit = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Trung ương", code="TW")
        unit_update(unit=unit, party_member_count=5)
    entries = list(AuditEntry.objects.filter(object_id=str(unit.pk)).order_by("id"))
    assert [e.action for e in entries] == ["create", "update"]
    assert {e.actor_label for e in entries} == {"command:test"}
    assert {e.request_id for e in entries} == {"req-123"}
    assert entries[1].changes == {"party_member_count": [0, 5]}
    assert entries[0].changes["name"] == [None, "Trung ương"]


@pytest.mark.django_db
def test_unchanged_update_writes_nothing():
    with acting_as(None, "test"):
        unit = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Trung ương", code="TW")
        before = AuditEntry.objects.count()
        unit_update(unit=unit, name="Trung ương")
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_entry_rolls_back_with_the_change():
    with acting_as(None, "test"), pytest.raises(RuntimeError), transaction.atomic():
        unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Trung ương", code="TW")
        raise RuntimeError("boom")
    assert not Unit.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_audit_refuses_to_be_written_outside_a_transaction():
    from trienkhai.audit.services import audit_record

    unit = Unit.objects.add_root(instance=Unit(kind=UnitKind.CENTRAL_BODY, name="X", code="X"))
    with pytest.raises(RuntimeError):
        audit_record(action="update", obj=unit, unit_id=unit.pk)


@pytest.mark.django_db
def test_database_refuses_update_and_delete_of_entries():
    with acting_as(None, "test"):
        unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Trung ương", code="TW")
    entry = AuditEntry.objects.get()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get().actor_label == "test"


@pytest.mark.django_db(transaction=True)
def test_triggers_come_back_after_every_migrate():
    # SQLite drops triggers when a migration rebuilds the table; post_migrate reinstalls them.
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    from trienkhai.audit.triggers import remove

    remove(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    with acting_as(None, "test"), transaction.atomic():
        unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Trung ương", code="TW")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(actor_label="forged")
    # Leave the table flushable for the transactional teardown.
    remove(connection)
