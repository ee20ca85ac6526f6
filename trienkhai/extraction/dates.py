"""Dates as the press writes them ("25-10-2017", "31.7.2019", "ngày 7 tháng 3 năm 2020"),
ISO output forms, and the article's own date (its dateline) for years left unwritten."""
from __future__ import annotations

import datetime
import re

from trienkhai.extraction.textutil import ordinal

# Day-month with an optional year, one separator style throughout ("16-7", "10.3.2020").
DATE = (
    r"\d{1,2}\s?(?P<sep>[./\-–])\s?\d{1,2}(?:\s?(?P=sep)\s?\d{4})?(?![\d/.\-]\d)"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s*,?\s+năm\s+\d{4})?"
)
# Month with an optional year: "4.2020", "3-2016", "4 năm 2015", "8".
MONTH = r"\d{1,2}(?:\s?[./\-–]\s?\d{4}|\s*,?\s+năm\s+\d{4})?(?![\d/.\-]\d)"
QUARTER = r"(?:IV|III|II|I|[1-4])(?:\s?[./\-–]\s?\d{4}|\s*,?\s+năm\s+\d{4})?(?![\w/.\-]\d)"

_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(r"[IVX]+|\d+")


def _valid(year: int | None, month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12 or (year is not None and not 1900 <= year <= 2200):
        return False
    if day is None:
        return True
    try:
        datetime.date(year or 2000, month, day)  # 2000: a leap year accepts 29/2
    except ValueError:
        return False
    return True


def parse_day(text: str) -> tuple[int | None, int, int] | None:
    """'25-10-2017' → (2017, 10, 25); '15.2' → (None, 2, 15); invalid → None."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if len(numbers) < 2:
        return None
    day, month = numbers[0], numbers[1]
    year = numbers[2] if len(numbers) > 2 else None
    return (year, month, day) if _valid(year, month, day) else None


def parse_month(text: str) -> tuple[int | None, int] | None:
    """'4.2020' → (2020, 4); '8' → (None, 8)."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    if not numbers:
        return None
    year = numbers[1] if len(numbers) > 1 else None
    return (year, numbers[0]) if _valid(year, numbers[0]) else None


def parse_quarter(text: str) -> tuple[int | None, int] | None:
    """'IV.2019' → (2019, 4); 'II' → (None, 2)."""
    parts = _WORDS.findall(text)
    if not parts:
        return None
    q = ordinal(parts[0])
    year = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return (year, q) if q and 1 <= q <= 4 else None


def iso(year: int | None, month: int | None = None, day: int | None = None,
        quarter: int | None = None) -> str | None:
    """ISO text; without a year the no-year forms '--MM-DD' / '--MM' / '--Qn'."""
    head = f"{year:04d}" if year else "-"
    if quarter:
        return f"{head}-Q{quarter}"
    if month is None:
        return f"{year:04d}" if year else None
    if day is None:
        return f"{head}-{month:02d}"
    return f"{head}-{month:02d}-{day:02d}"


# A line that is only a publication date: "02/06/2021", "Thứ Ba, 25/02/2020 08:51:00".
_DATELINE = re.compile(
    r"^\s*(?:(?:cập nhật|đăng|ngày đăng|xuất bản|published|updated)\s*(?:lúc|ngày)?\s*:?\s*)?"
    r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,|-]?\s*)?"
    r"(?:ngày\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
    r"(?:\s*[,|-]?\s*(?:lúc\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?)?"
    r"\s*(?:\(?GMT[+\-]?\d*\)?)?\s*[|]?\s*$",
    re.IGNORECASE,
)
# A paragraph that opens with the date of the event: "(QNO) - Ngày 27.8.2020, ..."
_EVENT_START = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*[-–]?\s*)?(?:(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:ngày\s+)?"
    r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b",
    re.IGNORECASE,
)


def dateline(text: str, lines: int = 8) -> datetime.date | None:
    """Publication or event date printed near the top of the article, if any."""
    seen = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > lines:
            break
        m = _DATELINE.match(line) or _EVENT_START.match(line)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if _valid(year, month, day):
                return datetime.date(year, month, day)
    return None
