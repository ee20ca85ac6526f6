"""Output of the command line: one JSON object, or a short readable summary."""
from __future__ import annotations

import json
from collections.abc import Callable

from trienkhai.extraction.errors import gettext_noop
from trienkhai.extraction.extractor import Extraction

# Names of deadline kinds and quota periods, marked for makemessages (translated at display).
LABELS = {
    "deadline": gettext_noop("deadline"),
    "timeframe": gettext_noop("timeframe"),
    "year_target": gettext_noop("year target"),
    "year": gettext_noop("year"),
    "quarter": gettext_noop("quarter"),
    "month": gettext_noop("month"),
    "week": gettext_noop("week"),
    "day": gettext_noop("day"),
    "term": gettext_noop("term"),
    "semester": gettext_noop("semester"),
    "round": gettext_noop("round"),
    "open": gettext_noop("open-ended"),
}


def render_json(result: Extraction) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def render_text(result: Extraction, _: Callable[[str], str] = gettext_noop) -> str:
    """Readable summary; `_` translates the labels (Django's gettext in the command)."""
    lines: list[str] = []

    def label(code: str) -> str:
        return _(LABELS.get(code, code))

    def section(title: str, rows: list[str]) -> None:
        lines.append(f"{title} ({len(rows)})")
        lines.extend(f"  - {row}" for row in rows)

    section(_("People"), [
        p.name + (f": {'; '.join(p.titles)}" if p.titles else "") for p in result.people
    ])
    docs = []
    for d in result.documents:
        ref = d.symbol or (_("no. %(number)s") % {"number": d.number} if d.number else "")
        extra = ", ".join(x for x in (ref, d.date or "") if x)
        docs.append(f"[{d.type}] {d.title}" + (f" ({extra})" if extra else ""))
    section(_("Documents"), docs)
    section(_("Deadlines"), [
        f"{d.text} → {d.date or label('open')} ({label(d.kind)})" for d in result.deadlines
    ])
    section(_("Quotas"), [f"{q.text} → {q.count} / {label(q.per)}" for q in result.quotas])
    section(_("Organisations"), list(result.organisations))
    return "\n".join(lines)
