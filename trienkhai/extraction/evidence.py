"""Evidence: the sentences of an article where an extracted item appears, with highlights.

Pure Python. Offsets refer to the article as the extractor sees it (`article_text`: NFC, Unix
line ends, site chrome blanked), so the extractor's spans can be used directly.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from trienkhai.extraction.cleaning import clean, normalise
from trienkhai.extraction.textutil import DOTTED_ABBREVIATIONS

MAX_SENTENCES = 3

# Sentence ends: . ! ? … (possibly repeated, possibly followed by a closing quote/bracket)
# before white space. A full stop with no space after it ("TP.HCM", "30.6.2025") never ends one.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
# Words after which a full stop does not end the sentence: titles and place abbreviations.
_ABBREVIATIONS = DOTTED_ABBREVIATIONS | frozenset({
    "q", "p", "h", "x", "ts", "ths", "gs", "pgs", "bs", "ks", "cn", "th.s", "tr", "đ/c",
    "đc", "st", "mr", "mrs", "dr", "no", "nxb",
})
_WORD_BEFORE = re.compile(r"([^\s(\"“]+)$")


def article_text(text: str) -> str:
    """The text the extractor's offsets refer to."""
    return clean(normalise(text))


@dataclass
class Evidence:
    """Where a proposal comes from: one sentence of the article and the highlighted spans in
    it (offsets into `sentence`)."""
    sentence: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def parts(self) -> list[tuple[str, bool]]:
        """The sentence cut into (text, highlighted) pieces, for templates that escape each."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in sorted(self.spans):
            start = max(start, at)
            if end <= start:
                continue
            if start > at:
                out.append((self.sentence[at:start], False))
            out.append((self.sentence[start:end], True))
            at = end
        if at < len(self.sentence):
            out.append((self.sentence[at:], False))
        return out


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` follows an initial ("Nguyễn V. A") or an abbreviation."""
    if text[stop] != ".":
        return False
    m = _WORD_BEFORE.search(text, 0, stop)
    if m is None:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial
    return word.casefold() in _ABBREVIATIONS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed; lines always end a sentence."""
    out: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        begin = line_start
        for m in _END.finditer(line):
            if _is_abbreviation(line, m.start()):
                continue
            out.append((line_start + _skip(line, begin - line_start), line_start + m.end()))
            begin = line_start + m.end()
        out.append((line_start + _skip(line, begin - line_start), line_start + len(line)))
        line_start += len(line) + 1
    return [(a, _rstrip(text, a, b)) for a, b in out if text[a:b].strip()]


def _skip(line: str, at: int) -> int:
    while at < len(line) and line[at].isspace():
        at += 1
    return at


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


class Sentences:
    """The sentences of one article, to find the ones that hold given spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = sentences(text)
        self.starts = [a for a, _ in self.bounds]

    def index_of(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.bounds[i][1]:
            return i
        return None

    def evidence(self, spans: Iterable[tuple[int, int]],
                 limit: int = MAX_SENTENCES) -> list[Evidence]:
        """At most `limit` sentences holding the spans, in order, spans made relative."""
        grouped: dict[int, list[tuple[int, int]]] = {}
        for start, end in sorted(set(spans)):
            i = self.index_of(start)
            if i is None:
                continue
            a, b = self.bounds[i]
            grouped.setdefault(i, []).append((start - a, min(end, b) - a))
        out = []
        for i in sorted(grouped)[:limit]:
            a, b = self.bounds[i]
            out.append(Evidence(self.text[a:b], grouped[i]))
        return out

    def occurrences(self, literal: str) -> list[tuple[int, int]]:
        """Spans of `literal` in the text as a whole word or phrase (not inside a longer word)."""
        if not literal.strip():
            return []
        pattern = re.compile(rf"(?<!\w){re.escape(literal)}(?!\w)")
        return [(m.start(), m.end()) for m in pattern.finditer(self.text)]

    def evidence_for(self, literal: str, limit: int = MAX_SENTENCES) -> list[Evidence]:
        return self.evidence(self.occurrences(literal), limit)
