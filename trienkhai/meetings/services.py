"""Writes on working sessions, press items, attendees and conclusions, each with its audit entry.

Keyword-only, one transaction each, validated like a form would (full_clean) and audited in the
same transaction; a stale `version` raises ConflictError. Access is the caller's business
(views and the API check can_write_unit on the owning unit).
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Clearance
from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.core.text import nfc
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit

from .models import Attendee, Conclusion, PressItem, WorkingSession

PRESS_FIELDS = ("title", "outlet", "url", "published_on", "text", "confidentiality")
PRESS_AUDITED = ("unit", "title", "outlet", "url", "published_on", "confidentiality")
SESSION_FIELDS = ("visiting_unit", "held_on", "place", "title", "summary", "press_item",
                  "organisations", "confidentiality")
SESSION_AUDITED = ("unit", *SESSION_FIELDS)
ATTENDEE_FIELDS = ("person", "name", "title", "order")
CONCLUSION_FIELDS = ("text", "deadline", "owner_unit", "task", "order")
MULTILINE = ("text", "summary")


def _clean_text(fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if isinstance(value, str):
            value = nfc(value).strip()
            fields[name] = value if name in MULTILINE else " ".join(value.split())


def _check_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})


def _check_level(obj: Any) -> dict[str, list[str]]:
    if obj.confidentiality not in Clearance.values:
        return {"confidentiality": [_("Choose one of the confidentiality levels.")]}
    return {}


def _full_clean(obj: Any, errors: dict[str, list[str]], exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- press items ------------------------------------------------------------------------------


@transaction.atomic
def press_item_create(*, unit: Unit, title: str, created_by: Any = None,
                      **fields: Any) -> PressItem:
    _check_fields(fields, PRESS_FIELDS)
    values = {"title": title, **fields}
    _clean_text(values)
    item = PressItem(unit=unit, created_by=created_by if getattr(created_by, "pk", None)
                     else None, **values)
    _full_clean(item, _check_level(item), ["created_by"])
    item.save()
    changes = diff({}, snapshot(item, PRESS_AUDITED))
    changes["text_length"] = [None, len(item.text)]
    audit_record(action=AuditAction.CREATE, obj=item, unit_id=unit.pk, changes=changes)
    return item


@transaction.atomic
def press_item_update(*, item: PressItem, version: int | None = None,
                      **fields: Any) -> PressItem:
    locked = PressItem.objects.select_for_update().get(pk=item.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this press item after you opened it."))
    _check_fields(fields, PRESS_FIELDS)
    _clean_text(fields)
    before = snapshot(locked, PRESS_AUDITED)
    old_text = locked.text
    for name, value in fields.items():
        setattr(locked, name, value)
    _full_clean(locked, _check_level(locked), ["created_by"])
    changes = diff(before, snapshot(locked, PRESS_AUDITED))
    if locked.text != old_text:
        changes["text_length"] = [len(old_text), len(locked.text)]
    if changes:
        locked.version += 1
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                     changes=changes)
    return locked


@transaction.atomic
def press_item_delete(*, item: PressItem) -> None:
    locked = PressItem.objects.select_for_update().get(pk=item.pk)
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.unit_id,
                 changes=diff(snapshot(locked, PRESS_AUDITED), {}))
    locked.delete()


# --- working sessions -------------------------------------------------------------------------


def _session_errors(session: WorkingSession) -> dict[str, list[str]]:
    errors = _check_level(session)
    errors.update(_dissolved_at(session))
    if session.visiting_unit_id is not None and session.visiting_unit_id == session.unit_id:
        errors.setdefault("visiting_unit", []).append(
            _("The visiting unit is the host unit itself."))
    press = session.press_item
    if press is not None and press.unit_id != session.unit_id:
        errors.setdefault("press_item", []).append(
            _("The press item must be recorded by the same unit as the session."))
    return errors


def _dissolved_at(session: WorkingSession) -> dict[str, list[str]]:
    """A session is held by a unit that existed on that day (records of 2022 stay possible for
    units dissolved since)."""
    unit = session.unit
    held = session.held_on
    if unit.dissolved_on is not None and isinstance(held, datetime.date) \
            and held >= unit.dissolved_on:
        return {"held_on": [_("The host unit was dissolved on %(date)s, before this day.")
                            % {"date": unit.dissolved_on.strftime("%d/%m/%Y")}]}
    return {}


def _documents_changed(session: WorkingSession,
                       documents: Iterable[Document] | None) -> list[list[int]] | None:
    if documents is None:
        return None
    old = sorted(session.documents.values_list("pk", flat=True))
    new = sorted({d.pk for d in documents})
    if old == new:
        return None
    session.documents.set(new)
    return [old, new]


@transaction.atomic
def session_create(*, unit: Unit, title: str, held_on: datetime.date,
                   documents: Iterable[Document] = (), **fields: Any) -> WorkingSession:
    """Record a working session held by `unit` (the host)."""
    _check_fields(fields, SESSION_FIELDS)
    values = {"title": title, **fields}
    _clean_text(values)
    session = WorkingSession(unit=unit, held_on=held_on, **values)
    _full_clean(session, _session_errors(session), ["documents"])
    session.save()
    changes = diff({}, snapshot(session, SESSION_AUDITED))
    docs = _documents_changed(session, documents)
    if docs is not None:
        changes["documents"] = docs
    audit_record(action=AuditAction.CREATE, obj=session, unit_id=unit.pk, changes=changes)
    return session


@transaction.atomic
def session_update(*, session: WorkingSession, version: int | None = None,
                   documents: Iterable[Document] | None = None,
                   **fields: Any) -> WorkingSession:
    locked = WorkingSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this working session after you opened it."))
    _check_fields(fields, SESSION_FIELDS)
    _clean_text(fields)
    before = snapshot(locked, SESSION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _full_clean(locked, _session_errors(locked), ["documents"])
    changes = diff(before, snapshot(locked, SESSION_FIELDS))
    docs = _documents_changed(locked, documents)
    if docs is not None:
        changes["documents"] = docs
    if changes:
        locked.version += 1
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                     changes=changes)
    return locked


@transaction.atomic
def session_delete(*, session: WorkingSession) -> None:
    """Remove a session with its attendees and conclusions (tasks created from conclusions stay
    in their plan)."""
    locked = WorkingSession.objects.select_for_update().get(pk=session.pk)
    for attendee in locked.attendees.all():
        audit_record(action=AuditAction.DELETE, obj=attendee, unit_id=locked.unit_id,
                     changes=diff(snapshot(attendee, ATTENDEE_FIELDS), {}))
    for conclusion in locked.conclusions.all():
        audit_record(action=AuditAction.DELETE, obj=conclusion, unit_id=locked.unit_id,
                     changes=diff(snapshot(conclusion, CONCLUSION_FIELDS), {}))
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.unit_id,
                 changes=diff(snapshot(locked, SESSION_AUDITED), {}))
    locked.delete()


# --- attendees and conclusions ----------------------------------------------------------------


def _next_order(queryset: Any) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return int(last or 0) + 1


@transaction.atomic
def attendee_add(*, session: WorkingSession, name: str, **fields: Any) -> Attendee:
    _check_fields(fields, ATTENDEE_FIELDS)
    values = {"name": name, **fields}
    _clean_text(values)
    if "order" not in values:
        values["order"] = _next_order(session.attendees.all())
    attendee = Attendee(session=session, **values)
    _full_clean(attendee, {}, [])
    attendee.save()
    audit_record(action=AuditAction.CREATE, obj=attendee, unit_id=session.unit_id,
                 changes=diff({}, snapshot(attendee, ("session", *ATTENDEE_FIELDS))))
    return attendee


@transaction.atomic
def attendee_update(*, attendee: Attendee, **fields: Any) -> Attendee:
    locked = Attendee.objects.select_for_update().select_related("session").get(pk=attendee.pk)
    _check_fields(fields, ATTENDEE_FIELDS)
    _clean_text(fields)
    before = snapshot(locked, ATTENDEE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _full_clean(locked, {}, [])
    changes = diff(before, snapshot(locked, ATTENDEE_FIELDS))
    if changes:
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.session.unit_id,
                     changes=changes)
    return locked


@transaction.atomic
def attendee_remove(*, attendee: Attendee) -> None:
    locked = Attendee.objects.select_for_update().select_related("session").get(pk=attendee.pk)
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.session.unit_id,
                 changes=diff(snapshot(locked, ATTENDEE_FIELDS), {}))
    locked.delete()


def _conclusion_errors(conclusion: Conclusion) -> dict[str, list[str]]:
    owner = conclusion.owner_unit
    if owner is None:
        return {}
    host = conclusion.session.unit
    if not owner.path.startswith(host.path):
        return {"owner_unit": [_("The unit in charge must be the host unit or a unit below "
                                 "it.")]}
    return {}


@transaction.atomic
def conclusion_add(*, session: WorkingSession, text: str, **fields: Any) -> Conclusion:
    _check_fields(fields, CONCLUSION_FIELDS)
    values = {"text": text, **fields}
    _clean_text(values)
    if "order" not in values:
        values["order"] = _next_order(session.conclusions.all())
    conclusion = Conclusion(session=session, **values)
    _full_clean(conclusion, _conclusion_errors(conclusion), [])
    conclusion.save()
    audit_record(action=AuditAction.CREATE, obj=conclusion, unit_id=session.unit_id,
                 changes=diff({}, snapshot(conclusion, ("session", *CONCLUSION_FIELDS))))
    return conclusion


@transaction.atomic
def conclusion_update(*, conclusion: Conclusion, **fields: Any) -> Conclusion:
    locked = Conclusion.objects.select_for_update(of=("self",)).select_related(
        "session__unit").get(pk=conclusion.pk)
    _check_fields(fields, CONCLUSION_FIELDS)
    _clean_text(fields)
    before = snapshot(locked, CONCLUSION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _full_clean(locked, _conclusion_errors(locked), [])
    changes = diff(before, snapshot(locked, CONCLUSION_FIELDS))
    if changes:
        locked.save()
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.session.unit_id,
                     changes=changes)
    return locked


@transaction.atomic
def conclusion_remove(*, conclusion: Conclusion) -> None:
    locked = Conclusion.objects.select_for_update().select_related("session").get(
        pk=conclusion.pk)
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.session.unit_id,
                 changes=diff(snapshot(locked, CONCLUSION_FIELDS), {}))
    locked.delete()


__all__ = [
    "attendee_add", "attendee_remove", "attendee_update", "conclusion_add", "conclusion_remove",
    "conclusion_update", "press_item_create", "press_item_delete", "press_item_update",
    "session_create", "session_delete", "session_update",
]
