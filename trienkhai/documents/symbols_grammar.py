"""Code tables and text preparation for document symbols (see symbols.py).

Pure Python. Kept apart from the parser so the tables can grow without crowding the logic.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Type code → Vietnamese name. Canonical spelling of each code, mixed case where it is printed so.
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",  # also the Politburo's quy định (e.g. 399-QĐ/TW)
    "QĐi": "Quy định",  # quy định of the Central Committee or of a local committee
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BS": "Bản sao",
    # State types (Nghị định 30/2020/NĐ-CP, Luật Ban hành VBQPPL).
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "CĐ": "Công điện",
    "PA": "Phương án",
}
NO_TYPE_NAME = "Văn bản"  # laws and NA resolutions ('202/2025/QH15') print no type code

# Party issuers: bare committees plus "body + level" (VPTW, BTGDVTW, UBKTTU, ...).
PARTY_LEVELS = ("TW", "TU", "HU", "QU", "ThU", "ĐU", "ĐUK")
PARTY_BODIES = (
    "VP", "BTC", "BTG", "BDV", "BTGDV", "BNC", "UBKT", "BCĐ", "BKT", "BĐN", "BCSĐ", "ĐĐ",
)
PARTY_ISSUER_CODES: frozenset[str] = frozenset(
    [*PARTY_LEVELS, "CB", "BCSĐ", "ĐĐ", "QUTW", "ĐUCATW", "ĐUQSTW"]
    + [body + level for body in PARTY_BODIES for level in PARTY_LEVELS]
)
# State issuers: central bodies, ministries (pre- and post-2025 names), local authorities.
_STATE_ISSUERS_TEXT = """
    CP TTg VPCP QH UBTVQH CTN HĐBCQG TANDTC VKSNDTC KTNN TTCP NHNN UBDT MTTQ UBMTTQ
    BNV BTC BCA BQP BNG BTP BKHĐT BCT BNNPTNT BNNMT BGTVT BXD BTNMT BTTTT BKHCN BGDĐT BYT
    BVHTTDL BLĐTBXH BDTTG HĐND UBND BCĐ BTV SNV STC SGDĐT SYT SXD STNMT SKHĐT SVHTTDL
    SLĐTBXH SNNPTNT SNNMT SCT STP SKHCN STTTT SGTVT CA
"""
STATE_ISSUER_CODES: frozenset[str] = frozenset(_STATE_ISSUERS_TEXT.split())
# Issuers that carry a term or a number: QH15, UBTVQH15, BCĐ389.
NUMBERED_ISSUERS: frozenset[str] = frozenset({"QH", "UBTVQH", "BCĐ"})
ISSUER_CODES: frozenset[str] = PARTY_ISSUER_CODES | STATE_ISSUER_CODES

# Words written before a number or symbol, longest first so "Thông báo kết luận" wins.
TYPE_WORDS: dict[str, str] = {
    "Nghị quyết liên tịch": "NQLT",
    "Thông tư liên tịch": "TTLT",
    "Chương trình hành động": "CTr",
    "Thông báo kết luận": "TB",
    "Nghị quyết": "NQ",
    "Chỉ thị": "CT",
    "Kết luận": "KL",
    "Quyết định": "QĐ",
    "Quy định": "QĐi",  # by name; a Politburo quy định prints QĐ in its symbol (399-QĐ/TW)
    "Quy chế": "QC",
    "Hướng dẫn": "HD",
    "Thông báo": "TB",
    "Báo cáo": "BC",
    "Kế hoạch": "KH",
    "Chương trình": "CTr",
    "Đề án": "ĐA",
    "Tờ trình": "TTr",
    "Công văn": "CV",
    "Nghị định": "NĐ",
    "Thông tư": "TT",
    "Công điện": "CĐ",
    "Phương án": "PA",
}

DASHES = "-–—‐‑−"  # hyphen-minus, en dash, em dash, hyphen, non-breaking hyphen, minus
DASH_CLASS = r"\-–—‐‑−"  # the same, safe inside a regex character class


def _fold_code(code: str) -> str:
    """Loose key of a code: case-free, Đ read as D, Ư read as W (TƯ is the press's TW)."""
    return code.casefold().replace("đ", "d").replace("ư", "w")


class CodeTable:
    """Case-insensitive lookup of codes; Đ/D and Ư/W confusion accepted only when unambiguous."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = frozenset(codes)
        self._exact: dict[str, str] = {}
        self._loose: dict[str, set[str]] = {}
        for code in self.codes:
            if code.casefold() in self._exact:
                raise ValueError(f"codes {code!r} and {self._exact[code.casefold()]!r} collide")
            self._exact[code.casefold()] = code
            self._loose.setdefault(_fold_code(code), set()).add(code)

    def get(self, raw: str) -> str | None:
        exact = self._exact.get(raw.casefold())
        if exact is not None:
            return exact
        candidates = self._loose.get(_fold_code(raw), set())
        return next(iter(candidates)) if len(candidates) == 1 else None

    def ambiguous(self) -> list[str]:
        """Codes that a D-for-Đ (or W-for-Ư) spelling cannot tell apart."""
        return sorted(code for group in self._loose.values() if len(group) > 1 for code in group)


TYPES = CodeTable(TYPE_CODES)
PARTY_ISSUERS = CodeTable(PARTY_ISSUER_CODES)
STATE_ISSUERS = CodeTable(STATE_ISSUER_CODES)

# --- text preparation -------------------------------------------------------------------------

# Old style puts the tone on the first vowel of an open oa/oe/uy ("hóa", "thủy"), new style on
# the second ("hoá", "thuỷ"). Both occur in one article; matching maps new style to old style.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _tone_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    new = f + unicodedata.normalize("NFC", s + tone)
                    old = unicodedata.normalize("NFC", f + tone) + s
                    pairs[new] = old
    return pairs


_NEW_TO_OLD = _tone_pairs()
_NEW_STYLE = re.compile("(?:" + "|".join(_NEW_TO_OLD) + r")(?![^\W\d_])")
# Latin eth (from legacy encodings) printed for Đ; same length, so offsets stay valid.
# (str.replace, not str.translate: translate is slow on long non-ASCII texts.)
_LOOKALIKES = (("Ð", "Đ"), ("ð", "đ"))


def old_style_tones(text: str) -> str:
    """'hoá' → 'hóa', 'thuỷ' → 'thủy' (NFC text in, same length out)."""
    return _NEW_STYLE.sub(lambda m: _NEW_TO_OLD[m.group(0)], text)


def prepare(text: str) -> tuple[str, list[int] | None]:
    """NFC text for matching, and the offsets of its characters in `text` (None: identical).

    The matching text has the same length as the NFC form, so spans found in it map back to
    the caller's text through the offsets.
    """
    offsets: list[int] | None = None
    if unicodedata.is_normalized("NFC", text):
        nfc = text
    else:
        # Compose cluster by cluster (a base letter and its marks), remembering where each began.
        pieces: list[str] = []
        offsets = []
        start = 0
        for index in range(1, len(text) + 1):
            if index == len(text) or not unicodedata.combining(text[index]):
                piece = unicodedata.normalize("NFC", text[start:index])
                pieces.append(piece)
                offsets.extend([start] * len(piece))
                start = index
        nfc = "".join(pieces)
        offsets.append(len(text))
    for lookalike, letter in _LOOKALIKES:
        nfc = nfc.replace(lookalike, letter)
    return old_style_tones(nfc), offsets


def word_pattern(words: Iterable[str]) -> str:
    """Regex alternation of words, longest first, spaces matching any run of spaces."""
    ordered = sorted({old_style_tones(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)
