"""Insert many units at once: paths computed here, one INSERT per batch, audited.

treebeard's `add_child` costs four queries per node (lock the parent, find its last child, bump
its numchild, insert), which makes a 100,000-unit import take minutes. Here each new path is
computed in memory, continuing after the parent's current last child; the parents already in
the database are locked and their last child found with one query per batch; units are inserted
with `bulk_create`; every parent's `numchild` is bumped once at the end.

Callers validate the units first (the importer does): `bulk_create` skips `full_clean` and
`save()`, so `search_text` is filled here.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from treebeard.exceptions import PathOverflow

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record_many
from trienkhai.core.text import collation_key

from .models import Unit
from .models.tree import PATH_ALPHABET, PATH_STEP, unit_search_text
from .services import UNIT_FIELDS

BATCH_SIZE = 1000
_CHUNK = 500
_MAX_STEP = len(PATH_ALPHABET) ** PATH_STEP - 1
# Above every descendant of a path p: p || 'ZZZ…' (letters and digits only, so it holds under
# any database collation, unlike p || '~').
_TOP = PATH_ALPHABET[-1] * Unit._meta.get_field("path").max_length
# Set on every unit this module takes, to the token of the call that took it: a parent carrying
# the current token has its path from this call and no children in the database but ours.
_TOKEN_ATTR = "_bulk_token"

UnitPair = tuple[Unit | None, Unit]


def units_bulk_create(*, items: Iterable[UnitPair], batch_size: int = BATCH_SIZE) -> int:
    """Insert each `(parent, unit)` pair as the parent's new last child; return how many.

    `parent` is None for a new root, a unit already in the database, or a unit given earlier
    in the same `items` (parents come before their children). `items` may be a generator: only
    one batch of units is held at a time, plus a counter per parent. Each unit gets one audit
    entry, in the same transaction.
    """
    with transaction.atomic():
        builder = _Builder(batch_size)
        for parent, unit in items:
            builder.add(parent, unit)
        builder.finish()
        return builder.created


class _Builder:
    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.token = object()
        self.next_step: dict[str, int] = {}  # parent path -> next free step under it
        self.locked: dict[int, str] = {}  # pk of a parent from the database -> its path
        self.unresolved: set[int] = set()  # such parents not looked up yet
        self.numchild_added: dict[str, int] = defaultdict(int)  # for parents already inserted
        self.pending: list[UnitPair] = []
        self.created = 0

    def _ours(self, unit: Unit | None) -> bool:
        return unit is not None and getattr(unit, _TOKEN_ATTR, None) is self.token

    def add(self, parent: Unit | None, unit: Unit) -> None:
        if parent is not None and not self._ours(parent):
            if parent.pk is None:
                raise ValueError("A parent must be saved, or given earlier in the same call.")
            if parent.pk not in self.locked:
                self.unresolved.add(parent.pk)
        setattr(unit, _TOKEN_ATTR, self.token)
        unit.path = ""  # assigned in flush(); empty until then
        self.pending.append((parent, unit))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def _resolve(self) -> None:
        """Lock the batch's parents from the database, read their paths and last children."""
        # The greatest path in a subtree starts with its last child's path: one index seek each
        # (children may have gaps after moves, so numchild is not enough).
        last = Unit.objects.filter(
            path__gt=OuterRef("path"), path__lte=Concat(OuterRef("path"), Value(_TOP))
        ).order_by("-path").values("path")[:1]
        pks = sorted(self.unresolved)
        for start in range(0, len(pks), _CHUNK):
            rows = (
                Unit.objects.select_for_update()
                .filter(pk__in=pks[start : start + _CHUNK])
                .annotate(last=Subquery(last))
                .values_list("pk", "path", "last")
            )
            for pk, path, last_path in rows:
                self.locked[pk] = path
                self.next_step.setdefault(path, _step_of(last_path, len(path)) + 1)
        self.unresolved = set()

    def _take_step(self, parent_path: str) -> int:
        step = self.next_step.get(parent_path)
        if step is None:  # a root, or a parent created by this call
            step = 1 if parent_path else _last_root_step() + 1
        if step > _MAX_STEP:
            raise PathOverflow(f"No more children fit under path '{parent_path}'.")
        self.next_step[parent_path] = step + 1
        return step

    def flush(self) -> None:
        if not self.pending:
            return
        self._resolve()
        in_batch: set[int] = set()
        for parent, unit in self.pending:
            parent_path = ""
            if parent is not None:
                parent_path = parent.path if self._ours(parent) else self.locked[parent.pk]
                if not parent_path:
                    raise ValueError("A parent must come before its children.")
                if id(parent) in in_batch:
                    parent.numchild += 1  # not inserted yet: goes in with the right count
                else:
                    self.numchild_added[parent_path] += 1
            unit.depth = len(parent_path) // PATH_STEP + 1
            unit.path = Unit._get_path(parent_path, unit.depth, self._take_step(parent_path))
            unit.numchild = 0
            unit.search_text = unit_search_text(unit.name, unit.short_name, unit.code)
            unit.sort_key = collation_key(unit.name)
            in_batch.add(id(unit))
        units = [unit for _, unit in self.pending]
        Unit.objects.bulk_create(units)  # sets the pks (RETURNING on SQLite and PostgreSQL)
        audit_record_many(action=AuditAction.CREATE, items=_audit_items(self.pending))
        self.created += len(units)
        self.pending = []

    def finish(self) -> None:
        self.flush()
        # One UPDATE per distinct increment and chunk, rather than one per parent.
        by_increment: dict[int, list[str]] = defaultdict(list)
        for path, added in self.numchild_added.items():
            by_increment[added].append(path)
        for added, paths in by_increment.items():
            for start in range(0, len(paths), _CHUNK):
                Unit.objects.filter(path__in=paths[start : start + _CHUNK]).update(
                    numchild=F("numchild") + added
                )


def _step_of(last_path: str | None, parent_length: int) -> int:
    if last_path is None:
        return 0
    return int(Unit._str2int(last_path[parent_length : parent_length + PATH_STEP]))


def _last_root_step() -> int:
    # The greatest path of all starts with the last root's.
    return _step_of(Unit.objects.order_by("-path").values_list("path", flat=True).first(), 0)


def _audit_items(pairs: list[UnitPair]) -> Iterator[tuple[Unit, int | None, dict[str, list]]]:
    # The same changes unit_create records (audit.services.snapshot and diff), built directly:
    # for 100,000 units the generic helpers cost about a second.
    for parent, unit in pairs:
        changes: dict[str, list[Any]] = {}
        for name in UNIT_FIELDS:
            value = getattr(unit, name)
            if value is not None:
                changes[name] = [None, value.isoformat()
                                 if isinstance(value, datetime.date) else value]
        if parent is not None:
            changes["parent"] = [None, parent.pk]
        yield unit, unit.pk, changes
