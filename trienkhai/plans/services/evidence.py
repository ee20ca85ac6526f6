"""Evidence files (minh chứng) of a progress report.

The type is judged by the bytes with the registry's own sniffer (documents.attachments.sniff:
PDF, DOCX, plain text), plus photos (JPEG, PNG), which evidence often is. The size limit is
`TRIENKHAI_MAX_EVIDENCE_BYTES` (default: the registry's upload limit). Files are checked before
anything is written (`evidence_prepare`), stored inside the caller's transaction, and removed
from storage again if that transaction fails: nothing partial is kept.
"""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record
from trienkhai.documents.attachments import FileKind, max_upload_bytes, sniff

from ..models import Evidence, ProgressReport, ReportState

JPEG = FileKind("jpeg", "image/jpeg", "jpg")
PNG = FileKind("png", "image/png", "png")
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)
MAX_FILES = 10


def max_evidence_bytes() -> int:
    return int(getattr(settings, "TRIENKHAI_MAX_EVIDENCE_BYTES", max_upload_bytes()))


@dataclass(frozen=True)
class EvidenceFile:
    """An uploaded file that passed the checks, not stored yet."""

    data: bytes
    name: str
    kind: FileKind


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _read(file: Any, field: str) -> tuple[bytes, str]:
    limit = max_evidence_bytes()
    size = getattr(file, "size", None)
    if isinstance(file, bytes | bytearray):
        size = len(file)
    too_big = _("%(name)s is %(size)s; the limit is %(limit)s.")
    name = str(getattr(file, "name", "") or "")
    if size is not None and size > limit:
        raise _refuse(field, too_big % {"name": name or _("The file"),
                                        "size": filesizeformat(size),
                                        "limit": filesizeformat(limit)})
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _refuse(field, too_big % {"name": name or _("The file"),
                                        "size": filesizeformat(len(data)),
                                        "limit": filesizeformat(limit)})
    return data, name


def _kind(data: bytes, name: str, field: str) -> FileKind:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    try:
        return sniff(data)
    except ValidationError:
        raise _refuse(field, _(
            "%(name)s is not accepted: evidence must be a PDF, DOCX, plain-text, JPEG or PNG "
            "file (judged by its content, not its name).") % {"name": name or _("The file")}
        ) from None


def evidence_prepare(file: Any, *, name: str = "", field: str = "file") -> EvidenceFile:
    """Check one upload (size, then type from the bytes); raise a ValidationError on `field`."""
    data, file_name = _read(file, field)
    display = (name or file_name).rsplit("/", 1)[-1]
    if not data:
        raise _refuse(field, _("%(name)s is empty.") % {"name": display or _("The file")})
    kind = _kind(data, display, field)
    return EvidenceFile(data=data, name=(display or f"{kind.name}.{kind.extension}")[:255],
                        kind=kind)


def evidence_prepare_many(files: Sequence[Any], *, field: str = "evidence"
                          ) -> list[EvidenceFile]:
    if len(files) > MAX_FILES:
        raise _refuse(field, _("At most %(count)d files can be attached at once.")
                      % {"count": MAX_FILES})
    errors: list[str] = []
    prepared = []
    for file in files:
        try:
            prepared.append(evidence_prepare(file, field=field))
        except ValidationError as error:
            errors.extend(error.message_dict[field])
    if errors:
        raise ValidationError({field: errors})
    return prepared


@contextlib.contextmanager
def stored_files() -> Iterator[list[str]]:
    """Collects the names of files stored inside; deletes them all if the block fails."""
    names: list[str] = []
    try:
        yield names
    except BaseException:
        storage = Evidence._meta.get_field("file").storage
        for name in names:
            storage.delete(name)
        raise


def evidence_store(*, report: ProgressReport, files: Sequence[EvidenceFile],
                   stored: list[str]) -> list[Evidence]:
    """Store checked files on `report`, inside the caller's transaction (audited)."""
    out = []
    for prepared in files:
        evidence = Evidence(report=report, original_name=prepared.name,
                            content_type=prepared.kind.content_type, size=len(prepared.data))
        stored_name = f"{uuid.uuid4().hex}.{prepared.kind.extension}"
        evidence.file.save(stored_name, ContentFile(prepared.data, name=stored_name), save=False)
        stored.append(str(evidence.file.name))
        evidence.save()
        out.append(evidence)
    if out:
        audit_record(action=AuditAction.UPDATE, obj=report, unit_id=report.unit_id,
                     changes={"evidence": [None, [e.original_name for e in out]]})
    return out


def _editable(report: ProgressReport) -> None:
    if report.state not in EDITABLE_STATES:
        raise ValidationError({"file": _(
            "Evidence can be added or removed only while the report is a draft or returned.")})


def evidence_add(*, report: ProgressReport, file: Any, name: str = "") -> Evidence:
    """Attach one file to a draft or returned report."""
    prepared = evidence_prepare(file, name=name)
    with stored_files() as stored, transaction.atomic():
        locked = ProgressReport.objects.select_for_update().select_related(
            "task__plan").get(pk=report.pk)
        _editable(locked)
        return evidence_store(report=locked, files=[prepared], stored=stored)[0]


@transaction.atomic
def evidence_remove(*, evidence: Evidence) -> None:
    locked = ProgressReport.objects.select_for_update().select_related("task__plan").get(
        pk=evidence.report_id)
    _editable(locked)
    name, file_name = evidence.original_name, str(evidence.file.name)
    evidence.delete()
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                 changes={"evidence": [name, None]})
    storage = evidence.file.storage
    transaction.on_commit(lambda: storage.delete(file_name))


def evidence_response(evidence: Evidence) -> FileResponse:
    """The stored file as a download, under its original name and sniffed type."""
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name, content_type=evidence.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
