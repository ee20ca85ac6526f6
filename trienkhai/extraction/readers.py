"""Input → article text. The kind is sniffed from the bytes (magic numbers), never the name.

Plain text (UTF-8 with or without BOM, UTF-16, Windows-1258), Word .docx, PDF with a text layer
and saved HTML. Anything else raises `ExtractionInputError` with a gettext message id.
"""
from __future__ import annotations

import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import BinaryIO, Literal

from trienkhai.extraction import errors
from trienkhai.extraction.cleaning import clean, normalise
from trienkhai.extraction.errors import ExtractionInputError

MAX_BYTES = 5 * 1024 * 1024
Kind = Literal["text", "html", "pdf", "docx"]

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.IGNORECASE)
# Letters that only Vietnamese (among Latin-script languages) uses, after NFC.
_VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]"
)
_LATIN_VOWELS_WITH_TONE = set("àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ")


def sniff(data: bytes) -> Kind:
    """The kind of document in `data`; raises for empty, binary or unsupported input."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ExtractionInputError(errors.OLD_WORD)
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or (13 < b < 32 and b != 27))
    return controls > max(2, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _plausible_vietnamese(text: str) -> bool:
    """A legacy decode is kept only if its non-ASCII letters read as Vietnamese."""
    composed = unicodedata.normalize("NFC", text)
    foreign = [c for c in composed if ord(c) > 127]
    if not foreign:
        return True
    viet = sum(1 for c in foreign if _VIETNAMESE.match(c) or c in _LATIN_VOWELS_WITH_TONE)
    return viet >= 0.8 * len(foreign) and any(_VIETNAMESE.match(c) for c in foreign)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes of a text file → str. Order: BOM, UTF-16 shape, declared charset, UTF-8, cp1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536] or _looks_binary(data):
        raise ExtractionInputError(errors.BINARY)
    candidates = [declared] if declared else []
    for encoding in [*candidates, "utf-8", "cp1258"]:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "utf-8" or encoding == declared or _plausible_vietnamese(text):
            return text
    raise ExtractionInputError(errors.UNKNOWN_ENCODING)


def _unwrap(text: str) -> str:
    """Join the hard-wrapped lines of a PDF paragraph; keep blank-line paragraph breaks."""
    out: list[str] = []
    for line in (line.strip() for line in text.split("\n")):
        if out and line and out[-1] and out[-1][-1] not in ".:;!?…”\"" and line[:1] not in "-•+":
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:  # an owner password alone still lets anyone read
                if not reader.decrypt(""):
                    raise ExtractionInputError(errors.PDF_ENCRYPTED)
            except (DependencyError, NotImplementedError):
                raise ExtractionInputError(errors.PDF_ENCRYPTED) from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        raise ExtractionInputError(errors.PDF_BROKEN, {"reason": reason}) from None
    text = "\n\n".join(_unwrap(page.strip()) for page in pages if page.strip())
    if not text.strip():
        raise ExtractionInputError(errors.PDF_NO_TEXT)
    return text


def read_docx(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile as exc:
        raise ExtractionInputError(errors.DOCX_BROKEN, {"reason": str(exc)}) from None
    if "word/document.xml" not in names:
        raise ExtractionInputError(errors.ZIP_NOT_DOCX)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises assorted lxml/zip/KeyError types
        raise ExtractionInputError(errors.DOCX_BROKEN, {"reason": str(exc)}) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def read_html(data: bytes) -> str:
    from trienkhai.extraction.htmltext import html_to_text

    declared = _META_CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii", "replace").lower() if declared else None
    return html_to_text(decode_text(data, encoding))


def read_bytes(data: bytes) -> str:
    """Any supported input → normalised article text (NFC, '\\n' line ends, chrome blanked)."""
    if not data.strip():
        raise ExtractionInputError(errors.EMPTY)
    if len(data) > MAX_BYTES:
        raise ExtractionInputError(errors.TOO_LARGE, {"size": len(data), "limit": MAX_BYTES})
    kind = sniff(data)
    if kind == "pdf":
        text = read_pdf(data)
    elif kind == "docx":
        text = read_docx(data)
    elif kind == "html":
        text = read_html(data)
    else:
        text = decode_text(data)
        if _HTML_START.match(text.lstrip("\ufeff").encode("utf-8")[:1024]):
            text = read_html(text.encode("utf-8"))  # UTF-16 saved pages
    text = clean(normalise(text))
    if not text.strip():
        raise ExtractionInputError(errors.EMPTY if kind == "text" else errors.NO_TEXT)
    return text


def read_stream(stream: BinaryIO) -> str:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ExtractionInputError(errors.TOO_LARGE, {"size": f">{MAX_BYTES}", "limit": MAX_BYTES})
    return read_bytes(data)


def read_path(path: str | Path) -> str:
    """Read a file, or standard input for '-'."""
    if str(path) == "-":
        return read_stream(sys.stdin.buffer)
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise ExtractionInputError(errors.TOO_LARGE, {"size": size, "limit": MAX_BYTES})
        with file.open("rb") as handle:
            return read_stream(handle)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise ExtractionInputError(errors.NOT_FOUND, {"path": str(path)}) from None
