"""Document numbers and symbols ("số và ký hiệu"): parse, find and normalise.

Pure Python (no Django import): used by the registry, search, the extractor and the CLI.
Party symbols are `N-TYPE/ISSUER` (01-KL/TW), State ones `N/TYPE-ISSUER` (15/CT-TTg) and legal
ones `N/YYYY/TYPE-ISSUER` (30/2020/NĐ-CP); the press bends all three, see domain.md.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from trienkhai.documents.symbols_grammar import (
    DASH_CLASS,
    DASHES,
    NO_TYPE_NAME,
    NUMBERED_ISSUERS,
    PARTY_ISSUER_CODES,
    PARTY_ISSUERS,
    STATE_ISSUER_CODES,
    STATE_ISSUERS,
    TYPE_CODES,
    TYPE_WORDS,
    TYPES,
    CodeTable,
    prepare,
    word_pattern,
)

__all__ = [
    "ISSUER_CODES",
    "PARTY_ISSUER_CODES",
    "STATE_ISSUER_CODES",
    "TYPE_CODES",
    "DocumentSymbol",
    "SymbolError",
    "SymbolMatch",
    "find_symbols",
    "parse_symbol",
    "search_variants",
    "symbol_key",
]

ISSUER_CODES = PARTY_ISSUER_CODES | STATE_ISSUER_CODES


def gettext_noop(message: str) -> str:
    """Marks a message id for makemessages without importing Django here."""
    return message


# Reasons: message ids with %(name)s parameters, translated by the caller (gettext).
EMPTY_TEXT = gettext_noop("empty text")
NO_NUMBER = gettext_noop("no number")
NUMBER_NOT_FIRST = gettext_noop("the number must come before the codes")
NUMBER_TOO_LONG = gettext_noop("number '%(number)s' is too long")
YEAR_OR_DATE = gettext_noop("a year or a date is not a document number")
NO_TYPE = gettext_noop("no type code")
NO_ISSUER = gettext_noop("no issuer code")
UNKNOWN_TYPE = gettext_noop("unknown type code '%(code)s'")
UNKNOWN_ISSUER = gettext_noop("unknown issuer code '%(code)s'")
NOT_A_YEAR = gettext_noop("'%(value)s' is not a year")
MISPLACED_NUMBER = gettext_noop("unexpected number '%(value)s'")
MISPLACED_SEPARATOR = gettext_noop("misplaced separator '%(sep)s'")
MISSING_SEPARATOR = gettext_noop("no separator before '%(part)s'")
UNEXPECTED_CHARACTER = gettext_noop("unexpected character '%(char)s'")
TRAILING_TEXT = gettext_noop("unexpected text after the symbol: '%(rest)s'")
TOO_MANY_PARTS = gettext_noop("too many parts after the number")
INVALID_DATE = gettext_noop("invalid date '%(date)s'")


class SymbolError(ValueError):
    """A string that is not a document symbol.

    `template` is the message id (see the constants above), `params` its parameters and
    `reason` the English text; translate with `gettext(err.template) % err.params`.
    """

    def __init__(
        self, reason: str, text: str = "", params: dict[str, Any] | None = None
    ) -> None:
        self.template = reason
        self.params: dict[str, Any] = dict(params or {})
        self.reason = reason % self.params if self.params else reason
        self.text = text
        super().__init__(self.reason)


@dataclass(frozen=True)
class DocumentSymbol:
    system: Literal["party", "state", "bare"]  # bare: "Nghị quyết 45" (type word + number only)
    number: str  # digits as printed, e.g. "01"
    type_code: str  # normalised code: "NQ", "KL", "QĐ", "QĐi", "CTr", "NĐ", ...; "" if unprinted
    issuer: str | None  # normalised issuer code: "TW", "BTGDVTW", "TTg", "CP", "QH15", ...
    year: int | None = None  # year printed inside a state legal symbol, or of `date`
    date: datetime.date | None = None  # issuing date when written next to it
    legal: bool = False  # the year is part of the symbol: N/YYYY/TYPE-ISSUER

    def normalised(self) -> str:
        """Canonical text: '01-KL/TW', '15/CT-TTg', '30/2020/NĐ-CP'; bare: 'NQ 45'."""
        n, code, issuer = self.number, self.type_code, self.issuer or ""
        if self.system == "bare":
            return f"{code} {n}"
        if self.system == "party":
            return f"{n}-{code}/{issuer}"
        head = f"{n}/{self.year}/" if self.legal else f"{n}/"
        if not code or (code == "CV" and "-" in issuer):
            # Laws ('202/2025/QH15') and công văn ('731/HĐBCQG-VP') print no type code.
            return head + issuer
        return f"{head}{code}-{issuer}"

    @property
    def type_name(self) -> str:
        """Vietnamese type name, capitalised: 'Kết luận', 'Nghị quyết', ..."""
        return TYPE_CODES.get(self.type_code, NO_TYPE_NAME)

    def without_date(self) -> DocumentSymbol:
        """The symbol as its text alone says it (no issuing date, no year taken from it)."""
        return replace(self, date=None, year=self.year if self.legal else None)


@dataclass(frozen=True)
class SymbolMatch:
    symbol: DocumentSymbol
    start: int  # offsets into the searched text
    end: int
    text: str  # the matched text exactly as printed
    mention: tuple[int, int] | None = None  # span with the type word, "số" and the date
    type_word: str | None = None  # code of the type word printed before it ("Nghị quyết" → NQ)


# --- grammar ----------------------------------------------------------------------------------

_SEP = f"[/{DASH_CLASS}]"
_SEPARATOR = re.compile(_SEP)
_TYPE_WORD = word_pattern(TYPE_WORDS)
# Type words as they appear in prepared text (tones in one style), case-free → code.
_WORD_CODES = {" ".join(prepare(w)[0].casefold().split()): c for w, c in TYPE_WORDS.items()}
_TOKEN = re.compile(rf"(?P<num>\d+)|(?P<code>[^\W\d_]+\d*)|(?P<sep>{_SEP})|(?P<space>\s+)|.")
_DATE = re.compile(
    rf"\s*,?\s*(?:(?:ban\s+hành|ký)\s+)?ngày\s+(?:"
    rf"(?P<d>\d{{1,2}})\s*(?P<s>[/.{DASH_CLASS}])\s*(?P<m>\d{{1,2}})\s*(?P=s)\s*(?P<y>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})\s+năm\s+(?P<y2>\d{{4}}))(?!\d)",
    re.IGNORECASE,
)
_PREFIX = re.compile(rf"\s*(?:(?P<word>{_TYPE_WORD})\b\s*)?(?:(?P<so>số)\b\s*:?\s*)?", re.I)
_CORE_END = re.compile(r"\s*,|\s+(?:ngày|của|về|ban\s+hành)\b", re.IGNORECASE)
_TAIL = re.compile(r"\s*(?:,?\s*(?:của|về|ban\s+hành)\b.*)?$", re.IGNORECASE | re.DOTALL)
_WRAPPING = "\"'“”‘’«»()[]"
# Running text: a number, then 1-3 separated parts (year or code); validated by _interpret.
_CANDIDATE = re.compile(
    rf"(?<![\w/.{DASH_CLASS}])\d{{1,5}}(?:\s{{0,2}}{_SEP}\s{{0,2}}(?:\d{{4}}(?!\d)|[^\W\d_]+\d*)){{1,3}}"
    rf"(?![\w/])"
)
_BARE = re.compile(
    rf"(?<!\w)(?P<word>{_TYPE_WORD})\s+(?:(?P<so>số)\s*:?\s*)?(?P<num>\d{{1,5}})(?!\w)"
    rf"(?!\s?[/{DASH_CLASS}]\s?\w)(?!\.\d)",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(
    rf"(?:(?<!\w)(?P<word>{_TYPE_WORD})\s+)?(?:(?<!\w)số\s*:?\s*)?$", re.IGNORECASE
)
# What follows a type word or stands alone when it is a date, not a number: "năm 2020".
_DATE_LIKE = re.compile(
    rf"(?:năm|ngày|tháng)\b|\d{{1,2}}\s*([./{DASH_CLASS}])\s*\d{{1,2}}\s*\1\s*\d{{2,4}}$", re.I
)
# A number followed by a unit counts something: "Kế hoạch 5 năm" is a five-year plan.
_QUANTITY = re.compile(
    r"\s*(?:%|(?:năm|tháng|tuần|giờ|người|lần|đợt|ngày(?!\s+\d))(?!\w))", re.IGNORECASE
)
_FIRST_YEAR, _LAST_YEAR = 1930, 2100


def _word_code(word: str) -> str:
    return _WORD_CODES[" ".join(word.casefold().split())]


def _fail(reason: str, text: str, **params: Any) -> SymbolError:
    return SymbolError(reason, text, params)


def _issuer(raw: str, table: CodeTable) -> str | None:
    """Canonical issuer for `raw` ('tư' → 'TW', 'qh15' → 'QH15'), or None if unknown."""
    letters = raw.rstrip("0123456789")
    digits = raw[len(letters) :]
    code = table.get(letters)
    if code is None or (digits and code not in NUMBERED_ISSUERS):
        return None
    return code + digits


def _unit(raw: str) -> str:
    """A drafting unit after the issuer in a công văn ('VP', 'KGVX'): upper case as printed."""
    return STATE_ISSUERS.get(raw) or PARTY_ISSUERS.get(raw) or raw.upper()


def _tokens(core: str, text: str) -> list[tuple[str, str, int]]:
    """(kind, value, offset) with kinds num/code/sep; a run of spaces alone is sep ' '."""
    out: list[tuple[str, str, int]] = []
    for m in _TOKEN.finditer(core):
        kind = m.lastgroup
        if kind is None:
            raise _fail(UNEXPECTED_CHARACTER, text, char=m.group(0))
        if kind == "space":
            if out and out[-1][0] != "sep":
                out.append(("sep", " ", m.start()))
            continue
        if kind == "sep" and out and out[-1][1] == " ":
            out.pop()  # spaces before an explicit separator: "100 - KL/TW"
        out.append((kind, m.group(0), m.start()))
    if out and out[-1][1] == " ":
        out.pop()
    return out


def _interpret(core: str, text: str, *, word: str | None = None) -> DocumentSymbol:
    """Read a symbol from `core`, the text left once the type word and the date are removed."""
    items = _tokens(core, text)
    if not any(kind == "num" for kind, _, _ in items):
        raise _fail(NO_NUMBER, text)
    kinds = [kind if value != " " else " " for kind, value, _ in items]
    if kinds[0] != "num":
        if kinds == ["code", " ", "num"]:
            # The normalised bare form: "NQ 45".
            code = TYPES.get(items[0][1])
            if code is None:
                raise _fail(UNKNOWN_TYPE, text, code=items[0][1])
            return _bare(code, items[2][1], text)
        raise _fail(NUMBER_NOT_FIRST, text)
    if "sep" in kinds:
        # With real separators a space may only follow the number ("01 KL/TW"); elsewhere it
        # ends the symbol, and what follows is not part of it.
        for index, (_, value, offset) in enumerate(items):
            if value == " " and index != 1:
                raise _fail(TRAILING_TEXT, text, rest=core[offset:].strip())
    for index, (kind, value, _) in enumerate(items):
        if kind == "sep" and index % 2 == 0:
            raise _fail(MISPLACED_SEPARATOR, text, sep=value)
        if kind != "sep" and index % 2 == 1:
            raise _fail(MISSING_SEPARATOR, text, part=value)  # "01KL/TW"
    if len(items) % 2 == 0:
        raise _fail(MISPLACED_SEPARATOR, text, sep=items[-1][1])
    values = items[0::2]
    number = values[0][1]
    if len(number) > 5:
        raise _fail(NUMBER_TOO_LONG, text, number=number)
    parts = [value for _, value, _ in values[1:]]
    if not parts:
        if word:
            return _bare(word, number, text)
        raise _fail(NO_TYPE, text)
    first_sep = items[1][1]
    if parts[0].isdigit():
        return _legal(number, parts[0], parts[1:], text)
    for value in parts:
        if value.isdigit():
            raise _fail(MISPLACED_NUMBER, text, value=value)
    if len(parts) > 3:
        raise _fail(TOO_MANY_PARTS, text)
    type_code = TYPES.get(parts[0])
    if type_code is None:
        issuer = _issuer(parts[0], STATE_ISSUERS)
        if issuer is not None and len(parts) <= 2:
            # Công văn: N/ISSUER-UNIT, no type code printed (Nghị định 30/2020).
            full = issuer if len(parts) == 1 else f"{issuer}-{_unit(parts[1])}"
            return DocumentSymbol("state", number, "CV", full)
        if issuer is None and _issuer(parts[0], PARTY_ISSUERS) and len(parts) == 1:
            raise _fail(NO_TYPE, text)
        raise _fail(UNKNOWN_TYPE, text, code=parts[0])
    if len(parts) == 1:
        raise _fail(NO_ISSUER, text)
    party = _issuer(parts[1], PARTY_ISSUERS)
    state = _issuer(parts[1], STATE_ISSUERS)
    if party is None and state is None:
        raise _fail(UNKNOWN_ISSUER, text, code=parts[1])
    if len(parts) == 3:
        if state is None:
            raise _fail(TOO_MANY_PARTS, text)
        return DocumentSymbol("state", number, type_code, f"{state}-{_unit(parts[2])}")
    if party is not None and (state is None or first_sep != "/"):
        return DocumentSymbol("party", number, type_code, party)
    return DocumentSymbol("state", number, type_code, state)


def _legal(number: str, year: str, parts: list[str], text: str) -> DocumentSymbol:
    if len(year) != 4 or not _FIRST_YEAR <= int(year) <= _LAST_YEAR:
        raise _fail(NOT_A_YEAR, text, value=year)
    for value in parts:
        if value.isdigit():
            raise _fail(MISPLACED_NUMBER, text, value=value)
    if not parts:
        raise _fail(NO_TYPE, text)
    if len(parts) > 2:
        raise _fail(TOO_MANY_PARTS, text)
    type_code, raw_issuer = ("", parts[0]) if len(parts) == 1 else (TYPES.get(parts[0]), parts[1])
    if type_code is None:
        raise _fail(UNKNOWN_TYPE, text, code=parts[0])
    if len(parts) == 1 and TYPES.get(parts[0]):
        raise _fail(NO_ISSUER, text)
    issuer = _issuer(raw_issuer, STATE_ISSUERS)
    if issuer is None:
        raise _fail(UNKNOWN_ISSUER, text, code=raw_issuer)
    return DocumentSymbol("state", number, type_code, issuer, int(year), legal=True)


def _bare(code: str, number: str, text: str) -> DocumentSymbol:
    if len(number) > 5:
        raise _fail(NUMBER_TOO_LONG, text, number=number)
    return DocumentSymbol("bare", number, code, None)


def _date(m: re.Match[str], text: str) -> datetime.date:
    day, month, year = (m.group(g) or m.group(g + "2") for g in ("d", "m", "y"))
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise _fail(INVALID_DATE, text, date=m.group(0).strip(" ,")) from None


def _with_date(symbol: DocumentSymbol, date: datetime.date | None) -> DocumentSymbol:
    if date is None:
        return symbol
    return replace(symbol, date=date, year=symbol.year if symbol.legal else date.year)


def _is_year_like(number: str) -> bool:
    return len(number) == 4 and _FIRST_YEAR <= int(number) <= _LAST_YEAR


# --- public API -------------------------------------------------------------------------------


def parse_symbol(text: str) -> DocumentSymbol:
    """Parse one symbol in any accepted form; raise SymbolError with a reason otherwise.

    Accepts decorations around the symbol: "Số:", a type word ("Kết luận số ..."), a written
    date ("ngày 18/5/2021") and a trailing "của ..." / "về ..." phrase.
    """
    if not text or not text.strip():
        raise _fail(EMPTY_TEXT, text)
    prepared = prepare(text)[0].lstrip(_WRAPPING + " \t\n").rstrip(_WRAPPING + ".,;: \t\n")
    if not prepared:
        raise _fail(EMPTY_TEXT, text)
    prefix = _PREFIX.match(prepared)
    assert prefix is not None  # every part of the prefix is optional
    word = _word_code(prefix.group("word")) if prefix.group("word") else None
    rest = prepared[prefix.end() :]
    year = re.match(r"\d+(?!\S)", rest)
    if _DATE_LIKE.match(rest) or (
        word and not prefix.group("so") and year and _is_year_like(year.group(0))
    ):
        raise _fail(YEAR_OR_DATE, text)
    end = _CORE_END.search(rest)
    core, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    if not core.strip():
        raise _fail(NO_NUMBER, text)
    symbol = _interpret(core, text, word=word)
    date = None
    date_match = _DATE.match(tail)
    if date_match:
        date = _date(date_match, text)
        tail = tail[date_match.end() :]
    if not _TAIL.fullmatch(tail):
        raise _fail(TRAILING_TEXT, text, rest=tail.strip(" ,"))
    return _with_date(symbol, date)


def find_symbols(text: str) -> list[SymbolMatch]:
    """Every symbol mentioned in a running text, in order of appearance.

    Full symbols come first; a bare "Nghị quyết 45" is reported only where its number is not
    part of a full symbol, and never for a year or a date ("Nghị quyết năm 2020").
    """
    scan, offsets = prepare(text)

    def span(start: int, end: int) -> tuple[int, int]:
        return (offsets[start], offsets[end]) if offsets else (start, end)

    found: list[SymbolMatch] = []
    taken: list[tuple[int, int]] = []
    for m in _CANDIDATE.finditer(scan):
        symbol, end = _first_valid(scan, m.start(), m.end())
        if symbol is None:
            continue
        taken.append((m.start(), end))
        mention_start, type_word = _context_before(scan, m.start())
        symbol, mention_end = _date_after(scan, end, symbol)
        start, stop = span(m.start(), end)
        found.append(
            SymbolMatch(symbol, start, stop, text[start:stop],
                        span(mention_start, mention_end), type_word)
        )
    for m in _BARE.finditer(scan):
        number = m.group("num")
        if any(m.start("num") < b and a < m.end("num") for a, b in taken):
            continue  # the number of a full symbol: "Nghị quyết số 18 -NQ/TW"
        if not m.group("so") and (
            _is_year_like(number)  # "Kế hoạch 2021" names a year, not a document
            or not m.group("word")[0].isupper()  # "theo kế hoạch 2 đợt"
            or _QUANTITY.match(scan, m.end())  # "Kế hoạch 5 năm", "Chương trình 3 ngày"
        ):
            continue
        code = _word_code(m.group("word"))
        symbol, mention_end = _date_after(scan, m.end(), _bare(code, number, text))
        start, stop = span(m.start(), m.end())
        found.append(
            SymbolMatch(symbol, start, stop, text[start:stop], span(m.start(), mention_end), code)
        )
    return sorted(found, key=lambda match: (match.start, match.end))


def _first_valid(scan: str, start: int, end: int) -> tuple[DocumentSymbol | None, int]:
    """Longest valid symbol in scan[start:end], dropping trailing parts that do not fit."""
    while True:
        piece = scan[start:end]
        # Running text needs two parts after the number: "2/TW" alone is too weak a signal.
        if len(_SEPARATOR.findall(piece)) < 2:
            return None, end
        try:
            return _interpret(piece, piece), end
        except SymbolError:
            cut = max(piece.rfind(sep) for sep in "/" + DASHES)
            end = start + len(piece[:cut].rstrip())


def _context_before(scan: str, start: int) -> tuple[int, str | None]:
    """Start of "Nghị quyết số " / "Số " written just before a symbol, and the word's code."""
    window_start = max(0, start - 60)
    m = _WORD_BEFORE.search(scan[window_start:start])
    if m is None or m.start() == m.end():
        return start, None
    word = m.group("word")
    return window_start + m.start(), _word_code(word) if word else None


