"""Registry pages as an editor of the "own" unit uses them."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from trienkhai.core.context import acting_as
from trienkhai.documents.models import Attachment, Document, DocumentRelation
from trienkhai.documents.services import document_create, document_update, relation_add

from .helpers import EXE, docx_bytes


@pytest.fixture(autouse=True)
def _english_messages(settings):
    # These tests assert the English message ids; the Vietnamese catalog is checked elsewhere.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


D = datetime.date


@pytest.fixture
def editor(world, client):
    client.force_login(world.user("editor"))
    return client


@pytest.fixture
def kl01(world):
    with acting_as(None, "test"):
        return document_create(issuer=world.units["root"], symbol="01-KL/TW",
                               signed_on=D(2021, 5, 18), term="XIII",
                               title="Kết luận về tiếp tục thực hiện Chỉ thị 05-CT/TW",
                               excerpt="Quán triệt sâu sắc trong toàn Đảng bộ")


@pytest.fixture
def plan(world):
    with acting_as(None, "test"):
        return document_create(issuer=world.units["own"], symbol="15-KH/TU",
                               signed_on=D(2022, 1, 10), title="Kế hoạch thực hiện năm 2022")


def form_data(world, **overrides):
    data = {"symbol": "16-KH/TU", "issuer": world.units["own"].pk, "signed_on": "10/02/2022",
            "term": "XI", "title": "Kế hoạch học tập chuyên đề năm 2022",
            "excerpt": "Trích yếu của kế hoạch", "signer_name": "Nguyễn Văn Hiếu",
            "confidentiality": 0, "status": "in_force", "full_text": ""}
    data.update(overrides)
    return data


def test_vietnamese_by_default(world, editor, kl01, settings):
    settings.LANGUAGE_CODE = "vi"  # undo this module's English default for this one check
    html = editor.get(reverse("document-detail", args=[kl01.pk])).content.decode()
    # The page's own labels, not just the lang attribute every Vietnamese page carries.
    assert 'lang="vi"' in html and "Số, ký hiệu" in html and "Number and symbol" not in html


def test_register_a_document(world, editor):
    response = editor.post(reverse("document-create"), form_data(world))
    document = Document.objects.get(symbol="16-KH/TU")
    assert response.status_code == 302 and response["Location"] == reverse(
        "document-detail", args=[document.pk])
    assert document.signed_on == D(2022, 2, 10) and document.doc_type == "KH"
    assert document.signer_name == "Nguyễn Văn Hiếu"


def test_the_form_keeps_the_typing_on_errors(world, editor, kl01):
    with translation.override("en"):
        response = editor.post(reverse("document-create"),
                               form_data(world, symbol="16/KH", title="Tiêu đề tôi đã gõ"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not a symbol: no issuer code" in html
    assert "Tiêu đề tôi đã gõ" in html and "16/KH" in html and "Trích yếu của kế hoạch" in html
    duplicate = editor.post(reverse("document-create"),
                            form_data(world, symbol="01-KL/TW", signed_on="18/05/2021"))
    assert duplicate.status_code == 200
    assert f"{kl01.pk}" in duplicate.context["form"].errors["symbol"][0]
    assert not Document.objects.filter(title="Tiêu đề tôi đã gõ").exists()


def test_a_stale_edit_shows_the_conflict_and_keeps_the_text(world, editor, plan):
    url = reverse("document-edit", args=[plan.pk])
    opened = editor.get(url).context["form"]["version"].value()
    with acting_as(None, "someone else"):
        document_update(document=plan, title="Tiêu đề người khác đã lưu")
    with translation.override("en"):
        response = editor.post(url, form_data(world, symbol="15-KH/TU", signed_on="10/01/2022",
                                              title="Tiêu đề của tôi", version=opened))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this document after you opened it." in html
    assert "Tiêu đề của tôi" in html and "Tiêu đề người khác đã lưu" in html
    again = response.context["form"]["version"].value()
    assert str(again) == "2"
    saved = editor.post(url, form_data(world, symbol="15-KH/TU", signed_on="10/01/2022",
                                       title="Tiêu đề của tôi", version=again))
    assert saved.status_code == 302
    assert Document.objects.get(pk=plan.pk).title == "Tiêu đề của tôi"


def test_add_a_relation_by_a_loose_symbol_and_remove_it_after_confirming(world, editor, kl01,
                                                                         plan):
    response = editor.post(reverse("document-relation-add", args=[plan.pk]),
                           {"kind": "implements", "target": "01/KL-TƯ"})
    assert response.status_code == 302
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.target) == (plan, kl01)
    detail = editor.get(reverse("document-detail", args=[kl01.pk])).content.decode()
    assert reverse("document-detail", args=[plan.pk]) in detail
    assert world.units["own"].name in detail  # the issuer of each step of the cascade
    remove = reverse("document-relation-remove", args=[relation.pk])
    confirm = editor.get(remove)
    assert confirm.status_code == 200 and DocumentRelation.objects.exists()
    assert 'method="post"' in confirm.content.decode()
    assert editor.post(remove).status_code == 302
    assert not DocumentRelation.objects.exists()
    history = editor.get(reverse("document-detail", args=[plan.pk])).context["history"]
    assert [e.changes.get("relation") for e in history][:2] == [
        [str(relation), None], [None, str(relation)]]


def test_relation_errors_stay_on_the_form(world, editor, kl01, plan):
    with translation.override("en"):
        missing = editor.post(reverse("document-relation-add", args=[plan.pk]),
                              {"kind": "implements", "target": "99-KL/TW"})
        itself = editor.post(reverse("document-relation-add", args=[plan.pk]),
                             {"kind": "implements", "target": "15-KH/TU"})
    assert "No document you can read" in missing.context["form"].errors["target"][0]
    assert "itself" in itself.context["form"].errors["target"][0]


def test_upload_download_and_refusal(world, editor, plan, settings, tmp_path):
    url = reverse("document-attachment-add", args=[plan.pk])
    upload = SimpleUploadedFile("ke-hoach.docx", docx_bytes("Học tập và làm theo"))
    assert editor.post(url, {"file": upload}).status_code == 302
    attachment = Attachment.objects.get()
    download = editor.get(reverse("document-attachment-download", args=[attachment.pk]))
    body = b"".join(download.streaming_content)
    assert body[:2] == b"PK"
    assert download["Content-Disposition"].startswith("attachment")
    assert "ke-hoach.docx" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    for public in (f"/{attachment.file.name}", f"/media/{attachment.file.name}"):
        assert editor.get(public).status_code == 404  # no public media URL
    with translation.override("en"):
        refused = editor.post(url, {"file": SimpleUploadedFile("bao-cao.pdf", EXE)})
    assert "a Windows program" in refused.context["form"].errors["file"][0]
    assert Attachment.objects.count() == 1
    found = editor.get(reverse("document-list"), {"q": "lam theo"})
    assert "<mark>làm</mark> <mark>theo</mark>" in found.content.decode()


def test_list_filters_and_highlighted_results(world, editor, kl01, plan):
    listing = editor.get(reverse("document-list"), {"q": "quan triet"})
    html = listing.content.decode()
    assert "<mark>Quán</mark> <mark>triệt</mark>" in html
    assert reverse("document-detail", args=[plan.pk]) not in html
    by_year = editor.get(reverse("document-list"), {"year": 2022}).context["found"]
    assert [r.document for r in by_year.results] == [plan]
    by_type = editor.get(reverse("document-list"), {"type": "KL", "term": "xiii"})
    assert [r.document for r in by_type.context["found"].results] == [kl01]
    by_issuer = editor.get(reverse("document-list"), {"issuer": world.units["own"].pk})
    assert [r.document for r in by_issuer.context["found"].results] == [plan]
    assert by_issuer.context["narrowed_to"] == world.units["own"]
    sibling = editor.get(reverse("document-list"), {"unit": world.units["sibling"].pk})
    assert sibling.context["narrowed_to"] is None  # a unit the user may not see stays unnamed
    assert world.units["sibling"].name not in sibling.content.decode()
    nonsense = editor.get(reverse("document-list"), {"year": "abc", "page": "x"})
    assert nonsense.status_code == 200


def test_list_pages_keep_the_filters(world, editor):
    with acting_as(None, "test"):
        for day in range(1, 30):
            document_create(issuer=world.units["own"], symbol=f"{day}-TB/TU",
                            signed_on=D(2023, 1, day), title="Thông báo kết luận")
    first = editor.get(reverse("document-list"), {"q": "thong bao", "year": 2023})
    assert first.context["found"].total == 29
    assert "?q=thong+bao&amp;year=2023&amp;page=2" in first.content.decode()
    second = editor.get(reverse("document-list"), {"q": "thong bao", "year": 2023, "page": 2})
    assert len(second.context["found"].results) == 4


def test_header_search_finds_documents_next_to_units(world, editor, kl01):
    response = editor.get(reverse("search"), {"q": "01-KL / TƯ"}, HTTP_HX_REQUEST="true")
    assert reverse("document-detail", args=[kl01.pk]) in response.content.decode()
    full = editor.get(reverse("search"), {"q": "quan triet"})
    assert reverse("document-detail", args=[kl01.pk]) in full.content.decode()


def test_relations_the_user_cannot_change_have_no_remove_link(world, client, kl01, plan):
    with acting_as(None, "test"):
        relation = relation_add(source=plan, target=kl01, kind="implements")
    client.force_login(world.user("viewer"))
    html = client.get(reverse("document-detail", args=[kl01.pk])).content.decode()
    assert reverse("document-relation-remove", args=[relation.pk]) not in html
    assert reverse("document-edit", args=[kl01.pk]) not in html


def test_a_capped_total_says_more_than(world, editor, kl01, plan, monkeypatch):
    from trienkhai.documents import search_engines

    monkeypatch.setattr(search_engines, "LIST_CAP", 1)
    with translation.override("en"):
        html = editor.get(reverse("document-list")).content.decode()
    assert "More than 1 documents" in html
