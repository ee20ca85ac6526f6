"""Token grammar shared by people and organisations: names, ranks, titles and bodies.

A title is a rank ("Phó Chủ tịch") plus an office phrase ("UBND tỉnh Quảng Nam"); a body is a
head ("Ban", "Huyện ủy", "Đoàn") plus qualifiers (a name, a level and place, "Trung ương",
"khóa XII", a nested body). Vietnamese writes only the first syllable of each name part in
capitals ("Ban Tuyên giáo"), so a lower-case syllable continues a phrase only when it completes
a known compound with the syllable before it.
"""
from __future__ import annotations

from dataclasses import dataclass

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.textutil import (
    _INDEXES,
    Token,
    Tokens,
    first_words,
    is_roman,
    is_syllable,
    phrase_index,
    phrase_keys,
    syllable_prefix,
    tokenize,
)

# Capitalised function words that end a phrase ("... khoá XI Về tiếp tục ...").
FUNCTION_WORDS = lx._keys("""
    về, theo, trong, tại, với, và, của, đến, từ, cho, để, nhằm, là, có, đã, sẽ, khi, thì, các
    những, này, đó, ngày, sáng, chiều, tối, năm, tháng, sau, trước, qua, được, ông, nhưng
    còn, cùng, ảnh, nguồn
""")
# Bodies that name one body only with a qualifier after them ("HĐND tỉnh", not "HĐND").
NEEDS_QUALIFIER = lx._keys("""
    Thường trực, Ban Chấp hành, BCH, Đảng bộ, Chi bộ, Đảng đoàn, Ban Cán sự Đảng, Công an
    HĐND, UBND, Hội đồng nhân dân, Ủy ban nhân dân, Ủy ban MTTQ, MTTQ, Mặt trận Tổ quốc
    Ủy ban Mặt trận Tổ quốc, Đoàn ĐBQH, Đoàn đại biểu Quốc hội, Ủy ban Kiểm tra, UBKT, Công đoàn
    Liên đoàn Lao động, Hội Nông dân, Hội Liên hiệp Phụ nữ, Hội Cựu chiến binh, Đoàn Thanh niên
    Ban Thường vụ, BTV, Tòa án nhân dân, Viện Kiểm sát nhân dân, Bộ Chỉ huy Quân sự, Ban cán sự đảng
""")
STATE_COUNCILS = lx._keys("HĐND, UBND, Hội đồng nhân dân, Ủy ban nhân dân, Thường trực HĐND")
LOWER_PAIRS = lx._keys("trung ương, nhân dân, thành phố, thị xã, thị trấn, đặc khu, quốc gia")
HEAD_FIRST_WORDS = first_words(
    lx.STANDALONE_BODIES, lx.PARTY_COMMITTEES, lx.NAMED_HEADS, lx.DESCRIPTOR_HEADS
)
SPACES = " \t\u00a0"
_MISSING = object()
SECOND_SYLLABLE_OF = lx.COMPOUNDS | frozenset(lx.DOC_TYPES)
RANK_FIRST_WORDS = first_words(lx.RANKS)
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


