"""Reporting periods: labels, closing after the grace, missing and late reports."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings

from trienkhai.plans.models import Recurrence
from trienkhai.plans.periods import (
    Period,
    current_period,
    ended_periods,
    period_by_label,
    period_containing,
    period_states,
    task_periods,
)

from .reports_support import D, make_plan, make_task


@pytest.mark.parametrize(("recurrence", "day", "label", "start", "end"), [
    (Recurrence.MONTHLY, D(2025, 3, 15), "2025-03", D(2025, 3, 1), D(2025, 3, 31)),
    (Recurrence.MONTHLY, D(2024, 2, 29), "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    (Recurrence.MONTHLY, D(2025, 12, 31), "2025-12", D(2025, 12, 1), D(2025, 12, 31)),
    (Recurrence.QUARTERLY, D(2025, 2, 1), "2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    (Recurrence.QUARTERLY, D(2025, 12, 1), "2025-Q4", D(2025, 10, 1), D(2025, 12, 31)),
    (Recurrence.SIX_MONTHLY, D(2025, 6, 30), "2025-H1", D(2025, 1, 1), D(2025, 6, 30)),
    (Recurrence.SIX_MONTHLY, D(2025, 7, 1), "2025-H2", D(2025, 7, 1), D(2025, 12, 31)),
    (Recurrence.YEARLY, D(2025, 7, 1), "2025", D(2025, 1, 1), D(2025, 12, 31)),
])
def test_period_containing(recurrence: str, day: datetime.date, label: str,
                           start: datetime.date, end: datetime.date) -> None:
    assert period_containing(recurrence, day) == Period(start, end, label)


def test_ended_periods_latest_first() -> None:
    labels = [p.label for p in ended_periods(Recurrence.QUARTERLY, D(2025, 1, 1), 3)]
    assert labels == ["2024-Q4", "2024-Q3", "2024-Q2"]


def test_closed_after_grace_days() -> None:
    period = period_containing(Recurrence.MONTHLY, D(2025, 3, 1))
    assert not period.is_closed(D(2025, 4, 10))  # 10 grace days by default
    assert period.is_closed(D(2025, 4, 11))
    with override_settings(TRIENKHAI_REPORT_GRACE_DAYS=0):
        assert period.is_closed(D(2025, 4, 1))
        assert not period.is_closed(D(2025, 3, 31))


def test_task_periods_from_start_to_deadline(world: Any) -> None:
    plan = make_plan(world.units["own"])
    task = make_task(plan, recurrence=Recurrence.QUARTERLY, start_date=D(2025, 2, 10),
                     deadline=D(2025, 11, 30))
    assert [p.label for p in task_periods(task)] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    monthly = make_task(plan, recurrence=Recurrence.MONTHLY, start_date=D(2025, 11, 5),
                        deadline=D(2026, 1, 10))
    assert [p.label for p in task_periods(monthly)] == ["2025-11", "2025-12", "2026-01"]
    half = make_task(plan, recurrence=Recurrence.SIX_MONTHLY, start_date=None, deadline=None)
    # No start: the plan's (2025-01-01); no deadline: the plan's end (2026-12-31).
    assert [p.label for p in task_periods(half)] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]
    yearly = make_task(plan, recurrence=Recurrence.YEARLY, deadline=D(2027, 6, 30))
    assert [p.label for p in task_periods(yearly)] == ["2025", "2026", "2027"]


def test_once_by_deadline(world: Any) -> None:
    plan = make_plan(world.units["own"])
    task = make_task(plan, recurrence=Recurrence.NONE, start_date=D(2025, 3, 1),
                     deadline=D(2025, 6, 30))
    assert task_periods(task) == [Period(D(2025, 3, 1), D(2025, 6, 30), "2025-06-30")]
    assert period_by_label(task, "2025-06-30") == task_periods(task)[0]
    assert period_by_label(task, "2025-Q2") is None


def test_current_period_prefers_one_in_its_grace(world: Any) -> None:
    plan = make_plan(world.units["own"])
    task = make_task(plan, recurrence=Recurrence.QUARTERLY)
    assert current_period(task, today=D(2025, 4, 5)).label == "2025-Q1"  # type: ignore[union-attr]
    assert current_period(task, today=D(2025, 4, 20)).label == "2025-Q2"  # type: ignore[union-attr]


def test_missing_and_late_flags(world: Any) -> None:
    from trienkhai.core.context import acting_as
    from trienkhai.plans.services.reports import report_create, report_submit

    plan = make_plan(world.units["own"])
    task = make_task(plan, recurrence=Recurrence.QUARTERLY, deadline=D(2025, 12, 31))
    editor = world.user("editor")
    with acting_as(editor, "editor"):
        report = report_create(task=task, period="2025-Q1", status="on_track", percent=20,
                               today=D(2025, 4, 3))
        report_submit(report=report, version=report.version, user=editor, today=D(2025, 4, 3))
    report.refresh_from_db()
    states = {s.period.label: s for s in period_states(task, [report], today=D(2025, 7, 5))}
    assert states["2025-Q1"].late and states["2025-Q1"].submitted  # sent on 3 April
    assert not states["2025-Q1"].missing
    assert states["2025-Q2"].missing and not states["2025-Q2"].closed  # in its grace
    assert states["2025-Q2"].can_report
    assert not states["2025-Q3"].ended and not states["2025-Q3"].missing
    assert not states["2025-Q4"].started and not states["2025-Q4"].can_report
    later = {s.period.label: s for s in period_states(task, [report], today=D(2025, 7, 20))}
    assert later["2025-Q2"].missing and later["2025-Q2"].closed
    assert not later["2025-Q2"].can_report
