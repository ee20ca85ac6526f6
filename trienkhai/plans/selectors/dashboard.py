"""Dashboards: read the precomputed roll-up rows, never the tasks of a subtree.

A dashboard is a unit and a scope (a plan, or a document with every plan linked to it). Its
figures are one RollupFigure row; its children are the rows of the units one level down (paged);
its trend is the Snapshot rows of the unit; its overdue list is the first few flagged tasks by
deadline. The query count does not depend on the number of units below.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_ALPHABET, next_path, subtree_range

from ..models import (
    AggregationRule,
    Plan,
    Recurrence,
    RollupFigure,
    RollupLink,
    Snapshot,
    Task,
    TaskProgress,
)

CHILDREN_PER_PAGE = 50
OVERDUE_ROWS = 10
TASKS_PER_PAGE = 25
TENTH = Decimal("0.1")
# Above every descendant of a path p: p || 'ZZZ…' (as units.bulk does).
_TOP = PATH_ALPHABET[-1] * int(Unit._meta.get_field("path").max_length or 255)


def _round(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """One roll-up row read by a rule: the sums stored, the ratios computed here."""

    tasks_total: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    tasks_at_risk: int = 0
    weight_total: Decimal = Decimal(0)
    weighted_percent: Decimal = Decimal(0)
    percent_sum: Decimal = Decimal(0)
    value_sum: Decimal = Decimal(0)
    rule: str = AggregationRule.WEIGHTED

    @classmethod
    def of(cls, row: Any, rule: str) -> Figures:
        if row is None:
            return cls(rule=rule)
        return cls(
            tasks_total=row.tasks_total, tasks_done=row.tasks_done,
            tasks_overdue=row.tasks_overdue, tasks_at_risk=row.tasks_at_risk,
            weight_total=Decimal(row.weight_total),
            weighted_percent=Decimal(row.weighted_percent),
            percent_sum=Decimal(row.percent_sum), value_sum=Decimal(row.value_sum), rule=rule,
        )

    @property
    def progress(self) -> Decimal | None:
        """Percent done by the rule (None for a sum of indicator values)."""
        if self.rule == AggregationRule.INDICATOR_SUM:
            return None
        if self.rule == AggregationRule.AVERAGE:
            return _round(self.percent_sum / self.tasks_total) if self.tasks_total else None
        return _round(self.weighted_percent / self.weight_total) if self.weight_total else None

    @property
    def done_share(self) -> Decimal | None:
        """Tỷ lệ hoàn thành: tasks done out of all tasks, in percent."""
        if not self.tasks_total:
            return None
        return _round(Decimal(self.tasks_done) * 100 / self.tasks_total)

    @property
    def bar(self) -> Decimal:
        """What a bar shows: the progress, or the share done for a sum of values."""
        value = self.progress if self.progress is not None else self.done_share
        return value if value is not None else Decimal(0)

    def arithmetic(self) -> str:
        """The computation written out, with the stored sums."""
        if self.rule == AggregationRule.INDICATOR_SUM:
            return _("Σ indicator values = %(sum)s") % {"sum": _fmt(self.value_sum)}
        if self.rule == AggregationRule.AVERAGE:
            return _("Σ percent ÷ number of tasks = %(sum)s ÷ %(n)d = %(result)s%%") % {
                "sum": _fmt(self.percent_sum), "n": self.tasks_total,
                "result": _fmt(self.progress)}
        return _("Σ (weight × percent) ÷ Σ weight = %(sum)s ÷ %(weight)s = %(result)s%%") % {
            "sum": _fmt(self.weighted_percent), "weight": _fmt(self.weight_total),
            "result": _fmt(self.progress)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "tasks_total": self.tasks_total, "tasks_done": self.tasks_done,
            "tasks_overdue": self.tasks_overdue, "tasks_at_risk": self.tasks_at_risk,
            "weight_total": str(self.weight_total),
            "weighted_percent": str(self.weighted_percent),
            "percent_sum": str(self.percent_sum), "value_sum": str(self.value_sum),
            "rule": self.rule,
            "progress": None if self.progress is None else str(self.progress),
            "done_share": None if self.done_share is None else str(self.done_share),
        }


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{_round(value)}"
    return text.replace(".", ",")


@dataclass(frozen=True)
class Scope:
    """A unit and what is rolled up over its subtree: a plan or a document."""

    unit: Unit
    plan: Plan | None
    document: Document | None
    rule: str

    @property
    def key(self) -> dict[str, Any]:
        return {"plan": self.plan} if self.plan is not None else {"document": self.document}

    @property
    def title(self) -> str:
        return str(self.plan or self.document)

    def task_filter(self) -> dict[str, Any]:
        if self.plan is not None:
            return {"plan": self.plan}
        return {"plan_id__in": RollupLink.objects.filter(document=self.document)
                .values("plan_id")}


def plan_scope(*, user: Any, unit_id: Any, plan_id: Any) -> Scope:
    """404 unless the user reads both the unit and the plan."""
    unit = get_for_user(Unit, user, Action.READ, pk=unit_id)
    plan = get_for_user(Plan, user, Action.READ, pk=plan_id)
    return Scope(unit=unit, plan=plan, document=None, rule=plan.aggregation_rule)


def document_scope(*, user: Any, unit_id: Any, document_id: Any, rule: str = "") -> Scope:
    """404 unless the user reads both; the rule is the reader's choice (weighted by default)."""
    unit = get_for_user(Unit, user, Action.READ, pk=unit_id)
    document = get_for_user(Document, user, Action.READ, pk=document_id)
    if rule not in AggregationRule.values:
        rule = AggregationRule.WEIGHTED
    return Scope(unit=unit, plan=None, document=document, rule=rule)


