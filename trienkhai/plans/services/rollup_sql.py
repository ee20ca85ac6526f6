"""The set-based roll-up: one INSERT … SELECT per kind of scope, over the path index.

Plan rows: the tasks are grouped by (owner path, plan) first, then each group is joined to the
units whose path is one of its prefixes (`a.path = SUBSTR(g.path, 1, 4k)`, an index lookup),
and summed per (unit, plan). Document rows: the plan rows of the same units, summed over the
plans linked to each document (RollupLink). Both engines run the same SQL (SQLite, PostgreSQL).

The same builders freeze history: with `source` the approved reports of one period instead of
the tasks' current progress, and a Snapshot table as the target (services.snapshots).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP

from ..models import FIGURE_COLUMNS, ReportStatus, RollupFigure, RollupLink, Task, TaskProgress

DONE_STATUSES = (ReportStatus.DONE, ReportStatus.DONE_LATE)
BEHIND_STATUSES = (ReportStatus.AT_RISK, ReportStatus.LATE)
_CHUNK = 500


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return q(model._meta.db_table)


def _in_list(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)  # enum values only, never user input


def progress_source() -> str:
    """The tasks' current approved state: the default source of the figures."""
    return table(TaskProgress)


def _levels(max_depth: int) -> str:
    """A derived table of the prefix lengths 4, 8, … up to `max_depth` levels."""
    return " UNION ALL ".join(f"SELECT {PATH_STEP * depth} AS len"
                              for depth in range(1, max_depth + 1))


def tree_depth() -> int:
    return int(Unit.objects.aggregate(depth=Max("depth"))["depth"] or 1)


