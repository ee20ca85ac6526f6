"""Documents referred to in the text: resolutions, directives, plans, decisions, reports.

A mention counts when it points to one document: a number or symbol, a congress or plenum
resolution, a quoted title, "của <body>", a "về ..." subject, a draft ("dự thảo ..."), a plan
tied to a year or term, a plan implementing a named document, a body's own plan ("<body> triển
khai kế hoạch ..."), or a type word capitalised mid-sentence ("theo Chương trình kiểm tra").
Generic plurals ("các nghị quyết, chỉ thị"), bare words ("Theo kế hoạch"), one item of a list
("bám sát nghị quyết, chỉ tiêu"), a subject that is only a year ("Nghị quyết năm 2022"), each
unit's own plan ("... của các đơn vị"), pointers back ("Chỉ thị như sau") and verbs
("Kết luận buổi làm việc, ...") are not documents. Symbols come from trienkhai.documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from trienkhai.documents.symbols import SymbolError, SymbolMatch, find_symbols, symbol_key
from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.doctitles import congress_at, free_text_end, is_sentence_start, type_at
from trienkhai.extraction.grammar import Body, Grammar
from trienkhai.extraction.model import Document
from trienkhai.extraction.textutil import Token, first_words, key, phrase_keys

# Type words that are also verbs ("kết luận buổi làm việc", "báo cáo tại hội nghị").
_VERBISH = lx._keys("quyết định, kết luận, báo cáo, hướng dẫn, thông báo, chỉ thị, quy định")
# Words before a type word that make it a noun (a document), not a verb.
_NOUN_CONTEXT = lx._keys("""
    công bố, ban hành, thực hiện, triển khai, theo, tại, căn cứ, quán triệt, có, trao, nhận, gửi
    chuẩn bị, xây dựng, hoàn thiện, bản, học tập, phổ biến, sơ kết, tổng kết, thông qua, ký
    nghiên cứu, góp ý, lấy ý kiến, tiếp thu, sửa đổi, bổ sung, thay thế, hủy bỏ, công văn, ra
""")
_PLURAL = lx._keys("các, những, một số, nhiều, mỗi, từng, mọi, hai, ba, bốn, năm")
_SPECIFIC = re.compile(
    r"\b(?:năm|giai\s+đoạn|nhiệm\s+kỳ)\s+\d{4}|\bkhó?a\s+[IVXLC]+\b|\bkhoá\s+[IVXLC]+\b", re.I
)
_IMPLEMENTS = re.compile(r"^\s*(?:hành\s+động\s+)?(?:thực\s+hiện|triển\s+khai)\s+", re.I)
_PLANS = frozenset({"Kế hoạch", "Chương trình", "Chương trình hành động", "Đề án"})
_TYPE_FIRST_WORDS = first_words(frozenset(lx.DOC_TYPES))
_DATE = re.compile(r"\bngày\s+(\d{1,2})\s?([./\-])\s?(\d{1,2})\s?\2\s?(\d{4})")
# A subject that is only a year or term names no document ("Nghị quyết năm 2022 đã đề ra").
_TIME_ONLY = re.compile(
    r"\s*(?:(?:của\s+)?(?:năm|giai\s+đoạn|nhiệm\s+kỳ)\s+\d{4}(?:\s*[-–]\s*\d{4})?[\s,]*)+", re.I
)
# Each unit's own plan or report ("kế hoạch thực hiện ... của các đơn vị").
_PLURAL_OWNER = re.compile(r"\bcủa\s+(?:các|những|từng|mỗi|một\s+số)\s", re.I)
# A re-mention that points back ("Nội dung Chỉ thị như sau", "Nghị quyết này").
_ANAPHORIC = re.compile(r"\s*(?:như\s+sau|này|nói\s+trên|trên|đó)\s*$", re.I)


@dataclass
class _Candidate:
    start: int
    end: int
    type: str
    strong: bool
    qualified: bool
    group: tuple[str, ...]
    symbol: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    subject: str = ""
    members: list[_Candidate] = field(default_factory=list)
    head_end: int = 0  # end of the type word, number and date ("Kết luận số 01-KL/TW")


def _token_at(tokens: list[Token], offset: int) -> int:
    """Index of the first token that starts at or after `offset`."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


