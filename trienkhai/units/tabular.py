"""Read a table a user uploads (CSV or XLSX) into rows of cells, and parse its cells.

The file type is told from the content, not the name. CSV text may come as UTF-8 (with or without
BOM), UTF-16 with BOM, or Windows-1258 (what Excel writes for "CSV" on a Vietnamese Windows);
anything else is refused with a message saying how to save the file as UTF-8. All text is NFC:
Windows-1258 writes tones as combining marks, and macOS may hand over NFD file content.
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trienkhai.core.text import nfc

Cell = str | int | float | datetime.date | None

RESAVE_HINT = gettext_noop(
    "Save the file again as UTF-8: in Excel, File > Save As > \"CSV UTF-8 (Comma delimited)\"; "
    "in LibreOffice, Save As > Text CSV, tick \"Edit filter settings\" and choose "
    "\"Unicode (UTF-8)\". Or save it as an Excel workbook (.xlsx)."
)

_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = "aăâeêioôơuưy"
VIETNAMESE_LETTERS = frozenset(
    nfc(vowel + tone) for vowel in _VOWELS + _VOWELS.upper() for tone in _TONES
) | {"đ", "Đ"}
# Non-ASCII characters that turn up in Vietnamese office files besides letters.
_PUNCTUATION = frozenset("“”‘’–—…«»°·•№§₫€±×÷²³½¼\u00a0")
# A Windows-1258 reading is believed when nearly every non-ASCII character it yields is a
# Vietnamese letter or common punctuation; other code pages read as 1258 give symbol soup.
_PLAUSIBLE_SHARE = 0.95


class TableError(Exception):
    """The file as a whole cannot be read; `code` says why for programs, the message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    encoding: str | None  # for CSV
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)  # (row number, cells)


def read_table(data: bytes) -> Table:
    """The header and non-empty rows, numbered as the user sees them (the first row is 1)."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("old_excel", _(
            "This is an Excel 97-2003 file (.xls), which is not read here. Save it as an Excel "
            "workbook (.xlsx) or as \"CSV UTF-8 (Comma delimited)\"."
        ))
    text, encoding = decode_text(data)
    return _read_csv(text, encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text, NFC, and the encoding it was read with; TableError when it cannot be told."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _strict(data[len(codecs.BOM_UTF8):], "utf-8"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(data, "utf-16"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = nfc(_strict(data, "cp1258")), "cp1258"
            if not plausible_vietnamese(text):
                raise _undecidable() from None
    if "\x00" in text:  # UTF-16 without a BOM, or a binary file
        raise _undecidable()
    return nfc(text), encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _undecidable() from None


def _undecidable() -> TableError:
    return TableError("unknown_encoding", _(
        "The file's character encoding could not be recognised, so its Vietnamese letters "
        "cannot be read safely."
    ) + " " + _(RESAVE_HINT))


def plausible_vietnamese(text: str) -> bool:
    foreign = total = 0
    for char in text:
        if char.isascii():
            if ord(char) < 32 and char not in "\t\r\n":
                return False
            continue
        total += 1
        if char not in VIETNAMESE_LETTERS and char not in _PUNCTUATION:
            foreign += 1
    return total == 0 or (total - foreign) / total >= _PLAUSIBLE_SHARE


def _read_csv(text: str, encoding: str) -> Table:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # The header names hold no delimiters, so the most frequent candidate in it is the one.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    try:
        # Excel numbers records, not physical lines: a quoted cell may span lines.
        for number, record in enumerate(reader, start=1):
            rows.append((number, list(record)))
    except csv.Error as exc:
        raise TableError("bad_csv", _("The CSV file is damaged near row %(row)d: %(error)s")
                         % {"row": len(rows) + 1, "error": exc}) from None
    return _with_header("csv", encoding, rows)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # only needed for workbooks

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_workbook = "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        is_workbook = False
    if not is_workbook:
        raise TableError("not_a_table", _(
            "This file is neither an Excel workbook (.xlsx) nor a CSV file."
        ))
    rows: list[tuple[int, list[Cell]]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    rows.append((number, [_xlsx_cell(value) for value in values]))
            finally:
                book.close()
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise TableError("bad_xlsx", _("The Excel workbook could not be read: %(error)s")
                         % {"error": exc}) from None
    return _with_header("xlsx", None, rows)


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return nfc(str(value))


def _with_header(kind: str, encoding: str | None, rows: list[tuple[int, list[Cell]]]) -> Table:
    filled = [(number, cells) for number, cells in rows if any(cell_text(c) for c in cells)]
    if not filled:
        raise TableError("empty", _("The file holds no rows."))
    (header_row, header), body = filled[0], filled[1:]
    return Table(kind=kind, encoding=encoding, header=[cell_text(c) for c in header],
                 header_row=header_row, rows=body)


def cell_text(cell: Cell) -> str:
    """A cell as text, single-spaced: 123.0 from a number cell reads '123'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return cell.strftime("%d/%m/%Y")
    return " ".join(str(cell).split())


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says why."""


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_GROUPED = re.compile(r"\d{1,3}([.,\s])\d{3}(?:\1\d{3})*")


def parse_date(cell: Cell) -> datetime.date:
    """A date cell, dd/mm/yyyy (also with - or .) or ISO yyyy-mm-dd, or an Excel date."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = cell_text(cell)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(_("is not a date; write it as dd/mm/yyyy, for example 01/07/2025"))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("is not a day of the calendar")) from None


def parse_count(cell: Cell) -> int:
    """A whole number of 0 or more; '1.234' (the Vietnamese thousands separator) is 1234."""
    if isinstance(cell, bool):
        raise CellError(_("is not a whole number"))
    if isinstance(cell, int | float) and float(cell).is_integer() and cell >= 0:
        return int(cell)
    text = unicodedata.normalize("NFKC", cell_text(cell)).strip()
    if text.isdigit() and text.isascii():
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,\s]", "", text))
    if text.startswith("-"):
        raise CellError(_("is below zero"))
    raise CellError(_("is not a whole number"))