def scope_figures(scope: Scope) -> Figures:
    # At most one row (a unique index): no ORDER BY, which .first() would add.
    row = next(iter(RollupFigure.objects.filter(unit=scope.unit, **scope.key)[:1]), None)
    return Figures.of(row, scope.rule)


@dataclass(frozen=True)
class ChildRow:
    unit: Unit
    figures: Figures


def children_ids(path: str) -> RawSQL:
    """The ids of the unit's children, found by skipping from one child to the next (an
    index seek each: `MIN(path) > previous || 'ZZZ…'`, above all of the previous child's
    descendants) rather than by reading the whole subtree: the root has 34 children but
    100,000 descendants."""
    unit = connection.ops.quote_name(Unit._meta.db_table)
    sql = f"""
        WITH RECURSIVE kids(path) AS (
            SELECT CAST(MIN(path) AS TEXT) FROM {unit} WHERE path > %s AND path < %s
            UNION ALL
            SELECT CAST((SELECT MIN(u.path) FROM {unit} u
                         WHERE u.path > kids.path || %s AND u.path < %s) AS TEXT)
            FROM kids WHERE kids.path IS NOT NULL
        )
        SELECT u.id FROM kids JOIN {unit} u ON u.path = kids.path
    """
    end = next_path(path)
    return RawSQL(sql, (path, end, _TOP, end))


def child_figures(scope: Scope, *, page: Any = 1, per_page: int = CHILDREN_PER_PAGE
                  ) -> tuple[Page[Any], list[ChildRow]]:
    """The units one level down that have tasks in the scope, by name, a page at a time."""
    rows = (RollupFigure.objects.filter(**scope.key, unit_id__in=children_ids(scope.unit.path))
            .select_related("unit").order_by("unit__sort_key", "unit__path"))
    paged = Paginator(rows, per_page).get_page(page)
    return paged, [ChildRow(unit=row.unit, figures=Figures.of(row, scope.rule))
                   for row in paged.object_list]


def _tasks(scope: Scope) -> QuerySet[Task]:
    return Task.objects.filter(**scope.task_filter())


