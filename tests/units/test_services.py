from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Unit
from trienkhai.units.people_services import position_create, position_end
from trienkhai.units.selectors import subtree_stats, titles_held_on
from trienkhai.units.services import unit_merge, unit_move, unit_update


def test_title_held_on_a_date_is_one_query(world, django_assert_num_queries):
    person = world.people["own"]
    with acting_as(None, "test"):
        position_create(person=person, unit=world.units["own"],
                        title="Ủy viên Ban Thường vụ Thành ủy",
                        start_date=datetime.date(2020, 10, 1))
        old = position_create(person=person, unit=world.units["own"], title="Phó Trưởng ban",
                              start_date=datetime.date(2015, 1, 1))
        position_end(position=old, end_date=datetime.date(2020, 9, 30))
    with django_assert_num_queries(1):
        assert titles_held_on(person=person, day=datetime.date(2022, 5, 1)) == [
            "Ủy viên Ban Thường vụ Thành ủy"
        ]
    assert titles_held_on(person=person, day=datetime.date(2018, 1, 1)) == ["Phó Trưởng ban"]


def test_position_dates_out_of_order_are_refused(world):
    with acting_as(None, "test"), pytest.raises(ValidationError) as info:
        position_create(person=world.people["own"], unit=world.units["own"], title="X",
                        start_date=datetime.date(2022, 1, 2), end_date=datetime.date(2022, 1, 1))
    assert "end_date" in info.value.message_dict


def test_stale_version_is_a_conflict(world):
    unit = world.units["own"]
    with acting_as(None, "test"):
        unit_update(unit=unit, version=unit.version, party_member_count=10)
        with pytest.raises(ConflictError):
            unit_update(unit=unit, version=unit.version, party_member_count=11)
    assert Unit.objects.get(pk=unit.pk).party_member_count == 10


def test_move_under_own_descendant_is_refused(world):
    with acting_as(None, "test"), pytest.raises(ValidationError):
        unit_move(unit=world.units["own"], new_parent=world.units["cell"])


def test_move_keeps_the_subtree_together(world):
    with acting_as(None, "test"):
        unit_move(unit=world.units["descendant"], new_parent=world.units["sibling"])
    cell = Unit.objects.get(pk=world.units["cell"].pk)
    sibling = Unit.objects.get(pk=world.units["sibling"].pk)
    assert cell.path.startswith(sibling.path)
    assert AuditEntry.objects.filter(action="move", object_id=str(world.units["descendant"].pk))


def test_merge_keeps_records_findable_with_the_date(world):
    ward, ward2 = world.units["descendant"], world.units["descendant2"]
    before = subtree_stats(unit=Unit.objects.get(pk=ward2.pk))
    with acting_as(None, "test"):
        merged = unit_merge(unit=ward, into=ward2, on_date=datetime.date(2025, 7, 1))
    assert merged.merged_into_id == ward2.pk and merged.dissolved_on == datetime.date(2025, 7, 1)
    receiving = Unit.objects.get(pk=ward2.pk)
    # The merged unit and its cell now sit in the receiving unit's subtree.
    assert Unit.objects.filter(receiving.subtree_q(), pk=world.units["cell"].pk).exists()
    after = subtree_stats(unit=receiving)
    assert after["units"] == before["units"] + 2
    assert AuditEntry.objects.filter(action="merge", object_id=str(ward2.pk)).exists()


def test_merge_twice_or_into_itself_is_refused(world):
    ward, ward2 = world.units["descendant"], world.units["descendant2"]
    with acting_as(None, "test"):
        with pytest.raises(ValidationError):
            unit_merge(unit=ward, into=world.units["cell"], on_date=datetime.date(2025, 7, 1))
        unit_merge(unit=ward, into=ward2, on_date=datetime.date(2025, 7, 1))
        with pytest.raises(ValidationError):
            unit_merge(unit=ward, into=world.units["own"], on_date=datetime.date(2025, 7, 1))
