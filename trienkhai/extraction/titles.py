"""Comparing a title as the press writes it with a title in the registry.

Both are folded (no case, no diacritics, one tone style) and their abbreviations expanded
("UBND" → "ủy ban nhân dân", "TP.HCM"/"TPHCM"/"TP. Hồ Chí Minh" → "thành phố hồ chí minh",
"TW" → "trung ương"), then compared word by word: a written title fits a registered one when
the two are equal or one begins with the other. So "Trưởng Ban Tuyên giáo Thành ủy TPHCM" fits
"Trưởng Ban Tuyên giáo Thành ủy" (the press adds the place) and "Phó Chủ tịch UBND Thành phố"
fits "Phó Chủ tịch Ủy ban nhân dân Thành phố", while "Bí thư Thành ủy" does not fit
"Phó Bí thư Thành ủy" (a rank word changes the office).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from trienkhai.core.text import fold

# Folded abbreviation → folded expansion, applied on word boundaries, longest first.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"tp\s*\.?\s*hcm", "thanh pho ho chi minh"),
    (r"tp\s*\.?\s*ho chi minh", "thanh pho ho chi minh"),
    (r"tp\s*\.?\s*ha noi", "thanh pho ha noi"),
    (r"tp\s*\.?\s*hn", "thanh pho ha noi"),
    (r"hcm", "ho chi minh"),
    (r"tp\s*\.?", "thanh pho"),
    (r"ubnd", "uy ban nhan dan"),
    (r"hdnd", "hoi dong nhan dan"),
    (r"ubmttq", "uy ban mat tran to quoc"),
    (r"mttq", "mat tran to quoc"),
    (r"ubkt", "uy ban kiem tra"),
    (r"btv", "ban thuong vu"),
    (r"bch", "ban chap hanh"),
    (r"dbqh", "dai bieu quoc hoi"),
    (r"tw", "trung uong"),
    (r"vn", "viet nam"),
]
_PATTERNS = [(re.compile(rf"(?<!\w){abbr}(?!\w)"), full) for abbr, full in _ABBREVIATIONS]
_FORMER = frozenset({"nguyen", "cuu"})  # "nguyên Bí thư": a former office


def normalise_title(title: str) -> tuple[str, ...]:
    """The folded words of a title with its abbreviations written out."""
    folded = fold(title).replace("–", "-")
    # "TƯ" (Trung ương) folds to "tu"; as a title's last word it is never the verb.
    folded = re.sub(r"(?<=\s)tu$", "trung uong", folded)
    for pattern, full in _PATTERNS:
        folded = pattern.sub(full, folded)
    folded = folded.replace(".", " ")
    return tuple(re.findall(r"\w+", folded))


def is_former(title: str) -> bool:
    """'nguyên Chủ tịch ...', 'cựu ...': an office no longer held, not checked by date."""
    words = fold(title).split()
    return bool(words) and words[0] in _FORMER


def titles_fit(written: str, registered: str) -> bool:
    a, b = normalise_title(written), normalise_title(registered)
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[: len(shorter)] == shorter


def fits_any(written: str, registered: Iterable[str]) -> bool:
    return any(titles_fit(written, title) for title in registered)
