"""The report pages as a user uses them: write with evidence, conflicts, errors, approve."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.context import acting_as
from trienkhai.plans.models import Evidence, Notification, ProgressReport, ReportState
from trienkhai.plans.periods import period_containing
from trienkhai.plans.services.reports import report_create, report_update

from .reports_support import PDF, D, make_plan, make_task


@pytest.fixture
def task(world: Any) -> Any:
    plan = make_plan(world.units["own"], end_date=D(2035, 12, 31))
    return make_task(plan, deadline=D(2035, 12, 31), title="Học tập chuyên đề năm")


def _label() -> str:
    return period_containing("quarterly", timezone.localdate()).label


def test_write_send_and_approve_through_the_pages(client_for: Any, world: Any,
                                                  task: Any) -> None:
    client = client_for(world.user("editor"))
    url = reverse("report-create", args=[task.pk])
    form = client.get(url + f"?period={_label()}").content.decode()
    assert f'value="{_label()}" selected' in form and 'name="percent"' in form
    assert 'name="value"' not in form  # a percent task asks for a percent only
    response = client.post(url, {"period": _label(), "status": "on_track", "percent": "35,5",
                                 "narrative": "Đã tổ chức 2 hội nghị",
                                 "evidence": [SimpleUploadedFile("bien-ban.pdf", PDF)]})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-detail", args=[report.pk])
    assert str(report.percent) == "35.50" and report.evidence.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "bien-ban.pdf" in detail and reverse("report-submit", args=[report.pk]) in detail
    client.post(reverse("report-submit", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    approver = client_for(world.user("approver"))
    inbox = approver.get(reverse("report-list")).content.decode()
    assert reverse("report-detail", args=[report.pk]) in inbox
    assert Notification.objects.filter(user=world.user("approver")).exists()
    approver.post(reverse("report-approve", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_errors_show_on_the_fields_and_nothing_is_saved(client_for: Any, world: Any,
                                                        task: Any) -> None:
    client = client_for(world.user("editor"))
    response = client.post(reverse("report-create", args=[task.pk]), {
        "period": _label(), "status": "late", "percent": "120", "narrative": "",
        "evidence": [SimpleUploadedFile("virus.pdf", b"MZ" + b"\0" * 40)]})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"percent", "narrative", "evidence"}
    assert ProgressReport.objects.count() == 0 and Evidence.objects.count() == 0


def test_conflict_keeps_the_users_text(client_for: Any, world: Any, task: Any) -> None:
    with acting_as(None, "t"):
        report = report_create(task=task, period=_label(), status="on_track", percent=10)
    client = client_for(world.user("editor"))
    url = reverse("report-edit", args=[report.pk])
    assert client.get(url).status_code == 200  # the user opens the form at version 1
    with acting_as(None, "someone else"):
        report_update(report=report, version=1, narrative="Bản của đồng chí khác", percent=20)
    response = client.post(url, {"status": "on_track", "percent": "15", "version": "1",
                                 "narrative": "Nội dung tôi vừa viết"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nội dung tôi vừa viết" in page  # the user's text is still in the form
    assert "Bản của đồng chí khác" in page  # and what is saved now is shown beside it
    assert 'name="version" value="2"' in page
    report.refresh_from_db()
    assert report.narrative == "Bản của đồng chí khác"
    # Saving again now, knowingly, replaces it.
    again = client.post(url, {"status": "on_track", "percent": "15", "version": "2",
                              "narrative": "Nội dung tôi vừa viết"})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Nội dung tôi vừa viết"


def test_return_page_requires_a_reason(client_for: Any, world: Any, task: Any) -> None:
    with acting_as(None, "t"):
        report = report_create(task=task, period=_label(), status="on_track", percent=10)
    client_for(world.user("editor")).post(reverse("report-submit", args=[report.pk]),
                                          {"version": 1})
    approver = client_for(world.user("approver"))
    url = reverse("report-return", args=[report.pk])
    response = approver.post(url, {"reason": "", "version": 2})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert approver.post(url, {"reason": "Thiếu số liệu", "version": 2}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED


def test_notifications_page(client_for: Any, world: Any) -> None:
    editor = world.user("editor")
    note = Notification.objects.create(user=editor, kind="overdue", key="k",
                                       message="Nhiệm vụ quá hạn")
    Notification.objects.create(user=world.user("viewer"), kind="overdue", key="k",
                                message="Của người khác")
    client = client_for(editor)
    page = client.get(reverse("notification-list")).content.decode()
    assert "Nhiệm vụ quá hạn" in page and "Của người khác" not in page
    client.post(reverse("notification-read"), {"id": str(note.pk)})
    note.refresh_from_db()
    assert note.read_at is not None
