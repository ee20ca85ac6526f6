"""A "mật" document is invisible below its level everywhere: list, count, search, API, header
search, cascade, history and the audit trail; visible to a cleared user of the same unit."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.accounts.models import Clearance
from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.documents.models import DocumentType
from trienkhai.documents.search import search_documents
from trienkhai.documents.services import document_create, document_update, relation_add

SECRET_WORD = "bimatquocgia"


@pytest.fixture
def secret(world):
    with acting_as(None, "test:secret"):
        plain = document_create(
            issuer=world.units["own"], doc_type=DocumentType.PLAN,
            signed_on=datetime.date(2022, 1, 2),
            title="Kế hoạch công khai về học tập")
        secret = document_create(
            issuer=world.units["own"], symbol="09-BC/TU", signed_on=datetime.date(2022, 4, 5),
            title=f"Báo cáo tình hình tư tưởng {SECRET_WORD}", excerpt="học tập",
            confidentiality=Clearance.CONFIDENTIAL)
        relation_add(source=secret, target=plain, kind="implements")
        document_update(document=secret, excerpt="học tập, quán triệt")
    return {"plain": plain, "secret": secret}


@pytest.fixture
def users(world, cleared):
    return {"uncleared": world.user("viewer"), "cleared": cleared}


@pytest.mark.parametrize("who", ["uncleared", "cleared"])
def test_pages_list_count_search_and_header(world, secret, users, client, who):
    visible = who == "cleared"
    client.force_login(users[who])
    link = reverse("document-detail", args=[secret["secret"].pk])
    listing = client.get(reverse("document-list"))
    assert (link in listing.content.decode()) == visible
    assert listing.context["found"].total == (2 if visible else 1)
    searched = client.get(reverse("document-list"), {"q": "hoc tap"})
    assert searched.context["found"].total == (2 if visible else 1)
    assert (link in searched.content.decode()) == visible
    header = client.get(reverse("search"), {"q": SECRET_WORD}, HTTP_HX_REQUEST="true")
    assert (link in header.content.decode()) == visible
    assert client.get(link).status_code == (200 if visible else 404)
    assert search_documents(user=users[who], query="09-BC/TU").total == (1 if visible else 0)


@pytest.mark.parametrize("who", ["uncleared", "cleared"])
def test_cascade_and_history_of_the_plain_document(world, secret, users, client, who):
    visible = who == "cleared"
    client.force_login(users[who])
    page = client.get(reverse("document-detail", args=[secret["plain"].pk]))
    html = page.content.decode()
    assert (reverse("document-detail", args=[secret["secret"].pk]) in html) == visible
    assert (SECRET_WORD in html) == visible
    # The relation's history entry on the plain document is as classified as the secret end.
    history = list(page.context["history"])
    assert any("relation" in e.changes for e in history) == visible


@pytest.mark.parametrize("who", ["uncleared", "cleared"])
def test_audit_trail_page(world, secret, users, client, who):
    client.force_login(users[who])
    pages = client.get(reverse("audit-list")).content.decode()
    assert (SECRET_WORD in pages or "09-BC/TU" in pages) == (who == "cleared")
    entries = AuditEntry.objects.filter(object_type="documents.document",
                                        object_id=str(secret["secret"].pk))
    assert [e.confidentiality for e in entries] == [1, 1, 1]  # created, related, updated


@pytest.mark.urls("tests.documents.urls_for_tests")
@pytest.mark.parametrize("who", ["uncleared", "cleared"])
def test_api(world, secret, users, client, who):
    visible = who == "cleared"
    client.force_login(users[who])
    listing = client.get("/api/documents/").json()
    assert listing["count"] == (2 if visible else 1)
    assert (secret["secret"].pk in {r["id"] for r in listing["results"]}) == visible
    assert client.get("/api/documents/", {"q": SECRET_WORD}).json()["count"] == int(visible)
    pk = secret["secret"].pk
    assert client.get(f"/api/documents/{pk}/").status_code == (200 if visible else 404)
    cascade = client.get(f"/api/documents/{secret['plain'].pk}/cascade/").json()
    assert len(cascade["down"]) == int(visible)
    relations = client.get("/api/document-relations/").json()
    assert relations["count"] == int(visible)


def test_nobody_files_above_their_own_clearance(world, client):
    editor = world.user("editor")
    client.force_login(editor)
    response = client.post(reverse("document-create"), {
        "issuer": world.units["own"].pk, "doc_type": "BC", "signed_on": "01/02/2024",
        "title": "Báo cáo mật", "confidentiality": 1, "status": "in_force"})
    assert response.status_code == 200 and "confidentiality" in response.context["form"].errors
