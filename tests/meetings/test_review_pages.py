"""The article and review pages: reading, the evidence on the page, drafts, the confirmation
step and bad input (a clear message on the field, nothing created)."""
from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.meetings.models import (
    ArticleReview,
    Attendee,
    Conclusion,
    PressItem,
    ReviewStatus,
    WorkingSession,
)
from trienkhai.units.models import Person

from .support import TEXT, make_review

MODELS = (ArticleReview, PressItem, WorkingSession, Attendee, Conclusion, Person)


@pytest.fixture(autouse=True)
def english(settings: Any) -> Any:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def counts() -> tuple[int, ...]:
    return (AuditEntry.objects.count(), *(m.objects.count() for m in MODELS))


@pytest.fixture
def editor_client(client_for: Any, world: Any) -> Any:
    return client_for(world.user("editor"))


def review_form(review: ArticleReview, **overrides: Any) -> dict[str, Any]:
    """The review page's form as the browser would post it, untouched."""
    from trienkhai.meetings.review_page import review_rows

    data: dict[str, Any] = {"version": review.version}
    for group in review_rows(review, review.created_by):
        for row in group["rows"]:
            data[f"{row.key}-action"] = row.action
            for f in row.fields:
                if f.kind != "checkbox" or f.value:
                    data[f.input_name] = f.value
    data.update(overrides)
    return data


def test_pasting_an_article_opens_its_review(editor_client: Any, world: Any) -> None:
    response = editor_client.post(reverse("meetings:article-read"), {
        "unit": world.units["own"].pk, "text": TEXT})
    review = ArticleReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:review-detail", args=[review.pk])
    assert review.unit == world.units["own"] and review.status == ReviewStatus.OPEN
    assert {p["name"] for p in review.proposals["people"]} >= {"Nguyễn Văn Hiếu"}
    assert review.proposals["conclusions"][0]["values"]["deadline"] == "2022-09-30"
    page = editor_client.get(response["Location"]).content.decode()
    assert "<mark>trước ngày 30/9/2022</mark>" in page


def test_evidence_is_highlighted_and_the_article_is_escaped(editor_client: Any,
                                                            world: Any) -> None:
    review = make_review(world, world.user("editor"))
    page = editor_client.get(reverse("meetings:review-detail", args=[review.pk])).content.decode()
    assert "<mark>Nguyễn Văn Hiếu</mark>" in page
    assert "<mark>Kế hoạch số 12-KH/TU</mark>" in page
    assert "<b>về</b>" not in page
    assert "&lt;b&gt;về&lt;/b&gt;" in page
    assert "Không có trong danh bạ" in page  # the flag, shown plainly


def test_save_draft_keeps_decisions(editor_client: Any, world: Any) -> None:
    review = make_review(world, world.user("editor"))
    url = reverse("meetings:review-detail", args=[review.pk])
    before = WorkingSession.objects.count()
    data = review_form(review, **{"p2-action": "reject", "c1-text": "Rà soát bất cập",
                                  "do": "save"})
    assert editor_client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.decisions["p2"]["action"] == "reject"
    assert review.decisions["c1"] == {"action": "edit", "values": review.decisions["c1"]["values"]}
    assert review.decisions["c1"]["values"]["text"] == "Rà soát bất cập"
    assert review.decisions["p1"]["action"] == "confirm"
    assert WorkingSession.objects.count() == before
    page = editor_client.get(url).content.decode()
    assert 'name="p2-action" value="reject" checked' in page
    assert "Rà soát bất cập</textarea>" in page


