"""The registry API as a client uses it (the access matrix is in test_access_matrix)."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.documents.models import Document, DocumentRelation
from trienkhai.documents.services import document_create

from .helpers import EXE, pdf_bytes

pytestmark = pytest.mark.urls("tests.documents.urls_for_tests")
D = datetime.date


@pytest.fixture(autouse=True)
def _english_messages(settings):
    # These tests assert the English message ids; the Vietnamese catalog is checked elsewhere.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def api(world, client):
    client.force_login(world.user("editor"))
    with translation.override("en"):
        yield client


@pytest.fixture
def kl01(world):
    with acting_as(None, "test"):
        return document_create(issuer=world.units["root"], symbol="01-KL/TW",
                               signed_on=D(2021, 5, 18), title="Kết luận về quán triệt")


def test_create_patch_and_conflict(world, api):
    created = api.post("/api/documents/", {
        "symbol": "15 - KH/TƯ", "issuer": world.units["own"].pk, "signed_on": "2022-01-10",
        "title": "Kế hoạch thực hiện Kết luận 01-KL/TW", "term": "XI"},
        content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["symbol"], body["doc_type"], body["version"]) == ("15-KH/TW", "KH", 1)
    entry = AuditEntry.objects.get(object_type="documents.document", object_id=str(body["id"]))
    assert entry.actor_label == "editor-user" and entry.actor_id == world.user("editor").pk
    url = f"/api/documents/{body['id']}/"
    patched = api.patch(url, {"title": "Kế hoạch mới", "version": 1},
                        content_type="application/json")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = api.patch(url, {"title": "Cũ", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["detail"] == "Someone else saved this document after you opened it."
    assert Document.objects.get(pk=body["id"]).title == "Kế hoạch mới"


def test_errors_name_their_fields(world, api, kl01):
    bad = api.post("/api/documents/", {
        "symbol": "01-KL", "issuer": world.units["own"].pk, "signed_on": "2022-01-10",
        "title": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"symbol": ["Not a symbol: no issuer code"]}
    duplicate = api.post("/api/documents/", {
        "symbol": "1-KL/TW", "issuer": world.units["own"].pk, "signed_on": "2021-05-18",
        "title": "x"}, content_type="application/json")
    assert duplicate.status_code == 400
    assert f"record no. {kl01.pk}" in duplicate.json()["fields"]["symbol"][0]
    above_clearance = api.post("/api/documents/", {
        "issuer": world.units["own"].pk, "doc_type": "BC", "signed_on": "2022-01-10",
        "title": "x", "confidentiality": 1}, content_type="application/json")
    assert above_clearance.status_code == 400
    assert "confidentiality" in above_clearance.json()["fields"]


def test_search_filters_and_pages(world, api, kl01):
    with acting_as(None, "test"):
        for day in range(1, 4):
            document_create(issuer=world.units["own"], symbol=f"{day}-KH/TU",
                            signed_on=D(2022, 1, day), title="Kế hoạch thực hiện Kết luận 01-KL/TW")
    found = api.get("/api/documents/", {"q": "01/KL-TW"}).json()
    assert found["count"] == 4 and found["results"][0]["id"] == kl01.pk
    assert found["results"][0]["rank"] > found["results"][1]["rank"]
    assert "<mark>01-KL/TW</mark>" in found["results"][1]["title_html"]
    words = api.get("/api/documents/", {"q": "quan triet"}).json()
    top = words["results"][0]
    assert "<mark>" in top["title_html"] + top["snippet_html"]
    filtered = api.get("/api/documents/", {"type": "KH", "year": 2022, "unit":
                                           world.units["own"].pk}).json()
    assert filtered["count"] == 3 and "full_text" not in filtered["results"][0]
    first = api.get("/api/documents/", {"type": "KH", "page_size": 2}).json()
    assert first["count"] == 3 and "page=2" in first["next"] and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert "page=" not in second["previous"] and "page_size=2" in second["previous"]


@pytest.mark.parametrize("query", [
    "year=abc", "issuer=1.5", "unit=0", f"unit={10**30}", "type=XX", "page=0", "page_size=999",
])
def test_bad_list_parameters_are_400(api, query):
    response = api.get(f"/api/documents/?{query}")
    assert response.status_code == 400 and response.json()["fields"]


@pytest.mark.parametrize("url", ["/api/documents/abc/", f"/api/documents/{10**30}/",
                                 "/api/attachments/-1/", "/api/document-relations/0/"])
def test_bad_ids_are_404(api, url):
    assert api.get(url).status_code == 404


def test_bad_filter_on_relations_is_400(api):
    assert api.get("/api/document-relations/?document=x").status_code == 400


def test_cascade_relations_and_refusals(world, api, kl01):
    with acting_as(None, "test"):
        plan = document_create(issuer=world.units["own"], symbol="15-KH/TU",
                               signed_on=D(2022, 1, 10), title="Kế hoạch")
    made = api.post("/api/document-relations/", {"source": plan.pk, "target": kl01.pk,
                                                 "kind": "implements"},
                    content_type="application/json")
    assert made.status_code == 201, made.json()
    again = api.post("/api/document-relations/", {"source": plan.pk, "target": kl01.pk,
                                                  "kind": "implements"},
                     content_type="application/json")
    assert again.status_code == 400 and "already recorded" in again.json()["fields"]["target"][0]
    cascade = api.get(f"/api/documents/{kl01.pk}/cascade/").json()
    assert cascade["up"] == [] and cascade["down"][0]["id"] == plan.pk
    assert cascade["down"][0]["issuer_name"] == world.units["own"].name
    assert cascade["down"][0]["relation"] == "implements"
    listed = api.get("/api/document-relations/", {"document": kl01.pk}).json()
    assert [r["id"] for r in listed["results"]] == [made.json()["id"]]
    assert api.delete(f"/api/document-relations/{made.json()['id']}/").status_code == 204
    assert not DocumentRelation.objects.exists()


def test_attachment_upload_and_download(world, api, settings, tmp_path):
    with acting_as(None, "test"):
        plan = document_create(issuer=world.units["own"], symbol="15-KH/TU",
                               signed_on=D(2022, 1, 10), title="Kế hoạch")
    url = f"/api/documents/{plan.pk}/attachments/"
    refused = api.post(url, {"file": SimpleUploadedFile("a.pdf", EXE)})
    assert refused.status_code == 400 and "Windows program" in refused.json()["fields"]["file"][0]
    stored = api.post(url, {"file": SimpleUploadedFile("ke-hoach.pdf", pdf_bytes("Hoc tap"))})
    assert stored.status_code == 201
    body = stored.json()
    assert body["content_type"] == "application/pdf" and body["original_name"] == "ke-hoach.pdf"
    download = api.get(body["download"])
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
    assert [a["id"] for a in api.get(url).json()] == [body["id"]]
    assert api.get("/api/documents/", {"q": "hoc tap"}).json()["count"] == 1


def test_schema_describes_the_endpoints(world, api):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="tests.documents.urls_for_tests").get_schema(public=True)
    paths = schema["paths"]
    for path in ("/api/documents/", "/api/documents/{id}/", "/api/documents/{id}/cascade/",
                 "/api/documents/{id}/attachments/", "/api/document-relations/",
                 "/api/attachments/{id}/download/"):
        assert path in paths


def test_schema_has_no_warnings(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
                 "--urlconf", "tests.documents.urls_for_tests", stdout=out)
    assert '"/api/documents/{id}/cascade/"' in out.getvalue()
