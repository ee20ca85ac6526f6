"""The review page's rows: each proposal with its evidence, flags, action and inline fields,
and the decisions read back from the posted form.

Inputs are named "<key>-action" and "<key>-<field>". A confirmed row whose fields were changed
is recorded as edited.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trienkhai.accounts.models import Clearance
from trienkhai.documents.models import DocumentType
from trienkhai.extraction.match_types import flag_message
from trienkhai.plans.forms_plans import drafting_units, units_near

from .forms import visiting_units
from .models import ArticleReview
from .proposals import all_proposals, highlight
from .review_checks import effective, parse_date

TEXT, AREA, DATE, SELECT, CHECK = "text", "textarea", "date", "select", "checkbox"
GROUP_TITLES = {
    "session": _("Working session"),
    "press": _("Press item"),
    "people": _("Attendees and people"),
    "documents": _("Documents"),
    "conclusions": _("Conclusions and deadlines"),
    "quotas": _("Quotas"),
    "organisations": _("Organisations named"),
}
# (name, label, kind, choices key) per group.
FIELDS: dict[str, list[tuple[str, Any, str, str]]] = {
    "session": [("title", _("Title"), AREA, ""), ("held_on", _("Held on"), DATE, ""),
                ("place", _("Place"), TEXT, ""),
                ("visiting_unit", _("Visiting unit"), SELECT, "visiting"),
                ("confidentiality", _("Confidentiality level"), SELECT, "levels"),
                ("summary", _("Summary"), AREA, "")],
    "press": [("title", _("Title"), AREA, ""), ("outlet", _("Newspaper or website"), TEXT, ""),
              ("url", _("Address (URL)"), TEXT, ""),
              ("published_on", _("Published on"), DATE, "")],
    "people": [("name", _("Full name"), TEXT, ""), ("title", _("Title as written"), TEXT, ""),
               ("person", _("Person in the registry"), SELECT, "persons"),
               ("create", _("Add to the registry as a new person"), CHECK, ""),
               ("create_unit", _("Unit keeping the record"), SELECT, "writable"),
               ("add_position", _("Also record the title as a position from the session's "
                                  "date"), CHECK, "")],
    "documents": [("document", _("Registered document"), SELECT, "documents"),
                  ("symbol", _("Number and symbol"), TEXT, ""), ("title", _("Title"), AREA, ""),
                  ("doc_type", _("Type"), SELECT, "types"),
                  ("signed_on", _("Date signed"), DATE, ""),
                  ("issuer", _("Issuing unit"), SELECT, "writable")],
    "conclusions": [("text", _("Conclusion"), AREA, ""), ("deadline", _("Deadline"), DATE, ""),
                    ("owner_unit", _("Unit in charge"), SELECT, "near"),
                    ("make_task", _("Create a task with this deadline"), CHECK, "")],
    "quotas": [("text", _("Conclusion"), AREA, "")],
    "organisations": [("name", _("Name"), TEXT, "")],
}


def display(kind: str, value: Any) -> str:
    """How a value shows in its input (dates dd/mm/yyyy; nothing as '')."""
    if value is None or value is False:
        return ""
    if kind == CHECK:
        return "on" if value else ""
    if kind == DATE:
        try:
            day = parse_date(value)
        except ValueError:
            return str(value)
        return day.strftime("%d/%m/%Y") if isinstance(day, datetime.date) else ""
    return str(value)


@dataclass
class Field:
    name: str
    label: Any
    kind: str
    value: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    input_name: str = ""


@dataclass
class ReviewRow:
    key: str
    group: str
    item: dict[str, Any]
    action: str
    evidence: list[Any]
    fields: list[Field]
    errors: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        """The flags' messages in the reader's language (stored reviews keep the template)."""
        return [flag_message(f["template"], f.get("values")) if f.get("template")
                else str(f.get("message", "")) for f in self.item.get("flags", [])]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(f.errors for f in self.fields)


def _choices(review: ArticleReview, user: Any) -> dict[str, list[tuple[str, str]]]:
    blank = [("", "—")]
    return {
        "visiting": blank + [(str(u.pk), u.name) for u in visiting_units()],
        "levels": [(str(v), str(label)) for v, label in Clearance.choices
                   if v <= int(getattr(user, "clearance", 0) or 0)],
        "writable": blank + [(str(u.pk), u.name) for u in drafting_units(user)],
        "near": [(str(u.pk), u.name) for u in units_near(review.unit)],
        "types": blank + [(str(v), str(label)) for v, label in DocumentType.choices],
    }


def _row_choices(group: str, item: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    if group == "people":
        options = [("", str(_("Not linked")))]
        if item.get("person"):
            options.append((str(item["person"]), str(item.get("person_label", ""))))
        options += [(str(c["id"]), str(c["label"])) for c in item.get("candidates", [])
                    if c["id"] != item.get("person")]
        return {"persons": options}
    if group == "documents":
        options = [("", str(_("Register as a new document")))]
        if item.get("document"):
            options.append((str(item["document"]), str(item.get("document_label", ""))))
        options += [(str(c["id"]), str(c["label"])) for c in item.get("candidates", [])
                    if c["id"] != item.get("document")]
        return {"documents": options}
    return {}


def review_rows(review: ArticleReview, user: Any, *, decisions: dict[str, Any] | None = None,
                errors: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    """Groups of rows for the page, with the decisions (saved or posted) and the errors."""
    decisions = review.decisions if decisions is None else decisions
    errors = errors or {}
    shared = _choices(review, user)
    groups: dict[str, list[ReviewRow]] = {}
    for group, item in all_proposals(review.proposals):
        key = item["key"]
        action, values = effective(item, decisions.get(key))
        choices = {**shared, **_row_choices(group, item)}
        fields = []
        for name, label, kind, source in FIELDS[group]:
            fields.append(Field(
                name=name, label=label, kind=kind, value=display(kind, values.get(name)),
                choices=choices.get(source, []), errors=errors.get(f"{key}.{name}", []),
                input_name=f"{key}-{name}"))
        groups.setdefault(group, []).append(ReviewRow(
            key=key, group=group, item=item, action=action,
            evidence=[highlight(e) for e in item.get("evidence", [])], fields=fields,
            errors=errors.get(f"{key}.action", [])))
    return [{"group": g, "title": GROUP_TITLES[g], "rows": rows} for g, rows in groups.items()]


def posted_decisions(review: ArticleReview, data: QueryDict) -> dict[str, Any]:
    """The decisions in the posted form (rows missing from it keep their saved decision)."""
    out: dict[str, Any] = dict(review.decisions)
    for group, item in all_proposals(review.proposals):
        key = item["key"]
        action = data.get(f"{key}-action")
        if action is None:
            continue
        values: dict[str, Any] = {}
        changed = False
        for name, _label, kind, _source in FIELDS[group]:
            raw = data.get(f"{key}-{name}", "")
            value: Any = bool(raw) if kind == CHECK else raw.strip()
            values[name] = value
            if display(kind, value) != display(kind, item.get("values", {}).get(name)):
                changed = True
        if action == "confirm" and changed:
            action = "edit"
        out[key] = {"action": action, "values": values if action != "reject" else {}}
    return out


def split_errors(error_dict: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    """Row errors ("<key>.<field>") and the page's own errors (everything else)."""
    rows = {k: v for k, v in error_dict.items() if "." in k}
    page = [m for k, v in error_dict.items() if "." not in k for m in v]
    return rows, page
