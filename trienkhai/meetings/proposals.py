"""An article's matches → proposals to confirm, stored as JSON on the review (nothing is lost
when it is reopened), and the evidence highlighted for the page.

Shape of `ArticleReview.proposals` (dates ISO, ids of registry rows, no model objects):

    {"article_date": "2022-07-14" | None,
     "session": {"key": "session", "default": "confirm", "values": {title, held_on, place,
                 summary, visiting_unit, confidentiality}, "evidence": [...]},
     "press":   {"key": "press", "default": "confirm", "values": {title, outlet, url,
                 published_on}, "evidence": [...]},
     "people":  [{"key": "p1", "name", "titles", "person", "person_label", "candidates":
                 [{"id", "label"}], "titles_on_date",
                 "flags": [{"code", "message", "template", "values"}],
                 "evidence", "default", "values": {name, title, person, create, create_unit,
                 add_position}}],
     "documents": [{"key": "d1", "extracted", "status": "linked" | "proposed", "document",
                 "document_label", "candidates", "flags", "evidence", "default", "values":
                 {document, symbol, title, doc_type, signed_on, issuer}}],
     "conclusions": [{"key": "c1", "extracted", "evidence", "default", "values": {text,
                 deadline, owner_unit, make_task}}],
     "quotas":  [{"key": "q1", "extracted", "evidence", "default", "values": {text}}],
     "organisations": [{"key": "o1", "evidence", "default", "values": {name}}]}

Evidence is {"sentence": str, "spans": [[start, end], ...]} with offsets into the sentence.

Rules kept simple on purpose:
- the session is dated by the article's date and titled by the article's first line (its
  headline); the host is the unit the review is recorded in; the visiting unit is guessed
  only when an organisation named in the article is, word for word, a central or provincial
  unit's name;
- every extracted deadline proposes one conclusion: the sentence that carries it, due on the
  deadline's date (a month, quarter, half-year or bare year is due on its last day; a day
  without a year takes the article's year); the same sentence with the same date is proposed
  once;
- every quota proposes a conclusion without deadline (its sentence);
- a registered document is proposed as a link; an unknown one as a new registry entry, which
  starts rejected unless its date and an issuing unit the user may write are known.
"""
from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from trienkhai.access.policy import Action, restrict
from trienkhai.core.text import fold
from trienkhai.documents.models import DocumentType
from trienkhai.units.models import Unit

ACTIONS = ("confirm", "edit", "reject")
GROUPS = ("people", "documents", "conclusions", "quotas", "organisations")
SINGLES = ("session", "press")
UNKNOWN_PERSON = "unknown_person"

# Printed document categories (extraction.lexicon.DOC_TYPES values) → registry types.
DOC_TYPE_CODES = {
    "Nghị quyết": DocumentType.RESOLUTION, "Chỉ thị": DocumentType.DIRECTIVE,
    "Kết luận": DocumentType.CONCLUSION, "Quyết định": DocumentType.DECISION,
    "Quy định": DocumentType.REGULATION, "Quy chế": DocumentType.RULES,
    "Hướng dẫn": DocumentType.GUIDANCE, "Thông báo": DocumentType.NOTICE,
    "Báo cáo": DocumentType.REPORT, "Kế hoạch": DocumentType.PLAN,
    "Chương trình": DocumentType.PROGRAMME,
    "Chương trình hành động": DocumentType.ACTION_PROGRAMME,
    "Đề án": DocumentType.PROJECT, "Tờ trình": DocumentType.SUBMISSION,
    "Công văn": DocumentType.OFFICIAL_LETTER, "Nghị định": DocumentType.DECREE,
    "Thông tư": DocumentType.CIRCULAR,
}
_DATELINE_LIKE = re.compile(r"^\W*(?:thứ|chủ nhật|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})",
                            re.IGNORECASE)
MAX_TITLE = 500


# --- evidence ---------------------------------------------------------------------------------


def evidence_dicts(items: Iterable[Any]) -> list[dict[str, Any]]:
    """matching.Evidence objects (or dicts) → plain dicts."""
    out = []
    for item in items:
        if isinstance(item, dict):
            sentence, spans = str(item.get("sentence", "")), item.get("spans", [])
        else:
            sentence, spans = str(item.sentence), item.spans
        clean = [[int(a), int(b)] for a, b in spans if 0 <= int(a) < int(b) <= len(sentence)]
        out.append({"sentence": sentence, "spans": clean})
    return out