def insert_plan_rows(
    *, target: type[Model], extra: dict[str, Any], plan_ids: Sequence[int] | None = None,
    source: str | None = None, source_params: Sequence[Any] = (), max_depth: int | None = None,
) -> int:
    """INSERT the (unit, plan) rows of `target` for the given plans (all when None)."""
    depth = min(tree_depth(), max_depth or 10**6)
    done, behind = _in_list(DONE_STATUSES), _in_list(BEHIND_STATUSES)
    columns = ", ".join(FIGURE_COLUMNS)
    sums = ", ".join(f"SUM(g.{c})" for c in FIGURE_COLUMNS)
    extra_columns = "".join(f", {q(name)}" for name in extra)
    extra_values = "".join(", %s" for _ in extra)
    where, params = "", []
    if plan_ids is not None:
        where = f"WHERE t.plan_id IN ({', '.join('%s' for _ in plan_ids)})"
        params = list(plan_ids)
    sql = f"""
        INSERT INTO {table(target)} (unit_id, plan_id, document_id, {columns}{extra_columns})
        SELECT a.id, g.plan_id, NULL, {sums}{extra_values}
        FROM (
            SELECT u.path AS path, t.plan_id AS plan_id,
                COUNT(*) AS tasks_total,
                SUM(CASE WHEN p.status IN ({done}) THEN 1 ELSE 0 END) AS tasks_done,
                SUM(CASE WHEN p.overdue THEN 1 ELSE 0 END) AS tasks_overdue,
                SUM(CASE WHEN p.status IN ({behind}) THEN 1 ELSE 0 END) AS tasks_at_risk,
                SUM(t.weight) AS weight_total,
                SUM(t.weight * COALESCE(p.percent, 0)) AS weighted_percent,
                SUM(COALESCE(p.percent, 0)) AS percent_sum,
                SUM(COALESCE(p.value, 0)) AS value_sum
            FROM {table(Task)} t
            JOIN {table(Unit)} u ON u.id = t.owner_unit_id
            LEFT JOIN {source or progress_source()} p ON p.task_id = t.id
            {where}
            GROUP BY u.path, t.plan_id
        ) g
        JOIN ({_levels(depth)}) lv ON lv.len <= LENGTH(g.path)
        JOIN {table(Unit)} a ON a.path = SUBSTR(g.path, 1, lv.len)
        GROUP BY a.id, g.plan_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra.values(), *source_params, *params])
        return max(cursor.rowcount, 0)


def insert_document_rows(
    *, target: type[Model], extra: dict[str, Any], document_ids: Sequence[int] | None = None,
    from_where: str = "", from_params: Sequence[Any] = (),
) -> int:
    """INSERT the (unit, document) rows of `target`, summing its own plan rows over the plans
    linked to each document. `from_where` narrows the plan rows (a snapshot's period)."""
    columns = ", ".join(FIGURE_COLUMNS)
    sums = ", ".join(f"SUM(r.{c})" for c in FIGURE_COLUMNS)
    extra_columns = "".join(f", {q(name)}" for name in extra)
    extra_values = "".join(", %s" for _ in extra)
    conditions = ["r.plan_id IS NOT NULL"]
    params: list[Any] = list(from_params)
    if from_where:
        conditions.append(from_where)
    if document_ids is not None:
        conditions.append(f"l.document_id IN ({', '.join('%s' for _ in document_ids)})")
        params.extend(document_ids)
    sql = f"""
        INSERT INTO {table(target)} (unit_id, plan_id, document_id, {columns}{extra_columns})
        SELECT r.unit_id, NULL, l.document_id, {sums}{extra_values}
        FROM {table(target)} r
        JOIN {table(RollupLink)} l ON l.plan_id = r.plan_id
        WHERE {' AND '.join(conditions)}
        GROUP BY r.unit_id, l.document_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra.values(), *params])
        return max(cursor.rowcount, 0)


def _chunks(ids: Sequence[int] | None) -> list[Sequence[int] | None]:
    if ids is None:
        return [None]
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def recompute_plans(plan_ids: Sequence[int] | None) -> int:
    rows = RollupFigure.objects.filter(plan__isnull=False)
    if plan_ids is not None:
        rows = rows.filter(plan_id__in=list(plan_ids))
    rows.delete()
    extra = {"updated_at": timezone.now()}
    return sum(insert_plan_rows(target=RollupFigure, extra=extra, plan_ids=chunk)
               for chunk in _chunks(plan_ids))


def recompute_documents(document_ids: Sequence[int] | None) -> int:
    rows = RollupFigure.objects.filter(document__isnull=False)
    if document_ids is not None:
        rows = rows.filter(document_id__in=list(document_ids))
    rows.delete()
    extra = {"updated_at": timezone.now()}
    return sum(insert_document_rows(target=RollupFigure, extra=extra, document_ids=chunk)
               for chunk in _chunks(document_ids))


# --- the task states' copies of plan, deadline and owner path -----------------------------------


def _task_condition(task_ids: Sequence[int] | None, plan_ids: Sequence[int] | None,
                    column: str) -> tuple[str, list[Any]]:
    if task_ids is not None:
        return f"{column} IN ({', '.join('%s' for _ in task_ids)})", list(task_ids)
    if plan_ids is not None:
        marks = ", ".join("%s" for _ in plan_ids)
        return (f"{column} IN (SELECT id FROM {table(Task)} WHERE plan_id IN ({marks}))",
                list(plan_ids))
    return "1 = 1", []


def ensure_progress(*, task_ids: Sequence[int] | None = None,
                    plan_ids: Sequence[int] | None = None,
                    deadline_before: Any = None) -> int:
    """Give every chosen task a state row (not started), with the copies filled in."""
    progress = table(TaskProgress)
    condition, params = _task_condition(task_ids, plan_ids, "t.id")
    if deadline_before is not None:
        condition += " AND t.deadline < %s"
        params.append(deadline_before)
    sql = f"""
        INSERT INTO {progress} (task_id, status, {q('percent')}, {q('value')}, overdue,
            plan_id, deadline, owner_path)
        SELECT t.id, 'not_started', 0, 0, %s, t.plan_id, t.deadline, u.path
        FROM {table(Task)} t JOIN {table(Unit)} u ON u.id = t.owner_unit_id
        WHERE NOT EXISTS (SELECT 1 FROM {progress} p WHERE p.task_id = t.id) AND {condition}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [False, *params])
        return max(cursor.rowcount, 0)


def refresh_copies(*, task_ids: Sequence[int] | None = None,
                   plan_ids: Sequence[int] | None = None) -> int:
    """Copy each chosen task's plan, deadline and owner path onto its state row."""
    progress, tasks = table(TaskProgress), table(Task)
    condition, params = _task_condition(task_ids, plan_ids, "task_id")
    mine = f"{tasks}.id = {progress}.task_id"
    sql = f"""
        UPDATE {progress} SET
            plan_id = (SELECT plan_id FROM {tasks} WHERE {mine}),
            deadline = (SELECT deadline FROM {tasks} WHERE {mine}),
            owner_path = (SELECT u.path FROM {tasks} JOIN {table(Unit)} u
                          ON u.id = {tasks}.owner_unit_id WHERE {mine})
        WHERE {condition}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)
