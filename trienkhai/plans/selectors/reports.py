"""Reads for the report pages and API, all through the access policy (out of scope is 404)."""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.accounts.models import Role

from ..models import Evidence, Notification, ProgressReport, ReportState, Task
from ..periods import PeriodState, period_states

INBOX_TABS = ("approve", "drafts", "all")


def reports_for(user: Any) -> QuerySet[ProgressReport]:
    return restrict(ProgressReport.objects.all(), user, Action.READ).select_related(
        "task", "task__plan", "unit")


def report_get(*, user: Any, pk: Any, action: Action = Action.READ) -> ProgressReport:
    queryset = restrict(ProgressReport.objects.all(), user, action).select_related(
        "task", "task__plan", "unit", "submitted_by", "approved_by")
    return get_for_user(queryset, user, Action.READ, pk=pk)


def task_get(*, user: Any, pk: Any) -> Task:
    queryset = Task.objects.select_related("plan", "owner_unit", "progress")
    return get_for_user(queryset, user, Action.READ, pk=pk)


def task_period_states(*, user: Any, task: Task, today: datetime.date | None = None
                       ) -> list[PeriodState]:
    """The task's periods with the reports the user may read (ancestors' users read a unit's
    reports; units below the task's owner see the task but not its reports)."""
    reports = reports_for(user).filter(task=task)
    return period_states(task, reports, today=today or timezone.localdate())


def inbox(*, user: Any, tab: str) -> QuerySet[ProgressReport]:
    """'approve': sent to the user's unit for approval (approvers); 'drafts': the unit's
    drafts and returned reports; 'all': every report the user reads, newest first."""
    reports = reports_for(user)
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return reports.none() if tab != "all" else reports.order_by("-created_at", "-pk")
    if tab == "approve":
        if getattr(user, "role", None) != Role.APPROVER:
            return reports.none()
        return reports.filter(unit_id=unit_id, state=ReportState.SUBMITTED).order_by(
            "submitted_at", "pk")
    if tab == "drafts":
        return reports.filter(unit_id=unit_id, state__in=(
            ReportState.DRAFT, ReportState.RETURNED)).order_by("-created_at", "-pk")
    return reports.order_by("-created_at", "-pk")


def report_evidence(*, report: ProgressReport) -> list[Evidence]:
    return list(report.evidence.all())


def evidence_get(*, user: Any, pk: Any) -> Evidence:
    queryset = Evidence.objects.select_related("report", "report__unit")
    return get_for_user(queryset, user, Action.READ, pk=pk)


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("task", "report").order_by(
        "-created_at", "-pk")
