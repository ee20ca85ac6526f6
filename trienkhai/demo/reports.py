"""The demo's progress reports on the city's action programme, through the services.

For each task of the programme and of its cascade to the wards and organisations, a report for
each of its last four ended periods, written and sent a few days after the period's end (the
`today` passed to the services is that day) and approved by the unit's approver; the latest
report of two wards is left sent, one returned with its reason, to show the approval queue.
Then the past periods are frozen as snapshots (the dashboards' trend) and the overdue flags set
for today. Figures are illustrative. Idempotent: nothing is done once the programme has reports.
"""
from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from trienkhai.accounts.models import Role, User
from trienkhai.accounts.services import user_create
from trienkhai.plans.models import IndicatorType, Plan, ProgressReport, Recurrence, Task
from trienkhai.plans.periods import Period, ended_periods, task_periods
from trienkhai.plans.services.reports import (
    report_approve,
    report_create,
    report_return,
    report_submit,
)
from trienkhai.plans.services.rollup import overdue_refresh
from trienkhai.plans.services.snapshots import snapshot_backfill
from trienkhai.units.models import Unit

from .people import DEMO_PASSWORD

PERIODS_REPORTED = 4
LEFT_SENT = ("Bến Thành", "Tân Định")
RETURNED = "Bàn Cờ"
NARRATIVES = {
    "on_track": "Đã triển khai theo kế hoạch; tổ chức hội nghị quán triệt, phân công cụ thể.",
    "at_risk": "Một số nội dung chậm do sắp xếp lại đơn vị hành chính; đang đôn đốc.",
    "late": "Chậm tiến độ do thiếu kinh phí; kiến nghị Thành ủy hỗ trợ.",
    "done": "Hoàn thành; đã sơ kết, rút kinh nghiệm.",
}


def _people(unit: Unit) -> tuple[User | None, User]:
    """The unit's editor (if any) and its approver (a demo account made when missing)."""
    editor = User.objects.filter(unit=unit, role=Role.EDITOR, is_active=True).first()
    approver = User.objects.filter(unit=unit, role=Role.APPROVER, is_active=True).first()
    if approver is None:
        approver = user_create(username=f"{unit.code.lower()}-approver", password=DEMO_PASSWORD,
                               unit=unit, role=Role.APPROVER, check_password_strength=False)
    return editor, approver


def _figures(task: Task, share: float, status: str) -> dict[str, Any]:
    if task.indicator_type == IndicatorType.PERCENT:
        return {"percent": 100 if status == "done" else round(share * 100)}
    if task.indicator_type == IndicatorType.MILESTONE:
        return {"value": 1 if status == "done" else 0}
    target = float(task.target_value or 2)
    return {"value": target if status == "done" else round(share * target)}


def _report_task(task: Task, rng: random.Random, today: datetime.date) -> int:
    periods = [p for p in task_periods(task, today=today) if p.is_closed(today)]
    if not periods:
        return 0
    editor, approver = _people(task.owner_unit)
    speed = rng.uniform(0.12, 0.3)
    name = task.owner_unit.name
    written = 0
    chosen = periods[-PERIODS_REPORTED:]
    for index, period in enumerate(chosen):
        share = min(1.0, speed * (len(periods) - len(chosen) + index + 1))
        status = ("done" if share >= 1 else "late" if share < 0.35 and index > 1
                  else "at_risk" if share < 0.5 else "on_track")
        day = period.end + datetime.timedelta(days=5)
        report = report_create(task=task, period=period.label, status=status,
                               narrative=NARRATIVES[status], today=day,
                               **_figures(task, share, status))
        report = report_submit(report=report, version=report.version, user=editor, today=day)
        written += 1
        last = index == len(chosen) - 1
        if last and name.endswith(LEFT_SENT):
            continue
        if last and name.endswith(RETURNED):
            report_return(report=report, version=report.version, user=approver,
                          reason="Đề nghị bổ sung minh chứng (biên bản, hình ảnh mô hình).")
            continue
        report_approve(report=report, version=report.version, user=approver)
    return written


def _freeze(today: datetime.date) -> int:
    rows = 0
    for kind in (Recurrence.SIX_MONTHLY, Recurrence.YEARLY):
        for period in reversed(ended_periods(kind, today, 8)):
            if period.is_closed(today) and period.end >= datetime.date(2021, 6, 30):
                rows += snapshot_backfill(period=Period(period.start, period.end, period.label))
    return rows


def build_reports(plans: dict[str, Any]) -> dict[str, int]:
    """Reports on the demo programme (plans from demo.plans.build_plans); {what: count}."""
    programme: Plan | None = plans.get("programme")
    if programme is None or ProgressReport.objects.filter(task__plan=programme).exists():
        return {}
    today = timezone.localdate()
    rng = random.Random(2022)
    reports = 0
    for task in Task.objects.filter(plan=programme).select_related(
            "plan", "owner_unit").order_by("owner_unit__path", "pk"):
        reports += _report_task(task, rng, today)
    flagged, _cleared = overdue_refresh(today=today)
    return {"reports": reports, "snapshot_rows": _freeze(today), "overdue": flagged}
