"""Documents of an article linked to the registry.

With a symbol ("Kết luận số 01-KL/TW"): the registry's `symbol_key` (documents.symbols), and,
since numbering restarts each term or year, the date written next to it when there is one;
without a written date, documents signed after the article's date are left out. A bare
"Nghị quyết 45" is looked up by type and number the same way. Without any number ("Nghị quyết
Đại hội XIII"), a registered document of the same type whose title holds every significant word
of the written one (roman and arabic numerals alike) fits. One fit is linked; several are
AMBIGUOUS with `candidates`; none is UNKNOWN_DOCUMENT (proposed).

Only readable documents are considered (`documents_for(user)`: unit scope and clearance), in
two queries for all the documents of an article.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_noop

from trienkhai.core.text import fold
from trienkhai.documents.models import Document, DocumentType
from trienkhai.documents.selectors import documents_for
from trienkhai.documents.symbols import SymbolError, parse_symbol, symbol_key
from trienkhai.documents.symbols_grammar import TYPE_WORDS
from trienkhai.extraction.evidence import Sentences
from trienkhai.extraction.match_types import AMBIGUOUS, UNKNOWN_DOCUMENT, DocumentMatch, Flag
from trienkhai.extraction.model import Document as ExtractedDocument
from trienkhai.extraction.textutil import ordinal

MAX_ROWS = 300
LONG_COLUMNS = ("full_text", "search_text", "excerpt")
# Registry types a type word may denote (symbol codes that are not registry types map here).
_EXTRA_TYPES = {"CTr": ["CTr", "CTrHĐ"], "TB": ["TB", "TBKL"], "QĐi": ["QĐi", "QĐ"],
                "QĐ": ["QĐ", "QĐi"]}
_TYPE_BY_WORD = {fold(word): code for word, code in TYPE_WORDS.items()}
_STOP = frozenset({
    "so", "cua", "ve", "va", "lan", "thu", "nam", "ngay", "thang", "khoa", "nhiem", "ky", "du",
    "thao", "thuc", "hien", "viec", "cac", "nhung", "trong", "tai", "theo", "voi", "de", "cho",
    "den", "tu", "la",
})
_ROMAN = re.compile(r"(?<!\w)[IVXLC]+(?!\w)")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _types(type_word: str) -> list[str]:
    code = _TYPE_BY_WORD.get(fold(type_word), "")
    valid = {value for value, _label in DocumentType.choices}
    return [c for c in _EXTRA_TYPES.get(code, [code]) if c in valid]


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                           (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def title_words(title: str) -> set[str]:
    """Folded words of a title, numerals as arabic digits, without the grammatical words."""
    arabic = _ROMAN.sub(lambda m: str(ordinal(m.group(0)) or m.group(0)), title)
    return set(re.findall(r"\w+", fold(arabic)))


def _significant(extracted: ExtractedDocument) -> set[str]:
    type_words = set(fold(extracted.type).split())
    return {w for w in title_words(extracted.title) if w not in _STOP and w not in type_words}


def _written_date(extracted: ExtractedDocument) -> tuple[int, datetime.date | None] | None:
    m = _ISO.match(extracted.date or "")
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        return year, datetime.date(year, int(m.group(2)), int(m.group(3)))
    return year, None


def _symbol_key(extracted: ExtractedDocument) -> str | None:
    if not extracted.symbol:
        return None
    try:
        parsed = parse_symbol(extracted.symbol)
    except SymbolError:
        return None
    return None if parsed.system == "bare" else symbol_key(parsed)


def _bare_prefixes(extracted: ExtractedDocument) -> list[str]:
    if extracted.symbol or not extracted.number or not extracted.number.isdigit():
        return []
    number = extracted.number.lstrip("0") or "0"
    prefixes = []
    for code in _types(extracted.type):
        prefixes += [f"{number}-{code.upper()}/", f"{number}/{code.upper()}-"]
    return prefixes


def _title_q(extracted: ExtractedDocument) -> Q | None:
    words = _significant(extracted)
    types = _types(extracted.type)
    if not words or not types:
        return None
    condition = Q(doc_type__in=types)
    letters = sorted((w for w in words if not w.isdigit()), key=len, reverse=True)[:3]
    for word in letters:
        condition &= Q(search_title__contains=word)
    for number in (w for w in words if w.isdigit() and int(w) <= 89):
        condition &= Q(search_title__contains=_roman(int(number)).lower()) | Q(
            search_title__contains=number)
    return condition


class DocumentsMatcher:
    def __init__(self, *, user: Any, day: datetime.date | None, sentences: Sentences) -> None:
        self.user, self.day, self.sentences = user, day, sentences

    def match(self, documents: list[ExtractedDocument]) -> list[DocumentMatch]:
        keys = [_symbol_key(d) for d in documents]
        prefixes = [_bare_prefixes(d) for d in documents]
        by_symbol = self._by_symbol([k for k in keys if k], [p for ps in prefixes for p in ps])
        by_title = self._by_title([d for d, key, bare in zip(documents, keys, prefixes, strict=True)
                                   if not key and not bare])
        out = []
        for extracted, key, bare in zip(documents, keys, prefixes, strict=True):
            if key:
                fits = [d for d in by_symbol if d.symbol_key == key]
            elif bare:
                fits = [d for d in by_symbol if d.symbol_key.startswith(tuple(bare))
                        and d.doc_type in _types(extracted.type)]
            else:
                words = _significant(extracted)
                types = _types(extracted.type)
                fits = [d for d in by_title if d.doc_type in types
                        and words <= title_words(d.title)] if words else []
            match = DocumentMatch(extracted=extracted.to_dict())
            self._choose(match, self._dated(fits, extracted))
            match.evidence = self.sentences.evidence(extracted.spans)
            out.append(match)
        return out

    def _readable(self) -> Any:
        return documents_for(self.user).select_related("issuer").defer(*LONG_COLUMNS)

    def _by_symbol(self, keys: list[str], prefixes: list[str]) -> list[Document]:
        if not keys and not prefixes:
            return []
        condition = Q(symbol_key__in=keys)
        for prefix in prefixes:
            condition |= Q(symbol_key__startswith=prefix)
        return list(self._readable().filter(condition).order_by("-signed_on", "-id")[:MAX_ROWS])

    def _by_title(self, documents: list[ExtractedDocument]) -> list[Document]:
        condition = Q()
        for extracted in documents:
            q = _title_q(extracted)
            if q is not None:
                condition |= q
        if not condition.children:
            return []
        return list(self._readable().filter(condition).order_by("-signed_on", "-id")[:MAX_ROWS])

    def _dated(self, fits: list[Document], extracted: ExtractedDocument) -> list[Document]:
        """Narrow by the date written with the document, else to those signed by the article's
        date (an article cannot cite a document signed after it)."""
        written = _written_date(extracted)
        if written is not None:
            year, day = written
            return [d for d in fits if (d.signed_on == day if day else d.signed_on.year == year)]
        if self.day is not None:
            return [d for d in fits if d.signed_on <= self.day]
        return fits

    @staticmethod
    def _choose(match: DocumentMatch, fits: list[Document]) -> None:
        if len(fits) == 1:
            match.document = fits[0]
        elif fits:
            match.candidates = fits
            listed = "; ".join(f"{d} ({d.signed_on:%d/%m/%Y})" for d in fits)
            match.flags.append(Flag(AMBIGUOUS, gettext_noop(
                "Several registered documents fit: %(documents)s. Choose one."
            ), {"documents": listed}, {"documents": [d.pk for d in fits]}))
        else:
            match.flags.append(Flag(UNKNOWN_DOCUMENT, gettext_noop(
                "Not in the registry: a new document is proposed.")))
