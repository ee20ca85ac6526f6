"""Writes on people, positions and oversight assignments, each with its audit entry."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError

from .models import OversightAssignment, Person, Position, Unit

PERSON_FIELDS = ("full_name", "unit", "birth_year", "note")
POSITION_FIELDS = ("person", "unit", "title", "start_date", "end_date")
OVERSIGHT_FIELDS = ("person", "unit", "assigned_by", "start_date", "end_date", "note")


@transaction.atomic
def person_create(*, full_name: str, unit: Unit, **fields: Any) -> Person:
    person = Person(full_name=full_name, unit=unit, **fields)
    person.full_clean(exclude=["sort_key", "search_text"])
    person.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=person,
        unit_id=unit.pk,
        changes=diff({}, snapshot(person, PERSON_FIELDS)),
    )
    return person


@transaction.atomic
def person_update(*, person: Person, version: int | None = None, **fields: Any) -> Person:
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this person after you opened the form."))
    before = snapshot(locked, PERSON_FIELDS)
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(locked, name, value)
    locked.full_clean(exclude=["sort_key", "search_text"])
    changes = diff(before, snapshot(locked, PERSON_FIELDS))
    if changes:
        locked.version += 1
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes=changes)
    return locked


def _check_dates(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


@transaction.atomic
def position_create(
    *,
    person: Person,
    unit: Unit,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> Position:
    _check_dates(start_date, end_date)
    position = Position(
        person=person, unit=unit, title=" ".join(title.split()), start_date=start_date,
        end_date=end_date,
    )
    position.full_clean()
    position.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=position,
        unit_id=unit.pk,
        changes=diff({}, snapshot(position, POSITION_FIELDS)),
    )
    return position


@transaction.atomic
def position_end(*, position: Position, end_date: datetime.date) -> Position:
    locked = Position.objects.select_for_update().get(pk=position.pk)
    _check_dates(locked.start_date, end_date)
    before = snapshot(locked, POSITION_FIELDS)
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=locked,
        unit_id=locked.unit_id,
        changes=diff(before, snapshot(locked, POSITION_FIELDS)),
    )
    return locked


@transaction.atomic
def oversight_assign(
    *,
    person: Person,
    unit: Unit,
    assigned_by: Unit,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    note: str = "",
) -> OversightAssignment:
    _check_dates(start_date, end_date)
    assignment = OversightAssignment(
        person=person, unit=unit, assigned_by=assigned_by, start_date=start_date,
        end_date=end_date, note=note,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=assignment,
        unit_id=assigned_by.pk,
        changes=diff({}, snapshot(assignment, OVERSIGHT_FIELDS)),
    )
    return assignment
