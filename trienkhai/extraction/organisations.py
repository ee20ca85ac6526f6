"""Named bodies, as written, including those named inside titles and document titles.

Kept: the longest mention of each body ("Ban Thường vụ Huyện ủy Phú Ninh", not also its inner
"Huyện ủy Phú Ninh"), plus the owner in "Đoàn kiểm tra của Ban Bí thư" and the host unit in
"Đảng bộ <enterprise>". Dropped: generic plurals and levels ("các huyện ủy", "UBND cấp huyện"),
bare heads that need a qualifier ("HĐND"), roles ("đại biểu Quốc hội"), and a bare short form
when a qualified form of it appears ("Ban Bí thư" beside "Ban Bí thư Trung ương Đảng").
"""
from __future__ import annotations

import re

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.grammar import (
    HEAD_FIRST_WORDS,
    NEEDS_QUALIFIER,
    PARTY_FIRST_WORDS,
    RANK_FIRST_WORDS,
    Body,
    Grammar,
)
from trienkhai.extraction.textutil import key, phrase_keys

_STARTS = HEAD_FIRST_WORDS | RANK_FIRST_WORDS
# "Đảng bộ xã khóa X" is the bare "Đảng bộ xã" of its term.
_TERM = re.compile(r"\s+khó?a\s+[ivxlc\d]+$")
# A press body alone on a line is a source credit ("Báo Sơn La"), not a mention.
_CREDIT_HEADS = lx._keys("báo, đài, tạp chí, thông tấn xã")
_ROLE_BEFORE = lx._keys("đại biểu, bầu cử, kỳ họp, phiên họp")
# Bodies whose members are "đại biểu": after that word the body names a role.
_DEPUTY_BODIES = lx._keys("Quốc hội, HĐND, Hội đồng nhân dân")


def _role_or_generic(g: Grammar, body: Body) -> bool:
    toks, i = g.tokens, body.start
    if i > 0 and g.j(i - 1):
        prev = toks[i - 1].key
        if prev in lx.GENERIC_MARKERS:
            return True
        before = phrase_keys(toks, i - 2, 2) if i > 1 and g.j(i - 2) else ""
        if before in lx.GENERIC_MARKERS:
            return True
        if before in _ROLE_BEFORE and body.head in _DEPUTY_BODIES:
            return True
        # "Kỳ họp thứ 5 Quốc hội": the body names the session, it is not mentioned itself
        if i > 3 and toks[i - 1].text.isdigit() and phrase_keys(toks, i - 4, 3) in {
            "kỳ họp thứ", "phiên họp thứ", "hội nghị lần"
        }:
            return True
    return False


def _credit_line(g: Grammar, body: Body) -> bool:
    toks, text = g.tokens, g.text
    if body.head not in _CREDIT_HEADS:
        return False
    start, end = toks[body.start].start, toks[body.end - 1].end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.strip(" .|/") == text[start:end]


def _keep(g: Grammar, body: Body) -> bool:
    if body.generic or body.end <= body.start or _credit_line(g, body):
        return False
    if body.head in NEEDS_QUALIFIER and not body.qualified:
        return False
    return not _role_or_generic(g, body)


def find_bodies(g: Grammar) -> list[Body]:
    """Every kept body mention, in text order (inner bodies after their container)."""
    toks = g.tokens
    found: list[Body] = []
    done = 0
    for i in g.positions(_STARTS):
        t = toks[i]
        if i < done or not (t.cap or t.key in RANK_FIRST_WORDS or t.key in PARTY_FIRST_WORDS):
            continue
        body: Body | None = None
        if g.rank_len(i):
            office = g.office_start(i)
            if office is not None:
                body = g.body_at(office, office=True)
            if body is None:
                done = i + g.rank_len(i)
                continue
        else:
            body = g.body_at(i)
        if body is None:
            continue
        if _keep(g, body):
            found.append(body)
        for start, end in body.inner:
            inner = g.body_at(start, office=True)
            if inner is not None and inner.end == end and (
                _keep(g, inner) or inner.head in lx.ENTERPRISE_HEADS | lx.NAMED_HEADS
            ):
                found.append(inner)
        done = max(body.end, i + 1)
    return found


def find_organisations(g: Grammar, bodies: list[Body] | None = None) -> list[str]:
    toks, text = g.tokens, g.text
    spans = find_bodies(g) if bodies is None else bodies
    return _tidy([text[toks[b.start].start:toks[b.end - 1].end] for b in spans])


def _named_after(short: str, name: str) -> bool:
    """`name` writes `short` followed by a word other than a term ("khóa XI")."""
    _, found, rest = f" {name} ".partition(f" {short} ")
    return bool(found) and bool(rest.strip()) and not rest.startswith(("khóa", "khoá"))


def _tidy(names: list[str]) -> list[str]:
    """Distinct names; a short form goes when a longer one starts with it."""
    distinct: list[str] = []
    by_key: dict[str, str] = {}
    for name in names:
        if name in distinct:
            continue
        twin = by_key.get(key(name))
        if twin is not None and twin[1:] == name[1:]:
            # "ban Nội chính" beside "Ban Nội chính": one body, written capitalised
            if name[:1].isupper() and not twin[:1].isupper():
                distinct[distinct.index(twin)] = name
                by_key[key(name)] = name
            continue
        distinct.append(name)
        by_key.setdefault(key(name), name)
    keys = [key(n) for n in distinct]
    # A short form followed by a qualifier inside another name ("Tỉnh ủy" in "Ban Thường vụ
    # Tỉnh ủy Nghệ An") is the bare form of a qualified body: drop it.
    qualified = set()
    for k in keys:
        words = k.split()
        for a in range(len(words)):
            for b in range(a + 1, len(words)):
                if words[b][:1].isalpha():
                    qualified.add(" ".join(words[a:b]))
    term_less = {k: _TERM.sub("", k) for k in keys if _TERM.search(k)}
    # "Đảng bộ xã khóa X" is bare when "Đảng bộ xã <name> ..." is written, not "... khóa XI"
    named = {short for short in term_less.values() if any(_named_after(short, k) for k in keys)}

    def bare(k: str) -> bool:
        return k in qualified or term_less.get(k) in named

    return [n for n, k in zip(distinct, keys, strict=True) if not bare(k)]
