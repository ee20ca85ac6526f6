"""The reports API as a client uses it (the access matrix is in test_report_access_api)."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from trienkhai.accounts.models import Role
from trienkhai.audit.models import AuditEntry
from trienkhai.plans.models import Notification, ProgressReport, RollupFigure
from trienkhai.plans.periods import period_containing

from .reports_support import PDF, D, make_document, make_plan, make_task, make_user

pytestmark = pytest.mark.urls("tests.plans.urls_reports_for_tests")


@pytest.fixture(autouse=True)
def _english_messages(settings: Any) -> Any:
    # These tests assert the English message ids; the Vietnamese catalog is checked elsewhere.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    client.force_login(world.user("editor"))
    with translation.override("en"):
        yield client


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    document = make_document(world.units["root"], "Nghị quyết 68-NQ/TW")
    plan = make_plan(world.units["own"], documents=(document,), end_date=D(2035, 12, 31))
    task = make_task(plan, world.units["own"], deadline=D(2035, 12, 31))
    label = period_containing("quarterly", timezone.localdate()).label
    return {"document": document, "plan": plan, "task": task, "label": label}


def _create(api: Any, setup: dict[str, Any], **extra: Any) -> Any:
    body = {"task": setup["task"].pk, "period": setup["label"], "status": "on_track",
            "percent": "25", "narrative": "Đã triển khai", **extra}
    return api.post("/api/reports/", body, content_type="application/json")


def test_lifecycle_through_the_api(world: Any, api: Any, client: Any,
                                   setup: dict[str, Any]) -> None:
    created = _create(api, setup)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["state"], body["version"], body["period_label"]) == ("draft", 1,
                                                                      setup["label"])
    entry = AuditEntry.objects.get(object_type="plans.progressreport", object_id=str(body["id"]))
    assert entry.actor_label == "editor-user"
    url = f"/api/reports/{body['id']}/"
    patched = api.patch(url, {"percent": "30", "version": 1}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = api.patch(url, {"percent": "31", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and "Someone else" in stale.json()["detail"]
    upload = api.post(url + "evidence/", {"file": SimpleUploadedFile("bb.pdf", PDF)})
    assert upload.status_code == 201, upload.json()
    download = api.get(upload.json()["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert api.post(url + "submit/", {"version": 2}, content_type="application/json"
                    ).status_code == 200
    # The editor cannot approve; the approver can.
    assert api.post(url + "approve/", {}, content_type="application/json").status_code == 403
    client.force_login(world.user("approver"))
    approved = client.post(url + "approve/", {}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    row = RollupFigure.objects.get(unit=world.units["root"], document=setup["document"])
    assert row.percent_sum == 30


def test_return_needs_a_reason(world: Any, api: Any, client: Any, setup: dict[str, Any]) -> None:
    report_id = _create(api, setup).json()["id"]
    api.post(f"/api/reports/{report_id}/submit/", {}, content_type="application/json")
    client.force_login(world.user("approver"))
    bad = client.post(f"/api/reports/{report_id}/return/", {}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    ok = client.post(f"/api/reports/{report_id}/return/", {"reason": "Bổ sung số liệu"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["return_reason"] == "Bổ sung số liệu"


def test_bad_input_names_the_fields(api: Any, setup: dict[str, Any]) -> None:
    bad = _create(api, setup, percent="120", value="3")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"percent", "value"}
    dates = _create(api, setup, period="", period_start="2025-03-31", period_end="2025-01-01")
    assert dates.status_code == 400 and "period_end" in dates.json()["fields"]
    closed = _create(api, setup, period="2025-Q1")
    assert closed.status_code == 400 and "closed" in closed.json()["fields"]["period"][0]
    assert ProgressReport.objects.count() == 0


def test_multipart_create_with_evidence(api: Any, setup: dict[str, Any]) -> None:
    good = api.post("/api/reports/", {
        "task": setup["task"].pk, "period": setup["label"], "status": "on_track",
        "percent": "10", "evidence": [SimpleUploadedFile("a.pdf", PDF)]})
    assert good.status_code == 201, good.json()
    assert good.json()["evidence"][0]["original_name"] == "a.pdf"
    ProgressReport.objects.all().delete()
    bad = api.post("/api/reports/", {
        "task": setup["task"].pk, "period": setup["label"], "status": "on_track",
        "percent": "10", "evidence": [SimpleUploadedFile("a.pdf", b"MZ" + b"\0" * 50)]})
    assert bad.status_code == 400 and "evidence" in bad.json()["fields"]
    assert ProgressReport.objects.count() == 0


def test_dashboard_endpoints(world: Any, api: Any, setup: dict[str, Any]) -> None:
    ward = world.units["descendant"]
    make_task(setup["plan"], ward, weight=2)
    root, document = world.units["root"].pk, setup["document"].pk
    # The editor's scope is the province: the root is out of it.
    assert api.get(f"/api/dashboard/figures/?unit={root}&document={document}"
                   ).status_code == 404
    own = world.units["own"].pk
    body = api.get(f"/api/dashboard/figures/?unit={own}&document={document}").json()
    assert body["figures"]["tasks_total"] == 2 and body["children_count"] == 1
    assert body["children"][0]["name"] == ward.name
    plan = api.get(f"/api/dashboard/figures/?unit={own}&plan={setup['plan'].pk}").json()
    assert plan["figures"]["weight_total"] == "3.00"
    explained = api.get(f"/api/dashboard/explain/?unit={own}&plan={setup['plan'].pk}").json()
    assert explained["arithmetic"].startswith("Σ (weight × percent)")
    assert len(explained["tasks"]) == 2
    trend = api.get(f"/api/dashboard/trend/?unit={own}&plan={setup['plan'].pk}").json()
    assert trend["points"] == []
    both = api.get(f"/api/dashboard/figures/?unit={own}&plan=1&document=1")
    assert both.status_code == 400


def test_notifications_mine_and_mark_read(world: Any, api: Any, client: Any) -> None:
    editor, other = world.user("editor"), make_user("other", world.units["own"], Role.EDITOR)
    mine = Notification.objects.create(user=editor, kind="reminder", key="a", message="Nhắc")
    theirs = Notification.objects.create(user=other, kind="reminder", key="a", message="Khác")
    listed = api.get("/api/notifications/").json()["results"]
    assert [n["id"] for n in listed] == [mine.pk]
    assert api.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert api.post(f"/api/notifications/{mine.pk}/read/").json()["read_at"] is not None
    assert api.get("/api/notifications/?unread=1").json()["results"] == []
    assert api.post("/api/notifications/read-all/").json() == {"marked": 0}


def test_list_filters(world: Any, api: Any, setup: dict[str, Any]) -> None:
    report_id = _create(api, setup).json()["id"]
    rows = api.get(f"/api/reports/?task={setup['task'].pk}&state=draft").json()["results"]
    assert [r["id"] for r in rows] == [report_id]
    assert api.get("/api/reports/?state=approved").json()["results"] == []
    assert api.get("/api/reports/?inbox=drafts").json()["results"][0]["id"] == report_id
