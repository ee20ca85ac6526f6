"""Where a document mention ends, and the fixed grammar of congress and plenum resolutions.

A mention runs from its type word through the number/symbol, the date, "của <issuer>",
"khóa X", a quoted title or a "về ..." subject, and ends at sentence punctuation, a comma
before a capitalised or time word, a linking phrase ("gắn với", "kèm theo", "để"), or a
coordinated next document.
"""
from __future__ import annotations

from dataclasses import dataclass

from trienkhai.extraction import lexicon as lx
from trienkhai.extraction.grammar import Grammar
from trienkhai.extraction.textutil import is_roman, ordinal, phrase_keys

_OPEN_QUOTES = "“\"«‘"
_CLOSE_QUOTES = "”\"»’"
_TIME_WORDS = lx._keys("từ, trong, trước, sau, ngày, đến, tới, vào, sáng, chiều, hiện, đồng thời")
# Words that end a free-text title (a new clause or a linking phrase begins).
DOC_STOPS = lx._keys("""
    theo, ngay, bao gồm, gồm, được, đã, sẽ, là, cho, tại, nhằm, để, gắn với, kèm theo, cũng như
    đồng thời, nhưng, thì, mà, đang, vừa, còn, nên, do, bởi, vì, khi, hay, hoặc, với, gửi
    trong thời gian, phải, cần, sớm, kịp thời, đến nay, sau khi, nhất là, lên, xuống
    chậm nhất, muộn nhất, hạn chót, bảo đảm, đảm bảo, có hiệu lực, trình, diễn ra
""")
# Two-syllable words whose second syllable alone would be a stop word ("làm theo").
_WORDS = lx.COMPOUNDS | frozenset(lx.DOC_TYPES) | lx._keys(
    "đối với, làm theo, quá trình, lộ trình, hành trình, tờ trình, chương trình, tiến trình"
)


def _second_syllable(previous: str, word: str) -> bool:
    return f"{previous} {word}" in _WORDS

# Verbs that open a new clause after a comma ("Đề án ..., trình Ban Thường vụ").
_CLAUSE_VERBS = lx._keys("""
    trình, gửi, báo cáo, đề nghị, yêu cầu, giao, tham mưu, phối hợp, chỉ đạo, hoàn thành
    tổ chức, triển khai, bảo đảm, đảm bảo, xin, đồng thời, sau đó, từ đó, qua đó
""")
# What may follow "của <issuer>" in a numbered mention: the subject, the date, the term.
_AFTER_ISSUER = lx._keys("""
    về, ngày, khóa, năm, phê duyệt, ban hành, quy định, hướng dẫn, sửa đổi, thành lập, kiện toàn
""")
_TAIL_STARTS = lx._keys("của, về, ngày, khóa, năm, ban hành, do, kèm theo")
_TYPE_WORDS = frozenset(lx.DOC_TYPES)
_BEFORE_TIME = lx._keys("trong, trước, sau, vào, từ")
_TIME_UNITS = lx._keys("ngày, tháng, quý, năm, thời, khi")


@dataclass(frozen=True)
class Congress:
    """'Nghị quyết Đại hội lần thứ XX của Đảng bộ tỉnh' → body 'đảng bộ tỉnh', number 20."""

    end: int  # token index after the phrase
    kind: str  # "congress" | "plenum" | "term"
    body: str  # key of the body ('đảng', 'đảng bộ tỉnh'), '' for a plenum
    number: int | None
    issuer: tuple[int, int] | None  # token span of the congress phrase


def type_at(g: Grammar, i: int) -> int:
    """Tokens of a document type word at i (0: none)."""
    return g.phrase(i, _TYPE_WORDS, 4)


def _gap(g: Grammar, k: int) -> str:
    toks = g.tokens
    return g.text[toks[k - 1].end:toks[k].start] if 0 < k < len(toks) else ""


