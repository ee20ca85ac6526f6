"""Writes on units: create, update, move, merge. Each one is a transaction with its audit entry."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError

from .models import Unit
from .signals import units_moved

UNIT_FIELDS = (
    "kind", "name", "short_name", "code", "party_member_count", "active_from", "dissolved_on",
)


def _checked(unit: Unit, exclude: list[str] | None = None) -> None:
    # treebeard fills path/depth itself; everything else is validated like a form would.
    unit.full_clean(exclude=["path", "depth", "numchild", "search_text", *(exclude or [])])


@transaction.atomic
def unit_create(*, parent: Unit | None, **fields: Any) -> Unit:
    unit = Unit(**fields)
    _checked(unit)
    unit = (
        Unit.objects.add_child(parent, instance=unit)
        if parent is not None
        else Unit.objects.add_root(instance=unit)
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=unit,
        unit_id=unit.pk,
        changes=diff({}, {**snapshot(unit, UNIT_FIELDS), "parent": parent.pk if parent else None}),
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, version: int | None = None, **fields: Any) -> Unit:
    """Change a unit's attributes. `version`, when given, must match the stored one."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this unit after you opened it."))
    before = snapshot(locked, UNIT_FIELDS)
    for name, value in fields.items():
        if name not in UNIT_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(locked, name, value)
    _checked(locked, exclude=["code"] if "code" not in fields else None)
    changes = diff(before, snapshot(locked, UNIT_FIELDS))
    if changes:
        locked.version += 1
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.pk, changes=changes)
    return locked


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be moved under itself or one of its own units.")}
        )
    old_parent = Unit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        return unit
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    audit_record(
        action=AuditAction.MOVE,
        obj=unit,
        unit_id=unit.pk,
        changes={"parent": [old_parent.pk if old_parent else None, new_parent.pk]},
    )
    units_moved.send(sender=Unit, unit_ids={unit.pk})
    return unit


@transaction.atomic
def unit_merge(*, unit: Unit, into: Unit, on_date: datetime.date) -> Unit:
    """Merge `unit` into `into` (the 2025 reorganisation).

    The merged unit is dissolved on `on_date` and moved, with its own records and sub-units,
    under the unit it merged into: everything it had stays findable there, in every subtree
    query and roll-up, and its page says where and when it went.
    """
    unit = Unit.objects.get(pk=unit.pk)
    into = Unit.objects.get(pk=into.pk)
    if unit.pk == into.pk or into.path.startswith(unit.path):
        raise ValidationError({"into": _("A unit cannot merge into itself or its own sub-unit.")})
    if unit.merged_into_id is not None:
        raise ValidationError({"into": _("This unit has already been merged.")})
    if into.dissolved_on is not None and into.dissolved_on <= on_date:
        raise ValidationError({"into": _("The receiving unit is dissolved on that date.")})
    old_parent = Unit.objects.get_parent(unit)
    before = {
        **snapshot(unit, ("dissolved_on", "merged_into")),
        "parent": old_parent.pk if old_parent else None,
    }
    Unit.objects.move(unit, into, pos="last-child")
    unit.refresh_from_db()
    unit.dissolved_on = on_date
    unit.merged_into = into
    unit.version += 1
    unit.save()
    after = {**snapshot(unit, ("dissolved_on", "merged_into")), "parent": into.pk}
    audit_record(action=AuditAction.MERGE, obj=unit, unit_id=unit.pk, changes=diff(before, after))
    audit_record(
        action=AuditAction.MERGE,
        obj=into,
        unit_id=into.pk,
        changes={"merged_units": [None, unit.pk], "merged_on": [None, on_date.isoformat()]},
    )
    units_moved.send(sender=Unit, unit_ids={unit.pk})
    return unit
