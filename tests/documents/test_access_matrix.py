"""The access matrix for every registry page, API endpoint and the search: role x relation x
read/write, generated from tests/matrix.py (see conftest.doc_expected for the downward rule).

A document the user may not read answers 404 like a missing one; one they read but may not
change answers 403 to a change.
"""
from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.access.policy import Action, restrict
from trienkhai.documents.models import Attachment, Document, DocumentRelation

from ..matrix import RELATIONS, ROLES, unit_key
from .conftest import MARK, doc_expected

API = pytest.mark.urls("tests.documents.urls_for_tests")


def drain(response):
    """Read a streamed download to its end, which closes its file (the test client's way)."""
    if response.streaming:
        b"".join(response.streaming_content)


def status_for(read: bool, write: bool, *, writing: bool) -> int:
    if not read:
        return 404
    if writing and not write:
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_policy(world, registry, role, relation):
    user = world.user(role)
    expected = doc_expected(world, role, relation)
    for model, pk in [(Document, registry.docs[relation].pk),
                      (Attachment, registry.attachments[relation].pk),
                      (DocumentRelation, registry.relations[relation].pk)]:
        one = model._default_manager.filter(pk=pk)
        got = tuple(restrict(one, user, action).exists() for action in Action)
        assert got == expected, model


# One declaration per page: (URL for the relation's records, whether it changes something).
PAGES = {
    "detail": (lambda r, rel: reverse("document-detail", args=[r.docs[rel].pk]), False),
    "edit": (lambda r, rel: reverse("document-edit", args=[r.docs[rel].pk]), True),
    "relation-add": (lambda r, rel: reverse("document-relation-add", args=[r.docs[rel].pk]),
                     True),
    "relation-remove": (
        lambda r, rel: reverse("document-relation-remove", args=[r.relations[rel].pk]), True),
    "attachment-add": (
        lambda r, rel: reverse("document-attachment-add", args=[r.docs[rel].pk]), True),
    "attachment-download": (
        lambda r, rel: reverse("document-attachment-download", args=[r.attachments[rel].pk]),
        False),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_pages(world, registry, client, page, role, relation):
    client.force_login(world.user(role))
    url, writing = PAGES[page]
    response = client.get(url(registry, relation))
    drain(response)
    assert response.status_code == status_for(*doc_expected(world, role, relation),
                                              writing=writing)


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_need_sign_in(world, registry, client, page):
    response = client.get(PAGES[page][0](registry, "own"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_list_search_and_header_search_show_only_readable_documents(
        world, registry, client, role, relation):
    client.force_login(world.user(role))
    can_read = doc_expected(world, role, relation)[0]
    link = reverse("document-detail", args=[registry.docs[relation].pk])
    listing = client.get(reverse("document-list")).content.decode()
    searched = client.get(reverse("document-list"), {"q": MARK[relation]}).content.decode()
    header = client.get(reverse("search"), {"q": MARK[relation]}, HTTP_HX_REQUEST="true")
    assert (link in listing) == can_read
    assert (link in searched) == can_read
    assert (link in header.content.decode()) == can_read


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_relations_and_cascade_on_pages_only_when_both_ends_are_readable(
        world, registry, client, role, relation):
    client.force_login(world.user(role))
    can_read = doc_expected(world, role, relation)[0]
    ancestor_doc = registry.docs["ancestor"]  # readable by every role
    from trienkhai.core.context import acting_as
    from trienkhai.documents.services import relation_add

    with acting_as(None, "test"):
        relation_add(source=ancestor_doc, target=registry.children[relation], kind="guides")
    page = client.get(reverse("document-detail", args=[ancestor_doc.pk])).content.decode()
    link = reverse("document-detail", args=[registry.children[relation].pk])
    assert (link in page) == can_read


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_create_and_edit_by_writers_of_the_issuing_unit_only(
        world, registry, client, role, relation):
    user = world.user(role)
    client.force_login(user)
    can_write = doc_expected(world, role, relation)[1]
    unit = world.units[unit_key(relation)]
    create = client.post(reverse("document-create"), {
        "symbol": "77-KL/TW", "issuer": unit.pk, "signed_on": "02/03/2024",
        "title": "Kết luận mới", "confidentiality": 0, "status": "in_force",
    })
    created = Document.objects.filter(symbol="77-KL/TW").exists()
    assert created == can_write
    # Without any unit to write for, the form itself is refused; otherwise the unit is refused.
    writes_somewhere = role not in ("viewer", "supervisor")
    assert create.status_code == (302 if can_write else 200 if writes_somewhere else 403)
    document = registry.docs[relation]
    edit = client.post(reverse("document-edit", args=[document.pk]), {
        "symbol": document.symbol, "issuer": unit.pk,
        "signed_on": document.signed_on.strftime("%d/%m/%Y"),
        "title": "Tiêu đề đã sửa", "confidentiality": 0, "status": "in_force",
        "version": document.version,
    })
    read, write = doc_expected(world, role, relation)
    assert edit.status_code == (302 if write else 403 if read else 404)
    assert Document.objects.get(pk=document.pk).title.startswith("Tiêu đề đã sửa") == write


# --- the API --------------------------------------------------------------------------------


def api_get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    drain(response)
    return response


@API
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_reads(world, registry, client, role, relation):
    user = world.user(role)
    read, _write = doc_expected(world, role, relation)
    doc = registry.docs[relation]
    listed = api_get(client, user, "/api/documents/").json()
    ids = {row["id"] for row in listed["results"]}
    assert (doc.pk in ids) == read
    searched = api_get(client, user, "/api/documents/", q=MARK[relation]).json()
    assert (searched["count"] > 0) == read
    expected = 200 if read else 404
    for url in (f"/api/documents/{doc.pk}/", f"/api/documents/{doc.pk}/cascade/",
                f"/api/documents/{doc.pk}/attachments/",
                f"/api/document-relations/{registry.relations[relation].pk}/",
                f"/api/attachments/{registry.attachments[relation].pk}/",
                f"/api/attachments/{registry.attachments[relation].pk}/download/"):
        assert api_get(client, user, url).status_code == expected, url
    relations = api_get(client, user, "/api/document-relations/").json()["results"]
    assert (registry.relations[relation].pk in {r["id"] for r in relations}) == read
    attachments = api_get(client, user, "/api/attachments/").json()["results"]
    assert (registry.attachments[relation].pk in {a["id"] for a in attachments}) == read


@API
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_api_writes(world, registry, client, role, relation):
    user = world.user(role)
    client.force_login(user)
    read, write = doc_expected(world, role, relation)
    doc, unit = registry.docs[relation], world.units[unit_key(relation)]
    created = client.post("/api/documents/", {
        "symbol": "88-KL/TW", "issuer": unit.pk, "signed_on": "2024-03-02", "title": "Mới"},
        content_type="application/json")
    assert created.status_code == (201 if write else 400)
    changed = client.patch(f"/api/documents/{doc.pk}/", {"title": "Đã sửa"},
                           content_type="application/json")
    assert changed.status_code == status_for(read, write, writing=True)
    upload = client.post(f"/api/documents/{doc.pk}/attachments/",
                         {"file": _upload("api.txt", b"van ban")})
    assert upload.status_code == (201 if write else status_for(read, write, writing=True))
    link = registry.relations[relation]
    removed = client.delete(f"/api/document-relations/{link.pk}/")
    assert removed.status_code == (204 if write else status_for(read, write, writing=True))
    linked = client.post("/api/document-relations/", {
        "source": registry.children[relation].pk, "target": registry.docs["ancestor"].pk,
        "kind": "guides"}, content_type="application/json")
    # An unreadable source is an unknown one (400), like a missing id.
    assert linked.status_code == (201 if write else 403 if read else 400)


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/plain")


@API
def test_api_needs_authentication(world, registry, client):
    assert client.get("/api/documents/").status_code in (401, 403)
    assert client.get(f"/api/documents/{registry.docs['own'].pk}/").status_code in (401, 403)
