"""Tokens with offsets, lookup keys and Vietnamese syllable checks shared by the rule families."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from functools import cache
from itertools import pairwise
from operator import itemgetter

from trienkhai.documents.symbols_grammar import old_style_tones

# A word: letters/digits, joined by . - / ' when a letter or digit follows ("TP.HCM", "16-7").
_WORD = re.compile(r"[^\W_]+(?:[.\-/'’][^\W_]+)*")


def key(text: str) -> str:
    """Lookup key: NFC, case-free, one tone style, single spaces."""
    folded = old_style_tones(unicodedata.normalize("NFC", text)).casefold()
    return " ".join(folded.split())


class Token(tuple[str, int, int, str]):
    """A word: (text, start, end, key). A tuple, so the C constructor builds the thousands an
    article needs without a Python call each."""

    __slots__ = ()
    text = property(itemgetter(0))
    start = property(itemgetter(1))
    end = property(itemgetter(2))
    key = property(itemgetter(3))

    def __new__(cls, text: str, start: int, end: int, key: str) -> Token:
        return tuple.__new__(cls, (text, start, end, key))

    @property
    def cap(self) -> bool:
        """Starts with an upper-case letter."""
        return self[0][:1].isupper()

    @property
    def title(self) -> bool:
        """Title case word: 'Nguyễn', not 'UBND' nor 'nguyễn'."""
        text = self[0]
        return text[:1].isupper() and (len(text) == 1 or text[1:].islower())

    @property
    def upper(self) -> bool:
        """An abbreviation in capitals: 'UBND', 'TP.HCM', 'PT-TH'."""
        letters = [c for c in self[0] if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def alpha(self) -> bool:
        return self[0][:1].isalpha()


_new_token = tuple.__new__


class Tokens(list[Token]):
    """The tokens of one text, with an index of positions by key built on first use."""

    _by_key: dict[str, list[int]] | None = None

    @property
    def by_key(self) -> dict[str, list[int]]:
        if self._by_key is None:
            index: defaultdict[str, list[int]] = defaultdict(list)
            for i, token in enumerate(self):
                index[token[3]].append(i)
            self._by_key = dict(index)
        return self._by_key


# "Tâm-Uỷ": a title-case syllable glued by a hyphen to a capitalised word is two words (a name
# and the title after it); "PT-TH", "16-7" and "thông-Vận" keep their hyphen.


def _split_glued(word: str, start: int, spans: list[tuple[int, int]]) -> None:
    parts = word.split("-")
    cut = offset = 0
    for n, part in enumerate(parts[:-1]):
        offset += len(part) + 1
        right = parts[n + 1]
        if part.istitle() and part.isalpha() and right[:1].isupper() and (
            right[1:2].islower() and is_syllable(part)
        ):
            spans.append((start + cut, start + offset - 1))
            cut = offset
    spans.append((start + cut, start + len(word)))


_LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _WORD.finditer(text)]  # at C speed
    if "-" not in text:
        return spans
    glued = [h.start() for h in _LETTER_HYPHEN.finditer(text)
             if text[h.start() - 1].islower() and text[h.end()].isupper()]
    if not glued:
        return spans
    starts = [s for s, _ in spans]
    at = sorted({bisect_right(starts, pos) - 1 for pos in glued})
    out: list[tuple[int, int]] = []
    last = 0
    for n in at:
        out.extend(spans[last:n])
        s, e = spans[n]
        _split_glued(text[s:e], s, out)
        last = n + 1
    out.extend(spans[last:])
    return out


def tokenize(text: str) -> Tokens:
    folded = old_style_tones(text).casefold()
    spans = _spans(text)
    if len(folded) != len(text):  # casefold changed a length ("ß"): fold word by word
        return Tokens(Token(text[s:e], s, e, key(text[s:e])) for s, e in spans)
    return Tokens([_new_token(Token, (text[s:e], s, e, folded[s:e])) for s, e in spans])


# Abbreviations the press writes with a full stop before a place name ("UBND TP. Hồ Chí Minh").
DOTTED_ABBREVIATIONS = frozenset({"tp", "tx", "tt"})


def joined(text: str, left: Token, right: Token) -> bool:
    """True when only spaces (no newline, no punctuation) separate two tokens, or the full stop
    of an abbreviation before a capitalised word ("TP. Hồ Chí Minh")."""
    if right.start - left.end == 1:
        return text[left.end] in " \t\u00a0"
    gap = text[left.end:right.start]
    if gap.startswith(".") and left.key in DOTTED_ABBREVIATIONS and right.text[:1].isupper():
        gap = gap[1:]
    return bool(gap) and gap.strip(" \t\u00a0") == ""


def phrase_joins(text: str, tokens: list[Token]) -> list[bool]:
    """joins[k]: `joined(text, tokens[k], tokens[k + 1])`, for every k, then a final False."""
    out = []
    for left, right in pairwise(tokens):
        a, b = left[2], right[1]
        if b - a == 1:
            out.append(text[a] in " \t\u00a0")
        else:
            out.append(joined(text, left, right))
    return [*out, False]


def first_words(*groups: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split()[0] for group in groups for p in group if p)


def phrase_keys(tokens: list[Token], i: int, n: int) -> str:
    """Key of tokens[i:i+n] joined by spaces ('' when out of range)."""
    if i < 0 or i + n > len(tokens):
        return ""
    if n == 1:
        return tokens[i][3]
    if n == 2:
        return f"{tokens[i][3]} {tokens[i + 1][3]}"
    return " ".join(t[3] for t in tokens[i:i + n])


class PhraseIndex:
    """Phrases grouped by first word, so a lookup costs one dict probe for most tokens."""

    def __init__(self, phrases: frozenset[str]) -> None:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(phrase.split())
            if words:
                by_first.setdefault(words[0], set()).add(words)
        self.by_first = {
            first: sorted(group, key=len, reverse=True) for first, group in by_first.items()
        }


_INDEXES: dict[frozenset[str], PhraseIndex] = {}


def phrase_index(phrases: frozenset[str]) -> PhraseIndex:
    # Keyed by the set itself: frozensets cache their hash, and the lexicon sets are constants.
    index = _INDEXES.get(phrases)
    if index is None:
        index = _INDEXES[phrases] = PhraseIndex(phrases)
    return index


def match_phrase(
    text: str, tokens: list[Token], i: int, phrases: frozenset[str], longest: int = 6,
    joins: list[bool] | None = None,
) -> int:
    """Length in tokens of the longest phrase from `phrases` starting at token i (0: none).

    The tokens of a phrase must be separated by spaces only; `joins[k]` may say so for k, k+1.
    """
    if i >= len(tokens):
        return 0
    candidates = phrase_index(phrases).by_first.get(tokens[i].key)
    if not candidates:
        return 0
    for words in candidates:
        n = len(words)
        if n > longest or i + n > len(tokens):
            continue
        if all(tokens[i + m].key == words[m] for m in range(1, n)) and all(
            (joins[k] if joins is not None else joined(text, tokens[k], tokens[k + 1]))
            for k in range(i, i + n - 1)
        ):
            return n
    return 0


def _vowels() -> str:
    base = "aăâeêioôơuưy"
    marks = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    return "".join(unicodedata.normalize("NFC", v + m) for v in base for m in marks)


_V = _vowels()
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?[{_V}]{{1,3}}(?:ch|ng|nh|[cmnpt])?"
)


@cache
def is_syllable(word: str) -> bool:
    """A single Vietnamese syllable (spelling only, tones not checked)."""
    return _SYLLABLE.fullmatch(old_style_tones(word.lower())) is not None


def syllable_prefix(word: str) -> int:
    """Length of the longest syllable that starts `word` and leaves a lower-case syllable after
    it: 'Lĩnhnhấn' → 4 ('Lĩnh' + 'nhấn'), for names glued to the next word. 0 if none."""
    for cut in range(len(word) - 1, 0, -1):
        rest = word[cut:]
        if rest.islower() and is_syllable(word[:cut]) and is_syllable(rest):
            return cut
    return 0


def is_roman(word: str) -> bool:
    return bool(word) and all(c in "IVXLC" for c in word.upper()) and word.isupper()


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def ordinal(word: str) -> int | None:
    """'XIII' or '13' → 13; anything else → None."""
    if word.isdigit():
        return int(word)
    if not is_roman(word):
        return None
    total = 0
    values = [_ROMAN_VALUES[c] for c in word.upper()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


