"""The table of how consultation comments were handled (bảng tổng hợp tiếp thu, giải trình),
as DOCX (Party document layout basics, shared/party-document-format.md) and XLSX.

The DOCX follows what is confirmed of Hướng dẫn 36-HD/VPTW and the suggested defaults for the
rest: Times New Roman; "ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold top right, underlined; parent body 14
and issuing body 14 bold top left, then "*"; place and date 14 italic; type name 15 bold, the
trích yếu 14 bold; body 13–14; A4 landscape for the wide table (suggested), margins 20/20/30/15.
Callers pass only rows the user may read (selectors.plans.plan_comments).
"""
from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Clearance
from trienkhai.units.models import Unit

from .models import ConsultationComment, Handling, Plan

FONT = "Times New Roman"
PARTY_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"  # the fixed title of every Party document (box 1)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PREFIXES = ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ ", "Tỉnh ủy ", "Thành ủy ")


def columns() -> list[str]:
    return [_("No."), _("Section"), _("Comment"), _("Comment from"), _("Handling"),
            _("What was taken in, or the explanation")]


def place_name(unit: Unit) -> str:
    """Where the issuing body sits, from its province-level unit ("Thành phố Hồ Chí Minh")."""
    province = Unit.objects.filter(path=unit.path[:8]).values_list("name", flat=True).first()
    name = province or unit.name
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def date_line(place: str, day: datetime.date) -> str:
    # Day below 10 and months 1-2 take a leading zero (36-HD: "ngày 09 tháng 01 năm 2026").
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place, "day": f"{day.day:02d}", "month": month, "year": day.year}


def trich_yeu(plan: Plan) -> str:
    return _("on how the comments on the draft “%(title)s” were taken in and explained") % {
        "title": plan.title}


def _section_label(comment: ConsultationComment) -> str:
    if comment.section is None:
        return _("The whole draft")
    return f"{comment.section.position}. {comment.section.heading}"


def rows(comments: Sequence[ConsultationComment]) -> list[list[str]]:
    return [
        [str(i), _section_label(c), c.text, c.author, str(Handling(c.handling).label),
         c.response]
        for i, c in enumerate(comments, start=1)
    ]


def _parent_name(unit: Unit) -> str:
    if unit.depth <= 1:
        return ""
    parent = Unit.objects.filter(path=unit.path[:-4]).values_list("name", flat=True).first()
    return parent or ""


def handling_docx(
    plan: Plan, comments: Sequence[ConsultationComment], *, day: datetime.date | None = None
) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    day = day or timezone.localdate()
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    def para(cell_or_doc, text: str, *, size: int = 14, bold: bool = False,
             italic: bool = False, underline: bool = False, align: int | None = None) -> None:
        paragraph = cell_or_doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    parent = _parent_name(plan.unit)
    if parent:
        para(left, parent.upper(), align=center)
    para(left, plan.unit.name.upper(), bold=True, align=center)
    para(left, "*", align=center)
    para(right, PARTY_HEADER, size=15, bold=True, underline=True, align=center)
    para(right, date_line(place_name(plan.unit), day), italic=True, align=center)
    if plan.confidentiality:
        para(doc, str(Clearance(plan.confidentiality).label).upper(), bold=True)
    para(doc, "")
    para(doc, _("SUMMARY TABLE"), size=15, bold=True, align=center)
    para(doc, trich_yeu(plan), bold=True, align=center)
    para(doc, "-----", align=center)

    table = doc.add_table(rows=1, cols=len(columns()))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(12), Mm(40), Mm(70), Mm(40), Mm(28), Mm(62)]
    for cell, title, width in zip(table.rows[0].cells, columns(), widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = center
        run = cell.paragraphs[0].add_run(title)
        run.bold, run.font.size = True, Pt(13)
    for values in rows(comments):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(13)
    if not comments:
        para(doc, _("No comments were received."), italic=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def handling_xlsx(plan: Plan, comments: Sequence[ConsultationComment]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Handling")[:31]
    sheet.append([_("SUMMARY TABLE") + " " + trich_yeu(plan)])
    sheet.append([plan.unit.name])
    sheet.append([])
    sheet.append(columns())
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for values in rows(comments):
        sheet.append(values)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCDEF", (6, 30, 60, 30, 18, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_name(plan: Plan, extension: str) -> str:
    return f"tiep-thu-giai-trinh-ke-hoach-{plan.pk}.{extension}"
