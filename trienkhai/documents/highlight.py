"""Highlighting on the original, accented text by comparing folded words.

The engines match folded text; here each word of the original is folded on its own and
compared with the query's words, so 'quan triet' marks 'quán triệt' and 'dang' marks 'Đảng'
without mapping offsets between the two texts. Symbols cited in the text are marked whole when
their key is one the query asked for.
"""
from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from trienkhai.core.text import fold, nfc

from .indexing import TERM, ParsedQuery
from .symbols import DocumentSymbol, find_symbols, symbol_key

Span = tuple[int, int]
SNIPPET_CHARS = 240


def _word_spans(text: str, query: ParsedQuery) -> list[Span]:
    words = set(query.words)
    last = query.words[-1] if query.prefix and query.words else None
    spans: list[Span] = []
    for match in TERM.finditer(text):
        word = fold(match.group(0))
        if word in words or (last and word.startswith(last)):
            spans.append(match.span())
    return spans


def _bare(symbol: DocumentSymbol) -> tuple[str, str]:
    return symbol.type_code, symbol.number.lstrip("0")


def _symbol_spans(text: str, query: ParsedQuery) -> list[Span]:
    if not query.symbols:
        return []
    numbers = "|".join(re.escape(s.number.lstrip("0") or "0") for s in query.symbols)
    if not re.search(rf"(?<!\d)0*(?:{numbers})(?!\d)", text):
        return []  # none of the numbers asked for: no need to parse the text's symbols
    keys = set(query.symbol_keys)
    # 'Chỉ thị 05' asks for any symbol of that type and number, '05-CT/TW' among them.
    bare = {_bare(s) for s in query.symbols if s.system == "bare"}
    return [(m.start, m.end) for m in find_symbols(text)
            if symbol_key(m.symbol) in keys or _bare(m.symbol) in bare]


def spans_for(text: str, query: ParsedQuery) -> list[Span]:
    """Non-overlapping spans to mark, in order; a whole symbol wins over its parts."""
    symbols = _symbol_spans(text, query)
    words = [s for s in _word_spans(text, query)
             if not any(a < s[1] and s[0] < b for a, b in symbols)]
    return sorted(symbols + words)


def render(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> SafeString:
    """text[start:end], escaped, with the spans inside it wrapped in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = ["…" if start > 0 else ""]
    position = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out += [escape(text[position:a]), "<mark>", escape(text[a:b]), "</mark>"]
        position = b
    out += [escape(text[position:end]), "…" if end < len(text) else ""]
    return mark_safe("".join(out))  # every piece of text above is escaped


def highlight(text: str, query: ParsedQuery) -> SafeString:
    text = nfc(text)
    return render(text, spans_for(text, query))


def _window(text: str, spans: list[Span], width: int) -> tuple[int, int]:
    """The stretch of `width` characters holding the most marks, cut at spaces."""
    best_start, best_count = spans[0][0], 0
    for index, (a, _b) in enumerate(spans[:200]):
        count = sum(1 for s in spans[index:] if s[1] <= a + width)
        if count > best_count:
            best_start, best_count = a, count
    start = max(0, best_start - width // 4)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best_start else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > best_start else end
    return start, end


def snippet(texts: list[str], query: ParsedQuery, width: int = SNIPPET_CHARS) -> SafeString | None:
    """The marked stretch of the first text with a match, or None when none matches."""
    for raw in texts:
        if not raw:
            continue
        text = nfc(raw)
        spans = spans_for(text, query)
        if spans:
            start, end = _window(text, spans, width)
            return render(text, spans, start, end)
    return None


def plain_snippet(text: str, width: int = SNIPPET_CHARS) -> SafeString:
    text = nfc(text or "")
    if len(text) <= width:
        return render(text, [])
    end = text.rfind(" ", 0, width)
    return render(text, [], 0, end if end > 0 else width)