def highlight(evidence: dict[str, Any]) -> SafeString:
    """The sentence, escaped, with its spans in <mark> (overlapping spans merged)."""
    sentence = str(evidence.get("sentence", ""))
    spans = sorted((int(a), int(b)) for a, b in evidence.get("spans", []))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[SafeString] = []
    cursor = 0
    for start, end in merged:
        parts.append(format_html("{}", sentence[cursor:start]))
        parts.append(format_html("<mark>{}</mark>", sentence[start:end]))
        cursor = end
    parts.append(format_html("{}", sentence[cursor:]))
    return format_html_join("", "{}", ((part,) for part in parts))


def _line_evidence(line: str) -> list[dict[str, Any]]:
    return [{"sentence": line, "spans": [[0, len(line)]]}] if line else []


# --- dates ------------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deadline_date(extracted: dict[str, Any],
                  article_date: datetime.date | None) -> datetime.date | None:
    """The day a deadline falls due: its last day ('2022-09' → 30/9/2022, '2030' → 31/12/2030,
    '2024-Q3' → 30/9/2024, '--09-30' → in the article's year); None when no year is known."""
    text = str(extracted.get("date") or "")
    year = extracted.get("year")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return _month_end(int(m.group(1)), int(m.group(2)))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            return _month_end(int(m.group(1)), int(m.group(2)) * 3)
        if m := re.fullmatch(r"(\d{4})-H([12])", text):
            return _month_end(int(m.group(1)), int(m.group(2)) * 6)
        if m := re.fullmatch(r"--(\d{2})-(\d{2})", text):
            base = int(year) if year else (article_date.year if article_date else None)
            return datetime.date(base, int(m.group(1)), int(m.group(2))) if base else None
        if m := re.fullmatch(r"--(\d{2})", text):
            base = int(year) if year else (article_date.year if article_date else None)
            return _month_end(base, int(m.group(1))) if base else None
        if re.fullmatch(r"\d{4}", text):
            return datetime.date(int(text), 12, 31)
        if year:
            return datetime.date(int(year), 12, 31)
    except ValueError:
        return None
    return None


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def headline(text: str) -> str:
    """The article's first line that reads as a title (not its dateline)."""
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if len(line.split()) >= 3 and not _DATELINE_LIKE.match(line):
            return line[:MAX_TITLE]
    return ""


# --- units ------------------------------------------------------------------------------------


def guess_visiting_unit(names: Sequence[str], host: Unit) -> Unit | None:
    """A central or provincial unit named word for word in the article (not the host)."""
    wanted = {fold(name) for name in names if name}
    if not wanted:
        return None
    found = [u for u in Unit.objects.filter(depth__lte=2).exclude(pk=host.pk).only(
        "id", "name", "short_name", "path", "depth")
        if fold(u.name) in wanted or (u.short_name and fold(u.short_name) in wanted)]
    return found[0] if len(found) == 1 else None


def guess_issuer(name: str | None, user: Any) -> Unit | None:
    """The issuing unit, when exactly one unit the user may write has that (short) name."""
    if not name:
        return None
    key = fold(name)
    rows = [u for u in restrict(Unit.objects.all(), user, Action.WRITE).filter(
        Q(search_text__contains=key)).only("id", "name", "short_name", "path")[:20]
        if fold(u.name) == key or fold(u.short_name or "") == key]
    return rows[0] if len(rows) == 1 else None


# --- building ---------------------------------------------------------------------------------


def _label(obj: Any) -> str:
    return str(obj) if obj is not None else ""


def _flags(flags: Iterable[Any]) -> list[dict[str, Any]]:
    # The template and values let the page show the message in the reader's language.
    return [{"code": str(f.code), "message": str(f.message), "template": f.template,
             "values": dict(f.values)} for f in flags]


def _person(match: Any, key: str, unit: Unit) -> dict[str, Any]:
    flags = _flags(match.flags)
    person = match.person
    unknown = person is None and any(f["code"] == UNKNOWN_PERSON for f in flags)
    titles = [str(t) for t in match.titles]
    return {
        "key": key, "name": str(match.name), "titles": titles,
        "person": person.pk if person is not None else None, "person_label": _label(person),
        "candidates": [{"id": c.pk, "label": str(c)} for c in match.candidates],
        "titles_on_date": [str(t) for t in match.titles_on_date],
        "flags": flags, "evidence": evidence_dicts(match.evidence), "default": "confirm",
        "values": {
            "name": person.full_name if person is not None else str(match.name),
            "title": "; ".join(titles), "person": person.pk if person is not None else None,
            # Registering a new person is the user's explicit choice (no duplicates by default).
            "create": False, "create_unit": unit.pk, "add_position": unknown and bool(titles),
        },
    }