class Grammar:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: Tokens = tokenize(text)
        self.places = lx.places()
        toks = self.tokens
        # joins[k]: tokens k and k+1 are separated by spaces only (one phrase).
        self.joins = [
            (text[a] in SPACES) if b - a == 1 else (b > a and not text[a:b].strip(SPACES))
            for a, b in zip([t[2] for t in toks[:-1]], [t[1] for t in toks[1:]], strict=True)
        ] + [False]
        self.by_key = toks.by_key
        self._name_cache: dict[tuple[int, bool], tuple[int, int]] = {}
        self._rank_cache: dict[int, int] = {}
        self._office_cache: dict[int, int] = {}
        self._title_cache: dict[int, int] = {}
        self._body_cache: dict[tuple[int, bool], Body | None] = {}

    # --- small predicates ---------------------------------------------------------------------

    def j(self, i: int) -> bool:
        """tokens[i] and tokens[i+1] are in one phrase (spaces only between them)."""
        # joins ends with a False, so joins[-1] answers i == -1 too.
        return -1 <= i < len(self.joins) and self.joins[i]

    def phrase(self, i: int, phrases: frozenset[str], longest: int = 6) -> int:
        """Tokens of the longest phrase from `phrases` at token i, spaces only between (0: none).

        Hot path: most tokens start no phrase and are answered by one dict probe.
        """
        toks = self.tokens
        if i >= len(toks):
            return 0
        try:
            index = _INDEXES[phrases]
        except KeyError:
            index = phrase_index(phrases)
        candidates = index.by_first.get(toks[i][3])
        if not candidates:
            return 0
        joins, size = self.joins, len(toks)
        for words in candidates:
            n = len(words)
            if n > longest or i + n > size:
                continue
            for m in range(1, n):
                if toks[i + m].key != words[m] or not joins[i + m - 1]:
                    break
            else:
                return n
        return 0

    def positions(self, words: frozenset[str]) -> list[int]:
        """Indexes of tokens whose key is in `words`, in order."""
        found: list[int] = []
        for word in words & self.by_key.keys():
            found.extend(self.by_key[word])
        return sorted(found)

    def place_covers(self, i: int) -> bool:
        """Token i belongs to a known place name ('Hậu Giang', 'Hồ Chí Minh')."""
        toks = self.tokens
        for first in range(max(0, i - 3), i + 1):
            n = self.phrase(first, self.places, 5)
            if n and first + n > i and all(toks[k].cap for k in range(first, first + n)):
                return True
        return False

    # --- names --------------------------------------------------------------------------------

    def name_at(self, i: int, after_level: bool = False) -> tuple[int, int]:
        """(tokens, end offset) of a person's name starting at token i; (0, 0) if none.

        A name is a known surname and 1-3 more title-case syllables. A trailing syllable glued
        to the next word ('Lĩnhnhấn') is cut back to the name.
        """
        cache_key = (i, after_level)
        result = self._name_cache.get(cache_key)
        if result is None:
            result = self._name_cache[cache_key] = self._name_at(i, after_level)
        return result

    def _name_at(self, i: int, after_level: bool) -> tuple[int, int]:
        toks = self.tokens
        if i >= len(toks) or not toks[i].title or toks[i].key not in lx.SURNAMES:
            return 0, 0
        if toks[i].key in lx.HONORIFICS or self.rank_len(i):
            return 0, 0
        if not is_syllable(toks[i].text):
            return 0, 0
        n, end = 1, toks[i].end
        while n < 4 and self.j(i + n - 1):
            t = toks[i + n]
            if not t.title or t.key in FUNCTION_WORDS or self.rank_len(i + n):
                break
            if not is_syllable(t.text):
                cut = syllable_prefix(t.text)
                if cut:
                    n, end = n + 1, t.start + cut
                break
            if n + 1 < len(toks) and self.j(i + n) and toks[i + n + 1].key in {"ủy", "uỷ"}:
                break  # "Thành ủy": an office, not the last syllable of a name
            n, end = n + 1, t.end
        if n < 2 or lx_key(toks, i, n) in lx.NON_PERSON_NAMES:
            return 0, 0
        if after_level and n == 2:
            return 0, 0  # "huyện Võ Nhai": a place
        if phrase_keys(toks, i, n) in self.places or self.place_covers(i):
            return 0, 0  # last: the place look-up is the dearest check
        return n, end

    # --- ranks and titles ---------------------------------------------------------------------

    def rank_len(self, i: int) -> int:
        """Tokens of a rank word starting at i, unless it is part of a body ("Ban Bí thư")."""
        n = self._rank_cache.get(i)
        if n is None:
            n = self._rank_cache[i] = self._rank_len(i)
        return n

    def _rank_len(self, i: int) -> int:
        if i >= len(self.tokens) or self.tokens[i].key not in RANK_FIRST_WORDS:
            return 0
        n = self.phrase(i, lx.RANKS, 5)
        if not n:
            return 0
        toks = self.tokens
        if i > 0 and self.j(i - 1) and phrase_keys(toks, i - 1, 1 + n) in lx.STANDALONE_BODIES:
            return 0
        if i > 0 and self.j(i - 1) and toks[i - 1].key in lx.PREDICATE_BEFORE_RANK:
            return 0
        if i > 1 and self.j(i - 2) and phrase_keys(toks, i - 2, 2) in lx.PREDICATE_BEFORE_RANK:
            return 0
        return n

    def office_end(self, i: int) -> int:
        """End token of the office phrase starting at token i (i itself when empty)."""
        end = self._office_cache.get(i)
        if end is None:
            end = self._office_cache[i] = self._office_end(i)
        return end

    def _office_end(self, i: int) -> int:
        toks = self.tokens
        k = i
        after_level = False
        while k < len(toks):
            if k > i and not self.j(k - 1):
                break
            t = toks[k]
            if self.name_at(k, after_level)[0]:
                break
            if k > i and self.rank_len(k):
                break
            n = self.phrase(k, lx.PARTY_COMMITTEES, 3)
            if n:
                k, after_level = k + n, False
                continue
            n = self.phrase(k, lx.LEVELS, 3) or self.phrase(k, LOWER_PAIRS, 2)
            if n:
                k, after_level = k + n, True
                continue
            after_level = False
            if t.key in {"khóa", "khoá"} and k + 1 < len(toks) and self.j(k) and (
                is_roman(toks[k + 1].text) or toks[k + 1].text.isdigit()
            ):
                k += 2
                continue
            if t.key in {"ủy", "uỷ", "đảng"} and k > i:
                k += 1
                continue
            if t.cap and t.key not in FUNCTION_WORDS and t.alpha:
                k += 1
                continue
            if k > i and not t.cap and toks[k - 1].cap and (
                f"{toks[k - 1].key} {t.key}" in lx.COMPOUNDS
            ):
                k += 1
                continue
            if t.key == "và" and k > i and k + 1 < len(toks) and self.j(k) and toks[k + 1].cap and (
                not (self.rank_len(k + 1) or self.name_at(k + 1)[0])
            ):
                k += 1
                continue
            break
        while k > i and toks[k - 1].key in {"và", "khóa", "khoá"}:
            k -= 1
        return k

    def title_at(self, i: int) -> int:
        """End token of a title (rank + office) starting at i; 0 when no rank starts there."""
        end = self._title_cache.get(i)
        if end is None:
            end = self._title_cache[i] = self._title_at(i)
        return end

    def _title_at(self, i: int) -> int:
        n = self.rank_len(i)
        if not n:
            return 0
        end = i + n
        if self.j(end - 1):
            office_start = end
            if self.tokens[end - 1].key == "ban" and n > 1:
                office_start = end - 1  # "Trưởng ban Nội chính": the office is "ban Nội chính"
            end = max(end, self.office_end(office_start + (office_start == end - 1)))
        return end

    def office_start(self, i: int) -> int | None:
        """Token where the body named in the title at i begins ("Trưởng Ban X" → "Ban")."""
        n = self.rank_len(i)
        if not n:
            return None
        if self.tokens[i + n - 1].key == "ban" and n > 1:
            return i + n - 1
        return i + n if self.j(i + n - 1) else None

    def in_rank(self, i: int) -> bool:
        """Token i is part of a rank word ("Ban" in "Trưởng Ban", "Bí thư" in "Phó Bí thư")."""
        toks = self.tokens
        for k in range(max(0, i - 4), i + 1):
            if toks[k][3] in RANK_FIRST_WORDS and self.rank_len(k) > i - k:
                return True
        return False

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
            if not head_kind:
                n = self.phrase(i, lx.DESCRIPTOR_HEADS, 3)
                if n and t.cap and i + n < len(toks) and self.j(i + n - 1) and self.phrase(
                    i + n, lx.DESCRIPTORS, 4
                ):
                    head_kind = "descriptor"
            if not head_kind:
                return None
        head = phrase_keys(toks, i, n)
        return self._qualify(i, i + n, head, head_kind)

    def _lower_ok(self, i: int) -> bool:
        """A lower-case party committee ('huyện ủy') counts after a standing-committee word or
        before a capitalised place."""
        toks = self.tokens
        if i > 0 and self.j(i - 1) and toks[i - 1].key in {"btv", "bch", "vụ", "trực"}:
            return True
        k = i + 2
        return k < len(toks) and self.j(k - 1) and toks[k].cap and toks[k].key not in FUNCTION_WORDS

    def _qualify(self, start: int, k: int, head: str, kind: str) -> Body:
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
            if t.key == "các" and toks[k - 1].key == "khối" and self.j(k):
                # "Đảng ủy Khối các cơ quan tỉnh": the bloc's own name, lower-case words and all
                k, kind, qualified = k + 1, "enterprise", True
                continue
            if t.key in lx.GENERIC_MARKERS or phrase_keys(toks, k, 2) in {"cơ sở", "trực thuộc"}:
                return Body(start, k, head, qualified, generic=True)
            if self.rank_len(k) and not (t.key == "ban" and kind == "standalone"):
                break
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
                if self.name_at(k, after_level)[0]:
                    break
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


def lx_key(toks: list[Token], i: int, n: int) -> str:
    return phrase_keys(toks, i, n)
