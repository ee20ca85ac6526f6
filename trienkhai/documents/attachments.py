"""Attachments: accept PDF, DOCX and plain text only, judged by their bytes, and read their text.

The steps run in order and the first failure stops everything before anything is stored:
size → type sniffed from the content (never from the name) → text extracted → saved with the
document's search columns refreshed and the audit entry, in one transaction.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record

from .models import Attachment, Document
from .services import refresh_search_fields

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A DOCX is a ZIP: refuse one that unpacks to far more than any real document (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_TEXT = 2_000_000  # characters kept from one file


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str


PDF = FileKind("pdf", "application/pdf", "pdf")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
TXT = FileKind("txt", "text/plain; charset=utf-8", "txt")

# What a refused file looks like, to say so plainly: (leading bytes, description).
_KNOWN_OTHERS = [
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a program")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", gettext_lazy("an old Office file (.doc or .xls)")),
    (b"\x89PNG", gettext_lazy("an image")),
    (b"\xff\xd8\xff", gettext_lazy("an image")),
    (b"GIF8", gettext_lazy("an image")),
    (b"Rar!", gettext_lazy("a compressed archive")),
    (b"7z\xbc\xaf", gettext_lazy("a compressed archive")),
    (b"{\\rtf", gettext_lazy("an RTF document")),
]


def max_upload_bytes() -> int:
    return int(getattr(settings, "TRIENKHAI_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _wrong_type(what: str) -> ValidationError:
    return _refuse(_("Only PDF, DOCX and plain-text files are accepted; this file is %(what)s.")
                   % {"what": what})


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _wrong_type(_("a damaged ZIP archive")) from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _refuse(_("This file unpacks to far more than a document; it was refused."))
    return [info.filename for info in infos]


def _decoded_text(data: bytes) -> str | None:
    """The text of a plain-text file (UTF-8, with or without BOM, or UTF-16 with BOM)."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if "\x00" in text or controls > len(text) // 100 else text


def sniff(data: bytes) -> FileKind:
    """The kind of file these bytes are, or a ValidationError saying what they are instead."""
    head = data[:1024]
    if b"%PDF-" in head:  # the header may follow a little junk, as readers allow
        return PDF
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
        raise _wrong_type(_("a ZIP archive or another Office format"))
    for magic, what in _KNOWN_OTHERS:
        if data.startswith(magic):
            raise _wrong_type(str(what))
    if _decoded_text(data) is not None:
        return TXT
    raise _wrong_type(_("of an unknown type (a text file must be UTF-8)"))


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                # Permissions-only protection opens with an empty password.
                opened = bool(reader.decrypt(""))
            except Exception:  # unsupported ciphers raise their own kinds of error
                opened = False
            if not opened:
                raise _refuse(_("This PDF is password-protected: remove the password and upload "
                                "it again."))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise _refuse(_("This PDF cannot be read; it may be damaged.")) from None
    if not text.strip():
        raise _refuse(_("This PDF has no text layer (it is a scan): upload a PDF with text, or "
                        "the DOCX."))
    return text


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of error on a damaged package
        raise _refuse(_("This DOCX cannot be read; it may be damaged.")) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part)


def extract_text(kind: FileKind, data: bytes) -> str:
    if kind is PDF:
        text = _pdf_text(data)
    elif kind is DOCX:
        text = _docx_text(data)
    else:
        text = _decoded_text(data) or ""
    return text.replace("\x00", "")[:MAX_TEXT]


def _read(file: Any) -> tuple[bytes, str]:
    """Bytes and name of an uploaded file, a File or raw bytes; the size is checked first."""
    limit = max_upload_bytes()
    size = getattr(file, "size", None)
    if size is None and isinstance(file, bytes | bytearray):
        size = len(file)
    if size is not None and size > limit:
        raise _refuse(_("The file is %(size)s; the limit is %(limit)s.")
                      % {"size": filesizeformat(size), "limit": filesizeformat(limit)})
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _refuse(_("The file is larger than the limit of %(limit)s.")
                      % {"limit": filesizeformat(limit)})
    return data, str(getattr(file, "name", "") or "")


def file_response(attachment: Attachment) -> FileResponse:
    """The stored file as a download, under its original name and sniffed type."""
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_add(*, document: Document, file: Any, name: str = "") -> Attachment:
    """Attach a file to a document; its text joins the document's search text."""
    data, file_name = _read(file)
    if not data:
        raise _refuse(_("The file is empty."))
    kind = sniff(data)
    text = extract_text(kind, data)
    original = (name or file_name or f"{kind.name}.{kind.extension}").rsplit("/", 1)[-1]
    stored_name = f"{uuid.uuid4().hex}.{kind.extension}"
    stored = ContentFile(data, name=stored_name)
    attachment = Attachment(
        document=document, original_name=original[:255], content_type=kind.content_type,
        size=len(data), text=text,
    )
    try:
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            attachment.document = locked
            attachment.file.save(stored_name, stored, save=False)
            attachment.save()
            refresh_search_fields(locked)
            locked.save(update_fields=["search_title", "search_text"])
            audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.issuer_id,
                         changes={"attachment": [None, attachment.original_name]})
    except BaseException:
        # The database rolled back; the stored file must go too ("nothing saved on error").
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
