"""Period snapshots (sơ kết, tổng kết): the roll-up figures frozen when a period ends.

The daily job freezes, for each kind of period (month, quarter, six months, year), the latest
period that has closed (its end plus the reporting grace, periods.py), once: a label already
frozen is left as it is, so running the job again (or on a later day) changes nothing. Frozen
at the close, the figures include the reports of the period itself, sent and approved during
the grace. They are copied from RollupFigure in one INSERT … SELECT.

`snapshot_backfill` freezes a past period from the approved reports instead (each task's latest
approved report of a period ending by then): for data imported or generated after the fact.

Snapshots stop at `TRIENKHAI_SNAPSHOT_DEPTH` levels of the tree (3 by default: the centre, the
provinces, the communes; None keeps every unit). At 100,000 units a copy of every roll-up row is
about 1.6 million rows per period; down to the communes it is about 70,000. Below that depth the
dashboards show the unit's current figures without a trend.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from trienkhai.units.models import Unit

from ..models import FIGURE_COLUMNS, ProgressReport, Recurrence, RollupFigure, Snapshot, Task
from ..periods import Period, ended_periods
from .rollup_sql import DONE_STATUSES, insert_document_rows, insert_plan_rows, q, table

SNAPSHOT_KINDS = (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.SIX_MONTHLY,
                  Recurrence.YEARLY)
DEFAULT_DEPTH = 3


def snapshot_depth() -> int | None:
    return getattr(settings, "TRIENKHAI_SNAPSHOT_DEPTH", DEFAULT_DEPTH)


@transaction.atomic
def snapshot_period(*, period: Period, max_depth: int | None = -1) -> int:
    """Freeze the current roll-up rows under `period.label`; 0 if that label is frozen.
    `max_depth` -1 means the setting; None every unit."""
    if max_depth == -1:
        max_depth = snapshot_depth()
    if Snapshot.objects.filter(period_label=period.label).exists():
        return 0
    columns = ", ".join(FIGURE_COLUMNS)
    picked = ", ".join(f"r.{c}" for c in FIGURE_COLUMNS)
    depth = "AND u.depth <= %s" if max_depth is not None else ""
    sql = f"""
        INSERT INTO {table(Snapshot)} (unit_id, plan_id, document_id, {columns},
            {q('period_label')}, {q('period_end')}, {q('created_at')})
        SELECT r.unit_id, r.plan_id, r.document_id, {picked}, %s, %s, %s
        FROM {table(RollupFigure)} r JOIN {table(Unit)} u ON u.id = r.unit_id
        WHERE r.tasks_total > 0 {depth}
    """
    params: list[Any] = [period.label, period.end, timezone.now()]
    if max_depth is not None:
        params.append(max_depth)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def snapshots_freeze(*, today: datetime.date) -> dict[str, int]:
    """Freeze the latest closed period of each kind not frozen yet; {label: rows frozen}."""
    out = {}
    for kind in SNAPSHOT_KINDS:
        period = next(p for p in ended_periods(kind, today, 2) if p.is_closed(today))
        count = snapshot_period(period=period)
        if count:
            out[period.label] = count
    return out


def _as_of_source(period: Period) -> tuple[str, list[Any]]:
    """Each task with its latest approved report of a period ending by `period.end`, shaped
    like TaskProgress (status, effective percent, value, overdue at that date)."""
    done = ", ".join(f"'{s}'" for s in DONE_STATUSES)
    reports, tasks = table(ProgressReport), table(Task)
    sql = f"""(
        SELECT t2.id AS task_id, r.status AS status,
            CASE WHEN r.status IN ({done}) THEN 100
                 WHEN r.percent IS NOT NULL THEN r.percent
                 WHEN t2.indicator_type = 'milestone' THEN
                      CASE WHEN r.value >= 1 THEN 100 ELSE 0 END
                 WHEN t2.target_value > 0 THEN
                      CASE WHEN r.value * 100 / t2.target_value > 100 THEN 100
                           ELSE r.value * 100 / t2.target_value END
                 ELSE 0 END AS percent,
            COALESCE(r.value, 0) AS value,
            (t2.deadline < %s AND (r.status IS NULL OR r.status NOT IN ({done}))) AS overdue
        FROM {tasks} t2
        LEFT JOIN (
            SELECT task_id, MAX(period_end) AS last_end FROM {reports}
            WHERE state = 'approved' AND period_end <= %s GROUP BY task_id
        ) x ON x.task_id = t2.id
        LEFT JOIN {reports} r ON r.task_id = t2.id AND r.period_end = x.last_end
            AND r.state = 'approved'
    )"""
    return sql, [period.end, period.end]


@transaction.atomic
def snapshot_backfill(*, period: Period, max_depth: int | None = -1) -> int:
    """Freeze a past period from the approved reports as they stood at its end; 0 if that
    label is frozen already. Tasks are today's (a task added later counts as not started)."""
    if Snapshot.objects.filter(period_label=period.label).exists():
        return 0
    if max_depth == -1:
        max_depth = snapshot_depth()
    source, params = _as_of_source(period)
    extra = {"period_label": period.label, "period_end": period.end,
             "created_at": timezone.now()}
    rows = insert_plan_rows(target=Snapshot, extra=extra, source=source, source_params=params,
                            max_depth=max_depth)
    rows += insert_document_rows(target=Snapshot, extra=extra, from_where="r.period_label = %s",
                                 from_params=[period.label])
    return rows
