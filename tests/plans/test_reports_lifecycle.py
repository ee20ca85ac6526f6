"""Progress reports: draft, submit, approve or return; only approved figures count upward."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.accounts.models import Role
from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.plans.models import (
    IndicatorType,
    Notification,
    NotificationKind,
    PlanStatus,
    ProgressReport,
    ReportState,
    TaskProgress,
)
from trienkhai.plans.services.reports import (
    report_approve,
    report_create,
    report_return,
    report_submit,
    report_update,
)

from .reports_support import TODAY, approved, figures, make_plan, make_task, make_user


@pytest.fixture
def task(world: Any) -> Any:
    return make_task(make_plan(world.units["own"]), weight=2)


def _draft(task: Any, user: Any, **kw: Any) -> ProgressReport:
    kw.setdefault("status", "on_track")
    kw.setdefault("percent", 40)
    with acting_as(user, user.username):
        return report_create(task=task, period=kw.pop("period", "2025-Q1"), today=TODAY, **kw)


def test_submit_then_approve_moves_progress_and_rollup(world: Any, task: Any) -> None:
    editor, approver = world.user("editor"), world.user("approver")
    report = _draft(task, editor, narrative="Đã tổ chức 3 hội nghị")
    assert report.state == ReportState.DRAFT and report.version == 1
    assert report.unit == world.units["own"] and report.period_label == "2025-Q1"
    with acting_as(editor, "editor"):
        report = report_submit(report=report, version=1, user=editor, today=TODAY)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == editor
    # Submitted is not approved: nothing counts yet.
    assert not TaskProgress.objects.filter(task=task, report__isnull=False).exists()
    row = figures(world.units["own"], plan=task.plan)
    assert (row.tasks_total, row.weighted_percent) == (1, 0)
    with acting_as(approver, "approver"):
        report = report_approve(report=report, version=report.version, user=approver)
    assert report.state == ReportState.APPROVED and report.approved_by == approver
    progress = TaskProgress.objects.get(task=task)
    assert progress.percent == 40 and progress.report == report
    for unit in (world.units["own"], world.units["root"]):
        row = figures(unit, plan=task.plan)
        assert row.tasks_total == 1 and row.weight_total == 2
        assert row.weighted_percent == 80 and row.percent_sum == 40
    assert AuditEntry.objects.filter(object_type="plans.progressreport",
                                     object_id=str(report.pk)).count() == 3


def test_submission_notifies_the_units_approvers(world: Any, task: Any) -> None:
    editor = world.user("editor")
    report = _draft(task, editor)
    with acting_as(editor, "editor"):
        report_submit(report=report, version=1, user=editor, today=TODAY)
    notes = Notification.objects.filter(kind=NotificationKind.REPORT_SUBMITTED)
    assert [n.user for n in notes] == [world.user("approver")]


def test_return_requires_a_reason_and_sends_it_back(world: Any, task: Any) -> None:
    editor, approver = world.user("editor"), world.user("approver")
    report = _draft(task, editor)
    with acting_as(editor, "editor"):
        report = report_submit(report=report, version=1, user=editor, today=TODAY)
    with pytest.raises(ValidationError) as error, acting_as(approver, "approver"):
        report_return(report=report, version=report.version, user=approver, reason="  ")
    assert "reason" in error.value.message_dict
    with acting_as(approver, "approver"):
        report = report_return(report=report, version=report.version, user=approver,
                               reason="Thiếu minh chứng")
    assert report.state == ReportState.RETURNED and report.return_reason == "Thiếu minh chứng"
    assert Notification.objects.get(kind=NotificationKind.REPORT_RETURNED).user == editor
    # Corrected and sent again; still nothing counted until approved.
    with acting_as(editor, "editor"):
        report = report_update(report=report, version=report.version, percent=45)
        report = report_submit(report=report, version=report.version, user=editor, today=TODAY)
    assert report.return_reason == ""
    assert figures(world.units["own"], plan=task.plan).percent_sum == 0
    with acting_as(approver, "approver"):
        report_approve(report=report, version=report.version, user=approver)
    assert figures(world.units["own"], plan=task.plan).percent_sum == 45


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.ADMINISTRATOR,
                                  Role.SUPERVISOR])
def test_only_approvers_approve(world: Any, task: Any, role: str) -> None:
    editor = world.user("editor")
    report = _draft(task, editor)
    with acting_as(editor, "editor"):
        report = report_submit(report=report, version=1, user=editor, today=TODAY)
    with pytest.raises(PermissionDenied):
        report_approve(report=report, version=report.version, user=world.user(role))
    with pytest.raises(PermissionDenied):
        report_return(report=report, version=report.version, user=world.user(role), reason="x")


def test_approver_of_another_unit_cannot_approve(world: Any) -> None:
    """The ancestor's approver (and a superuser) may read the ward's report, not approve it."""
    ward = world.units["descendant"]
    task = make_task(make_plan(world.units["own"]), owner=ward)
    ward_editor = make_user("ward-editor", ward)
    report = _draft(task, ward_editor)
    with acting_as(ward_editor, "w"):
        report = report_submit(report=report, version=1, user=ward_editor, today=TODAY)
    for user in (world.user("approver"), world.user("superuser")):
        with pytest.raises(PermissionDenied):
            report_approve(report=report, version=report.version, user=user)
    ward_approver = make_user("ward-approver", ward, Role.APPROVER)
    report = report_approve(report=report, version=report.version, user=ward_approver)
    assert report.state == ReportState.APPROVED


def test_only_the_latest_approved_period_is_the_tasks_state(world: Any, task: Any) -> None:
    editor, approver = world.user("editor"), world.user("approver")
    approved(task, editor, approver, period="2025-Q2", percent=70)  # under way, reported early
    approved(task, editor, approver, period="2025-Q1", percent=30)
    assert TaskProgress.objects.get(task=task).percent == 70
    assert figures(world.units["own"], plan=task.plan).percent_sum == 70


def test_done_counts_and_clears_overdue(world: Any, task: Any) -> None:
    TaskProgress.objects.filter(task=task).update(overdue=True)
    from trienkhai.plans.services.rollup import rollup_recompute

    rollup_recompute()
    assert figures(world.units["own"], plan=task.plan).tasks_overdue == 1
    approved(task, world.user("editor"), world.user("approver"), status="done_late",
             percent=None)
    row = figures(world.units["own"], plan=task.plan)
    assert (row.tasks_done, row.tasks_overdue, row.percent_sum) == (1, 0, 100)


def test_count_indicator_counts_against_target(world: Any) -> None:
    plan = make_plan(world.units["own"])
    task = make_task(plan, indicator_type=IndicatorType.COUNT, target_value=4,
                     measure="mô hình")
    approved(task, world.user("editor"), world.user("approver"), value=3)
    progress = TaskProgress.objects.get(task=task)
    assert progress.value == 3 and progress.percent == Decimal("75.00")
    assert figures(world.units["own"], plan=plan).value_sum == 3


def test_stale_version_is_a_conflict(world: Any, task: Any) -> None:
    editor = world.user("editor")
    report = _draft(task, editor)
    with acting_as(editor, "editor"):
        report_update(report=report, version=1, narrative="Bản của người thứ nhất")
        with pytest.raises(ConflictError) as error:
            report_update(report=report, version=1, narrative="Bản của người thứ hai")
    assert "Someone else" in str(error.value) or "Người khác" in str(error.value)
    report.refresh_from_db()
    assert report.narrative == "Bản của người thứ nhất" and report.version == 2
    with acting_as(editor, "editor"), pytest.raises(ConflictError):
        report_submit(report=report, version=1, user=editor, today=TODAY)


def test_approved_report_is_frozen(world: Any, task: Any) -> None:
    report = approved(task, world.user("editor"), world.user("approver"))
    with pytest.raises(ValidationError):
        report_update(report=report, version=report.version, percent=90)
    with pytest.raises(ValidationError):
        report_submit(report=report, version=report.version, user=world.user("editor"))


def test_draft_plan_takes_no_reports(world: Any) -> None:
    task = make_task(make_plan(world.units["own"], status=PlanStatus.DRAFT))
    with pytest.raises(ValidationError) as error:
        _draft(task, world.user("editor"))
    assert "task" in error.value.message_dict