def overdue_list(scope: Scope, *, limit: int = OVERDUE_ROWS) -> list[Task]:
    """The first overdue tasks in the subtree, earliest deadline first.

    Read from the task states' copies of deadline, owner path and plan: one partial index
    (overdue only) in deadline order, so the whole country costs what a commune does."""
    if scope.plan is not None:
        in_scope: dict[str, Any] = {"plan_id": scope.plan.pk}
    else:
        in_scope = {"plan_id__in": RollupLink.objects.filter(document=scope.document)
                    .values("plan_id")}
    rows = (TaskProgress.objects.filter(subtree_range(scope.unit.path, "owner_"),
                                        overdue=True, **in_scope)
            .select_related("task", "task__owner_unit")
            # The partial index's own order (its last key is the row id): no sort.
            .order_by("deadline", "owner_path", "plan_id", "task_id")[:limit])
    return [row.task for row in rows]


def own_tasks(scope: Scope, *, page: Any = 1) -> Page[Any]:
    """The unit's own tasks in the scope (the drill-down's last level), with their progress."""
    tasks = (_tasks(scope).filter(owner_unit=scope.unit)
             .select_related("progress", "progress__report").order_by("deadline", "pk"))
    return Paginator(tasks, TASKS_PER_PAGE).get_page(page)


def _kind_of(label: str) -> str:
    if "-Q" in label:
        return Recurrence.QUARTERLY
    if "-H" in label:
        return Recurrence.SIX_MONTHLY
    if "-" in label:
        return Recurrence.MONTHLY
    return Recurrence.YEARLY


@dataclass(frozen=True)
class TrendPoint:
    label: str
    figures: Figures


def trend(scope: Scope, *, kind: str = "", limit: int = 12) -> tuple[str, list[TrendPoint]]:
    """The frozen figures of the last `limit` periods of one kind (the finest kind kept for
    this unit when none is asked for), oldest first."""
    rows = list(Snapshot.objects.filter(unit=scope.unit, **scope.key)
                .order_by("-period_end")[: limit * 4])
    by_kind: dict[str, list[Snapshot]] = {}
    for row in rows:
        by_kind.setdefault(_kind_of(row.period_label), []).append(row)
    if kind not in by_kind:
        kind = next((k for k in (Recurrence.MONTHLY, Recurrence.QUARTERLY,
                                 Recurrence.SIX_MONTHLY, Recurrence.YEARLY)
                     if len(by_kind.get(k, [])) > 1), next(iter(by_kind), ""))
    points = [TrendPoint(label=row.period_label, figures=Figures.of(row, scope.rule))
              for row in reversed(by_kind.get(kind, [])[:limit])]
    return kind, points


@dataclass(frozen=True)
class IndexRow:
    scope_id: int
    title: str
    figures: Figures


def unit_index(*, user: Any, unit: Unit) -> tuple[list[IndexRow], list[IndexRow]]:
    """The documents the unit's subtree has figures for, and the plans drafted by the unit or
    by a unit above it (plans of units below are on their own dashboards), as far as the user
    reads them."""
    readable_documents = restrict(Document.objects.all(), user, Action.READ).values("pk")
    readable_plans = restrict(Plan.objects.all(), user, Action.READ).values("pk")
    doc_rows = []
    for row in RollupFigure.objects.filter(unit=unit, document_id__in=readable_documents) \
            .select_related("document").order_by("-document__signed_on", "document_id"):
        assert row.document is not None
        doc_rows.append(IndexRow(row.document.pk, str(row.document),
                                 Figures.of(row, AggregationRule.WEIGHTED)))
    plan_rows = []
    for row in RollupFigure.objects.filter(
        unit=unit, plan_id__in=readable_plans,
        plan__unit__path__in=[*unit.ancestor_paths(), unit.path],
    ).select_related("plan").order_by("plan__title", "plan_id"):
        assert row.plan is not None
        plan_rows.append(IndexRow(row.plan.pk, row.plan.title,
                                  Figures.of(row, row.plan.aggregation_rule)))
    return doc_rows, plan_rows
