"""Named people and every title attached to them.

Constructions: "<title> <Name>", "<title>, đồng chí <Name>", "<Name>, <title>, <title>" and
"<Name> - <title> - <title>". Honorifics ("ông", "đồng chí") are not titles, nor predicate
roles ("làm trưởng đoàn"). Bylines, photo credits and sign-offs are not people.
"""
from __future__ import annotations

import re

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.grammar import Grammar
from trienkhai.extraction.model import Person

_CREDIT = re.compile(
    r"\((?:ảnh|nguồn|video|clip|đồ họa|photo)\b[^)\n]*\)|^\s*(?:ảnh|nguồn|video|theo)\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORMER = frozenset({"nguyên", "cựu"})
_NOT_BYLINE_START = frozenset({"đồng", "ông", "bà", "anh", "chị", "đ", "phó", "chủ", "bí"})
_SEPARATORS = {",", "-", "–", "—", "‐", "‑"}


def _is_byline(line: str) -> bool:
    """A line that is only a name or two: the author's byline or a TV sign-off."""
    stripped = line.strip().rstrip(".|/ ").strip()
    if len(stripped) > 80 or re.search(r"[,;:()\"“”]", stripped):
        return False
    words = re.findall(r"[^\W\d_]+", stripped)
    if words and words[0].casefold() in _NOT_BYLINE_START:
        return False  # "Đồng chí Nguyễn Văn A" alone on a line is a caption, not a byline
    return 2 <= len(words) <= 8 and all(w[0].isupper() for w in words)


class _People:
    def __init__(self, g: Grammar) -> None:
        self.g = g
        self.text = g.text
        self.toks = g.tokens
        self.blocked = [(m.start(), m.end()) for m in _CREDIT.finditer(self.text)]

    def is_blocked(self, pos: int) -> bool:
        if any(a <= pos < b for a, b in self.blocked):
            return True
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return _is_byline(self.text[start:end if end >= 0 else len(self.text)])

    def honorific_before(self, i: int) -> int:
        """Tokens of an honorific that ends right before token i."""
        for n in (2, 1):
            k = i - n
            if k >= 0 and all(self.g.j(m) for m in range(k, i)) and " ".join(
                t.key for t in self.toks[k:i]
            ) in lx.HONORIFICS:
                return n
        return 0

    def title_ending_at(self, e: int, lookback: int = 14) -> int | None:
        """Start token of the longest title that ends exactly at token e."""
        best = None
        for k in range(e - 1, max(-1, e - lookback), -1):
            if k < e - 1 and not self.g.j(k):
                break
            if self.g.title_at(k) == e:
                best = k
        return best

    def titles_before(self, i: int, name_ends: set[int]) -> list[str]:
        toks, text, g = self.toks, self.text, self.g
        h = self.honorific_before(i)
        e = i - h
        if e <= 0:
            return []
        if not g.j(e - 1) and not (h and text[toks[e - 1].end:toks[e].start].strip() == ","):
            return []  # a title must touch the name, or end at "<title>, đồng chí <name>"
        k = self.title_ending_at(e)
        if k is None:
            return []
        found = [(k, e)]
        while k > 0 and (k - 1) not in name_ends and (
            text[toks[k - 1].end:toks[k].start].strip() == ","
        ):
            prev = self.title_ending_at(k)
            if prev is None:
                break
            found.append((prev, k))
            k = prev
        titles = []
        for a, b in reversed(found):
            if a > 0 and g.j(a - 1) and toks[a - 1].key in _FORMER:
                a -= 1  # "nguyên Chủ tịch UBND tỉnh": a former office is still the title
            titles.append(text[toks[a].start:toks[b - 1].end])
        return titles

    def titles_after(self, k: int, end: int) -> list[str]:
        toks, text, g = self.toks, self.text, self.g
        titles: list[str] = []
        while k < len(toks):
            gap = text[end:toks[k].start].strip()
            if gap not in _SEPARATORS or "\n" in text[end:toks[k].start]:
                break
            first = k
            if toks[k].key in _FORMER and g.j(k):
                k += 1  # "A, nguyên Bí thư Tỉnh ủy"
            te = g.title_at(k)
            if not te:
                break
            if te < len(toks) and g.j(te - 1) and g.name_at(te)[0]:
                break  # the title of the next person: "A, Bí thư Tỉnh ủy Trần Văn B"
            titles.append(text[toks[first].start:toks[te - 1].end])
            end, k = toks[te - 1].end, te
        return titles

    def run(self) -> list[Person]:
        g, toks = self.g, self.toks
        occurrences: list[tuple[int, int, int]] = []
        done = 0
        for i in g.positions(lx.SURNAMES):
            if i < done or not toks[i].title:
                continue
            n, end = g.name_at(i)
            if n:
                occurrences.append((i, n, end))
                done = i + n
        name_ends = {i + n - 1 for i, n, _ in occurrences}
        people: dict[str, Person] = {}
        for i, n, end in occurrences:
            if self.is_blocked(toks[i].start):
                continue
            name = self.text[toks[i].start:end]
            glued = end != toks[i + n - 1].end
            titles = self.titles_before(i, name_ends)
            if not glued:
                titles += self.titles_after(i + n, end)
            honorific = self.honorific_before(i) > 0
            if not (titles or honorific or self.plausible_alone(i, n)):
                continue
            person = people.setdefault(name, Person(name))
            for title in titles:
                if title not in person.titles:
                    person.titles.append(title)
        return list(people.values())

    def plausible_alone(self, i: int, n: int) -> bool:
        """A bare name counts when it is a full name (3+ syllables) in a plain context."""
        toks, g = self.toks, self.g
        if n < 3 or toks[i].key in lx.WEAK_SURNAMES:
            return False
        if i > 0 and g.j(i - 1):
            prev = toks[i - 1]
            if prev.upper or prev.key in lx.PLACE_CUES or prev.key in lx.NAMED_HEADS:
                return False  # "Trường THPT Lê Quý Đôn", "đường Nguyễn Huệ"
            if prev.cap and prev.key not in lx.HONORIFICS:
                return False  # inside a longer capitalised phrase
        return True


def find_people(g: Grammar) -> list[Person]:
    return _People(g).run()
