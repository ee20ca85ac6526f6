"""Recurring numeric requirements: "mỗi năm phát triển ít nhất 2 mô hình" → 2 per year.

The count is a minimum. Durations and upper limits ("không quá 1 ngày") are not quotas.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from trienkhai.extraction.model import Quota
from trienkhai.extraction.textutil import Tokens, key, tokenize

_PERIODS = {
    "năm": "year", "quý": "quarter", "tháng": "month", "tuần": "week", "ngày": "day",
    "nhiệm kỳ": "term", "kỳ": "term", "học kỳ": "semester", "đợt": "round",
}
_PERIOD = "|".join(sorted(_PERIODS, key=len, reverse=True))
_PERIOD_WORDS = frozenset(key(w.split()[-1]) for w in _PERIODS)
_NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10,
}
_COUNT = r"(?P<count>\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
_MIN = r"(?:(?:ít\s+nhất|tối\s+thiểu|không\s+ít\s+hơn|từ)\s+)?"
# Noun phrase after the count: up to five words, stopping at punctuation or "và"/"để".
_NOUN = (
    r"(?:\s+(?!(?:và|hoặc|để|trở)\b)[^\W\d_]+){1,5}?"
    r"(?=\s*(?:[.,;:)\n]|$|\s+(?:trở\s+lên|và|để)\b))"
)
_EVERY_FIRST = re.compile(
    rf"(?P<every>mỗi|hằng|hàng)\s+(?P<period>{_PERIOD}),?(?:\s+(?!ít\b|tối\b)[^\W\d_]+){{0,6}}?\s+"
    rf"{_MIN}{_COUNT}{_NOUN}",
    re.IGNORECASE,
)
_COUNT_FIRST = re.compile(
    rf"{_MIN}{_COUNT}(?P<noun>(?:\s+[^\W\d_]+){{1,3}}?)\s*(?:/\s*|mỗi\s+|trên\s+|một\s+)"
    rf"(?P<period>{_PERIOD})\b",
    re.IGNORECASE,
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.casefold()]


def _candidates(text: str, tokens: Tokens) -> Iterable[re.Match[str]]:
    """Matches of both patterns, tried only near the words that can start or end them."""
    by_key = tokens.by_key
    reach = -1
    every = sorted(i for w in ("mỗi", "hằng", "hàng") for i in by_key.get(w, ()))
    for i in every:
        t = tokens[i]
        if t.start >= reach:
            m = _EVERY_FIRST.match(text, t.start)
            if m:
                reach = m.end()
                yield m
    ends = [i for w in _PERIOD_WORDS for i in by_key.get(w, ())]
    ends += [i for k, found in by_key.items() if "/" in k and k.rsplit("/", 1)[-1]
             in _PERIOD_WORDS for i in found]  # "lần/năm" is one token
    for i in sorted(ends):
        t = tokens[i]
        if "/" not in t.key:
            if i == 0:
                continue
            gap = text[tokens[i - 1].end:t.start]
            if "/" not in gap and tokens[i - 1].key not in {"mỗi", "trên", "một"}:
                continue
        window = max(0, t.start - 90)
        for m in _COUNT_FIRST.finditer(text, window, t.end):
            if m.end() == t.end:
                yield m
                break


def find_quotas(
    text: str, excluded: list[tuple[int, int]] | None = None, tokens: Tokens | None = None
) -> list[Quota]:
    out: list[Quota] = []
    spans: list[tuple[int, int]] = list(excluded or [])
    for m in _candidates(text, tokens if tokens is not None else tokenize(text)):
        if any(m.start() < b and a < m.end() for a, b in spans):
            continue
        if "\n" in m.group(0) or re.search(r"không\s+quá\s*$", text[:m.start()][-12:]):
            continue
        count = _count(m.group("count"))
        if count <= 0:
            continue
        spans.append((m.start(), m.end()))
        period = _PERIODS[" ".join(m.group("period").casefold().split())]
        out.append(Quota(m.group(0).strip(), count, period))
    return out
