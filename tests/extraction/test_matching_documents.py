"""match_article on documents (linked, ambiguous across terms, proposed, beyond clearance),
on the evidence of deadlines, quotas and organisations, and the sentence splitter."""
from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from trienkhai.accounts.models import Clearance, Role
from trienkhai.core.context import acting_as
from trienkhai.documents.models import Confidentiality
from trienkhai.documents.services import document_create
from trienkhai.extraction.evidence import Sentences, sentences
from trienkhai.extraction.matching import AMBIGUOUS, UNKNOWN_DOCUMENT, match_article

from ..conftest import make_user

D = datetime.date


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def docs(world):
    root, own = world.units["root"], world.units["own"]
    with acting_as(None, "test:matching"):
        return {
            "kl-xii": document_create(issuer=root, symbol="01-KL/TW", signed_on=D(2016, 5, 10),
                                      title="Kết luận về công tác tuyên giáo", term="XII"),
            "kl-xiii": document_create(issuer=root, symbol="01-KL/TW", signed_on=D(2021, 5, 18),
                                       title="Kết luận về tiếp tục thực hiện Chỉ thị 05",
                                       term="XIII"),
            "nq-dh": document_create(
                issuer=root, doc_type="NQ", signed_on=D(2021, 2, 1), term="XIII",
                title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
            "nq-45": document_create(issuer=own, symbol="45-NQ/TU", signed_on=D(2019, 3, 1),
                                     title="Nghị quyết về xây dựng Thành phố"),
            "secret": document_create(issuer=own, symbol="07-CT/TU", signed_on=D(2020, 1, 6),
                                      title="Chỉ thị về công tác bảo vệ nội bộ",
                                      confidentiality=Confidentiality.CONFIDENTIAL),
            "sibling": document_create(issuer=world.units["sibling"], symbol="09-KH/TU",
                                       signed_on=D(2021, 9, 9), title="Kế hoạch của Cà Mau"),
        }


def only_doc(matches):
    assert len(matches.documents) == 1, matches.documents
    return matches.documents[0]


def test_symbol_with_its_date_links_the_right_term(world, docs):
    text = "Các cấp ủy quán triệt Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị."
    found = only_doc(match_article(text, user=world.user("viewer"), on=D(2022, 6, 1)))
    assert found.document == docs["kl-xiii"] and found.flags == []
    evidence = found.evidence[0]
    assert evidence.sentence == text
    assert evidence.sentence[slice(*evidence.spans[0])].startswith("Kết luận số 01-KL/TW")


def test_symbol_repeated_across_terms_is_ambiguous_unless_the_date_decides(world, docs):
    text = "Các cấp ủy tiếp tục quán triệt Kết luận số 01-KL/TW của Bộ Chính trị."
    viewer = world.user("viewer")
    later = only_doc(match_article(text, user=viewer, on=D(2022, 6, 1)))
    assert later.document is None and [f.code for f in later.flags] == [AMBIGUOUS]
    assert set(later.candidates) == {docs["kl-xii"], docs["kl-xiii"]}
    # In 2018 only the first was signed: an article cannot cite a later one.
    earlier = only_doc(match_article(text, user=viewer, on=D(2018, 1, 1)))
    assert earlier.document == docs["kl-xii"] and earlier.flags == []


def test_loose_symbol_and_bare_number_are_linked(world, docs):
    viewer = world.user("viewer")
    loose = only_doc(match_article("Thực hiện Nghị quyết số 45 - NQ-TU của Thành ủy.",
                                   user=viewer, on=D(2022, 1, 1)))
    assert loose.document == docs["nq-45"]
    bare = only_doc(match_article("Thực hiện Nghị quyết 45 của Thành ủy về xây dựng.",
                                  user=viewer, on=D(2022, 1, 1)))
    assert bare.document == docs["nq-45"]


def test_document_without_symbol_is_linked_by_its_title(world, docs):
    text = "Thành ủy quán triệt Nghị quyết Đại hội lần thứ 13 của Đảng đến từng chi bộ."
    found = only_doc(match_article(text, user=world.user("viewer"), on=D(2022, 6, 1)))
    assert found.document == docs["nq-dh"]


def test_unknown_documents_are_proposed(world, docs):
    text = "Thực hiện Kết luận số 99-KL/TW và Nghị quyết Đại hội lần thứ 9 của Đảng."
    matches = match_article(text, user=world.user("viewer"), on=D(2022, 6, 1))
    assert len(matches.documents) == 2
    for found in matches.documents:
        assert found.proposed and [f.code for f in found.flags] == [UNKNOWN_DOCUMENT]


def test_documents_beyond_clearance_or_scope_are_not_linked(world, docs):
    text = "Thực hiện Chỉ thị số 07-CT/TU và Kế hoạch số 09-KH/TU."
    day = D(2022, 1, 1)
    seen = match_article(text, user=world.user("viewer"), on=day).documents
    assert len(seen) == 2
    for found in seen:
        assert found.proposed and not found.candidates
        assert "bảo vệ" not in found.flags[0].message
    cleared = make_user("cleared", world.units["own"], Role.VIEWER,
                        clearance=Clearance.CONFIDENTIAL)
    linked = [d.document for d in match_article(text, user=cleared, on=day).documents]
    assert linked == [docs["secret"], None]


def test_deadlines_quotas_and_organisations_carry_their_sentence(world):
    text = ("Thành ủy TP.HCM yêu cầu mỗi năm phát triển ít nhất 2 mô hình điển hình. "
            "Các quận ủy hoàn thành trước ngày 30/6/2025.")
    matches = match_article(text, user=world.user("viewer"), on=D(2022, 6, 1))
    deadline = matches.deadlines[0]
    evidence = deadline.evidence[0]
    assert evidence.sentence == "Các quận ủy hoàn thành trước ngày 30/6/2025."
    assert evidence.sentence[slice(*evidence.spans[0])] == deadline.extracted["text"]
    quota = matches.quotas[0]
    assert quota.evidence[0].sentence.startswith("Thành ủy TP.HCM yêu cầu")
    assert all(item.evidence for item in matches.organisations)


@pytest.mark.parametrize(("text", "expected"), [
    ("Thành ủy TP.HCM họp. Ông A phát biểu.", ["Thành ủy TP.HCM họp.", "Ông A phát biểu."]),
    ("Theo Kết luận Số 01-KL/TW. Tiếp theo.", ["Theo Kết luận Số 01-KL/TW.", "Tiếp theo."]),
    ("Hạn 30/6/2025 và 30.6.2025 là hạn chót! Xong?", ["Hạn 30/6/2025 và 30.6.2025 là hạn chót!",
                                                       "Xong?"]),
    ("Đồng chí Nguyễn V. A dự. TS. Lê B phát biểu.", ["Đồng chí Nguyễn V. A dự.",
                                                       "TS. Lê B phát biểu."]),
    ("Dòng một\n\nDòng hai. “Trích dẫn.” Hết", ["Dòng một", "Dòng hai.", "“Trích dẫn.”", "Hết"]),
])
def test_sentence_splitter(text, expected):
    assert [text[a:b] for a, b in sentences(text)] == expected


def test_evidence_keeps_at_most_three_sentences():
    text = " ".join(["Ông Lê Văn Tám phát biểu."] * 5)
    found = Sentences(text).evidence_for("Lê Văn Tám")
    assert len(found) == 3 and all(e.spans == [(4, 14)] for e in found)
