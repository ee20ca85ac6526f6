"""The names and titles check: input (pasted text or a file) → matches, as data or text.

Shared by the page, the API endpoint and the `names_check` command. Nothing is written: the
check only reads the registry, through match_article's access rules.
"""
from __future__ import annotations

import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from trienkhai.extraction import errors
from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.evidence import Evidence
from trienkhai.extraction.match_types import ArticleMatches, DocumentMatch, Flag, PersonMatch
from trienkhai.extraction.matching import match_article
from trienkhai.extraction.readers import MAX_BYTES, read_bytes


def input_message(err: ExtractionInputError) -> str:
    """The translated message of a reader error."""
    return _(err.message_id) % err.params if err.params else _(err.message_id)


def text_from_paste(text: str) -> str:
    """Pasted text, checked like a file's: not empty, not over the size limit."""
    if not text or not text.strip():
        raise ExtractionInputError(errors.EMPTY)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ExtractionInputError(errors.TOO_LARGE, {"size": size, "limit": MAX_BYTES})
    return text


def text_from_upload(file: IO[bytes]) -> str:
    """An uploaded file (text, .docx, PDF or saved page) → article text; the kind is sniffed."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = getattr(file, "size", None) or f">{MAX_BYTES}"
        raise ExtractionInputError(errors.TOO_LARGE, {"size": size, "limit": MAX_BYTES})
    return read_bytes(data)


def names_check(text: str, *, user: Any, on: datetime.date | None = None) -> ArticleMatches:
    return match_article(text, user=user, on=on)


# --- as data (API and JSON output) ------------------------------------------------------------


def _evidence(items: list[Evidence]) -> list[dict[str, Any]]:
    return [{"sentence": e.sentence, "spans": [list(s) for s in e.spans]} for e in items]


def _flags(items: list[Flag]) -> list[dict[str, Any]]:
    return [{"code": f.code, "message": f.message, "params": f.params} for f in items]


def _person(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "full_name": p.full_name, "unit": p.unit.name}


def person_data(m: PersonMatch) -> dict[str, Any]:
    return {
        "name": m.name, "titles": list(m.titles), "match": m.match,
        "person": _person(m.person) if m.person else None,
        "candidates": [_person(p) for p in m.candidates],
        "titles_on_date": list(m.titles_on_date), "positions_known": m.positions_known,
        "proposed": m.proposed, "flags": _flags(m.flags), "evidence": _evidence(m.evidence),
    }


def _document(d: Any) -> dict[str, Any]:
    return {"id": d.pk, "symbol": d.symbol, "title": d.title, "signed_on": d.signed_on,
            "name": str(d)}


def document_data(m: DocumentMatch) -> dict[str, Any]:
    return {
        "extracted": m.extracted,
        "document": _document(m.document) if m.document else None,
        "candidates": [_document(d) for d in m.candidates], "proposed": m.proposed,
        "flags": _flags(m.flags), "evidence": _evidence(m.evidence),
    }


def as_data(matches: ArticleMatches) -> dict[str, Any]:
    return {
        "article_date": matches.article_date, "date_source": matches.date_source,
        "people": [person_data(p) for p in matches.people],
        "documents": [document_data(d) for d in matches.documents],
    }


# --- as text (the command) --------------------------------------------------------------------


def as_text(matches: ArticleMatches) -> str:
    lines: list[str] = []
    day = matches.article_date
    lines.append(_("Article date: %(date)s") % {
        "date": day.strftime("%d/%m/%Y") if day else _("unknown (titles not checked)")})
    lines.append("")
    lines.append(_("People"))
    for p in matches.people:
        titles = "; ".join(p.titles)
        lines.append(f"- {p.name}" + (f": {titles}" if titles else ""))
        if p.person is not None:
            lines.append("  " + _("Registry: %(name)s (%(unit)s)") % {
                "name": p.person.full_name, "unit": p.person.unit.name})
            if day is not None:
                lines.append("  " + _("Titles on that date: %(titles)s") % {
                    "titles": "; ".join(p.titles_on_date) or _("none")})
        for flag in p.flags:
            lines.append(f"  ! {flag.message}")
    lines.append("")
    lines.append(_("Documents"))
    for d in matches.documents:
        lines.append(f"- {d.extracted['title']}")
        if d.document is not None:
            lines.append("  " + _("Registry: %(document)s, %(date)s") % {
                "document": d.document, "date": d.document.signed_on.strftime("%d/%m/%Y")})
        for flag in d.flags:
            lines.append(f"  ! {flag.message}")
    return "\n".join(lines) + "\n"
