"""Progress reports (báo cáo tiến độ): write, submit (gửi), approve (duyệt), return (trả lại).

A report belongs to one task and one reporting period (periods.py). The owner unit's editors
write and submit it; an approver OF THAT UNIT approves it or returns it with a reason. Only an
approved report moves the task's state (TaskProgress) and, in the same transaction, the roll-up
figures on the task's path (services.rollup). Every write checks everything first and raises
one ValidationError with a message per field, so nothing partial is saved; a stale `version`
raises ConflictError. Access to read and write is the caller's business (views, API), except
approving and returning, which only the owner unit's approvers may do (`can_approve`).
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.access.policy import scope_for
from trienkhai.accounts.models import Role
from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError

from ..models import (
    IndicatorType,
    PlanStatus,
    ProgressReport,
    ReportState,
    ReportStatus,
    Task,
    TaskProgress,
)
from ..periods import Period, period_by_label, task_periods
from .evidence import EDITABLE_STATES, evidence_prepare_many, evidence_store, stored_files
from .rollup import DONE_STATUSES, Place, rollup_progress_changed, task_contribution

REPORT_FIELDS = ("status", "percent", "value", "narrative")
AUDITED = ("period_label", "status", "percent", "value", "narrative", "state", "return_reason")
LIVE_PLANS = (PlanStatus.ADOPTED, PlanStatus.AMENDED)
HUNDRED = Decimal(100)
NEEDS_NARRATIVE = (ReportStatus.LATE, ReportStatus.AT_RISK)


def can_approve(user: Any, unit: Any) -> bool:
    """Approvals and returns: only an approver of the report's own unit, cleared to read it."""
    return bool(
        user is not None and user.is_authenticated and user.is_active
        and user.role == Role.APPROVER and user.unit_id == unit.pk
    )


def _stale() -> ConflictError:
    return ConflictError(_(
        "Someone else changed this report after you opened it. Your text is kept below: check "
        "what is saved now and save again."))