class _Documents:
    def __init__(self, g: Grammar, bodies: list[Body]) -> None:
        self.g, self.text, self.toks = g, g.text, g.tokens
        self.bodies = bodies
        self.body_starts = {b.start: b for b in bodies}
        self.body_ends: dict[int, Body] = {b.end: b for b in bodies}

    # --- helpers ------------------------------------------------------------------------------

    def span_text(self, a: int, b: int) -> str:
        return self.text[a:b]

    def type_name(self, i: int, n: int) -> tuple[str, int]:
        """Category and token length of the type word at i ('chương trình hành động')."""
        k = phrase_keys(self.toks, i, n)
        action = phrase_keys(self.toks, i + n, 2) == "hành động" and self.g.j(i + n - 1)
        if k in {"chương trình", "kế hoạch"} and action:
            return ("Chương trình hành động" if k == "chương trình" else "Kế hoạch"), n + 2
        return lx.DOC_TYPES[k], n

    def draft_before(self, i: int) -> int:
        """Token index where 'dự thảo' starts right before token i, else i."""
        if i >= 2 and self.g.j(i - 1) and phrase_keys(self.toks, i - 2, 2) == "dự thảo":
            return i - 2
        return i

    def issuer_in(self, start: int, end: int) -> str | None:
        """The body after the first 'của' inside [start, end) (character offsets), before any
        'về' subject or nested document ("kế hoạch thực hiện Nghị quyết ... của X" is not X's)."""
        i = _token_at(self.toks, start)
        while i < len(self.toks) and self.toks[i].end <= end:
            if self.toks[i].key == "về" or type_at(self.g, i) or phrase_keys(
                self.toks, i, 2
            ) == "thực hiện":
                return None
            if self.toks[i].key == "của" and i + 1 in self.body_starts:
                b = self.body_starts[i + 1]
                if self.toks[b.end - 1].end <= end:
                    return self.text[self.toks[b.start].start:self.toks[b.end - 1].end]
            i += 1
        return None

    def subject_body(self, i: int) -> Body | None:
        """A body that ends at most three plain words before token i ("Sở Nội vụ vừa có ...")."""
        for back in range(0, 4):
            e = i - back
            if e in self.body_ends and all(self.g.j(k) for k in range(e - 1, i)):
                words = self.toks[e:i]
                if all(not t.cap and not type_at(self.g, e + n) for n, t in enumerate(words)):
                    return self.body_ends[e]
        return None

    def plural(self, i: int, n: int) -> bool:
        """Generic: 'các nghị quyết', 'chỉ thị, nghị quyết', 'chương trình, kế hoạch'."""
        toks, g = self.toks, self.g
        if i > 0:
            gap = self.text[toks[i - 1].end:toks[i].start].strip()
            if gap == "" and (toks[i - 1].key in _PLURAL or toks[i - 1].text.isdigit()):
                return True
            if gap == "" and i > 1 and phrase_keys(toks, i - 2, 2) in _PLURAL:
                return True
            if gap in {",", "/"} or toks[i - 1].key == "và":
                j = i - 1 if gap in {",", "/"} else i - 2
                for m in range(1, 4):
                    if j - m + 1 >= 0 and type_at(g, j - m + 1) == m:
                        return True
        end = i + n
        if end < len(toks):
            gap = self.text[toks[end - 1].end:toks[end].start].strip()
            nxt = end + 1 if toks[end].key == "và" and gap == "" else end
            if (gap in {",", "/"} or nxt != end) and nxt < len(toks) and type_at(g, nxt):
                return True
        return False

    # --- candidates ---------------------------------------------------------------------------

    def from_symbols(self) -> list[_Candidate]:
        out: list[_Candidate] = []
        for m in find_symbols(self.text):
            out.append(self.symbol_candidate(m))
        return out

    def symbol_candidate(self, m: SymbolMatch) -> _Candidate:
        start, head_end = m.mention if m.mention else (m.start, m.end)
        i = _token_at(self.toks, start)
        n = type_at(self.g, i) if i < len(self.toks) and self.toks[i].start == start else 0
        kind = self.type_name(i, n)[0] if n else m.symbol.type_name
        i = self.draft_before(i)
        start = self.toks[i].start if i < len(self.toks) else start
        end = free_text_end(self.g, _token_at(self.toks, head_end), numbered=True)
        end = max(end, head_end)
        bare = m.symbol.system == "bare"
        try:
            group = ("num", m.symbol.type_code, m.symbol.number.lstrip("0")) if bare else (
                "sym", symbol_key(m.symbol)
            )
        except SymbolError:
            group = ("sym", m.text)
        date = m.symbol.date.isoformat() if m.symbol.date else None
        return _Candidate(
            start, end, kind, True, True, group,
            symbol=None if bare else m.text, number=m.symbol.number,
            issuer=self.issuer_in(head_end, end) or self.enacting_body(i), date=date,
            head_end=head_end,
        )

    def enacting_body(self, i: int) -> str | None:
        """The subject of 'ban hành' / 'xây dựng' / 'có' right before token i."""
        body = self.subject_body(i)
        if body is None:
            return None
        between = self.text[self.toks[body.end - 1].end:self.toks[i].start]
        if re.search(r"\b(?:ban\s+hành|xây\s+dựng|có)\s*$", between, re.I):
            return self.text[self.toks[body.start].start:self.toks[body.end - 1].end]
        return None

    def from_type_words(self, taken: list[tuple[int, int]]) -> list[_Candidate]:
        out: list[_Candidate] = []
        toks, g = self.toks, self.g
        done = 0
        inside_body = {k for b in self.bodies for k in range(b.start + 1, b.end)}
        for i in g.positions(_TYPE_FIRST_WORDS):
            n = type_at(g, i) if i >= done and i not in inside_body else 0
            if not n or any(a <= toks[i].start < b for a, b in taken):
                continue
            candidate = self.type_candidate(i, n)
            if candidate is not None:
                out.append(candidate)
            done = i + n
        return out

    def type_candidate(self, i: int, n: int) -> _Candidate | None:
        toks, g, text = self.toks, self.g, self.text
        if self.plural(i, n):
            return None
        kind, n = self.type_name(i, n)
        first = self.draft_before(i)
        draft = first != i
        start = toks[first].start
        head_end = toks[i + n - 1].end
        if kind == "Nghị quyết":
            c = congress_at(g, i + n)
            if c is not None and c.end > i + n:
                end = toks[c.end - 1].end
                number = c.number
                group: tuple[str, ...] = ("congress", c.body, str(number) if number else "")
                if c.kind == "plenum":
                    group = ("plenum", str(number))
                issuer = None
                if c.issuer is not None:
                    issuer = text[toks[c.issuer[0]].start:toks[c.issuer[1] - 1].end]
                else:
                    issuer = self.issuer_in(head_end, end) or self.plenum_issuer(i + n, c.end)
                return _Candidate(start, end, kind, True, True, group, issuer=issuer)
        end = free_text_end(g, i + n, numbered=False)
        subject = text[head_end:end]
        if not subject.strip() or subject.lstrip(" ").startswith(","):
            return None  # a bare word, or one item of a list ("bám sát nghị quyết, chỉ tiêu")
        if _PLURAL_OWNER.search(subject) or _ANAPHORIC.fullmatch(subject):
            return None
        cap_mid = toks[i].cap and not is_sentence_start(text, toks[i].start)
        context = any(
            phrase_keys(toks, first - m, m) in _NOUN_CONTEXT and g.j(first - 1)
            for m in (1, 2) if first - m >= 0
        )
        issuer = self.issuer_in(head_end, end)
        if key(kind) in _VERBISH and not (toks[i].cap or context or draft or issuer):
            return None
        quoted = bool(re.match(r"\s*[“\"«]", subject))
        about = bool(re.match(r"\s*về\s", subject, re.I)) or bool(
            issuer and re.search(re.escape(issuer) + r"\s+về\s", subject)
        )
        subject_body = self.subject_body(first)
        implements = kind in _PLANS and bool(_IMPLEMENTS.match(subject))
        specific = bool(_SPECIFIC.search(subject)) and kind in _PLANS
        attached = first >= 2 and phrase_keys(toks, first - 2, 2) == "kèm theo"
        towards = bool(re.search(r"\bđối\s+với\s", subject)) and issuer is None and any(
            b for b in self.bodies if start < toks[b.start].start < end
        )
        if _TIME_ONLY.fullmatch(subject) and not (draft or issuer or subject_body):
            return None
        qualified = any((
            draft, quoted, issuer is not None, about, cap_mid, specific, attached, towards,
            implements and kind in _PLANS,
            subject_body is not None and kind in _PLANS,
        ))
        if issuer is None:
            issuer = self.enacting_body(first)
        date = None
        dm = _DATE.search(subject[:40])
        if dm:
            date = f"{int(dm.group(4)):04d}-{int(dm.group(3)):02d}-{int(dm.group(1)):02d}"
        core = key(text[toks[i].start:end])
        return _Candidate(start, end, kind, draft, qualified, ("weak", kind, core),
                          issuer=issuer, date=date, subject=core)

    def plenum_issuer(self, start: int, end: int) -> str | None:
        for k in range(start, end):
            if k in self.body_starts:
                b = self.body_starts[k]
                return self.text[self.toks[b.start].start:self.toks[min(b.end, end) - 1].end]
        return None

    # --- grouping -----------------------------------------------------------------------------

    def run(self) -> list[Document]:
        strong = self.from_symbols()
        # A symbol's own type word ("Thông báo kết luận số 5-TB/TU") is not a second document.
        typed = self.from_type_words([(c.start, max(c.head_end, c.start + 1)) for c in strong])
        starts = {c.start for c in strong}
        typed = [c for c in typed if c.start not in starts]
        everything = strong + typed
        kept = [c for c in everything if not self.nested(c, everything)]
        kept = [c for c in kept if c.strong or c.qualified or c.group[0] == "weak"]
        return self.group(sorted(kept, key=lambda c: c.start))

    @staticmethod
    def nested(c: _Candidate, others: list[_Candidate]) -> bool:
        """A weak mention inside another's title is part of that title ("... Quy chế dân chủ")."""
        if c.strong:
            return False
        return any(o is not c and o.start < c.start and c.end <= o.end and (o.qualified or o.strong)
                   for o in others)

    def group(self, candidates: list[_Candidate]) -> list[Document]:
        groups: list[_Candidate] = []
        by_key: dict[tuple[str, ...], _Candidate] = {}
        pending_weak: list[_Candidate] = []
        for c in candidates:
            if c.group[0] == "weak":
                pending_weak.append(c)
                continue
            target = by_key.get(c.group) or self.merge_target(c, groups)
            if target is None:
                c.members = [c]
                groups.append(c)
                by_key[c.group] = c
            else:
                target.members.append(c)
        qualified = [c for c in pending_weak if c.qualified]
        for c in qualified:
            target = next((g for g in groups if g.group[0] == "weak" and g.type == c.type
                           and _prefix_related(g.members, c)), None)
            if target is None:
                c.members = [c]
                groups.append(c)
            else:
                target.members.append(c)
        for c in pending_weak:
            if c.qualified:
                continue
            target = next((g for g in groups if g.group[0] == "weak" and g.type == c.type
                           and _prefix_related(g.members, c)), None)
            if target is not None:
                target.members.append(c)
        return [self.document(g) for g in sorted(groups, key=lambda g: g.start)]

    @staticmethod
    def merge_target(c: _Candidate, groups: list[_Candidate]) -> _Candidate | None:
        if c.group[0] in {"num", "sym"} and c.number:
            # "Nghị quyết 18" and "Nghị quyết số 18-NQ/TW", in either order: one document
            other = "sym" if c.group[0] == "num" else "num"
            for g in groups:
                if g.group[0] == other and g.number and g.type == c.type and (
                    g.number.lstrip("0") == c.number.lstrip("0")
                ):
                    return g
        if c.group[0] == "congress":
            body, number = c.group[1], c.group[2]
            same_body = [g for g in groups if g.group[0] == "congress" and body and (
                _same_body(g.group[1], body))]
            if number:
                exact = [g for g in same_body if g.group[2] == number]
                unnumbered = [g for g in same_body if not g.group[2]]
                return exact[0] if exact else (unnumbered[0] if len(unnumbered) == 1 else None)
            if len(same_body) == 1 or (len({g.group[2] for g in same_body}) == 1 and same_body):
                return same_body[0]
        return None

    def document(self, g: _Candidate) -> Document:
        mentions: list[str] = []
        spans: list[tuple[int, int]] = []
        for m in g.members:
            surface = self.text[m.start:m.end].strip(" ,;")
            spans.append((m.start, m.end))
            if surface and surface not in mentions:
                mentions.append(surface)
        title = max(mentions, key=len)
        first = lambda attr: next((getattr(m, attr) for m in g.members if getattr(m, attr)), None)  # noqa: E731
        return Document(
            type=g.type, title=title, symbol=first("symbol"), number=first("number"),
            issuer=first("issuer"), date=first("date"), mentions=mentions, start=g.start,
            spans=spans,
        )


def _same_body(a: str, b: str) -> bool:
    """'đảng bộ tỉnh' names the same body as 'đảng bộ tỉnh thái bình'; 'đảng' only itself."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short.startswith("đảng bộ ") and long.startswith(short + " ")


_WORDS = re.compile(r"[^\W_]+")


def _in_order(short: list[str], long: list[str]) -> bool:
    """Every word of `short` occurs in `long`, in the same order."""
    rest = iter(long)
    return all(word in rest for word in short)


def _prefix_related(members: list[_Candidate], c: _Candidate) -> bool:
    """One mention is the other cut short, or the other with a name or term added
    ("kế hoạch tổ chức Đại hội Đảng bộ xã khóa X" / "... Đảng bộ xã Tân Lập khóa X")."""
    for m in members:
        a, b = m.subject, c.subject
        if a == b or a.startswith(b + " ") or b.startswith(a + " "):
            return True
        wa, wb = _WORDS.findall(a), _WORDS.findall(b)
        short, long = sorted((wa, wb), key=len)
        if len(short) >= 5 and _in_order(short, long):
            return True
    return False


def find_documents(g: Grammar, bodies: list[Body]) -> list[Document]:
    return _Documents(g, bodies).run()
