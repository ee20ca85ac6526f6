"""Readers: every input kind is made here, in the test, never copied from anywhere."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from trienkhai.extraction import ExtractionInputError, errors, extract, read_bytes, read_path
from trienkhai.extraction.readers import MAX_BYTES, sniff

VIET = "Phó Chủ tịch UBND tỉnh Trần Minh Khoa yêu cầu hoàn thành trước ngày 15/9/2025.\n"


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, ASCII), offsets computed by hand."""
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        ops.append(f"({line}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref
    )
    return bytes(out)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed vowels, combining tone marks."""
    import unicodedata

    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def assert_input_error(data: bytes, message_id: str) -> ExtractionInputError:
    with pytest.raises(ExtractionInputError) as caught:
        read_bytes(data)
    assert caught.value.message_id == message_id
    assert caught.value.message  # an English sentence with its parameters filled in
    return caught.value


# --- plain text -------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_and_without_bom(prefix: bytes):
    assert read_bytes(prefix + VIET.encode("utf-8")) == VIET


def test_windows_1258_with_combining_tones_is_composed_to_nfc():
    data = to_cp1258(VIET)
    assert data != VIET.encode("utf-8")
    assert read_bytes(data) == VIET


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(encoding: str):
    assert read_bytes(VIET.encode(encoding)) == VIET


def test_crlf_line_ends_are_normalised():
    assert read_bytes(b"Dong 1\r\nDong 2\r\n") == "Dong 1\nDong 2\n"


def test_undecidable_encoding_is_a_clear_error():
    # Bytes that are neither UTF-8 nor Windows-1258 Vietnamese (Shift-JIS Japanese).
    assert_input_error("日本語の文章です。".encode("shift_jis") * 5, errors.UNKNOWN_ENCODING)


def test_chrome_lines_are_blanked_not_moved():
    text = read_bytes("Tin chính\nRate this post\nNội dung.\nLeave a Reply\n".encode())
    assert text == "Tin chính\n\nNội dung.\n\n"


# --- bad input --------------------------------------------------------------------------------


def test_empty_input():
    assert_input_error(b"", errors.EMPTY)
    assert_input_error(b"  \n\t ", errors.EMPTY)


def test_too_large_input():
    err = assert_input_error(b"a" * (MAX_BYTES + 1), errors.TOO_LARGE)
    assert err.params["limit"] == MAX_BYTES


def test_binary_input():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert_input_error(png, errors.BINARY)


def test_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert_input_error(buffer.getvalue(), errors.ZIP_NOT_DOCX)


def test_old_word_document():
    assert_input_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, errors.OLD_WORD)


def test_missing_file(tmp_path: Path):
    with pytest.raises(ExtractionInputError) as caught:
        read_path(tmp_path / "none.txt")
    assert caught.value.message_id == errors.NOT_FOUND


# --- documents ----------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables(tmp_path: Path):
    import docx

    document = docx.Document()
    document.add_paragraph("Giám đốc Sở Nội vụ Phạm Quốc Khánh phát biểu.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Kế hoạch số 12 ngày 3/4/2025 của UBND tỉnh."
    path = tmp_path / "article.pdf"  # a wrong name: the kind comes from the bytes
    document.save(str(path))
    assert sniff(path.read_bytes()) == "docx"
    result = extract(read_path(path))
    assert [p.name for p in result.people] == ["Phạm Quốc Khánh"]
    assert [d.number for d in result.documents] == ["12"]


def test_pdf_with_a_text_layer_and_wrapped_lines():
    data = minimal_pdf(
        ["Thuc hien Nghi quyet so 05-NQ/TW cua Bo Chinh tri,", "cac don vi bao cao."]
    )
    text = read_bytes(data)
    assert "05-NQ/TW" in text
    assert "Bo Chinh tri, cac don vi" in text  # the wrapped line is joined back
    assert [d.symbol for d in extract(text).documents] == ["05-NQ/TW"]


def test_password_protected_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(minimal_pdf(["Mat"]))))
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert_input_error(out.getvalue(), errors.PDF_ENCRYPTED)


def test_pdf_with_only_an_owner_password_is_readable():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(minimal_pdf(["Chi thi so 35-CT/TW"]))))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "35-CT/TW" in read_bytes(out.getvalue())


def test_scanned_pdf_without_text():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert_input_error(out.getvalue(), errors.PDF_NO_TEXT)


def test_broken_pdf():
    assert_input_error(b"%PDF-1.4\n" + b"rubbish " * 50, errors.PDF_BROKEN)


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Tin</title>
<style>.x { color: red }</style><script>document.write("CHẠY SCRIPT")</script></head>
<body>
<nav class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>
<div class="social-share">Chia sẻ Facebook Zalo</div>
<article>
<h1>Hội nghị quán triệt nghị quyết</h1>
<p>Phó Chủ tịch UBND tỉnh <b>Trần Minh Khoa</b> yêu cầu các sở hoàn thành
trước ngày 15/9/2025. Đây là đoạn văn đủ dài để trang được nhận ra là một bài báo có nội dung
thật sự.</p>
<figure><img src="a.jpg" alt="Ảnh minh họa">
<figcaption>Đồng chí Trần Minh Khoa phát biểu tại hội nghị.</figcaption></figure>
<figure><img src="a.jpg">
<figcaption>Đồng chí Trần Minh Khoa phát biểu tại hội nghị.</figcaption></figure>
<p>Rate this post</p>
<div id="comments"><h3>Leave a Reply</h3><form><textarea>x</textarea></form></div>
</article>
<footer>© 2025 Báo điện tử</footer>
<script>alert("không bao giờ chạy")</script>
</body></html>
"""


def test_saved_html_keeps_the_article_and_drops_chrome(tmp_path: Path):
    path = tmp_path / "page.txt"  # saved with a wrong name
    path.write_text(HTML, encoding="utf-8")
    text = read_path(path)
    assert "Trần Minh Khoa yêu cầu" in text
    assert text.count("Đồng chí Trần Minh Khoa phát biểu tại hội nghị.") == 1
    for chrome in ("CHẠY SCRIPT", "không bao giờ chạy", "color: red", "Trang chủ", "Chia sẻ",
                   "Rate this post", "Leave a Reply", "© 2025", "Ảnh minh họa"):
        assert chrome not in text
    result = extract(text)
    assert [p.name for p in result.people] == ["Trần Minh Khoa"]
    assert [d.text for d in result.deadlines] == ["trước ngày 15/9/2025"]


def test_html_in_windows_1258_declared_in_a_meta_tag():
    page = HTML.replace('charset="utf-8"', 'charset="windows-1258"')
    assert "Trần Minh Khoa" in read_bytes(to_cp1258(page))


def test_standard_input(monkeypatch: pytest.MonkeyPatch):
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(VIET.encode("utf-8"))))
    assert read_path("-") == VIET
