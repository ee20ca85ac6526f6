"""Registry services: every refusal with its reason, the audit trail, nothing saved on error."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.documents.attachments import attachment_add
from trienkhai.documents.models import Attachment, Document, DocumentRelation, DocumentType
from trienkhai.documents.services import (
    document_create,
    document_update,
    relation_add,
    relation_remove,
)

from .helpers import EXE, docx_bytes, pdf_bytes

D = datetime.date


@pytest.fixture(autouse=True)
def _english_and_actor():
    with translation.override("en"), acting_as(None, "test:services"):
        yield


def create(world, **fields):
    values = {"issuer": world.units["root"], "signed_on": D(2021, 5, 18),
              "title": "Kết luận về tiếp tục thực hiện Chỉ thị 05-CT/TW"}
    values.update(fields)
    return document_create(**values)


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- symbols ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["01-KL / TƯ", "01/KL-TW", "01-kl/tw", "Số 01-KL/TW"])
def test_symbol_is_stored_normalised_with_type_and_number_from_it(world, typed):
    document = create(world, symbol=typed)
    assert (document.symbol, document.symbol_key) == ("01-KL/TW", "1-KL/TW")
    assert document.doc_type == DocumentType.CONCLUSION
    assert document.number == "01"
    assert "1 kl tw" in document.search_title and "ket luan" in document.search_title


@pytest.mark.parametrize(("typed", "reason"), [
    ("KL/TW", "no number"),
    ("01-KL", "no issuer code"),
    ("01-XYZ/TW", "unknown type code 'XYZ'"),
    ("01-KL/ABC", "unknown issuer code 'ABC'"),
    ("01KL/TW", "no separator before 'KL'"),
])
def test_a_bad_symbol_is_refused_with_the_reason(world, typed, reason):
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol=typed)
    assert errors_of(excinfo)["symbol"] == [f"Not a symbol: {reason}"]
    assert not Document.objects.exists()


def test_a_bare_number_is_not_enough(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="Kết luận 01")
    assert "whole symbol" in errors_of(excinfo)["symbol"][0]


def test_type_number_and_date_must_agree_with_the_symbol(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="01-KL/TW", doc_type=DocumentType.RESOLUTION, number="2")
    errors = errors_of(excinfo)
    assert errors["doc_type"] == ["The symbol 01-KL/TW is a Conclusion, not a Resolution."]
    assert errors["number"] == ["The number 2 is not the number of 01-KL/TW."]
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="01-KL/TW ngày 19/5/2021")
    assert "dated 19/05/2021" in errors_of(excinfo)["signed_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="30/2020/NĐ-CP", signed_on=D(2021, 1, 1))
    assert "year 2020" in errors_of(excinfo)["signed_on"][0]


def test_symbol_types_with_several_document_types(world):
    # The Politburo's quy định prints QĐ; an action programme prints CTr.
    regulation = create(world, symbol="399-QĐ/TW", doc_type=DocumentType.REGULATION)
    programme = create(world, symbol="02-CTr/TU", doc_type=DocumentType.ACTION_PROGRAMME)
    decision = create(world, symbol="1147-QĐ/BTGDVTW")
    assert (regulation.doc_type, programme.doc_type, decision.doc_type) == ("QĐi", "CTrHĐ", "QĐ")


def test_a_document_without_symbol_needs_its_type(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, title="Nghị quyết Đại hội XIII")
    assert "doc_type" in errors_of(excinfo)
    document = create(world, title="Nghị quyết Đại hội XIII", doc_type=DocumentType.RESOLUTION)
    assert document.symbol_key == ""


def test_missing_fields_are_reported_together(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="01-KL", title="")
    assert set(errors_of(excinfo)) == {"symbol", "title"}


# --- symbol + date ----------------------------------------------------------------------------


def test_same_symbol_on_the_same_date_is_refused_naming_the_existing_document(world):
    first = create(world, symbol="01-KL/TW")
    with pytest.raises(ValidationError) as excinfo:
        create(world, symbol="1-KL/TƯ", issuer=world.units["own"])  # loose spelling, same key
    message = errors_of(excinfo)["symbol"][0]
    assert message == (f"Conclusion 01-KL/TW signed on 18/05/2021 is already registered "
                       f"(record no. {first.pk}).")
    assert Document.objects.count() == 1


def test_same_symbol_in_another_term_or_date_is_a_different_document(world):
    first = create(world, symbol="01-KL/TW", term="XIII")
    again = create(world, symbol="01-KL/TW", term="XII", signed_on=D(2016, 3, 1))
    same_term = create(world, symbol="01-KL/TW", term="XIII", signed_on=D(2021, 6, 1))
    assert len({first.pk, again.pk, same_term.pk}) == 3
    with pytest.raises(ValidationError):
        document_update(document=same_term, signed_on=D(2021, 5, 18))


# --- update -----------------------------------------------------------------------------------


def test_update_is_audited_and_refreshes_search_text(world):
    document = create(world, symbol="01-KL/TW", full_text="văn bản gốc")
    updated = document_update(document=document, version=1, title="Kết luận mới về Đảng ủy",
                              full_text="toàn văn đã sửa")
    assert updated.version == 2
    assert "dang uy" in updated.search_title and "toan van da sua" in updated.search_text
    entry = AuditEntry.objects.filter(object_id=str(document.pk), action="update").get()
    assert entry.changes["title"][1] == "Kết luận mới về Đảng ủy"
    assert entry.changes["full_text_length"] == [11, 15]  # the text itself is not copied
    assert entry.unit_id == world.units["root"].pk


def test_stale_version_is_a_conflict_and_changes_nothing(world):
    document = create(world, symbol="01-KL/TW")
    document_update(document=document, version=1, title="Lần một")
    with pytest.raises(ConflictError):
        document_update(document=document, version=1, title="Lần hai")
    assert Document.objects.get().title == "Lần một"


def test_update_refuses_unknown_fields(world):
    document = create(world, symbol="01-KL/TW")
    with pytest.raises(ValidationError):
        document_update(document=document, symbol_key="X")


# --- relations --------------------------------------------------------------------------------


@pytest.fixture
def chain(world):
    a = create(world, symbol="05-CT/TW", signed_on=D(2016, 5, 15))
    b = create(world, symbol="01-KL/TW")
    c = create(world, symbol="15-KH/TU", issuer=world.units["own"], signed_on=D(2022, 1, 10))
    return a, b, c


def test_relation_refusals(chain):
    a, b, c = chain
    with pytest.raises(ValidationError) as excinfo:
        relation_add(source=a, target=a, kind="implements")
    assert "itself" in errors_of(excinfo)["target"][0]
    relation_add(source=b, target=a, kind="continues")
    with pytest.raises(ValidationError) as excinfo:
        relation_add(source=b, target=a, kind="continues")
    assert "already recorded" in errors_of(excinfo)["target"][0]
    with pytest.raises(ValidationError) as excinfo:
        relation_add(source=b, target=c, kind="sings")
    assert "kind" in errors_of(excinfo)


def test_cycles_are_refused_across_implements_continues_replaces(chain):
    a, b, c = chain
    relation_add(source=b, target=a, kind="continues")
    relation_add(source=c, target=b, kind="implements")
    for kind in ("implements", "continues", "replaces"):
        with pytest.raises(ValidationError) as excinfo:
            relation_add(source=a, target=c, kind=kind)
        assert "loop" in errors_of(excinfo)["target"][0]
    # Guidance and amendments may point back: they are not a chain of authority.
    relation_add(source=a, target=c, kind="guides")
    assert DocumentRelation.objects.count() == 3


def test_relation_history_is_on_both_documents_as_classified_as_either(world, chain):
    a, _b, c = chain
    document_update(document=a, confidentiality=1)
    relation = relation_add(source=c, target=a, kind="implements")
    relation_remove(relation=relation)
    entries = AuditEntry.objects.filter(changes__has_key="relation")
    assert sorted((e.object_id, e.confidentiality) for e in entries) == sorted(
        [(str(a.pk), 1), (str(c.pk), 1)] * 2
    )
    assert not DocumentRelation.objects.exists()


# --- attachments ------------------------------------------------------------------------------


@pytest.fixture
def document(world):
    return create(world, symbol="01-KL/TW")


def _nothing_saved(media: Path) -> None:
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(changes__has_key="attachment").exists()
    if media.exists():
        assert not [path for path in media.rglob("*") if path.is_file()]


def test_pdf_docx_and_text_are_accepted_and_searchable(document, settings):
    pdf = attachment_add(document=document, file=pdf_bytes("Hoc tap va lam theo"), name="a.pdf")
    docx = attachment_add(document=document, file=docx_bytes("Quán triệt đến chi bộ"),
                          name="b.docx")
    txt = attachment_add(document=document, file="Đảng ủy phường\n".encode(), name="c.txt")
    assert [a.content_type.split(";")[0] for a in (pdf, docx, txt)] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/plain",
    ]
    assert "Hoc tap" in pdf.text and "điểm nghẽn" in docx.text
    search_text = Document.objects.get(pk=document.pk).search_text
    for words in ("hoc tap va lam theo", "quan triet den chi bo", "diem nghen", "dang uy phuong"):
        assert words in search_text
    assert Path(settings.MEDIA_ROOT, pdf.file.name).read_bytes()[:5] == b"%PDF-"
    assert AuditEntry.objects.filter(changes__attachment=[None, "b.docx"]).exists()


def test_type_is_sniffed_from_the_bytes_not_the_name(document, settings):
    with pytest.raises(ValidationError) as excinfo:
        attachment_add(document=document, file=EXE, name="nghi-quyet.pdf")
    assert errors_of(excinfo)["file"] == [
        "Only PDF, DOCX and plain-text files are accepted; this file is a Windows program."
    ]
    text = attachment_add(document=document, file=b"plain words", name="scan.pdf")
    assert text.content_type.startswith("text/plain") and text.file.name.endswith(".txt")
    _docx_named_pdf = attachment_add(document=document, file=docx_bytes("x"), name="y.pdf")
    assert _docx_named_pdf.file.name.endswith(".docx")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "an old Office file"),
    (b"PK\x03\x04not really a zip", "damaged ZIP"),
    (b"\x00\x01\x02binary\xff\xfe\x00", "unknown type"),
    (pdf_bytes(password="mat-khau"), "password-protected"),
    (pdf_bytes(blank=True), "no text layer"),
    (b"%PDF-1.4 garbage that is not a pdf", "cannot be read"),
])
def test_refused_files_leave_nothing_behind(document, settings, data, message):
    with pytest.raises(ValidationError) as excinfo:
        attachment_add(document=document, file=data, name="x.pdf")
    assert message in errors_of(excinfo)["file"][0]
    _nothing_saved(Path(settings.MEDIA_ROOT))


def test_size_limit_comes_from_the_setting(document, settings):
    settings.TRIENKHAI_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        attachment_add(document=document, file=b"x" * 101, name="big.txt")
    assert errors_of(excinfo)["file"] == ["The file is 101\xa0bytes; the limit is 100\xa0bytes."]
    attachment_add(document=document, file=b"x" * 100, name="ok.txt")
    _ = Attachment.objects.get()


def test_a_database_failure_removes_the_stored_file(document, settings, monkeypatch):
    from trienkhai.documents import attachments

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(attachments, "audit_record", broken)
    with pytest.raises(RuntimeError):
        attachment_add(document=document, file=b"text", name="a.txt")
    _nothing_saved(Path(settings.MEDIA_ROOT))


def test_text_is_normalised_but_paragraphs_are_kept(world):
    document = create(world, symbol="01-KL/TW", title="  Kết   luận\n mới ", term=" xiii ",
                      excerpt="Đoạn một.\nĐoạn hai.")
    assert (document.title, document.term) == ("Kết luận mới", "XIII")
    assert document.excerpt == "Đoạn một.\nĐoạn hai."
