"""Bad input: a clear message on the field, and nothing partial saved (rows or files)."""
from __future__ import annotations

import datetime
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.plans.models import Evidence, IndicatorType, ProgressReport
from trienkhai.plans.services.evidence import evidence_add
from trienkhai.plans.services.reports import report_create, report_update

from .reports_support import TODAY, D, make_plan, make_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english_messages(settings: Any) -> Any:
    # These tests assert the English message ids; the Vietnamese catalog is checked elsewhere.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def task(world: Any) -> Any:
    return make_task(make_plan(world.units["own"]))


@pytest.fixture
def count_task(world: Any) -> Any:
    return make_task(make_plan(world.units["own"]), indicator_type=IndicatorType.COUNT,
                     target_value=2, measure="mô hình")


def _files_stored() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _create(task: Any, **kw: Any) -> ProgressReport:
    kw.setdefault("status", "on_track")
    kw.setdefault("period", "2025-Q1")
    kw.setdefault("today", TODAY)
    with acting_as(None, "test"):
        return report_create(task=task, **kw)


def _refused(task: Any, field: str, **kw: Any) -> str:
    before_files = _files_stored()
    before_audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        _create(task, **kw)
    assert field in error.value.message_dict, error.value.message_dict
    assert ProgressReport.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert _files_stored() == before_files
    assert AuditEntry.objects.count() == before_audit
    return " ".join(error.value.message_dict[field])


def test_closed_period(task: Any) -> None:
    message = _refused(task, "period", percent=10, today=D(2025, 4, 11))
    assert "2025-Q1" in message and "10/04/2025" in message


def test_period_not_begun_and_unknown(task: Any) -> None:
    assert "2025-Q3" in _refused(task, "period", period="2025-Q3", percent=10)
    assert "2031-Q1" in _refused(task, "period", period="2031-Q1", percent=10)


@pytest.mark.parametrize("percent", [-1, 100.01, 150, "abc"])
def test_percent_outside_0_100(task: Any, percent: Any) -> None:
    _refused(task, "percent", percent=percent)


def test_value_for_a_percent_task(task: Any) -> None:
    assert "percent" in _refused(task, "value", value=3)


def test_percent_for_a_count_task(count_task: Any) -> None:
    assert "mô hình" in _refused(count_task, "percent", percent=50)
    assert "mô hình" in _refused(count_task, "value")


def test_milestone_is_zero_or_one(world: Any) -> None:
    task = make_task(make_plan(world.units["own"]), indicator_type=IndicatorType.MILESTONE)
    _refused(task, "value", value=2)


def test_negative_value(count_task: Any) -> None:
    _refused(count_task, "value", value=-1)


def test_done_must_be_100(task: Any) -> None:
    _refused(task, "percent", status="done", percent=80)


def test_late_needs_a_narrative(task: Any) -> None:
    _refused(task, "narrative", status="late", percent=10)


def test_dates_out_of_order(task: Any) -> None:
    message = _refused(task, "period_end", period="", period_start=D(2025, 3, 31),
                       period_end=D(2025, 1, 1), percent=10)
    assert message


def test_dates_not_a_period_of_the_task(task: Any) -> None:
    _refused(task, "period", period="", period_start=D(2025, 2, 1), period_end=D(2025, 3, 31),
             percent=10)


def test_duplicate_period(task: Any) -> None:
    _create(task, percent=10)
    with pytest.raises(ValidationError) as error:
        _create(task, percent=20)
    assert "period" in error.value.message_dict
    assert ProgressReport.objects.count() == 1


def test_several_errors_at_once(task: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _create(task, percent=101, value=2, today=D(2025, 5, 1))
    assert {"percent", "value", "period"} <= set(error.value.message_dict)


@pytest.mark.parametrize(("data", "name"), [
    (b"MZ\x90\x00" + b"\x00" * 100, "bao-cao.pdf"),  # a program named .pdf
    (b"GIF89a" + b"\x00" * 20, "anh.gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "cu.doc"),
])
def test_evidence_of_an_unexpected_type(task: Any, data: bytes, name: str) -> None:
    upload = SimpleUploadedFile(name, data)
    message = _refused(task, "evidence", percent=10, evidence=[upload])
    assert name in message


@override_settings(TRIENKHAI_MAX_EVIDENCE_BYTES=1000)
def test_evidence_too_large(task: Any) -> None:
    upload = SimpleUploadedFile("lon.pdf", PDF + b"x" * 2000)
    message = _refused(task, "evidence", percent=10, evidence=[upload])
    assert "lon.pdf" in message and filesizeformat(1000) in message


def test_good_and_bad_files_together_store_nothing(task: Any) -> None:
    good = SimpleUploadedFile("ok.pdf", PDF)
    bad = SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 10)
    _refused(task, "evidence", percent=10, evidence=[good, bad])


def test_a_failure_after_storing_removes_the_files(task: Any, monkeypatch: Any) -> None:
    """The files are written inside the transaction; if it fails they are deleted again."""
    from trienkhai.plans.services import reports

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("audit failed")

    before = _files_stored()
    original = reports.evidence_store

    def store_then_fail(**kwargs: Any) -> Any:
        original(**kwargs)
        explode()

    monkeypatch.setattr(reports, "evidence_store", store_then_fail)
    with pytest.raises(RuntimeError):
        _create(task, percent=10, evidence=[SimpleUploadedFile("a.pdf", PDF)])
    assert ProgressReport.objects.count() == 0 and _files_stored() == before


def test_accepted_evidence_types_are_sniffed(task: Any) -> None:
    uploads = [SimpleUploadedFile("a.bin", PDF), SimpleUploadedFile("b", _docx()),
               SimpleUploadedFile("c.jpg", PNG), SimpleUploadedFile("d.txt", "Biên bản".encode())]
    report = _create(task, percent=10, evidence=uploads)
    types = sorted(Evidence.objects.filter(report=report).values_list("content_type", flat=True))
    assert types == sorted(["application/pdf", "image/png", "text/plain; charset=utf-8",
                            "application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document"])
    for evidence in Evidence.objects.all():
        assert os.path.exists(evidence.file.path)


def test_evidence_only_on_drafts(world: Any, task: Any) -> None:
    from .reports_support import approved

    report = approved(task, world.user("editor"), world.user("approver"))
    with pytest.raises(ValidationError), acting_as(None, "t"):
        evidence_add(report=report, file=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ValidationError), acting_as(None, "t"):
        report_update(report=report, version=report.version,
                      evidence=[SimpleUploadedFile("a.pdf", PDF)])
    assert Evidence.objects.count() == 0


def test_unknown_field_refused(task: Any) -> None:
    report = _create(task, percent=10)
    with pytest.raises(ValidationError) as error:
        report_update(report=report, version=1, state="approved")
    assert "state" in error.value.message_dict
    assert isinstance(report.period_start, datetime.date)
