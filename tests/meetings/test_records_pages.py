"""Session and press item pages and API: lists (query counts), details, edit with a conflict,
delete with confirmation; the review API from text and from a file."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.meetings.models import (
    ArticleReview,
    Attendee,
    Conclusion,
    PressItem,
    ReviewStatus,
    WorkingSession,
)
from trienkhai.meetings.services_review import review_apply

from .support import TEXT, make_review, make_session, registered_document

D = datetime.date
JSON = "application/json"


@pytest.fixture(autouse=True)
def english(settings: Any) -> Any:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def editor_client(client_for: Any, world: Any) -> Any:
    return client_for(world.user("editor"))


def test_lists_have_a_bounded_number_of_queries(editor_client: Any, world: Any,
                                                django_assert_max_num_queries: Any) -> None:
    for index in range(3):
        make_session(world.units["own"], title=f"Buổi {index}")
        make_session(world.units["descendant"], title=f"Buổi phường {index}")
    for url in (reverse("meetings:session-list"), reverse("meetings:press-list")):
        with django_assert_max_num_queries(7):
            response = editor_client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Buổi phường") == 3
    for url in ("/api/working-sessions/", "/api/press-items/"):
        with django_assert_max_num_queries(9):
            response = editor_client.get(url)
        assert response.json()["count"] == 6
    many = make_session(world.units["own"], title="Thêm")
    with django_assert_max_num_queries(7):
        editor_client.get(reverse("meetings:session-list"))
    assert many.attendees.count() == 1


def test_session_page_links_its_records(editor_client: Any, world: Any) -> None:
    editor = world.user("editor")
    review = make_review(world, editor, registered=registered_document(world))
    with acting_as(editor, "test"):
        done = review_apply(review=review, user=editor, decisions={}, version=review.version)
    page = editor_client.get(reverse("meetings:session-detail",
                                     args=[done.session_id])).content.decode()
    conclusion = Conclusion.objects.get(task__isnull=False)
    assert reverse("task-detail", args=[conclusion.task_id]) in page
    assert reverse("person-detail", args=[world.people["descendant"].pk]) in page
    document = done.session.documents.get()
    assert reverse("document-detail", args=[document.pk]) in page
    assert reverse("meetings:press-detail", args=[done.press_item_id]) in page
    assert "Trần Mới" in page  # not linked: the new person was not asked for
    assert not Attendee.objects.filter(name="Trần Mới", person__isnull=False).exists()


def test_edit_conflict_keeps_the_users_text(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    url = reverse("meetings:session-edit", args=[session.pk])
    form = {"title": "Tiêu đề của tôi", "held_on": "13/07/2022", "confidentiality": 0,
            "version": session.version}
    editor_client.post(url, {**form, "title": "Người khác sửa"})
    response = editor_client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this working session" in page
    assert "Tiêu đề của tôi" in page
    session.refresh_from_db()
    assert session.title == "Người khác sửa"
    assert editor_client.post(url, {**form, "version": session.version}).status_code == 302
    session.refresh_from_db()
    assert session.title == "Tiêu đề của tôi"


def test_delete_asks_first_and_is_audited(editor_client: Any, world: Any) -> None:
    session = make_session(world.units["own"])
    url = reverse("meetings:session-delete", args=[session.pk])
    assert "Delete" in editor_client.get(url).content.decode()
    assert WorkingSession.objects.filter(pk=session.pk).exists()
    before = AuditEntry.objects.count()
    assert editor_client.post(url).status_code == 302
    assert not WorkingSession.objects.filter(pk=session.pk).exists()
    assert AuditEntry.objects.count() == before + 3  # session, its attendee and conclusion
    assert PressItem.objects.filter(pk=session.press_item_id).exists()


def test_press_item_edit_rejects_a_bad_url(editor_client: Any, world: Any) -> None:
    item = make_session(world.units["own"]).press_item
    response = editor_client.post(reverse("meetings:press-edit", args=[item.pk]), {
        "title": "Tin", "url": "không phải địa chỉ", "confidentiality": 0,
        "version": item.version})
    assert response.status_code == 200 and "url" in response.context["form"].errors


def test_review_api_from_text_and_apply(editor_client: Any, world: Any) -> None:
    response = editor_client.post("/api/article-reviews/", {
        "unit": world.units["own"].pk, "text": TEXT}, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == ReviewStatus.OPEN
    assert body["proposals"]["conclusions"][0]["values"]["deadline"] == "2022-09-30"
    url = f"/api/article-reviews/{body['id']}/"
    bad = editor_client.post(url + "apply/", {
        "decisions": {"session": {"action": "edit", "values": {"held_on": "31/02/2022"}}},
        "version": body["version"]}, content_type=JSON)
    assert bad.status_code == 400
    assert "session.held_on" in bad.json()["fields"]
    assert not WorkingSession.objects.exists()
    done = editor_client.post(url + "apply/", {"decisions": {}, "version": body["version"]},
                              content_type=JSON)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == ReviewStatus.DONE
    session = editor_client.get(f"/api/working-sessions/{done.json()['session']}/").json()
    assert session["conclusions"] and session["attendees"]


def test_review_api_bad_file_creates_nothing(editor_client: Any, world: Any) -> None:
    before = (AuditEntry.objects.count(), ArticleReview.objects.count())
    response = editor_client.post("/api/article-reviews/", {
        "unit": world.units["own"].pk, "file": SimpleUploadedFile("x.bin", bytes(range(256)))})
    assert response.status_code == 400
    assert "binary" in response.json()["fields"]["file"][0]
    empty = editor_client.post("/api/article-reviews/", {"unit": world.units["own"].pk},
                               content_type=JSON)
    assert empty.status_code == 400 and "text" in empty.json()["fields"]
    assert (AuditEntry.objects.count(), ArticleReview.objects.count()) == before


def test_review_api_from_a_file(editor_client: Any, world: Any) -> None:
    response = editor_client.post("/api/article-reviews/", {
        "unit": world.units["own"].pk,
        "file": SimpleUploadedFile("bai.txt", TEXT.encode("utf-16"))})
    assert response.status_code == 201, response.content
    review = ArticleReview.objects.get()
    assert review.source_name == "bai.txt" and "Nguyễn Văn Hiếu" in review.source_text


def test_edit_changes_the_documents_and_keeps_unreadable_links(editor_client: Any,
                                                               world: Any) -> None:
    from trienkhai.documents.models import DocumentType
    from trienkhai.documents.services import document_create

    session = make_session(world.units["own"])
    readable = registered_document(world)
    with acting_as(None, "test"):
        secret = document_create(issuer=world.units["root"], signed_on=D(2022, 2, 1),
                                 title="Kết luận mật thử", symbol="78-KL/TW",
                                 doc_type=DocumentType.CONCLUSION, confidentiality=1)
        session.documents.set([readable, secret])
    url = reverse("meetings:session-edit", args=[session.pk])
    form = editor_client.get(url).context["form"]
    offered = set(form.fields["documents"].queryset.values_list("pk", flat=True))
    assert readable.pk in offered and secret.pk not in offered
    assert form.initial["documents"] == [readable.pk]
    base = {"title": session.title, "held_on": "13/07/2022", "confidentiality": 0}
    response = editor_client.post(url, {**base, "version": session.version})
    assert response.status_code == 302
    assert set(session.documents.values_list("pk", flat=True)) == {secret.pk}
    session.refresh_from_db()
    editor_client.post(url, {**base, "version": session.version, "documents": [readable.pk]})
    assert set(session.documents.values_list("pk", flat=True)) == {secret.pk, readable.pk}
    entry = AuditEntry.objects.filter(object_type="meetings.workingsession",
                                      object_id=str(session.pk)).order_by("-id").first()
    assert entry is not None and "documents" in entry.changes