def _date_after(scan: str, end: int, symbol: DocumentSymbol) -> tuple[DocumentSymbol, int]:
    m = _DATE.match(scan, end)
    if m is None:
        return symbol, end
    try:
        return _with_date(symbol, _date(m, scan)), m.end()
    except SymbolError:
        return symbol, end  # "ngày 31/2/2020": keep the symbol, ignore the impossible date


def symbol_key(symbol: DocumentSymbol | str) -> str:
    """Comparison key: the normalised symbol, upper case, number without leading zeros.

    '01-KL/TƯ', '1-kl/tw' and '01/KL-TW' share the key '1-KL/TW'. The registry pairs it with
    the date or term, since numbering restarts.
    """
    parsed = parse_symbol(symbol) if isinstance(symbol, str) else symbol
    number = parsed.number.lstrip("0") or "0"
    return replace(parsed, number=number).normalised().upper()


def search_variants(symbol: DocumentSymbol | str) -> list[str]:
    """Loose spellings worth searching for: '01-KL/TW', '01/KL-TW', '01 KL TW', '1-KL/TW', ..."""
    s = parse_symbol(symbol) if isinstance(symbol, str) else symbol
    stripped = s.number.lstrip("0") or "0"
    numbers = [s.number, stripped, stripped.zfill(2)]
    code, issuer = s.type_code, s.issuer or ""
    variants: list[str] = [s.normalised()]
    for n in numbers:
        if s.system == "bare":
            name = TYPE_CODES.get(code, NO_TYPE_NAME)
            variants += [f"{name} {n}", f"{name} số {n}", f"{code} {n}"]
        elif s.legal:
            head = f"{n}/{s.year}/"
            body = f"{code}-{issuer}" if code else issuer
            variants += [head + body, f"{n} {s.year} {code} {issuer}".replace("  ", " ")]
        elif s.system == "state" and code == "CV" and "-" in issuer:
            variants += [f"{n}/{issuer}", f"{n} {issuer.replace('-', ' ')}"]
        else:
            first = [f"{n}-{code}/{issuer}", f"{n}/{code}-{issuer}"]
            if s.system == "state":
                first.reverse()
            variants += [*first, f"{n}-{code}-{issuer}", f"{n} {code} {issuer}"]
            if issuer.endswith("TW"):
                variants.append(f"{n}-{code}/{issuer[:-2]}TƯ")
    unaccented = [v.replace("Đ", "D").replace("đ", "d") for v in variants]
    return list(dict.fromkeys(variants + unaccented))
