"""Reporting periods (kỳ báo cáo) of a task, from its recurrence and its dates.

A recurring task reports for calendar periods: months (label 2025-03), quarters (2025-Q1),
halves (2025-H1) or years (2025), from the period holding the task's start to the period holding
its deadline (or the plan's end; with neither, up to the period holding today). A task reported
once (by the deadline) has one period, from its start to its deadline, labelled with the
deadline (2025-06-30); without a deadline it reports yearly.

A period ends on its last day; a report is due by then. It stays open for late reports during a
grace of `TRIENKHAI_REPORT_GRACE_DAYS` days (10 by default) and is closed afterwards: no new
report is accepted for it. A period that has ended without a submitted report is missing
(thiếu báo cáo); a report submitted after the period's end is late.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import ProgressReport, Recurrence, ReportState, Task

DEFAULT_GRACE_DAYS = 10
MAX_PERIODS = 400  # a monthly task over 30 years; anything longer is a data error
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)
_MONTHS = {
    Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.SIX_MONTHLY: 6,
    Recurrence.YEARLY: 12,
}


def grace_days() -> int:
    return int(getattr(settings, "TRIENKHAI_REPORT_GRACE_DAYS", DEFAULT_GRACE_DAYS))


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    def closes_on(self) -> datetime.date:
        """The last day a report is still accepted."""
        return self.end + datetime.timedelta(days=grace_days())

    def is_closed(self, today: datetime.date) -> bool:
        return today > self.closes_on()

    def has_ended(self, today: datetime.date) -> bool:
        return today > self.end

    def has_started(self, today: datetime.date) -> bool:
        return today >= self.start


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _label(start: datetime.date, months: int) -> str:
    if months == 1:
        return f"{start:%Y-%m}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 6:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return str(start.year)


def period_containing(recurrence: str, day: datetime.date) -> Period:
    """The calendar period of a recurring kind that holds `day`."""
    months = _MONTHS[Recurrence(recurrence)]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    end = _add_months(start, months) - datetime.timedelta(days=1)
    return Period(start=start, end=end, label=_label(start, months))


def previous_period(recurrence: str, period: Period) -> Period:
    return period_containing(recurrence, period.start - datetime.timedelta(days=1))


def ended_periods(recurrence: str, today: datetime.date, count: int) -> list[Period]:
    """The `count` most recent calendar periods that ended before `today`, latest first."""
    current = period_containing(recurrence, today)
    out = []
    for _ in range(count):
        current = previous_period(recurrence, current)
        out.append(current)
    return out


def _first_day(task: Task) -> datetime.date:
    if task.start_date is not None:
        return task.start_date
    plan_start = task.plan.start_date
    if plan_start is not None:
        return plan_start
    created = task.created_at or timezone.now()
    return timezone.localtime(created).date()


def task_periods(task: Task, *, today: datetime.date | None = None) -> list[Period]:
    """Every reporting period of `task`, in order."""
    today = today or timezone.localdate()
    first = _first_day(task)
    if task.recurrence == Recurrence.NONE and task.deadline is not None:
        start = min(first, task.deadline)
        return [Period(start=start, end=task.deadline, label=task.deadline.isoformat())]
    recurrence = Recurrence.YEARLY if task.recurrence == Recurrence.NONE else task.recurrence
    last = task.deadline or task.plan.end_date or today
    last = max(last, first)
    periods: list[Period] = []
    current = period_containing(recurrence, first)
    while current.start <= last and len(periods) < MAX_PERIODS:
        periods.append(current)
        current = period_containing(recurrence, current.end + datetime.timedelta(days=1))
    return periods


def period_by_label(task: Task, label: str, *, today: datetime.date | None = None
                    ) -> Period | None:
    for period in task_periods(task, today=today):
        if period.label == label:
            return period
    return None


def current_period(task: Task, *, today: datetime.date | None = None) -> Period | None:
    """The period a user most likely reports for now: the latest one still open."""
    today = today or timezone.localdate()
    open_periods = [p for p in task_periods(task, today=today)
                    if p.has_started(today) and not p.is_closed(today)]
    ended = [p for p in open_periods if p.has_ended(today)]
    if ended:
        return ended[0]  # an ended period still in its grace comes first: it is due
    return open_periods[-1] if open_periods else None


@dataclass(frozen=True)
class PeriodState:
    """One period of a task with its report (if any) and what is flagged about it."""

    period: Period
    report: ProgressReport | None
    today: datetime.date

    @property
    def closed(self) -> bool:
        return self.period.is_closed(self.today)

    @property
    def ended(self) -> bool:
        return self.period.has_ended(self.today)

    @property
    def started(self) -> bool:
        return self.period.has_started(self.today)

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.state in SUBMITTED_STATES

    @property
    def missing(self) -> bool:
        """Ended without a submitted report (thiếu báo cáo)."""
        return self.ended and not self.submitted

    @property
    def late(self) -> bool:
        """Submitted after the period's end."""
        report = self.report
        if report is None or report.submitted_at is None or not self.submitted:
            return False
        return timezone.localtime(report.submitted_at).date() > self.period.end

    @property
    def can_report(self) -> bool:
        return self.report is None and self.started and not self.closed


def period_states(task: Task, reports: Iterable[ProgressReport], *,
                  today: datetime.date | None = None) -> list[PeriodState]:
    """The task's periods, latest first, each with its report and its flags."""
    today = today or timezone.localdate()
    by_start = {report.period_start: report for report in reports}
    return [PeriodState(period=period, report=by_start.get(period.start), today=today)
            for period in reversed(task_periods(task, today=today))]


def labels(periods: Sequence[Period]) -> list[str]:
    return [period.label for period in periods]


def parse_iso(value: Any) -> datetime.date | None:
    """A date from an ISO string (the `--date` of the daily command), or None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