def _quote_end(g: Grammar, k: int) -> int | None:
    """If a quotation opens in the gap before token k, the offset just past its close."""
    gap = _gap(g, k)
    if not gap or gap[-1] not in _OPEN_QUOTES:
        return None
    opened = g.tokens[k - 1].end + len(gap) - 1
    line_end = g.text.find("\n", opened)
    line_end = len(g.text) if line_end < 0 else line_end
    close = min(
        (i for i in (g.text.find(c, opened + 1, line_end) for c in _CLOSE_QUOTES) if i >= 0),
        default=-1,
    )
    return close + 1 if close > opened else None


def _ends_at_gap(g: Grammar, k: int) -> bool:
    """True when the gap before token k ends the title."""
    gap = _gap(g, k)
    stripped = gap.strip()
    if not stripped:
        return "\n" in gap
    if "\n" in gap or any(c in stripped for c in ".;:!?…()[]"):
        return True
    if stripped in {"-", "–", "—"}:
        return False
    if "," in stripped:
        t = g.tokens[k]
        if t.cap:
            return True
        if t.key in _TIME_WORDS or g.phrase(k, DOC_STOPS, 3) or type_at(g, k):
            return True
        if t.text[:1].isdigit():
            return True
    return False


def free_text_end(g: Grammar, k: int, numbered: bool, limit: int = 60) -> int:
    """Offset where a title that continues at token k ends."""
    toks = g.tokens
    end = toks[k - 1].end if k > 0 else 0
    if k >= len(toks):
        return end
    first = True
    # A numbered mention ends at a comma unless it is inside its "về ..." subject.
    subject = not numbered
    after_issuer = False
    joins = g.joins
    while k < len(toks) and limit > 0:
        limit -= 1
        comma = False
        if not joins[k - 1]:  # punctuation, a quote or a line break before this word
            gap = _gap(g, k)
            quote = _quote_end(g, k)
            ends = _ends_at_gap(g, k)
            if quote is not None and (first or not ends or gap.strip() in _OPEN_QUOTES):
                return quote
            comma = "," in gap
            if ends or (not subject and comma):
                return end
        t = toks[k]
        if comma and g.phrase(k, _CLAUSE_VERBS, 2):
            return end
        if after_issuer and not subject and not g.phrase(k, _AFTER_ISSUER, 2):
            return end  # "... của Ban Thường vụ Tỉnh ủy yêu cầu ...": the clause goes on
        after_issuer = False
        if t.key == "của" and numbered and not subject:
            body = g.body_at(k + 1)
            if body is not None:
                end, k, after_issuer, first = toks[body.end - 1].end, body.end, True, False
                continue
        if t.key == "về":
            if k + 1 < len(toks) and toks[k + 1].cap and g.body_at(k + 1) is not None:
                return end  # "gửi báo cáo về Ban ...": a direction, not a subject
            subject = True
        if first and numbered and not (g.phrase(k, _TAIL_STARTS, 2) or t.key == "số"):
            return end
        first = False
        if g.phrase(k, DOC_STOPS, 3) and not _second_syllable(toks[k - 1].key, t.key) and not (
            toks[k - 1].key == "về" and joins[k - 1]
        ):  # "về bảo đảm an ninh ...": the subject's first word does not end it
            return end
        if t.key == "ngày" and not (k + 1 < len(toks) and toks[k + 1].text[:1].isdigit()):
            return end
        if t.key in _BEFORE_TIME and k + 1 < len(toks) and toks[k + 1].key in _TIME_UNITS:
            return end
        if t.key == "và" and k + 1 < len(toks) and (
            type_at(g, k + 1) or toks[k + 1].key in {"các", "kết"}
            or phrase_keys(toks, k + 1, 2) == "dự thảo"
        ):
            return end
        if comma and type_at(g, k):
            return end
        end = t.end
        k += 1
    return end


def _roman_or_number(word: str) -> int | None:
    if is_roman(word) or word.isdigit():
        return ordinal(word)
    return None


