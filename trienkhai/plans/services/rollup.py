"""Roll-up figures: kept current along the touched path, and recomputed set-based on demand.

Every task contributes additive figures (one task, its weight, done / overdue / at risk, its
weight × percent, its percent and its indicator value) to one RollupFigure row per (unit, plan)
and per (unit, document) for its owner unit and every ancestor (the path prefixes of length 4k).
A document's rows count the plans linked to it (RollupLink: the documents a plan implements and,
up the "implements" cascade, the documents those implement).

Incremental: when a change touches a task (a report approved, a task added, moved or removed,
the daily overdue flag), the DIFFERENCE of its contribution is added to the rows on its path,
in the caller's transaction: a handful of rows, whatever the size of the subtree.

Full: `rollup_recompute` rebuilds the rows with one aggregate per kind of scope, grouping the
tasks by owner path and plan and joining each group to its path prefixes (an index lookup per
prefix). Tests check that incremental == full after random sequences; `synth` uses it.

Overdue is time-dependent: a task is overdue when its deadline has passed and it is not done.
The daily job (`overdue_refresh`, run by `trienkhai plans daily`) sets TaskProgress.overdue and
moves the counts; between two runs the overdue figures are those of the last run.

Hooks for writers of tasks (call them in the same transaction):
    rollup_tasks_added(tasks=...)            after creating tasks
    rollup_tasks_removed(tasks=...)          before deleting tasks
    with rollup_tasks_changing(tasks=...):   around a change of owner, plan, weight or deadline
    rollup_plan_documents_changed(plan=...)  after a plan's documents change
"""
from __future__ import annotations

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from trienkhai.documents.models import Document, DocumentRelation, RelationKind
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP

from ..models import (
    FIGURE_COLUMNS,
    Plan,
    RollupFigure,
    RollupLink,
    Task,
    TaskProgress,
)
from .rollup_sql import (
    BEHIND_STATUSES,
    DONE_STATUSES,
    ensure_progress,
    recompute_documents,
    recompute_plans,
    refresh_copies,
)

ZERO = Decimal(0)
_CHUNK = 500