def _decimal(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if isinstance(value, str) \
            else Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    return number


def _measure(task: Task) -> str:
    return task.measure or str(IndicatorType(task.indicator_type).label).lower()


def check_figures(*, task: Task, status: str, percent: Any, value: Any, narrative: str
                  ) -> tuple[Decimal | None, Decimal | None, dict[str, list[str]]]:
    """The percent or value in the task's unit of measure, and the errors, field by field."""
    errors: dict[str, list[str]] = {}
    if status not in ReportStatus.values:
        errors["status"] = [_("Choose the task's status.")]
    number_percent = _decimal(percent, "percent", errors)
    number_value = _decimal(value, "value", errors)
    if task.indicator_type == IndicatorType.PERCENT:
        if number_value is not None:
            errors.setdefault("value", []).append(_(
                "This task is measured in percent: give the percent done, not a value."))
        if number_percent is not None and not ZERO <= number_percent <= HUNDRED:
            errors.setdefault("percent", []).append(_("Give a percentage between 0 and 100."))
        elif number_percent is None and "percent" not in errors and status in DONE_STATUSES:
            number_percent = HUNDRED
        elif number_percent is None and "percent" not in errors:
            errors["percent"] = [_("Give the percent done (0 to 100).")]
        elif (number_percent is not None and status in DONE_STATUSES
              and number_percent != HUNDRED):
            errors.setdefault("percent", []).append(_("A task reported done is 100 percent done."))
    else:
        measure = _measure(task)
        if number_percent is not None:
            errors.setdefault("percent", []).append(_(
                "This task is measured in %(measure)s: give the value, not a percent.")
                % {"measure": measure})
        if number_value is None and "value" not in errors:
            errors["value"] = [_("Give the value reached, in %(measure)s.")
                               % {"measure": measure}]
        elif number_value is not None and number_value < 0:
            errors.setdefault("value", []).append(_("The value cannot be negative."))
        elif (number_value is not None and task.indicator_type == IndicatorType.MILESTONE
              and number_value not in (0, 1)):
            errors.setdefault("value", []).append(_(
                "A milestone is reached (1) or not yet (0)."))
    if status in NEEDS_NARRATIVE and not (narrative or "").strip():
        errors["narrative"] = [_("Say what holds the task back.")]
    return number_percent, number_value, errors


ZERO = Decimal(0)


def effective_percent(task: Task, *, status: str, percent: Decimal | None,
                      value: Decimal | None) -> Decimal:
    """The percent a report counts for in roll-ups (100 once done)."""
    if status in DONE_STATUSES:
        return HUNDRED
    if task.indicator_type == IndicatorType.PERCENT:
        return percent or ZERO
    reached = value or ZERO
    if task.indicator_type == IndicatorType.MILESTONE:
        return HUNDRED if reached >= 1 else ZERO
    target = task.target_value
    if target is None or target <= 0:
        return ZERO
    return min(HUNDRED, reached * HUNDRED / target).quantize(Decimal("0.01"))


def resolve_period(*, task: Task, period: str = "", period_start: datetime.date | None = None,
                   period_end: datetime.date | None = None, today: datetime.date
                   ) -> tuple[Period | None, dict[str, list[str]]]:
    """The task's period named by label, or by its dates; refused when closed or not begun."""
    if period_start is not None and period_end is not None and period_end < period_start:
        return None, {"period_end": [_("The period ends before it starts.")]}
    found: Period | None = None
    if period:
        found = period_by_label(task, period, today=today)
    elif period_start is not None:
        found = next((p for p in task_periods(task, today=today) if p.start == period_start
                      and (period_end is None or p.end == period_end)), None)
    else:
        return None, {"period": [_("Choose the reporting period.")]}
    if found is None:
        return None, {"period": [_("%(period)s is not a reporting period of this task.")
                                 % {"period": period or period_start}]}
    if found.is_closed(today):
        return None, {"period": [_(
            "The period %(period)s closed on %(date)s: reports are no longer accepted for it."
        ) % {"period": found.label, "date": f"{found.closes_on():%d/%m/%Y}"}]}
    if not found.has_started(today):
        return None, {"period": [_("The period %(period)s has not begun yet.")
                                 % {"period": found.label}]}
    return found, {}


def _merge(*parts: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in parts:
        for field, messages in part.items():
            out.setdefault(field, []).extend(messages)
    return out


def _prepared(evidence: Sequence[Any]) -> tuple[list[Any], dict[str, list[str]]]:
    try:
        return evidence_prepare_many(evidence), {}
    except ValidationError as error:
        return [], error.message_dict


def report_create(
    *, task: Task, status: str, percent: Any = None, value: Any = None, narrative: str = "",
    period: str = "", period_start: datetime.date | None = None,
    period_end: datetime.date | None = None, evidence: Sequence[Any] = (),
    today: datetime.date | None = None,
) -> ProgressReport:
    """A draft report for one period of `task`, with its evidence files."""
    today = today or timezone.localdate()
    task = Task.objects.select_related("plan", "owner_unit").get(pk=task.pk)
    plan_errors: dict[str, list[str]] = {}
    if task.plan.status not in LIVE_PLANS:
        plan_errors["task"] = [_("Reports are accepted once the plan is adopted, until it is "
                                 "closed.")]
    found, period_errors = resolve_period(task=task, period=period, period_start=period_start,
                                          period_end=period_end, today=today)
    number_percent, number_value, figure_errors = check_figures(
        task=task, status=status, percent=percent, value=value, narrative=narrative)
    files, file_errors = _prepared(evidence)
    errors = _merge(plan_errors, period_errors, figure_errors, file_errors)
    if found is not None and ProgressReport.objects.filter(
            task=task, period_start=found.start).exists():
        errors.setdefault("period", []).append(
            _("A report for %(period)s already exists: open it to change it.")
            % {"period": found.label})
    if errors or found is None:
        raise ValidationError(errors)
    report = ProgressReport(
        task=task, unit=task.owner_unit, period_start=found.start, period_end=found.end,
        period_label=found.label, status=status, percent=number_percent, value=number_value,
        narrative=(narrative or "").strip(), province_path=task.owner_unit.path[:8],
    )
    report.full_clean(exclude=["submitted_by", "approved_by"])
    with stored_files() as stored, transaction.atomic():
        report.save()
        audit_record(action=AuditAction.CREATE, obj=report, unit_id=report.unit_id,
                     changes=diff({}, snapshot(report, AUDITED)))
        evidence_store(report=report, files=files, stored=stored)
    return report


def _locked(report: ProgressReport, version: int | None) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().select_related(
        "task__plan", "task__owner_unit", "unit").get(pk=report.pk)
    if version is not None and locked.version != version:
        raise _stale()
    return locked


def report_update(*, report: ProgressReport, version: int | None,
                  evidence: Sequence[Any] = (), **fields: Any) -> ProgressReport:
    """Change a draft or returned report's figures and narrative, and add evidence."""
    for name in fields:
        if name not in REPORT_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
    files, file_errors = _prepared(evidence)
    with stored_files() as stored, transaction.atomic():
        locked = _locked(report, version)
        if locked.state not in EDITABLE_STATES:
            raise ValidationError({"state": _(
                "A submitted or approved report can no longer be changed.")})
        before = snapshot(locked, AUDITED)
        values = {name: fields.get(name, getattr(locked, name)) for name in REPORT_FIELDS}
        number_percent, number_value, figure_errors = check_figures(task=locked.task, **values)
        errors = _merge(figure_errors, file_errors)
        if errors:
            raise ValidationError(errors)
        locked.status = values["status"]
        locked.percent, locked.value = number_percent, number_value
        locked.narrative = (values["narrative"] or "").strip()
        locked.full_clean(exclude=["submitted_by", "approved_by"])
        changes = diff(before, snapshot(locked, AUDITED))
        if changes or files:
            locked.version += 1
            locked.save()
        if changes:
            audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                         changes=changes)
        evidence_store(report=locked, files=files, stored=stored)
    return locked


def _transition(locked: ProgressReport, state: str, **extra: Any) -> None:
    before = snapshot(locked, AUDITED)
    locked.state = state
    for name, value in extra.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                 changes=diff(before, snapshot(locked, AUDITED)))


