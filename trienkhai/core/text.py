"""Vietnamese text helpers: folding for diacritic-free search, and the Vietnamese sort order."""
from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

_SPACES = re.compile(r"\s+")
# Modifiers that make a distinct letter (ă â ê ô ơ ư), as opposed to the five tone marks.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # ` ? ~ ' .
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, single spaces: 'Đảng ủy' → 'dang uy'."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def _letter_and_tone(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, tone = decomposed[0], 0
    letter = base
    for mark in decomposed[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif mark in _LETTER_MARKS:
            letter = unicodedata.normalize("NFC", letter + mark)
    return letter, tone


def collation_key(text: str) -> str:
    """A string whose plain ordering is the Vietnamese dictionary order of `text`.

    Each letter becomes two characters: its rank in the Vietnamese alphabet (ă after a, đ after d,
    ...) and its tone (none, huyền, hỏi, ngã, sắc, nặng), so tones sort after the bare letter.
    """
    out: list[str] = []
    for char in nfc(text):
        if char.isspace():
            out.append(" ")
            continue
        letter, tone = _letter_and_tone(char)
        rank = _LETTER_RANK.get(letter)
        if rank is None:
            # Digits and punctuation sort before letters, in code point order.
            out.append("!" + (char if char.isdigit() else "!"))
        else:
            out.append(chr(0x41 + rank) + chr(0x30 + tone))
    return "".join(out)


def person_sort_key(full_name: str) -> str:
    """Sort people by given name (the last word), then by the rest, the Vietnamese way."""
    words = _SPACES.sub(" ", nfc(full_name)).strip().split(" ")
    given, rest = words[-1], " ".join(words[:-1])
    # The separator sorts below every encoded letter, so 'An' comes before 'Anh'.
    return collation_key(given) + "  " + collation_key(rest)


def words_q(query: str, field: str = "search_text") -> Q:
    """Every folded word of `query` must appear in the folded `field`: 'dang uy' finds 'Đảng ủy'."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition
