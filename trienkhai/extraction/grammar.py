"""Token grammar shared by people and organisations: names, ranks, titles and bodies.

A body is a head ("Ban", "Huyện ủy", "Đoàn") plus qualifiers (a name, a level and place,
"Trung ương", "khóa XII", a nested body). Names, ranks and titles live in `titlegrammar`.
"""
from __future__ import annotations

from dataclasses import dataclass

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.textutil import first_words, is_roman, phrase_keys
from trienkhai.extraction.titlegrammar import (
    FUNCTION_WORDS,
    LOWER_PAIRS,
    RANK_FIRST_WORDS,
    RANK_HEADS,
    TitleGrammar,
    lx_key,
)

__all__ = [
    "ALL_HEADS", "EVENTS", "FUNCTION_WORDS", "HEAD_FIRST_WORDS", "NEEDS_QUALIFIER",
    "PARTY_FIRST_WORDS", "RANK_FIRST_WORDS", "STATE_COUNCILS", "Body", "Grammar", "lx_key",
]

# Bodies that name one body only with a qualifier after them ("HĐND tỉnh", not "HĐND").
NEEDS_QUALIFIER = lx._keys("""
    Thường trực, Ban Chấp hành, BCH, Đảng bộ, Chi bộ, Đảng đoàn, Ban Cán sự Đảng, Công an
    HĐND, UBND, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban MTTQ, MTTQ, Mặt trận Tổ quốc
    Ủy ban Mặt trận Tổ quốc, Đoàn ĐBQH, Đoàn đại biểu Quốc hội, Ủy ban Kiểm tra, UBKT, Công đoàn
    Liên đoàn Lao động, Hội Nông dân, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh, Đoàn Thanh niên
    Ban Thường vụ, BTV, Tòa án nhân dân, Viện Kiểm sát nhân dân, Bộ Chỉ huy Quân sự, Ban cán sự đảng
""")
STATE_COUNCILS = lx._keys("HĐND, UBND, Hội đồng nhân dân, Ủy ban nhân dân, Thường trực HĐND")
HEAD_FIRST_WORDS = first_words(
    lx.STANDALONE_BODIES, lx.PARTY_COMMITTEES, lx.NAMED_HEADS, lx.DESCRIPTOR_HEADS
)
_MISSING = object()
SECOND_SYLLABLE_OF = lx.COMPOUNDS | frozenset(lx.DOC_TYPES)
ALL_HEADS = lx.STANDALONE_BODIES | lx.PARTY_COMMITTEES | lx.NAMED_HEADS | lx.DESCRIPTOR_HEADS
PARTY_FIRST_WORDS = first_words(lx.PARTY_COMMITTEES)
EVENTS = lx._keys("đại hội, hội nghị, kỳ họp, phiên họp, hội thảo, lễ kỷ")


@dataclass(frozen=True)
class Body:
    """A body found at tokens[start:end]; `qualified` when a name, level or nested body follows
    the head; `inner` lists bodies named inside it that count on their own ("của Ban Bí thư")."""

    start: int
    end: int
    head: str
    qualified: bool
    generic: bool = False
    inner: tuple[tuple[int, int], ...] = ()


class Grammar(TitleGrammar):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._body_cache: dict[tuple[int, bool], Body | None] = {}

    # --- bodies -------------------------------------------------------------------------------

    def body_at(self, i: int, office: bool = False) -> Body | None:
        """The longest body starting at token i (`office`: the start of a title's office)."""
        cache_key = (i, office)
        body = self._body_cache.get(cache_key, _MISSING)
        if body is _MISSING:
            body = self._body_cache[cache_key] = self._body_at(i, office)
        return body  # type: ignore[return-value]

    def _body_at(self, i: int, office: bool) -> Body | None:
        toks = self.tokens
        if i >= len(toks) or toks[i].key not in HEAD_FIRST_WORDS:
            return None
        if not office and not toks[i].cap and toks[i].key not in PARTY_FIRST_WORDS:
            return None  # lower-case heads name bodies only inside titles ("trưởng ban ...")
        t = toks[i]
        if not office and self.in_rank(i):
            return None
        if not office and i > 0 and self.joins[i - 1] and (
            f"{toks[i - 1][3]} {t[3]}" in SECOND_SYLLABLE_OF
        ):
            return None  # "báo" in "Thông báo", "ban" in "Ủy ban": not the start of a body
        if not self.phrase(i, ALL_HEADS, 6):
            return None  # one probe rules out most first words ("Đảng" alone, "Ban" + verb)
        n = self.phrase(i, lx.STANDALONE_BODIES, 6)
        party = self.phrase(i, lx.PARTY_COMMITTEES, 3)
        head_kind = ""
        if party and party >= n:
            n, head_kind = party, "party"
            if not t.cap and not (office or self._lower_ok(i)):
                return None
        elif n:
            head_kind = "standalone"
            if not t.cap and not office:
                return None
        else:
            n = self.phrase(i, lx.NAMED_HEADS, 3)
            if n and (t.cap or office) and i + n < len(toks) and self.j(i + n - 1):
                nxt = toks[i + n]
                if nxt.cap and nxt.key not in FUNCTION_WORDS and not self.rank_len(i + n):
                    enterprise = phrase_keys(toks, i, n) in lx.ENTERPRISE_HEADS
                    head_kind = "enterprise" if enterprise else "named"
                elif nxt.key == "các" and self.j(i + n) and self.phrase(
                    i + n + 1, lx.NAMED_HEADS, 2
                ):
                    head_kind = "named"  # "Liên hiệp các Hội ..."
                elif phrase_keys(toks, i, n) in lx.DESCRIPTOR_HEADS and self.phrase(
                    i + n, lx.DESCRIPTORS, 4
                ):
                    head_kind = "descriptor"
                elif phrase_keys(toks, i, n) in lx.ENTERPRISE_HEADS and self.phrase(
                    i + n, lx.COMPOUNDS, 2
                ) == 2:
                    head_kind = "enterprise"
            if not head_kind and office and phrase_keys(toks, i, n) in RANK_HEADS and (
                self.lower_compound(i + n)
            ):
                body = self._qualify(i, i + n + 2, phrase_keys(toks, i, n), "descriptor", office)
                return body if body.qualified else None  # "Trưởng Ban dân vận Tỉnh ủy"
            if not head_kind:
                n = self.phrase(i, lx.DESCRIPTOR_HEADS, 3)
                if n and t.cap and i + n < len(toks) and self.j(i + n - 1) and self.phrase(
                    i + n, lx.DESCRIPTORS, 4
                ):
                    head_kind = "descriptor"
            if not head_kind:
                return None
        head = phrase_keys(toks, i, n)
        return self._qualify(i, i + n, head, head_kind, office)

    def _lower_ok(self, i: int) -> bool:
        """A lower-case party committee ('huyện ủy') counts after a standing-committee word or
        before a capitalised place."""
        toks = self.tokens
        if i > 0 and self.j(i - 1) and toks[i - 1].key in {"btv", "bch", "vụ", "trực"}:
            return True
        k = i + 2
        return k < len(toks) and self.j(k - 1) and toks[k].cap and toks[k].key not in FUNCTION_WORDS

    def _qualify(self, start: int, k: int, head: str, kind: str, office: bool = False) -> Body:
        toks = self.tokens
        qualified = kind in {"named", "enterprise"}
        inner: list[tuple[int, int]] = []
        if kind == "descriptor":
            while k < len(toks) and self.j(k - 1):
                n = self.phrase(k, lx.DESCRIPTORS, 4)
                if not n:
                    break
                k += n
            if k + 1 < len(toks) and self.j(k - 1) and toks[k].key == "của" and self.j(k):
                owner = self.body_at(k + 1)
                if owner and not owner.generic:
                    inner.append((owner.start, owner.end))
                    return Body(start, owner.end, head, True, False, tuple(inner))
        after_level = force = placed = False
        while k < len(toks):
            gap_ok, force = self.j(k - 1) or force, False
            t = toks[k]
            if not gap_ok:
                if self._parenthetical(k):
                    k, force = k + 1, True
                    continue
                if kind in {"named", "enterprise"} and not placed and self.hyphenated(k):
                    k += 2  # "Bộ Giao thông - Vận tải", "Trung tâm Văn hóa - Thể thao"
                    continue
                if toks[k - 1].key in STATE_COUNCILS and self.text[toks[k - 1].end:t.start] == ", ":
                    other = self.body_at(k)
                    if other and phrase_keys(toks, other.start, 1) in STATE_COUNCILS:
                        return Body(start, other.end, head, other.qualified, other.generic)
                break
            if t.key == "các" and kind == "named" and not placed and self.j(k) and (
                self.phrase(k + 1, lx.NAMED_HEADS, 2) and toks[k + 1].cap
            ):
                k += 1  # "Liên hiệp các Hội ...": a federation's own name
                continue
            if t.key == "đảng" and toks[k - 1].key == "ương":
                k += 1  # "BCH trung ương đảng"
                continue
            if t.key == "các" and self.j(k) and (toks[k - 1].key == "khối" or (
                k == start + 2 and head in {"đảng ủy", "đảng uỷ"}
                and phrase_keys(toks, k + 1, 2) == "cơ quan"
            )):
                # "Đảng ủy Khối các cơ quan tỉnh": the bloc's own name, lower-case words and all
                k, kind, qualified = k + 1, "enterprise", True
                continue
            if t.key in lx.GENERIC_MARKERS or phrase_keys(toks, k, 2) in {"cơ sở", "trực thuộc"}:
                return Body(start, k, head, qualified, generic=True)
            if self.rank_len(k) and not (t.key == "ban" and kind == "standalone"):
                break
            if kind == "descriptor" and t.key == "số" and k + 1 < len(toks) and self.j(k) and (
                toks[k + 1].text.isdigit()
            ):
                k, qualified = k + 2, True  # "Đoàn kiểm tra số 11"
                continue
            if kind == "descriptor" and self.congress_words(k):
                k += self.congress_words(k)  # "Tiểu ban Tuyên truyền Đại hội ... lần thứ XX"
                continue
            if phrase_keys(toks, k, 2) in EVENTS:
                break
            nested = self.phrase(k, lx.PARTY_COMMITTEES, 3) or (
                self.phrase(k, lx.STANDALONE_BODIES, 6) if t.cap else 0
            )
            if nested and (t.cap or self._lower_ok(k)):
                sub = self.body_at(k, office=True)
                if sub is not None:
                    if sub.generic:
                        return Body(start, sub.end, head, qualified, generic=True)
                    k, qualified, placed = sub.end, True, placed or sub.qualified
                    continue
            if kind in {"named", "enterprise"} and not placed and self.phrase(
                k, lx.NAME_NOUNS, 2
            ) == 2:
                k += 2  # "Bộ Nông nghiệp và Phát triển nông thôn", "Chính sách xã hội"
                continue
            n = self.phrase(k, lx.LEVELS, 3) or self.phrase(k, LOWER_PAIRS, 2)
            if n:
                k, qualified, after_level, placed = k + n, True, True, True
                if phrase_keys(toks, k - n, n) == "trung ương" and k < len(toks) and self.j(
                    k - 1
                ) and toks[k].key == "đảng":
                    k += 1
                continue
            if t.key in {"khóa", "khoá"} and k + 1 < len(toks) and self.j(k) and (
                is_roman(toks[k + 1].text) or toks[k + 1].text.isdigit()
            ):
                k, qualified = k + 2, True
                continue
            if t.cap and t.alpha and t.key not in FUNCTION_WORDS:
                if self.name_at(k, after_level)[0] and (office or not after_level):
                    break  # outside a title, a name after "xã" is the commune ("xã Lê Lợi")
                if k > start and head in {"đảng bộ", "chi bộ", "đảng ủy"} and self.phrase(
                    k, lx.ENTERPRISE_HEADS | lx.NAMED_HEADS, 3
                ):
                    sub = self.body_at(k)
                    if sub is not None:
                        inner.append((sub.start, sub.end))
                        k, qualified = sub.end, True
                        continue
                k, qualified, after_level = k + 1, True, False
                placed = (placed or kind not in {"named", "enterprise"}
                          or toks[k - 1].key in lx.PLACE_ABBREVIATIONS)
                continue
            prev = toks[k - 1]
            if f"{prev.key} {t.key}" in lx.COMPOUNDS and (prev.cap or kind == "enterprise"):
                k += 1
                continue
            if kind == "enterprise" and not placed and self.phrase(k, lx.COMPOUNDS, 2) == 2:
                k += 2
                continue

            if t.key == "và" and k + 1 < len(toks) and self.j(k) and toks[k + 1].cap:
                if self.rank_len(k + 1) or self.name_at(k + 1)[0]:
                    break
                if phrase_keys(toks, k + 1, 2) in EVENTS:
                    break
                other = self.body_at(k + 1)
                if other is None:
                    if kind == "named" and not placed:
                        k += 1  # "Khoa học và Kỹ thuật": a name with a conjunction
                        continue
                    break
                if not placed and other.qualified and not other.generic:
                    k = other.end  # "Đoàn ĐBQH và HĐND tỉnh": one qualifier for both
                    continue
            break
        while k > start + 1 and toks[k - 1].key in {"và", "các"}:
            k -= 1
        return Body(start, k, head, qualified, False, tuple(inner))

    def _parenthetical(self, k: int) -> bool:
        """'Đoàn đại biểu Quốc hội (ĐBQH) tỉnh': an abbreviation in brackets inside a name."""
        toks = self.tokens
        if k + 1 >= len(toks) or not toks[k].upper:
            return False
        before = self.text[toks[k - 1].end:toks[k].start]
        after = self.text[toks[k].end:toks[k + 1].start]
        return before == " (" and after == ") " and bool(
            self.phrase(k + 1, lx.LEVELS, 3) or toks[k + 1].cap
        )