@dataclass(frozen=True)
class Contribution:
    """What one task (or a difference, or a sum) adds to a roll-up row; FIGURE_COLUMNS order."""

    tasks_total: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    tasks_at_risk: int = 0
    weight_total: Decimal = ZERO
    weighted_percent: Decimal = ZERO
    percent_sum: Decimal = ZERO
    value_sum: Decimal = ZERO

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __add__(self, other: Contribution) -> Contribution:
        return Contribution(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def __neg__(self) -> Contribution:
        return Contribution(*(-a for a in self.values()))

    def __sub__(self, other: Contribution) -> Contribution:
        return self + (-other)

    def is_zero(self) -> bool:
        return not any(self.values())


def task_contribution(task: Task, progress: TaskProgress | None) -> Contribution:
    weight = Decimal(task.weight)
    if progress is None:
        return Contribution(tasks_total=1, weight_total=weight)
    percent = Decimal(progress.percent)
    done = progress.status in DONE_STATUSES
    return Contribution(
        tasks_total=1,
        tasks_done=int(done),
        tasks_overdue=int(progress.overdue),
        tasks_at_risk=int(progress.status in BEHIND_STATUSES),
        weight_total=weight,
        weighted_percent=weight * percent,
        percent_sum=percent,
        value_sum=Decimal(progress.value),
    )


# --- incremental ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a task counts: its owner unit's path and its plan."""

    path: str
    plan_id: int


def prefixes(path: str) -> list[str]:
    """The unit's own path and its ancestors' (path prefixes of length 4k)."""
    return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def _unit_ids(paths: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(paths))
    out: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        out.update(Unit.objects.filter(path__in=wanted[start : start + _CHUNK])
                   .values_list("path", "id"))
    return out


def _linked_documents(plan_ids: Iterable[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    ids = sorted(set(plan_ids))
    for start in range(0, len(ids), _CHUNK):
        for plan_id, document_id in RollupLink.objects.filter(
            plan_id__in=ids[start : start + _CHUNK]
        ).values_list("plan_id", "document_id"):
            out[plan_id].append(document_id)
    return out


def rollup_apply(deltas: dict[Place, Contribution]) -> int:
    """Add each place's difference to the rows of its path, for its plan and linked documents.

    Returns how many rows were touched. Runs in the caller's transaction.
    """
    deltas = {place: delta for place, delta in deltas.items() if not delta.is_zero()}
    if not deltas:
        return 0
    unit_ids = _unit_ids(p for place in deltas for p in prefixes(place.path))
    documents = _linked_documents(place.plan_id for place in deltas)
    by_plan: dict[tuple[int, int], Contribution] = defaultdict(Contribution)
    by_document: dict[tuple[int, int], Contribution] = defaultdict(Contribution)
    for place, delta in deltas.items():
        for path in prefixes(place.path):
            unit_id = unit_ids.get(path)
            if unit_id is None:
                continue
            by_plan[unit_id, place.plan_id] += delta
            for document_id in documents.get(place.plan_id, ()):
                by_document[unit_id, document_id] += delta
    _add_rows("plan", by_plan)
    _add_rows("document", by_document)
    return len(by_plan) + len(by_document)


def _add_rows(key: str, rows: dict[tuple[int, int], Contribution]) -> None:
    """Add each difference to its row in place (an upsert: the row is made when missing).

    The row is never read into Python, so two approvals on the same path cannot overwrite each
    other. The VALUES of a missing row are the difference clamped at 0: the engines check the
    columns' CHECK (>= 0) on that proposed row even when it conflicts and the UPDATE applies.
    """
    rows = {k: v for k, v in rows.items() if not v.is_zero()}
    if not rows:
        return
    table = connection.ops.quote_name(RollupFigure._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    columns = ", ".join(FIGURE_COLUMNS)
    values = ", ".join(f"{greatest}(%s, 0)" for _ in FIGURE_COLUMNS)
    sets = ", ".join(f"{c} = {table}.{c} + %s" for c in FIGURE_COLUMNS)
    sql = (f"INSERT INTO {table} (unit_id, {key}_id, {columns}, updated_at) "
           f"VALUES (%s, %s, {values}, %s) "
           f"ON CONFLICT (unit_id, {key}_id) WHERE {key}_id IS NOT NULL "
           f"DO UPDATE SET {sets}, updated_at = excluded.updated_at")
    now = timezone.now()
    params = [(unit_id, scope_id, *delta.values(), now, *delta.values())
              for (unit_id, scope_id), delta in sorted(rows.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _places_and_contributions(task_ids: Sequence[int]) -> dict[int, tuple[Place, Contribution]]:
    out: dict[int, tuple[Place, Contribution]] = {}
    ids = sorted(set(task_ids))
    for start in range(0, len(ids), _CHUNK):
        tasks = Task.objects.filter(pk__in=ids[start : start + _CHUNK]).select_related(
            "owner_unit", "progress").only(
            "pk", "plan_id", "weight", "owner_unit__path", "progress__status",
            "progress__overdue", "progress__percent", "progress__value")
        for task in tasks:
            progress = getattr(task, "progress", None)
            out[task.pk] = (Place(task.owner_unit.path, task.plan_id),
                            task_contribution(task, progress))
    return out


def _chunked(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def rollup_tasks_added(*, tasks: Iterable[Task]) -> int:
    """Count newly created tasks on their paths (and give each its state row)."""
    ids = sorted({task.pk for task in tasks})
    for chunk in _chunked(ids):
        ensure_progress(task_ids=chunk)
    current = _places_and_contributions(ids)
    deltas: dict[Place, Contribution] = defaultdict(Contribution)
    for place, contribution in current.values():
        deltas[place] += contribution
    return rollup_apply(deltas)


def rollup_tasks_removed(*, tasks: Iterable[Task]) -> int:
    """Stop counting tasks about to be deleted (call before deleting them)."""
    current = _places_and_contributions([task.pk for task in tasks])
    deltas: dict[Place, Contribution] = defaultdict(Contribution)
    for place, contribution in current.values():
        deltas[place] -= contribution
    return rollup_apply(deltas)


@contextlib.contextmanager
def rollup_tasks_changing(*, tasks: Iterable[Task], today: datetime.date | None = None
                          ) -> Iterator[None]:
    """Around a change of the tasks' owner unit, plan, weight or deadline: moves their counts.

    A deadline moved past or before `today` also sets or clears the overdue flag at once.
    """
    ids = sorted({task.pk for task in tasks})
    before = _places_and_contributions(ids)
    yield
    for chunk in _chunked(ids):
        ensure_progress(task_ids=chunk)
        refresh_copies(task_ids=chunk)
    _overdue_flags_for(ids, today or timezone.localdate())
    after = _places_and_contributions(ids)
    deltas: dict[Place, Contribution] = defaultdict(Contribution)
    for place, contribution in before.values():
        deltas[place] -= contribution
    for place, contribution in after.values():
        deltas[place] += contribution
    rollup_apply(deltas)


def rollup_progress_changed(*, place: Place, before: Contribution, after: Contribution) -> int:
    """A task's approved state changed (services.reports): move the difference up its path."""
    return rollup_apply({place: after - before})


# --- overdue (the daily job) ------------------------------------------------------------------


def _not_done_overdue(today: datetime.date) -> Q:
    return Q(task__deadline__lt=today) & ~Q(status__in=DONE_STATUSES)


def _overdue_flags_for(task_ids: Sequence[int], today: datetime.date) -> None:
    """Set each task's overdue flag as of `today` (no counts moved: the caller does)."""
    progress = TaskProgress.objects.filter(task_id__in=task_ids)
    progress.filter(_not_done_overdue(today), overdue=False).update(overdue=True)
    progress.filter(overdue=True).exclude(_not_done_overdue(today)).update(overdue=False)


@transaction.atomic
def overdue_refresh(*, today: datetime.date) -> tuple[int, int]:
    """Flag tasks whose deadline passed before `today` and are not done; unflag the others.

    Moves the overdue counts on each touched path. Returns (flagged, cleared).
    """
    ensure_progress(deadline_before=today)
    to_flag = TaskProgress.objects.filter(_not_done_overdue(today), overdue=False)
    to_clear = TaskProgress.objects.filter(overdue=True).exclude(_not_done_overdue(today))
    deltas: dict[Place, Contribution] = defaultdict(Contribution)
    counts = []
    for queryset, flag, step in ((to_flag, True, 1), (to_clear, False, -1)):
        rows = list(queryset.values_list("task_id", "task__owner_unit__path", "task__plan_id"))
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            TaskProgress.objects.filter(task_id__in=[r[0] for r in chunk]).update(overdue=flag)
        for _task_id, path, plan_id in rows:
            deltas[Place(path, plan_id)] += Contribution(tasks_overdue=step)
        counts.append(len(rows))
    rollup_apply(deltas)
    return counts[0], counts[1]


# --- links between plans and documents ----------------------------------------------------------


def plan_reach(plan_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """For each plan, the documents its tasks count toward (see RollupLink)."""
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=list(plan_ids))
    levels = dict(plans.values_list("pk", "confidentiality"))
    direct: dict[int, set[int]] = defaultdict(set)
    through = Plan.documents.through.objects.filter(plan_id__in=list(levels))
    for plan_id, document_id in through.values_list("plan_id", "document_id"):
        direct[plan_id].add(document_id)
    implements: dict[int, set[int]] = defaultdict(set)
    for source, target in DocumentRelation.objects.filter(
        kind=RelationKind.IMPLEMENTS
    ).values_list("source_id", "target_id"):
        implements[source].add(target)
    closure: dict[int, set[int]] = {}

    def reach(document_id: int) -> set[int]:
        if document_id not in closure:
            seen, frontier = {document_id}, [document_id]
            while frontier:
                nxt = [t for d in frontier for t in implements.get(d, ()) if t not in seen]
                seen.update(nxt)
                frontier = nxt
            closure[document_id] = seen
        return closure[document_id]

    documents = {d for ds in direct.values() for d in ds}
    reached = {d for doc in documents for d in reach(doc)}
    doc_levels = dict(Document.objects.filter(pk__in=reached).values_list("pk", "confidentiality"))
    out: dict[int, set[int]] = {}
    for plan_id, level in levels.items():
        found = {d for doc in direct.get(plan_id, ()) for d in reach(doc)}
        out[plan_id] = {d for d in found if doc_levels.get(d, 0) >= level}
    return out


def rollup_links_refresh(plan_ids: Iterable[int] | None = None) -> set[int]:
    """Bring RollupLink in line with the plans' documents; return the documents whose set of
    plans changed (their rows need recomputing)."""
    wanted = plan_reach(plan_ids)
    existing = RollupLink.objects.all()
    if plan_ids is not None:
        existing = existing.filter(plan_id__in=list(wanted))
    have = set(existing.values_list("plan_id", "document_id"))
    want = {(p, d) for p, ds in wanted.items() for d in ds}
    stale = have - want
    for plan_id, document_id in stale:
        RollupLink.objects.filter(plan_id=plan_id, document_id=document_id).delete()
    RollupLink.objects.bulk_create(
        [RollupLink(plan_id=p, document_id=d) for p, d in sorted(want - have)],
        batch_size=_CHUNK,
    )
    return {d for _, d in stale | (want - have)}


@transaction.atomic
def rollup_plan_documents_changed(*, plan: Plan) -> None:
    changed = rollup_links_refresh([plan.pk])
    if changed:
        recompute_documents(sorted(changed))


# --- full recompute ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeResult:
    plan_rows: int
    document_rows: int


@transaction.atomic
def rollup_recompute(*, plan_ids: Sequence[int] | None = None,
                     refresh_progress: bool = True) -> RecomputeResult:
    """Rebuild the rows of the given plans (all when None) and of the documents they reach.

    With `refresh_progress` every task of those plans first gets its state row, with the
    copies of its plan, deadline and owner path brought up to date (after units moved)."""
    if refresh_progress:
        for chunk in ([None] if plan_ids is None else list(_chunked(list(plan_ids)))):
            ensure_progress(plan_ids=chunk)
            refresh_copies(plan_ids=chunk)
    rollup_links_refresh(plan_ids)
    plan_rows = recompute_plans(plan_ids)
    if plan_ids is None:
        document_ids = None
    else:
        document_ids = sorted(set(RollupLink.objects.filter(plan_id__in=plan_ids)
                                  .values_list("document_id", flat=True)))
    document_rows = recompute_documents(document_ids)
    return RecomputeResult(plan_rows=plan_rows, document_rows=document_rows)