@transaction.atomic
def report_submit(*, report: ProgressReport, version: int | None, user: Any,
                  today: datetime.date | None = None) -> ProgressReport:
    """Send a draft (or a returned report, corrected) to the unit's approvers."""
    today = today or timezone.localdate()
    locked = _locked(report, version)
    if locked.state not in EDITABLE_STATES:
        raise ValidationError({"state": _("Only a draft or a returned report can be sent.")})
    period = Period(locked.period_start, locked.period_end, locked.period_label)
    # A returned report was sent in time once: it may come back after the period closed.
    if locked.state == ReportState.DRAFT and period.is_closed(today):
        raise ValidationError({"period": [_(
            "The period %(period)s closed on %(date)s: reports are no longer accepted for it."
        ) % {"period": period.label, "date": f"{period.closes_on():%d/%m/%Y}"}]})
    *_unused, errors = check_figures(task=locked.task, status=locked.status,
                                     percent=locked.percent, value=locked.value,
                                     narrative=locked.narrative)
    if errors:
        raise ValidationError(errors)
    _transition(locked, ReportState.SUBMITTED, submitted_by=user, submitted_at=timezone.now(),
                return_reason="")
    from ..reminders import notify_report_submitted

    notify_report_submitted(report=locked)
    return locked


@transaction.atomic
def report_approve(*, report: ProgressReport, version: int | None, user: Any
                   ) -> ProgressReport:
    """Approve a submitted report: the task's state and the roll-ups on its path move now."""
    locked = _locked(report, None)
    if not can_approve(user, locked.unit) or scope_for(user).clearance < \
            locked.task.plan.confidentiality:
        raise PermissionDenied(_("Only an approver of %(unit)s may approve its reports.")
                               % {"unit": locked.unit})
    if version is not None and locked.version != version:
        raise _stale()
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError({"state": _("Only a submitted report can be approved.")})
    now = timezone.now()
    _transition(locked, ReportState.APPROVED, approved_by=user, approved_at=now)
    task = locked.task
    progress, created = TaskProgress.objects.select_for_update().get_or_create(
        task=task, defaults={"plan_id": task.plan_id, "deadline": task.deadline,
                             "owner_path": task.owner_unit.path})
    if progress.period_end is not None and progress.period_end > locked.period_end:
        return locked  # a later period is already approved: it stays the task's state
    before = task_contribution(task, None if created else progress)
    progress.report = locked
    progress.status = locked.status
    progress.percent = effective_percent(task, status=locked.status, percent=locked.percent,
                                         value=locked.value)
    progress.value = locked.value or ZERO
    progress.period_end = locked.period_end
    progress.approved_at = now
    if locked.status in DONE_STATUSES:
        progress.overdue = False
    progress.save()
    # The task counts where its owner is now (kept by rollup_tasks_changing), which is not
    # the reporting unit once the owner changed after the report was filed.
    rollup_progress_changed(place=Place(progress.owner_path, task.plan_id), before=before,
                            after=task_contribution(task, progress))
    return locked


@transaction.atomic
def report_return(*, report: ProgressReport, version: int | None, user: Any, reason: str
                  ) -> ProgressReport:
    """Send a submitted report back to its unit with the reason (trả lại, lý do)."""
    locked = _locked(report, None)
    if not can_approve(user, locked.unit) or scope_for(user).clearance < \
            locked.task.plan.confidentiality:
        raise PermissionDenied(_("Only an approver of %(unit)s may return its reports.")
                               % {"unit": locked.unit})
    if version is not None and locked.version != version:
        raise _stale()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError({"state": _("Only a submitted report can be returned.")})
    _transition(locked, ReportState.RETURNED, return_reason=reason.strip())
    from ..reminders import notify_report_returned

    notify_report_returned(report=locked)
    return locked
