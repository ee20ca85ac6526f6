from __future__ import annotations

import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.units.importing import ImportReport, units_import
from trienkhai.units.models import Unit

HEADER = "code,name,short_name,kind,parent_code,party_member_count,active_from,dissolved_on"
VI_HEADER = "Mã,Tên,Tên viết tắt,Loại,Mã đơn vị cấp trên,Số đảng viên,Từ ngày,Giải thể ngày"
# The child comes before its parent: the importer orders rows itself.
ROWS = [
    'HCM-TD-1,Chi bộ khu phố 1,,Chi bộ,HCM-TD,"1.234",2025-07-01,',
    "HCM-TD,Đảng ủy phường Tân Định,ĐU Tân Định,commune_committee,HCM,150,01/07/2025,",
]
TONES = "\u0300\u0301\u0303\u0309\u0323"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in English (the message ids), also where a report is read later.
    with translation.override("en"):
        yield


def run(data: bytes, *, filename: str = "units.csv", dry_run: bool = False,
        partial: bool = False) -> ImportReport:
    # Messages are asserted in English (the message ids), whatever the default language.
    with acting_as(None, "test:import"), translation.override("en"):
        return units_import(data=data, filename=filename, dry_run=dry_run, partial=partial)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def cp1258(text: str) -> bytes:
    """What Excel writes on a Vietnamese Windows: base letters precomposed, tones combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = "".join(c for c in parts if c not in TONES)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", base) + tone)
    return "".join(out).encode("cp1258")


def codes(report: ImportReport) -> dict[str, list[str]]:
    return {key: [change.code for change in getattr(report, key)]
            for key in ("created", "updated", "moved")}


def errors(report: ImportReport) -> set[tuple[int | None, str, str]]:
    return {(e.row, e.field, e.code) for e in report.errors}


def assert_created_tree() -> None:
    ward = Unit.objects.get(code="HCM-TD")
    cell = Unit.objects.get(code="HCM-TD-1")
    assert ward.name == "Đảng ủy phường Tân Định" and ward.short_name == "ĐU Tân Định"
    assert ward.kind == "commune_committee" and ward.party_member_count == 150
    assert ward.active_from == datetime.date(2025, 7, 1)
    assert Unit.objects.get_parent(ward).code == "HCM"
    assert Unit.objects.get_parent(cell).code == "HCM-TD"
    assert cell.kind == "party_cell" and cell.party_member_count == 1234
    assert unicodedata.is_normalized("NFC", ward.name) and ward.search_text.startswith("dang uy")
    assert Unit.objects.find_problems() == ([], [], [], [], [])


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
    pytest.param(lambda text: text.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(lambda text: text.replace(",", "\t").encode("utf-16"), id="utf-16-tabs"),
    pytest.param(lambda text: cp1258(text.replace(",", ";")), id="cp1258-semicolons"),
    pytest.param(lambda text: unicodedata.normalize("NFD", text).encode("utf-8"), id="utf-8-nfd"),
])
def test_csv_in_every_accepted_encoding(world, encode):
    report = run(encode(csv_text(*ROWS)))
    assert report.ok, [e.message for e in report.errors]
    assert codes(report)["created"] == ["HCM-TD", "HCM-TD-1"]  # parents first
    assert report.written
    assert_created_tree()


def test_vietnamese_headers_and_labels(world):
    # The Vietnamese label holds commas: quoted, as a spreadsheet writes it.
    rows = ['HCM-TD,Đảng ủy phường Tân Định,ĐU Tân Định,"Đảng ủy xã, phường, đặc khu",HCM,150,'
            "1/7/2025,",
            "HCM-TD-1,Chi bộ khu phố 1,,PARTY CELL,HCM-TD,1 234,01.07.2025,"]
    report = run(csv_text(*rows, header=VI_HEADER).encode("utf-8-sig"))
    assert report.ok, [e.message for e in report.errors]
    assert_created_tree()


def test_cp1258_is_what_python_writes_after_decomposing():
    # Precomposed letters with tones are not in Windows-1258; the test encoder decomposes them.
    with pytest.raises(UnicodeEncodeError):
        "Đảng".encode("cp1258")
    assert cp1258("Đảng ủy").decode("cp1258") != "Đảng ủy"
    assert unicodedata.normalize("NFC", cp1258("Đảng ủy").decode("cp1258")) == "Đảng ủy"


@pytest.mark.parametrize("data", [
    pytest.param("日本語のテキスト,名前\n".encode("shift_jis"), id="shift-jis"),
    pytest.param("Код,Имя\nПривет,мир\n".encode("cp1251"), id="cp1251"),
    pytest.param(b"code,name\nA,\x81\x8d\x8f\n", id="undefined-bytes"),
    pytest.param(csv_text(*ROWS).encode("utf-16-le"), id="utf-16-without-bom"),
])
def test_undecidable_encoding_is_refused_with_the_way_to_resave(db, data):
    report = run(data)
    assert not report.ok and not report.written
    [error] = report.errors
    assert error.code == "unknown_encoding" and error.row is None
    assert 'File > Save As > "CSV UTF-8 (Comma delimited)"' in error.message
    assert Unit.objects.count() == 0


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_date_and_number_cells(world):
    data = xlsx([
        VI_HEADER.split(","),
        ["HCM-TD-1", "Chi bộ khu phố 1", None, "party_cell", "HCM-TD", 1234,
         datetime.datetime(2025, 7, 1), None],
        [],  # an empty row still counts in the numbering
        ["HCM-TD", "Đảng ủy phường Tân Định", "ĐU Tân Định", "Commune or ward Party committee",
         "HCM", 150.0, datetime.date(2025, 7, 1), None],
        [123, "Chi bộ số", None, "party_cell", "HCM-TD", "many", None, None],
    ])
    report = run(data, filename="units.xlsx", partial=True)
    assert report.file_type == "xlsx"
    assert [c.row for c in report.created] == [4, 2]
    assert errors(report) == {(5, "party_member_count", "bad_number")}
    assert report.errors[0].value == "many" and report.errors[0].column == "Số đảng viên"
    assert_created_tree()


def test_a_second_import_changes_nothing(world):
    data = csv_text(*ROWS).encode()
    run(data)
    before_units = list(Unit.objects.order_by("pk").values_list("pk", "path", "version",
                                                                 "numchild"))
    before_audit = AuditEntry.objects.count()
    report = run(data)
    assert report.ok and report.unchanged == 2
    assert codes(report) == {"created": [], "updated": [], "moved": []}
    assert not report.written
    assert list(Unit.objects.order_by("pk").values_list("pk", "path", "version",
                                                         "numchild")) == before_units
    assert AuditEntry.objects.count() == before_audit


def test_dry_run_reports_and_writes_nothing(world):
    units, audit = Unit.objects.count(), AuditEntry.objects.count()
    report = run(csv_text(*ROWS, "HCM-SG,Đảng ủy phường Sài Gòn mới,,,CM,120,,").encode(),
                 dry_run=True)
    assert report.ok and not report.written
    assert codes(report) == {"created": ["HCM-TD", "HCM-TD-1"], "updated": ["HCM-SG"],
                             "moved": ["HCM-SG"]}
    assert report.updated[0].fields == {"name": ["Đảng ủy phường Sài Gòn",
                                                  "Đảng ủy phường Sài Gòn mới"]}
    assert report.moved[0].fields == {"parent": ["HCM", "CM"]}
    assert Unit.objects.count() == units and AuditEntry.objects.count() == audit
    assert "Dry run: nothing was written." in report.lines()


def test_update_and_move_are_audited_with_the_actor(world):
    data = csv_text("HCM-SG,Đảng ủy phường Sài Gòn,,,CM,125,,").encode()
    report = run(data)
    assert report.ok
    ward = Unit.objects.get(code="HCM-SG")
    assert ward.party_member_count == 125
    assert Unit.objects.get_parent(ward).code == "CM"
    # The ward's own cell moved with it.
    assert Unit.objects.get(code="HCM-SG-KP1").path.startswith(ward.path)
    entries = AuditEntry.objects.filter(object_id=str(ward.pk), actor_label="test:import")
    assert {e.action: e.changes for e in entries} == {
        "update": {"party_member_count": [120, 125]},
        "move": {"parent": [world.units["own"].pk, world.units["sibling"].pk]},
    }
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_moves_follow_the_new_tree_top_down(world):
    # The ward leaves the province, and the province goes under the ward: this only works if
    # the ward moves first.
    report = run(csv_text("HCM,Đảng bộ Thành phố Hồ Chí Minh,,,HCM-SG,,,",
                          "HCM-SG,Đảng ủy phường Sài Gòn,,,TW,,,").encode())
    assert report.ok, [e.message for e in report.errors]
    assert Unit.objects.get_parent(Unit.objects.get(code="HCM")).code == "HCM-SG"
    assert Unit.objects.get_parent(Unit.objects.get(code="HCM-SG")).code == "TW"
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_every_problem_is_named_with_row_field_and_value(world):
    units, audit = Unit.objects.count(), AuditEntry.objects.count()
    rows = [
        "OK1,Chi bộ tốt,,party_cell,HCM,1,,",  # row 2: fine, but nothing is written
        "N1,,,party_cell,HCM,,,",  # 3
        ",Không có mã,,party_cell,HCM,,,",  # 4
        "OK1,Chi bộ trùng,,party_cell,HCM,,,",  # 5
        "N2,Chi bộ,,party_cell,NOPE,,,",  # 6
        "C1,Vòng 1,,party_cell,C2,,,",  # 7
        "C2,Vòng 2,,party_cell,C1,,,",  # 8
        "N3,Chi bộ,,hội đồng,HCM,,,",  # 9
        "N4,Chi bộ,,party_cell,HCM,mười,,",  # 10
        "N5,Chi bộ,,party_cell,HCM,,31/02/2025,",  # 11
        "N6,Chi bộ,,party_cell,HCM,,01/07/2025,30/06/2025",  # 12
        "N7,Chi bộ,,,HCM,,,",  # 13
        "HCM,Đảng bộ Thành phố Hồ Chí Minh,,,HCM-SG-KP1,,,",  # 14: under its own cell
        "N8,Chi bộ,,party_cell,HCM,-5,hôm qua,",  # 15
    ]
    report = run(csv_text(*rows).encode())
    assert errors(report) == {
        (2, "code", "duplicate_code"),
        (3, "name", "missing_name"),
        (4, "code", "missing_code"),
        (5, "code", "duplicate_code"),
        (6, "parent_code", "unknown_parent"),
        (7, "parent_code", "cycle"),
        (8, "parent_code", "cycle"),
        (9, "kind", "unknown_kind"),
        (10, "party_member_count", "bad_number"),
        (11, "active_from", "bad_date"),
        (12, "dissolved_on", "dissolved_before_active"),
        (13, "kind", "missing_kind"),
        (14, "parent_code", "cycle"),
        (15, "party_member_count", "bad_number"),
        (15, "active_from", "bad_date"),
    }
    messages = {(e.row, e.field): e.message for e in report.errors}
    assert messages[(6, "parent_code")] == (
        'Row 6, column "parent_code", value "NOPE": no unit has this code, neither in the file '
        "nor in the database"
    )
    assert messages[(3, "name")] == 'Row 3, column "name": the name is missing'
    assert "C1 → C2 → C1" in messages[(7, "parent_code")]
    assert "HCM → HCM-SG-KP1 → HCM-SG → HCM" in messages[(14, "parent_code")]
    assert "also on row 2" in messages[(5, "code")]
    assert "also on row 5" in messages[(2, "code")]
    assert "below zero" in messages[(15, "party_member_count")]
    assert not report.written and report.created == []
    assert Unit.objects.count() == units and AuditEntry.objects.count() == audit
    assert any(line.startswith("Nothing was written") for line in report.lines())


def test_partial_writes_the_good_rows_and_reports_the_rest(world):
    rows = [
        "P1,Đảng ủy mới,,commune_committee,HCM,,,",  # 2: fine
        "P1-1,Chi bộ 1,,party_cell,P1,,,",  # 3: fine, under a new parent
        "P2,Đảng ủy lỗi,,commune_committee,HCM,,32/01/2025,",  # 4: bad date
        "P2-1,Chi bộ 2,,party_cell,P2,,,",  # 5: its parent is not imported
        "HCM-SG,Đảng ủy phường Sài Gòn,,,HCM,999,,",  # 6: update
    ]
    report = run(csv_text(*rows).encode(), partial=True)
    assert report.written and not report.ok
    assert codes(report) == {"created": ["P1", "P1-1"], "updated": ["HCM-SG"], "moved": []}
    assert errors(report) == {(4, "active_from", "bad_date"),
                              (5, "parent_code", "parent_not_imported")}
    assert "(row 4)" in report.errors[1].message
    assert set(Unit.objects.filter(code__startswith="P").values_list("code", flat=True)) == {
        "P1", "P1-1"}
    assert Unit.objects.get(code="HCM-SG").party_member_count == 999
    assert report.lines()[-1] == "The rows without problems were written."


def test_partial_rechecks_the_tree_without_the_rows_left_out(world):
    # Without row 2 (bad date), the ward stays under the province, so the province cannot go
    # under the ward: that row becomes a loop and is left out too.
    rows = ["HCM-SG,Đảng ủy phường Sài Gòn,,,TW,,99/99/2025,",
            "HCM,Đảng bộ Thành phố Hồ Chí Minh,,,HCM-SG,,,"]
    report = run(csv_text(*rows).encode(), partial=True)
    assert errors(report) == {(2, "active_from", "bad_date"), (3, "parent_code", "cycle")}
    assert report.moved == [] and Unit.objects.get_parent(Unit.objects.get(code="HCM")).code == "TW"


def test_header_without_code_or_name_is_refused(db):
    report = run(b"foo,bar\n1,2\n")
    [error] = report.errors
    assert error.code == "no_header" and error.row == 1
    assert "no column for: code, name" in error.message and report.ignored_columns == ["foo", "bar"]


def test_rows_are_numbered_as_the_spreadsheet_shows_them(world):
    # A quoted cell spanning two lines is one row; blank lines still count.
    text = csv_text('"N1","Chi bộ\ncó xuống dòng",,party_cell,HCM,,,', "", "N2,,,party_cell,HCM,,,")
    report = run(text.encode())
    assert errors(report) == {(4, "name", "missing_name")}


def test_old_excel_and_other_zip_files_are_refused(db):
    assert run(b"\xd0\xcf\x11\xe0" + b"\0" * 100, filename="a.xls").errors[0].code == "old_excel"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert run(out.getvalue(), filename="a.docx").errors[0].code == "not_a_table"
