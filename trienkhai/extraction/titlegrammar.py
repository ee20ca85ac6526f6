"""Token grammar of names, ranks and titles (the base of `grammar.Grammar`).

A title is a rank ("Phó Chủ tịch") plus an office phrase ("UBND tỉnh Quảng Nam"). Vietnamese
writes only the first syllable of each name part in capitals ("Ban Tuyên giáo"), so a
lower-case syllable continues a phrase only when it completes a known compound with the
syllable before it.
"""
from __future__ import annotations

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.textutil import (
    _INDEXES,
    Token,
    Tokens,
    first_words,
    is_roman,
    is_syllable,
    phrase_index,
    phrase_joins,
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
LOWER_PAIRS = lx._keys("trung ương, nhân dân, thành phố, thị xã, thị trấn, đặc khu, quốc gia")
SPACES = " \t\u00a0"
ALL_RANKS = lx.RANKS | lx.RANK_ABBREVIATIONS
RANK_FIRST_WORDS = first_words(ALL_RANKS)
# Heads a rank may end with ("Trưởng Ban", "Phó Trưởng Tiểu ban"): the office starts there.
RANK_HEADS = lx._keys("ban, tiểu ban, ban chỉ đạo")
_HEAD_LAST = frozenset(h.split()[-1] for h in RANK_HEADS)


class TitleGrammar:
    """Tokens of one text, with names, ranks, offices and titles found on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: Tokens = tokenize(text)
        self.places = lx.places()
        toks = self.tokens
        # joins[k]: tokens k and k+1 are separated by spaces only (one phrase).
        self.joins = phrase_joins(text, toks)
        self.by_key = toks.by_key
        self._name_cache: dict[tuple[int, bool], tuple[int, int]] = {}
        self._rank_cache: dict[int, int] = {}
        self._office_cache: dict[int, int] = {}
        self._title_cache: dict[int, int] = {}

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
        n = self.phrase(i, ALL_RANKS, 5)
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
                if self.hyphenated(k):
                    k += 2
                    continue
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
            if k > i and t.key == "bộ" and toks[k - 1].key == "đảng":
                k += 1  # "Đảng bộ tỉnh" inside an office
                continue
            n = self.congress_words(k) if k > i else 0
            if n:
                k += n  # "Trưởng Tiểu ban Tuyên truyền Đại hội ... lần thứ XX"
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

    def congress_words(self, k: int) -> int:
        """Tokens of a capitalised "Đại hội" or of "lần thứ XX" at k inside a name (0: none)."""
        toks = self.tokens
        if k + 1 >= len(toks) or not self.j(k):
            return 0
        pair = phrase_keys(toks, k, 2)
        if pair == "đại hội" and toks[k].cap:
            return 2
        if pair == "lần thứ" and k + 2 < len(toks) and self.j(k + 1) and (
            is_roman(toks[k + 2].text) or toks[k + 2].text.isdigit()
        ):
            return 3
        return 0

    def title_at(self, i: int) -> int:
        """End token of a title (rank + office) starting at i; 0 when no rank starts there."""
        end = self._title_cache.get(i)
        if end is None:
            end = self._title_cache[i] = self._title_at(i)
        return end

    def rank_head(self, i: int, n: int) -> int:
        """Tokens of the head a rank of n tokens at i ends with ("Ban" in "Trưởng Ban")."""
        if self.tokens[i + n - 1][3] not in _HEAD_LAST:
            return 0
        for k in (3, 2, 1):
            if n > k and phrase_keys(self.tokens, i + n - k, k) in RANK_HEADS:
                return k
        return 0

    def _title_at(self, i: int) -> int:
        n = self.rank_len(i)
        if not n:
            return 0
        end = i + n
        if self.j(end - 1):
            m = self.phrase(end, lx.RANK_MODIFIERS, 2)
            if m and not self.rank_head(i, n):
                end += m  # "Phó Bí thư chuyên trách Đảng ủy ..."
                if not self.j(end - 1):
                    return end
            elif self.rank_head(i, n) and self.lower_compound(end):
                end += 2  # "Trưởng Ban dân vận Tỉnh ủy": the head's name in lower case
            end = max(end, self.office_end(end))
        return end

    def lower_compound(self, k: int) -> bool:
        """Two lower-case words at k that make one name ("dân vận", "tuyên giáo")."""
        toks = self.tokens
        return k + 1 < len(toks) and not toks[k].cap and self.j(k - 1) and self.phrase(
            k, lx.COMPOUNDS, 2
        ) == 2

    def office_start(self, i: int) -> int | None:
        """Token where the body named in the title at i begins ("Trưởng Ban X" → "Ban")."""
        n = self.rank_len(i)
        if not n:
            return None
        head = self.rank_head(i, n)
        if head:
            return i + n - head
        if self.j(i + n - 1):
            m = self.phrase(i + n, lx.RANK_MODIFIERS, 2)
            return i + n + m if m and self.j(i + n + m - 1) else i + n
        return None

    def in_rank(self, i: int) -> bool:
        """Token i is part of a rank word ("Ban" in "Trưởng Ban", "Bí thư" in "Phó Bí thư")."""
        toks = self.tokens
        for k in range(max(0, i - 4), i + 1):
            if toks[k][3] in RANK_FIRST_WORDS and self.rank_len(k) > i - k:
                return True
        return False

    def hyphenated(self, k: int) -> bool:
        """A name of two fields joined by a spaced dash: "... thông - Vận tải" at k."""
        toks = self.tokens
        return (
            0 < k < len(toks) - 1 and self.text[toks[k - 1].end:toks[k].start] in {" - ", " – "}
            and not toks[k - 1].cap and toks[k].cap and not self.rank_len(k)
            and self.phrase(k, lx.COMPOUNDS, 2) == 2 and not toks[k + 1].cap
        )


def lx_key(toks: list[Token], i: int, n: int) -> str:
    return phrase_keys(toks, i, n)