def congress_at(g: Grammar, k: int) -> Congress | None:
    """The congress/plenum/term phrase after 'Nghị quyết' at token k."""
    toks = g.tokens
    if k >= len(toks) or not g.j(k - 1):
        return None
    key2 = phrase_keys(toks, k, 2)
    if key2 == "đại hội":
        return _congress(g, k)
    if key2 in {"hội nghị", "trung ương"}:
        return _plenum(g, k)
    if toks[k].key in {"khóa", "khoá"} and k + 1 < len(toks):
        number = _roman_or_number(toks[k + 1].text)
        if number is None:
            return None
        end = k + 2
        body = ""
        if end + 1 < len(toks) and g.j(end - 1) and toks[end].key == "của" and g.j(end):
            b = g.body_at(end + 1)
            if b is not None:
                end, body = b.end, phrase_keys(toks, b.start, b.end - b.start)
            elif toks[end + 1].key == "đảng":
                end, body = end + 2, "đảng"
        return Congress(end, "term", body, number, None)
    return None


def _congress(g: Grammar, k: int) -> Congress:
    toks = g.tokens
    start, end = k, k + 2
    number: int | None = None

    def joined_at(i: int) -> bool:
        return i < len(toks) and g.j(i - 1)

    for words in (("đại", "biểu"), ("toàn", "quốc")):
        if joined_at(end) and phrase_keys(toks, end, 2) == " ".join(words):
            end += 2
    while joined_at(end):
        if phrase_keys(toks, end, 2) == "lần thứ" and joined_at(end + 2):
            value = _roman_or_number(toks[end + 2].text)
            if value is None:
                break
            number, end = value, end + 3
            continue
        value = _roman_or_number(toks[end].text)
        if value is not None and number is None:
            number, end = value, end + 1
            continue
        break
    body = ""
    at = end + 1 if joined_at(end) and toks[end].key == "của" else end
    if joined_at(at):
        b = g.body_at(at, office=True)
        if b is not None and not b.generic and b.head in {"đảng bộ", "chi bộ", "đảng ủy"}:
            body, end = phrase_keys(toks, b.start, b.end - b.start), b.end
        elif toks[at].key == "đảng" and toks[at].cap:
            body, end = "đảng", at + 1
            if phrase_keys(toks, end, 3) == "cộng sản việt" and joined_at(end):
                end += 4
    if number is None and joined_at(end) and phrase_keys(toks, end, 2) == "lần thứ":
        value = _roman_or_number(toks[end + 2].text) if end + 2 < len(toks) else None
        if value is not None:
            number, end = value, end + 3
    if joined_at(end) and toks[end].key in {"khóa", "khoá"} and end + 1 < len(toks) and (
        _roman_or_number(toks[end + 1].text) is not None
    ):
        end += 2
    return Congress(end, "congress", body, number, (start, end))


def _plenum(g: Grammar, k: int) -> Congress | None:
    """'hội nghị lần thứ X – BCH trung ương đảng khóa XI', 'Trung ương 4 khóa XII'."""
    toks = g.tokens
    end = k + 2
    number = None
    if phrase_keys(toks, end, 2) == "lần thứ" and end + 2 < len(toks):
        number = _roman_or_number(toks[end + 2].text)
        end += 3
    elif phrase_keys(toks, k, 2) == "hội nghị" and phrase_keys(toks, end, 2) == "trung ương":
        end += 2
        number = _roman_or_number(toks[end].text) if end < len(toks) else None
        end += 1
    elif end < len(toks):
        number = _roman_or_number(toks[end].text)
        end += 1
    if number is None:
        return None
    gap = _gap(g, end).strip() if end < len(toks) else "."
    if gap in {"", "-", "–", ","} and end < len(toks):
        b = g.body_at(end, office=True)
        if b is not None and not b.generic:
            end = b.end
    if end + 1 < len(toks) and g.j(end - 1) and toks[end].key in {"khóa", "khoá"} and (
        _roman_or_number(toks[end + 1].text) is not None
    ):
        end += 2
    return Congress(end, "plenum", "", number, None)


def is_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in ".!?:\n;“\"(-–•*+"

