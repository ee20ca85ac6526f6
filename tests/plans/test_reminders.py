"""Reminders and escalation with a frozen date (passed explicitly as `today`)."""
from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.plans.models import Notification, NotificationKind, Recurrence
from trienkhai.plans.reminders import daily_cycle, escalations_send, reminders_send
from trienkhai.plans.services.reports import report_create, report_submit
from trienkhai.plans.services.rollup import overdue_refresh

from .reports_support import D, figures, make_plan, make_task, make_user


def _kinds(user: Any) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def mailed(world: Any) -> None:
    for user in world.users.values():
        user.email = f"{user.username}@example.vn"
        user.save()


def test_deadline_reminder_n_days_before(world: Any, mailed: None,
                                         django_capture_on_commit_callbacks: Any) -> None:
    plan = make_plan(world.units["own"], remind_days_before=7)
    make_task(plan, recurrence=Recurrence.NONE, title="Tổng kết 5 năm", deadline=D(2025, 6, 30))
    assert reminders_send(today=D(2025, 6, 22)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=D(2025, 6, 23)) == 2
    for role in (Role.EDITOR, Role.APPROVER):
        assert _kinds(world.user(role)) == [NotificationKind.REMINDER]
    for role in (Role.VIEWER, Role.SUPERVISOR, Role.ADMINISTRATOR):
        assert _kinds(world.user(role)) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["approver-user@example.vn",
                                                    "editor-user@example.vn"]
    assert "Tổng kết 5 năm" in mail.outbox[0].body and "30/06/2025" in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    # Idempotent: the same day again, the next day, nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=D(2025, 6, 23)) == 0
        assert reminders_send(today=D(2025, 6, 24)) == 0
    assert len(mail.outbox) == 2


def test_report_due_reminder_until_a_report_is_sent(world: Any) -> None:
    plan = make_plan(world.units["own"], remind_days_before=7)
    task = make_task(plan, recurrence=Recurrence.QUARTERLY)
    assert reminders_send(today=D(2025, 3, 20)) == 0
    with acting_as(None, "t"):
        report = report_create(task=task, period="2025-Q1", status="on_track", percent=10,
                               today=D(2025, 3, 24))
        report_submit(report=report, version=1, user=world.user("editor"),
                      today=D(2025, 3, 24))
    assert reminders_send(today=D(2025, 3, 25)) == 0
    make_task(plan, recurrence=Recurrence.QUARTERLY, title="Chưa báo cáo")
    assert reminders_send(today=D(2025, 3, 25)) == 2
    note = Notification.objects.get(user=world.user("editor"), kind=NotificationKind.REPORT_DUE)
    assert "2025-Q1" in note.message and "Chưa báo cáo" in note.message


def test_overdue_escalates_to_parent_approvers_and_leader_in_charge(world: Any) -> None:
    supervised, sibling = world.units["supervised"], world.units["sibling"]
    owner_editor = make_user("xa-editor", supervised)
    parent_approver = make_user("tinh-approver", sibling, Role.APPROVER)
    parent_editor = make_user("tinh-editor", sibling)
    plan = make_plan(sibling, escalate_after_days=5)
    task = make_task(plan, supervised, recurrence=Recurrence.NONE, deadline=D(2025, 3, 31),
                     title="Xây dựng mô hình dân vận khéo")
    with acting_as(None, "t"):
        report = report_create(task=task, period="2025-03-31", status="late", percent=50,
                               narrative="Chậm", today=D(2025, 3, 30))
        report_submit(report=report, version=1, user=owner_editor, today=D(2025, 3, 30))
    daily_cycle(today=D(2025, 4, 1))
    assert figures(supervised, plan=plan).tasks_overdue == 1
    assert _kinds(owner_editor) == [NotificationKind.OVERDUE]
    assert _kinds(parent_approver) == []
    daily_cycle(today=D(2025, 4, 4))
    assert _kinds(parent_approver) == []
    daily_cycle(today=D(2025, 4, 5))
    assert _kinds(parent_approver) == [NotificationKind.ESCALATION]
    leader = world.user("supervisor")  # Lại Xuân Môn, in charge of the commune
    assert _kinds(leader) == [NotificationKind.ESCALATION]
    assert _kinds(parent_editor) == []
    message = Notification.objects.get(user=leader).message
    assert "Xây dựng mô hình dân vận khéo" in message and "5" in message
    daily_cycle(today=D(2025, 4, 6))
    assert Notification.objects.filter(kind=NotificationKind.ESCALATION).count() == 2


def test_missing_report_escalates_after_the_delay(world: Any) -> None:
    ward = world.units["descendant"]
    ward_editor = make_user("ward-editor", ward)
    plan = make_plan(world.units["own"], escalate_after_days=5)
    make_task(plan, ward, recurrence=Recurrence.QUARTERLY, title="Học tập chuyên đề")
    escalations_send(today=D(2025, 4, 1))
    assert _kinds(ward_editor) == [NotificationKind.MISSING_REPORT]
    assert "2025-Q1" in Notification.objects.get(user=ward_editor).message
    assert _kinds(world.user("approver")) == []
    escalations_send(today=D(2025, 4, 6))
    assert _kinds(world.user("approver")) == [NotificationKind.ESCALATION]
    assert _kinds(world.user("supervisor")) == []  # nobody is in charge of that ward


def test_done_and_draft_plans_are_left_alone(world: Any) -> None:
    from trienkhai.plans.models import PlanStatus, TaskProgress

    plan = make_plan(world.units["own"])
    done = make_task(plan, recurrence=Recurrence.NONE, deadline=D(2025, 3, 31))
    TaskProgress.objects.filter(task=done).update(status="done", percent=100)
    draft = make_plan(world.units["own"], status=PlanStatus.DRAFT)
    make_task(draft, recurrence=Recurrence.QUARTERLY, deadline=D(2025, 3, 31))
    overdue_refresh(today=D(2025, 4, 20))
    assert escalations_send(today=D(2025, 4, 20)) == 0
    assert reminders_send(today=D(2025, 3, 28)) == 0


def test_classified_plans_notify_only_cleared_people(world: Any) -> None:
    cleared = make_user("cleared-editor", world.units["own"], Role.EDITOR, clearance=1)
    plan = make_plan(world.units["own"], confidentiality=1, remind_days_before=7)
    make_task(plan, recurrence=Recurrence.NONE, deadline=D(2025, 6, 30), title="Việc mật")
    reminders_send(today=D(2025, 6, 25))
    assert _kinds(cleared) == [NotificationKind.REMINDER]
    assert _kinds(world.user("editor")) == []
    assert not Notification.objects.filter(message__contains="Việc mật").exclude(
        user=cleared).exists()


def test_daily_command_and_job(world: Any) -> None:
    import io

    from trienkhai.plans.tasks_jobs import plans_daily

    plan = make_plan(world.units["own"])
    make_task(plan, recurrence=Recurrence.NONE, deadline=D(2025, 3, 31))
    out = io.StringIO()
    call_command("plans", "daily", "--date", "2025-04-01", stdout=out)
    text = out.getvalue()
    assert "01/04/2025" in text and "1" in text
    assert figures(world.units["own"], plan=plan).tasks_overdue == 1
    result = plans_daily.enqueue("2025-04-02")  # the immediate backend in tests
    assert any("02/04/2025" in line for line in result.return_value)
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("plans", "daily", "--date", "1/4/2025")
