"""Write audit entries. Services call these inside their own transaction."""
from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models

from trienkhai.core.context import current_actor

from .models import AuditAction, AuditEntry

Changes = dict[str, list[Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values worth recording (foreign keys as ids), for before/after comparison."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(obj, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _build(
    *, action: str, obj: models.Model, unit_id: int | None, changes: Changes
) -> AuditEntry:
    # Records with a confidentiality level keep it on their history (see access.policy).
    confidentiality = int(getattr(obj, "confidentiality", 0) or 0)
    actor = current_actor()
    user = actor.user
    return AuditEntry(
        actor=user if user is not None and user.pk else None,
        actor_label=actor.label[:150],
        unit_id=unit_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        request_id=actor.request_id,
        confidentiality=confidentiality,
    )


def _require_transaction() -> None:
    # The entry must commit or roll back with the change it describes.
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic()")


def audit_record(
    *,
    action: str | AuditAction,
    obj: models.Model,
    unit_id: int | None,
    changes: Changes | None = None,
) -> AuditEntry:
    _require_transaction()
    entry = _build(action=str(action), obj=obj, unit_id=unit_id, changes=changes or {})
    entry.save()
    return entry


def audit_record_many(
    *, action: str | AuditAction, items: Iterable[tuple[models.Model, int | None, Changes]]
) -> int:
    """Bulk variant for imports: one entry per object, one INSERT per batch."""
    _require_transaction()
    entries = [_build(action=str(action), obj=o, unit_id=u, changes=c) for o, u, c in items]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
