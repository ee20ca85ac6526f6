"""Deadlines and time windows for tasks still to be done.

Grammar (case-free): "trước ngày 30/6/2025", "chậm nhất ngày 15.2", "hoàn thành trong quý II",
"từ tháng 4 - 6", "từ ngày 16-7 đến 20-7", "bắt đầu từ tháng 4 và hoàn thành trong tháng 5",
"dự kiến trong tháng 3-2016", "đầu tháng 8 sẽ ...", "đến năm 2030", "vào năm 2023".
Not deadlines: event dates, terms, durations, past periods ("từ ... đến nay"), and any time
expression inside a quoted or document title. Years left unwritten come from the dateline,
then from other dates in the paragraph, then from the congress term being prepared.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable

from trienkhai.extraction.dates import (
    DATE,
    MONTH,
    QUARTER,
    iso,
    parse_day,
    parse_month,
    parse_quarter,
)
from trienkhai.extraction.model import Deadline, DeadlineKind
from trienkhai.extraction.textutil import Tokens, tokenize

_F = re.IGNORECASE
_POINT = (
    rf"(?:ngày\s+(?P<day>{DATE})|tháng\s+(?P<month>{MONTH})|quý\s+(?P<quarter>{QUARTER})"
    r"|năm\s+(?P<year>\d{4}))"
)


def _point(group: str) -> str:
    """_POINT with its group names suffixed so two points fit in one pattern."""
    renamed = re.sub(r"\?P<(\w+)>", lambda m: f"?P<{m.group(1)}{group}>", _POINT)
    return renamed.replace("(?P=sep)", f"(?P=sep{group})")


_END_POINT = (
    _point("2")[:-1] + rf"|(?P<bare_day2>{DATE.replace('sep', 'sepb')})"
    r"|(?P<bare_month2>\d{1,2})(?![\d/.\-]))"
)
_RANGE = re.compile(
    rf"(?:bắt\s+đầu\s+)?(?:kể\s+)?từ\s+{_point('1')}\s*"
    rf"(?:(?:đến|tới|-|–)\s*(?:hết\s+|cuối\s+)?{_END_POINT}"
    rf"|và\s+(?:hoàn\s+thành|kết\s+thúc|xong)\s+(?:trong|vào)\s+{_point('3')}"
    r"|(?:đến|tới)\s+khi\s+(?P<until>[^.;:\n]{3,60}?)(?=[.;:\n]|$))",
    _F,
)
_BEFORE = re.compile(
    rf"(?:(?:chậm|muộn)\s+nhất(?:\s+(?:là|vào))?\s+(?:(?:trước|đến|trong)\s+)?"
    rf"|trước\s+(?:(?:hết|cuối)\s+)?|hạn\s+(?:chót|cuối)(?:\s+là)?\s+)"
    r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?,?\s+)?"  # "trước 17 giờ ngày 20/3"
    rf"(?:{_POINT}|(?P<bare_day>\d{{1,2}}\s?(?P<sepb>[./\-])\s?\d{{1,2}}(?:\s?(?P=sepb)\s?\d{{4}})?"
    r"(?![\d/.\-]\d)(?!\s*(?:giờ|h\b|phút|ngày|người|%))))",
    _F,
)
# "hoàn thành đến ngày 31/12": a limit written with "đến"; kept only after a completion word.
_UNTIL = re.compile(rf"(?:đến|tới)\s+(?:hết\s+)?(?:{_POINT})", _F)
_WITHIN = re.compile(rf"(?:ngay\s+)?(?:trong|vào)\s+(?:{_POINT})", _F)
_PART_OF = re.compile(
    rf"(?:đầu|giữa|cuối)\s+(?:tháng\s+(?P<month>{MONTH})|quý\s+(?P<quarter>{QUARTER})"
    r"|năm\s+(?P<year>\d{4}))",
    _F,
)
# A plan's month window or month written without "từ": "tháng 6 đến tháng 8-2020, tiến hành
# ..." or "; tháng 1-2020, tiến hành ...". Kept only in a sentence about a plan.
_BARE_RANGE = re.compile(
    rf"tháng\s+(?P<month1>{MONTH})\s*(?:đến|tới|-|–)\s*(?:hết\s+)?tháng\s+(?P<month2>{MONTH})", _F
)
_LEAD_MONTH = re.compile(
    rf"tháng\s+(?P<month>{MONTH})\s*,?\s+(?=(?:tiến\s+hành|tổ\s+chức|hoàn\s+thành|thực\s+hiện"
    r"|triển\s+khai)\b)",
    _F,
)
_TARGET = re.compile(r"(?:đến|tới|vào)\s+(?:(?P<end>hết|cuối)\s+)?năm\s+(?P<year>\d{4})", _F)
_PAST_END = re.compile(r"\s*(?:đến|tới)\s+(?:nay|hiện\s+nay|hôm\s+nay|thời\s+điểm\s+này)", _F)

_COMPLETE = re.compile(r"(?:hoàn\s+thành|hoàn\s+tất|xong|kết\s+thúc|thời\s+hạn|hạn)\W*$", _F)
_PLAN = re.compile(r"\b(?:dự\s+kiến|sẽ|dự\s+định|kế\s+hoạch|phấn\s+đấu|tiến\s+hành)\b", _F)
_PAST = re.compile(r"\b(?:đã|vừa\s+qua|đến\s+nay|trước\s+đây)\b", _F)
_DIRECTIVE = re.compile(r"\b(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|giao|phải|cần|đôn\s+đốc)\b", _F)
_ACTION = re.compile(
    r"\b(?:ban\s+hành|hoàn\s+thành|hoàn\s+tất|xây\s+dựng|triển\s+khai|tổ\s+chức|tham\s+mưu"
    r"|báo\s+cáo|gửi|trình|rà\s+soát|thực\s+hiện|kiện\s+toàn|sơ\s+kết|tổng\s+kết)\b",
    _F,
)
_TERM = re.compile(r"nhiệm\s+kỳ\s+(\d{4})\s*[-–]\s*(\d{4})", _F)
_CONGRESS = re.compile(r"đại\s+hội", _F)
_QUOTES = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")


def _clause_before(text: str, start: int) -> str:
    cut = max(text.rfind(c, 0, start) for c in ".;\n")
    return text[cut + 1:start]


def _sentence_before(text: str, start: int) -> str:
    cut = max(text.rfind(c, 0, start) for c in ".\n")
    return text[cut + 1:start]


def _clause_after(text: str, end: int) -> str:
    stops = [i for i in (text.find(c, end) for c in ".;\n") if i >= 0]
    return text[end:min(stops) if stops else len(text)]


class _Time:
    """A resolved point: year (maybe None), month, day or quarter."""

    def __init__(self, year: int | None, month: int | None = None, day: int | None = None,
                 quarter: int | None = None) -> None:
        self.year, self.month, self.day, self.quarter = year, month, day, quarter

    def iso(self, year: int | None) -> str | None:
        return iso(self.year or year, self.month, self.day, self.quarter)


def _time(m: re.Match[str], suffix: str = "") -> _Time | None:
    def g(name: str) -> str | None:
        return m.groupdict().get(name + suffix)

    if g("day") or g("bare_day"):
        parsed = parse_day(g("day") or g("bare_day") or "")
        return _Time(parsed[0], parsed[1], parsed[2]) if parsed else None
    if g("month") or g("bare_month"):
        parsed_m = parse_month(g("month") or g("bare_month") or "")
        return _Time(parsed_m[0], parsed_m[1]) if parsed_m else None
    if g("quarter"):
        parsed_q = parse_quarter(g("quarter") or "")
        return _Time(parsed_q[0], quarter=parsed_q[1]) if parsed_q else None
    if g("year"):
        return _Time(int(g("year") or 0))
    return None


class _Found:
    def __init__(self, start: int, end: int, kind: DeadlineKind, end_time: _Time | None,
                 begin: _Time | None = None) -> None:
        self.start, self.end, self.kind = start, end, kind
        self.end_time, self.begin = end_time, begin

    def explicit_year(self) -> int | None:
        for t in (self.end_time, self.begin):
            if t is not None and t.year:
                return t.year
        return None


def _blocked(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


# Each pattern begins with one of these words; matching is tried only where they occur.
_STARTS = {
    "range": ("bắt", "kể", "từ"), "before": ("chậm", "muộn", "trước", "hạn"),
    "within": ("ngay", "trong", "vào"), "part": ("đầu", "giữa", "cuối"),
    "target": ("đến", "tới", "vào"), "bare": ("tháng",),
}
_BY_WORD: dict[str, list[str]] = {}
for _name, _words in _STARTS.items():
    for _word in _words:
        _BY_WORD.setdefault(_word, []).append(_name)
_PAST_START = re.compile(rf"(?:kể\s+)?từ\s+(?:(?:đầu|giữa|cuối)\s+)?{_POINT}", _F)


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterable[re.Match[str]]:
    """Like finditer, but tried only at the given offsets (non-overlapping, in order)."""
    reach = -1
    for pos in starts:
        if pos < reach:
            continue
        m = pattern.match(text, pos)
        if m:
            reach = m.end()
            yield m


def _find(text: str, excluded: list[tuple[int, int]], tokens: Tokens) -> list[_Found]:
    found: list[_Found] = []
    taken = list(excluded)
    starts: dict[str, list[int]] = {name: [] for name in _STARTS}
    by_key = tokens.by_key
    for word, names in _BY_WORD.items():
        for i in by_key.get(word, ()):
            for name in names:
                starts[name].append(tokens[i].start)
    for offsets in starts.values():
        offsets.sort()

    def add(item: _Found) -> None:
        if not _blocked(item.start, item.end, taken):
            found.append(item)
            taken.append((item.start, item.end))

    for m in _matches(_RANGE, text, starts["range"]):
        if _PAST_END.match(text, m.end("day1") if m.group("day1") else m.end()):
            continue
        begin = _time(m, "1")
        if m.group("until"):
            until = m.group("until").strip()
            if re.match(r"(?:nay|hiện\s+nay)\b", until, _F):
                continue
            add(_Found(m.start(), m.start("until") + len(until), "timeframe", None, begin))
            continue
        end = _time(m, "2") or _time(m, "3")
        if begin is None or end is None:
            continue
        if end.year is None and begin.year and end.month:
            end.year = begin.year
        if begin.year is None and end.year and begin.month:
            begin.year = end.year
        add(_Found(m.start(), m.end(), "timeframe", end, begin))
    # A past period "từ tháng 11.2014 đến nay" blocks what it contains.
    for m in _matches(_PAST_START, text, starts["range"]):
        if _PAST_END.match(text, m.end()):
            taken.append((m.start(), m.end()))
    for m in _matches(_BEFORE, text, starts["before"]):
        if not re.search(r"\b(?:đã|vừa)\s+(?:\w+\s+){0,3}$", _clause_before(text, m.start())):
            add(_Found(m.start(), m.end(), "deadline", _time(m)))
    for m in _matches(_UNTIL, text, starts["target"]):
        if m.group("year"):
            continue  # "đến năm 2030" is a year target, below
        if re.search(r"(?:hoàn\s+thành|xong|thời\s+hạn|hạn)\W+(?:\w+\W+){0,6}$",
                     _clause_before(text, m.start()), _F):
            add(_Found(m.start(), m.end(), "deadline", _time(m)))
    for m in _matches(_WITHIN, text, starts["within"]):
        before = _clause_before(text, m.start())
        after = _clause_after(text, m.end())
        t = _time(m)
        if t is None:
            continue
        if _COMPLETE.search(before[-30:]):
            add(_Found(m.start(), m.end(), "deadline", t))
        elif m.group("year"):
            continue  # "trong năm 2022", "vào năm 2023": handled as targets below
        elif _DIRECTIVE.search(_sentence_before(text, m.start())) and _ACTION.search(before) and (
            not _PAST.search(before)
        ):
            # "yêu cầu ... ban hành ... trong quý II"
            add(_Found(m.start(), m.end(), "deadline", t))
        elif _PLAN.search(before[-40:]) and not _PAST.search(before[-15:]):
            add(_Found(m.start(), m.end(), "timeframe", t, t))
        elif re.match(r"\W*(?:sẽ|dự\s+kiến)\s", after) and not _PAST.search(before[-15:]):
            add(_Found(m.start(), m.end(), "timeframe", t, t))  # "ngay trong tháng 3, sẽ ..."
    for m in _matches(_PART_OF, text, starts["part"]):
        before = _clause_before(text, m.start())
        after = _clause_after(text, m.end())
        t = _time(m)
        if t is None or _PAST.search(before[-20:] + after[:20]):
            continue
        if _PLAN.search(before[-40:] + " " + after[:25]):
            add(_Found(m.start(), m.end(), "timeframe", t, t))
    _bare_months(text, starts["bare"], add)
    for m in _matches(_TARGET, text, starts["target"]):
        if re.search(r"\btừ\s+(?:năm\s+)?\d{4}\s*$", text[max(0, m.start() - 20):m.start()], _F):
            continue
        kind: DeadlineKind = "deadline" if m.group("end") else "year_target"
        add(_Found(m.start(), m.end(), kind, _Time(int(m.group("year")))))
    return sorted(found, key=lambda f: f.start)


def _bare_months(text: str, starts: list[int], add: Callable[[_Found], None]) -> None:
    """Month windows and lead months of a plan ("Theo kế hoạch, tháng 1-2020, tiến hành ...")."""
    for pos in starts:
        m = _BARE_RANGE.match(text, pos)
        lead = None if m else _LEAD_MONTH.match(text, pos)
        if not (m or lead):
            continue
        sentence = _sentence_before(text, pos)
        if not _PLAN.search(sentence) or _PAST.search(sentence[-20:]):
            continue
        if m:
            begin, end = _time(m, "1"), _time(m, "2")
            if begin is not None and end is not None:
                if begin.year is None and end.year:
                    begin.year = end.year
                add(_Found(m.start(), m.end(), "timeframe", end, begin))
            continue
        if lead and re.search(r"(?:^|[,;:])\s*$", sentence):
            t = _time(lead)
            if t is not None:
                surface_end = lead.start() + len(lead.group(0).rstrip(" ,"))
                add(_Found(lead.start(), surface_end, "timeframe", t, _Time(t.year, t.month)))


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, end if end >= 0 else len(text)


def _term_year(text: str) -> int | None:
    """Congress preparations run in the first year of the term being elected."""
    if not _CONGRESS.search(text):
        return None
    years = [int(m.group(1)) for m in _TERM.finditer(text)]
    return years[-1] if years and len(set(years)) == 1 else None


def find_deadlines(
    text: str,
    excluded: Iterable[tuple[int, int]] = (),
    published: datetime.date | None = None,
    tokens: Tokens | None = None,
) -> list[Deadline]:
    """Deadlines in `text`; `excluded` spans (document titles) are skipped. `tokens` of the
    same text may be passed to save tokenising it again."""
    spans = list(excluded) + [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
    found = _find(text, spans, tokens if tokens is not None else tokenize(text))
    term_year = _term_year(text)
    out: list[Deadline] = []
    seen: set[str] = set()
    for item in found:
        year = item.explicit_year()
        if year is None:
            year = _infer_year(text, item, found, published, term_year)
        if published and item.kind == "year_target" and year and year < published.year:
            continue
        end = item.end_time
        date = end.iso(year) if end else None
        if (published and end and end.year and end.month and date and len(date) >= 7
                and (end.year, end.month) < (published.year, published.month)):
            continue  # a limit already past when the article was written
        begin = item.begin.iso(year) if item.begin else None
        surface = text[item.start:item.end]
        if surface.casefold() in seen:
            continue
        seen.add(surface.casefold())
        out.append(Deadline(surface, year, date, item.kind, begin, (item.start, item.end)))
    return out


def _infer_year(text: str, item: _Found, found: list[_Found],
                published: datetime.date | None, term_year: int | None) -> int | None:
    month = item.end_time.month if item.end_time else None
    if published:
        if month and month + 3 <= published.month:
            return published.year + 1  # "trước ngày 15/1" written in November
        return published.year
    p_start, p_end = _paragraph(text, item.start)
    near = [f for f in found if f is not item and p_start <= f.start < p_end and f.explicit_year()]
    if near:
        closest = min(near, key=lambda f: abs(f.start - item.start))
        return closest.explicit_year()
    return term_year
