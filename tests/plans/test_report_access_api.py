"""The access matrix for every reports API endpoint: role × relation × read / write."""
from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.matrix import EXPECTED, RELATIONS, ROLES
from trienkhai.plans.periods import period_containing

from .reports_support import PDF, build_report_world
from .test_report_access_pages import task_readable

pytestmark = pytest.mark.urls("tests.plans.urls_reports_for_tests")
CASES = [(role, relation) for role in ROLES for relation in RELATIONS]
JSON = "application/json"


@pytest.fixture
def rw(world: Any) -> dict[str, dict[str, Any]]:
    return build_report_world(world)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_read_endpoints(client_for: Any, world: Any, rw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    r = rw[relation]
    expected = 200 if EXPECTED[role][relation][0] else 404
    unit, plan, document = r["unit"].pk, r["plan"].pk, r["document"].pk
    for url in (f"/api/reports/{r['sent'].pk}/", f"/api/reports/{r['sent'].pk}/evidence/",
                f"/api/evidence/{r['evidence'].pk}/",
                f"/api/evidence/{r['evidence'].pk}/download/",
                f"/api/dashboard/figures/?unit={unit}&plan={plan}",
                f"/api/dashboard/figures/?unit={unit}&document={document}",
                f"/api/dashboard/explain/?unit={unit}&plan={plan}",
                f"/api/dashboard/explain/?unit={unit}&document={document}",
                f"/api/dashboard/trend/?unit={unit}&plan={plan}"):
        response = client.get(url)
        if response.streaming:  # a download: read to its end, which closes its file
            b"".join(response.streaming_content)
        assert response.status_code == expected, url
    listed = {row["id"] for row in client.get("/api/reports/?page_size=100").json()["results"]}
    assert (r["sent"].pk in listed) == (expected == 200)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_write_endpoints(client_for: Any, world: Any, rw: Any, role: str,
                         relation: str) -> None:
    client = client_for(world.user(role))
    can_read, can_write = EXPECTED[role][relation]
    r = rw[relation]
    expected = (403 if can_read else 404)
    draft = f"/api/reports/{r['draft'].pk}/"
    response = client.patch(draft, {"narrative": "Sửa"}, content_type=JSON)
    assert response.status_code == (200 if can_write else expected)
    upload = client.post(draft + "evidence/", {"file": SimpleUploadedFile("x.pdf", PDF)})
    assert upload.status_code == (201 if can_write else expected)
    submit = client.post(draft + "submit/", {}, content_type=JSON)
    assert submit.status_code == (200 if can_write else expected)
    r["task"].reports.all().delete()  # so a new report for the period can be created
    label = period_containing("quarterly", timezone.localdate()).label
    created = client.post("/api/reports/", {"task": r["task"].pk, "period": label,
                                            "status": "on_track", "percent": 5},
                          content_type=JSON)
    # An unreadable task is not a valid choice (400), as if it did not exist.
    assert created.status_code == (201 if can_write else 403 if task_readable(role, relation)
                                   else 400)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_approve_and_return_endpoints(client_for: Any, world: Any, rw: Any, role: str,
                                      relation: str) -> None:
    client = client_for(world.user(role))
    can_read = EXPECTED[role][relation][0]
    approver_here = role == "approver" and relation == "own"
    expected = 200 if approver_here else (403 if can_read else 404)
    sent = f"/api/reports/{rw[relation]['sent'].pk}/"
    assert client.post(sent + "return/", {"reason": "x", "version": 99},
                       content_type=JSON).status_code == (409 if approver_here else expected)
    assert client.post(sent + "approve/", {}, content_type=JSON).status_code == expected


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_evidence_delete(client_for: Any, world: Any, rw: Any, role: str, relation: str) -> None:
    """Evidence of a sent report cannot be removed (400) even by its writers."""
    client = client_for(world.user(role))
    can_read, can_write = EXPECTED[role][relation]
    response = client.delete(f"/api/evidence/{rw[relation]['evidence'].pk}/")
    assert response.status_code == (400 if can_write else 403 if can_read else 404)


def test_anonymous_gets_401_or_403(client: Any, rw: Any) -> None:
    for url in ("/api/reports/", "/api/notifications/",
                f"/api/dashboard/figures/?unit={rw['own']['unit'].pk}&plan={rw['own']['plan'].pk}"):
        assert client.get(url).status_code in (401, 403)