def _document(match: Any, key: str, user: Any) -> dict[str, Any]:
    extracted = dict(match.extracted)
    document = match.document
    issuer = guess_issuer(extracted.get("issuer"), user) if document is None else None
    signed_on = extracted.get("date") if re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", str(extracted.get("date") or "")) else None
    complete = document is not None or (issuer is not None and signed_on is not None)
    return {
        "key": key, "extracted": extracted,
        "status": "linked" if document is not None else "proposed",
        "document": document.pk if document is not None else None,
        "document_label": _label(document),
        "candidates": [{"id": c.pk, "label": str(c)} for c in match.candidates],
        "flags": _flags(match.flags), "evidence": evidence_dicts(match.evidence),
        "default": "confirm" if complete else "reject",
        "values": {
            "document": document.pk if document is not None else None,
            "symbol": extracted.get("symbol") or "",
            "title": str(extracted.get("title") or "")[:1000],
            "doc_type": DOC_TYPE_CODES.get(str(extracted.get("type") or ""), ""),
            "signed_on": signed_on, "issuer": issuer.pk if issuer is not None else None,
        },
    }


def _conclusions(items: Iterable[Any], article_date: datetime.date | None,
                 unit: Unit) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for item in items:
        extracted = item.extracted if isinstance(item.extracted, dict) else {
            "text": str(item.extracted)}
        evidence = evidence_dicts(item.evidence)
        sentence = evidence[0]["sentence"] if evidence else str(extracted.get("text", ""))
        due = iso(deadline_date(extracted, article_date))
        if (sentence, due) in seen:
            continue
        seen.add((sentence, due))
        out.append({
            "key": f"c{len(out) + 1}", "extracted": extracted, "evidence": evidence,
            "default": "confirm",
            "values": {"text": sentence, "deadline": due, "owner_unit": unit.pk,
                       "make_task": due is not None},
        })
    return out


def build_proposals(matches: Any, *, text: str, unit: Unit, user: Any) -> dict[str, Any]:
    """Proposals (the JSON above) from a matching.ArticleMatches."""
    article_date = matches.article_date
    title = headline(text)
    organisations = [str(o.extracted) if not isinstance(o.extracted, dict)
                     else str(o.extracted.get("name", "")) for o in matches.organisations]
    visiting = guess_visiting_unit(organisations, unit)
    quotas = []
    for index, item in enumerate(matches.quotas, start=1):
        extracted = item.extracted if isinstance(item.extracted, dict) else {
            "text": str(item.extracted)}
        evidence = evidence_dicts(item.evidence)
        sentence = evidence[0]["sentence"] if evidence else str(extracted.get("text", ""))
        quotas.append({"key": f"q{index}", "extracted": extracted, "evidence": evidence,
                       "default": "confirm", "values": {"text": sentence}})
    return {
        "article_date": iso(article_date),
        "session": {
            "key": "session", "default": "confirm", "evidence": _line_evidence(title),
            "values": {"title": title, "held_on": iso(article_date), "place": "",
                       "summary": "", "confidentiality": 0,
                       "visiting_unit": visiting.pk if visiting is not None else None},
        },
        "press": {
            "key": "press", "default": "confirm", "evidence": _line_evidence(title),
            "values": {"title": title, "outlet": "", "url": "",
                       "published_on": iso(article_date)},
        },
        "people": [_person(m, f"p{i}", unit) for i, m in enumerate(matches.people, start=1)],
        "documents": [_document(m, f"d{i}", user)
                      for i, m in enumerate(matches.documents, start=1)],
        "conclusions": _conclusions(matches.deadlines, article_date, unit),
        "quotas": quotas,
        "organisations": [
            {"key": f"o{i}", "evidence": evidence_dicts(o.evidence), "default": "confirm",
             "values": {"name": name}}
            for i, (o, name) in enumerate(zip(matches.organisations, organisations, strict=True),
                                          start=1) if name],
    }


def all_proposals(proposals: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(group, proposal) for every proposal, in page order."""
    out: list[tuple[str, dict[str, Any]]] = []
    for single in SINGLES:
        if proposals.get(single):
            out.append((single, proposals[single]))
    for group in GROUPS:
        out.extend((group, item) for item in proposals.get(group, []))
    return out