def test_a_conflict_keeps_the_users_choices(editor_client: Any, world: Any) -> None:
    review = make_review(world, world.user("editor"))
    url = reverse("meetings:review-detail", args=[review.pk])
    stale = review_form(review, **{"c1-text": "Lời của tôi", "do": "save"})
    editor_client.post(url, review_form(review, **{"p1-action": "reject", "do": "save"}))
    response = editor_client.post(url, stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this review" in page
    assert "Lời của tôi</textarea>" in page
    review.refresh_from_db()
    assert review.decisions["p1"]["action"] == "reject"
    assert f'name="version" value="{review.version}"' in page  # saving again overwrites


def test_create_records_goes_through_a_confirmation(editor_client: Any, world: Any) -> None:
    review = make_review(world, world.user("editor"))
    url = reverse("meetings:review-detail", args=[review.pk])
    response = editor_client.post(url, review_form(review, do="apply"))
    confirm = reverse("meetings:review-apply", args=[review.pk])
    assert response["Location"] == confirm
    assert not WorkingSession.objects.exists()
    page = editor_client.get(confirm).content.decode()
    assert "a working session:" in page and "a new draft plan" in page
    assert not WorkingSession.objects.exists()
    review.refresh_from_db()
    response = editor_client.post(confirm, {"version": review.version, "plan": ""})
    session = WorkingSession.objects.get()
    assert response["Location"] == reverse("meetings:session-detail", args=[session.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.DONE and review.session == session
    page = editor_client.get(response["Location"]).content.decode()
    task = session.conclusions.get(task__isnull=False).task
    assert reverse("task-detail", args=[task.pk]) in page
    assert reverse("person-detail", args=[world.people["descendant"].pk]) in page


def test_a_row_error_shows_next_to_the_row(editor_client: Any, world: Any) -> None:
    review = make_review(world, world.user("editor"))
    url = reverse("meetings:review-detail", args=[review.pk])
    data = review_form(review, **{"d1-action": "confirm", "d1-issuer": world.units["own"].pk,
                                  "do": "apply"})
    editor_client.post(url, data)
    before = counts()
    response = editor_client.get(reverse("meetings:review-apply", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index('id="row-d1"'):]
    row = row[:row.index("</fieldset>")]
    assert "without its date cannot be registered" in row
    assert 'name="d1-issuer"' in row
    assert counts() == before


def _pdf_without_text() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_password() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_FILES = {
    "too large": (b"a" * (5 * 1024 * 1024 + 1), "the limit is"),
    "binary": (bytes(range(256)) * 8, "binary data"),
    "undecidable encoding": ("日本語の文章です。".encode("shift_jis") * 5,
                             "encoding could not be determined"),
    "pdf without text": (_pdf_without_text(), "no text layer"),
    "password-protected pdf": (_pdf_with_password(), "password-protected"),
    "empty file": (b"   \n", "The input is empty."),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_say_why_and_create_nothing(editor_client: Any, world: Any,
                                              case: str) -> None:
    data, message = BAD_FILES[case]
    before = counts()
    response = editor_client.post(reverse("meetings:article-read"), {
        "unit": world.units["own"].pk, "file": SimpleUploadedFile("bai.bin", data)})
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in e for e in form.errors.get("file", [])), form.errors
    assert message in response.content.decode()
    assert counts() == before


def test_empty_text_says_so_and_creates_nothing(editor_client: Any, world: Any) -> None:
    before = counts()
    response = editor_client.post(reverse("meetings:article-read"), {
        "unit": world.units["own"].pk, "text": "  "})
    assert response.status_code == 200
    assert "Paste the text of the article" in response.context["form"].errors["text"][0]
    assert counts() == before


def test_the_unit_must_be_one_the_user_writes(editor_client: Any, world: Any) -> None:
    response = editor_client.post(reverse("meetings:article-read"), {
        "unit": world.units["descendant"].pk, "text": TEXT})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not ArticleReview.objects.exists()


def test_open_reviews_are_listed_to_resume(editor_client: Any, world: Any,
                                           django_assert_max_num_queries: Any) -> None:
    reviews = [make_review(world, world.user("editor")) for _i in range(3)]
    other = make_review(world, world.user("superuser"), world.units["sibling"])
    with django_assert_max_num_queries(8):
        page = editor_client.get(reverse("meetings:review-list")).content.decode()
    for review in reviews:
        assert reverse("meetings:review-detail", args=[review.pk]) in page
    assert reverse("meetings:review-detail", args=[other.pk]) not in page
