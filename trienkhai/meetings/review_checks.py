"""Checking a review's decisions before anything is written: the shape of the decisions,
each confirmed proposal's values (parsed from strings where need be) and the user's rights,
every error at once, keyed "<proposal key>.<field>" with a message that names the row; and
what will be created, in words, for the confirmation step."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.access.policy import Action, can_write_unit, restrict, scope_for
from trienkhai.accounts.models import Clearance
from trienkhai.documents.models import Document, DocumentType
from trienkhai.plans.models import Plan
from trienkhai.units.models import Person, Unit

from .models import ArticleReview
from .proposals import ACTIONS, all_proposals
from .services_tasks import plan_errors

DATE_INPUTS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


# --- decisions --------------------------------------------------------------------------------


def _keys(review: ArticleReview) -> dict[str, tuple[str, dict[str, Any]]]:
    return {item["key"]: (group, item) for group, item in all_proposals(review.proposals)}


def normalise_decisions(review: ArticleReview, decisions: Any) -> dict[str, dict[str, Any]]:
    """Checks the shape of `decisions` against the review's proposals."""
    if not isinstance(decisions, dict):
        raise ValidationError({"decisions": _("Decisions are an object keyed by proposal.")})
    keys = _keys(review)
    out: dict[str, dict[str, Any]] = {}
    errors: dict[str, list[str]] = {}
    for key, decision in decisions.items():
        if key not in keys:
            errors[f"{key}.action"] = [_("There is no proposal %(key)s in this review.")
                                       % {"key": key}]
            continue
        if isinstance(decision, str):
            decision = {"action": decision}
        action = decision.get("action") if isinstance(decision, dict) else None
        values = decision.get("values", {}) if isinstance(decision, dict) else None
        if action not in ACTIONS or not isinstance(values, dict):
            errors[f"{key}.action"] = [_("Choose confirm, edit or reject.")]
            continue
        allowed = set(keys[key][1].get("values", {}))
        out[key] = {"action": action,
                    "values": {k: v for k, v in values.items() if k in allowed}}
    if errors:
        raise ValidationError(errors)
    return out


def effective(item: dict[str, Any], decision: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """(action, values) of a proposal under the user's decision."""
    if decision is None:
        return str(item.get("default", "confirm")), dict(item.get("values", {}))
    values = dict(item.get("values", {}))
    if decision["action"] != "reject":
        values.update(decision.get("values", {}))
    return decision["action"], values


# --- checking values --------------------------------------------------------------------------


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_INPUTS:
        try:
            return datetime.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "on", "yes")


def parse_id(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError(value)
    return int(text)


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, Any]


@dataclass
class Checker:
    """Collects every error of every row before anything is written."""
    user: Any
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, row: Row, name: str, message: str) -> None:
        self.errors.setdefault(f"{row.key}.{name}", []).append(
            _("%(row)s: %(message)s") % {"row": row.label, "message": message})

    def text(self, row: Row, name: str, *, required: bool = True) -> str:
        value = " ".join(str(row.values.get(name) or "").split()) if name != "text" \
            else str(row.values.get(name) or "").strip()
        if required and not value:
            self.add(row, name, _("This field is required."))
        return value

    def date(self, row: Row, name: str, *, required: bool = False,
             missing: str | None = None) -> datetime.date | None:
        try:
            day = parse_date(row.values.get(name))
        except ValueError:
            self.add(row, name, _("Enter a date as dd/mm/yyyy."))
            return None
        if day is None and required:
            self.add(row, name, missing or _("This field is required."))
        return day

    def unit(self, row: Row, name: str, *, write: bool = False,
             required: bool = False) -> Unit | None:
        try:
            pk = parse_id(row.values.get(name))
        except ValueError:
            self.add(row, name, _("Choose a unit from the list."))
            return None
        unit = Unit.objects.filter(pk=pk).first() if pk is not None else None
        if pk is not None and unit is None:
            self.add(row, name, _("Choose a unit from the list."))
            return None
        if unit is None:
            if required:
                self.add(row, name, _("Choose a unit."))
            return None
        if write and not can_write_unit(self.user, unit):
            self.add(row, name, _("You may not record anything for %(unit)s.")
                     % {"unit": unit.name})
            return None
        return unit

    def readable(self, row: Row, name: str, model: Any) -> Any:
        try:
            pk = parse_id(row.values.get(name))
        except ValueError:
            self.add(row, name, _("Choose from the list."))
            return None
        if pk is None:
            return None
        obj = restrict(model.objects.all(), self.user, Action.READ).filter(pk=pk).first()
        if obj is None:
            self.add(row, name, _("Choose from the list."))
        return obj


@dataclass
class Outcome:
    """What review_apply will create, checked (model objects and parsed values)."""
    session: dict[str, Any] | None = None
    press: dict[str, Any] | None = None
    people: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    conclusions: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    plan: Plan | None = None
    new_plan: bool = False


def _row_label(group: str, item: dict[str, Any]) -> str:
    values = item.get("values", {})
    if group == "session":
        return _("Working session")
    if group == "press":
        return _("Press item")
    if group == "people":
        return _("Person “%(name)s”") % {"name": values.get("name") or item.get("name", "")}
    if group == "documents":
        name = item.get("extracted", {}).get("title") or values.get("title", "")
        return _("Document “%(name)s”") % {"name": str(name)[:80]}
    if group == "organisations":
        return _("Organisation “%(name)s”") % {"name": values.get("name", "")}
    text = str(values.get("text", ""))
    short = text if len(text) <= 60 else text[:59] + "…"
    if group == "quotas":
        return _("Quota “%(text)s”") % {"text": short}
    return _("Conclusion “%(text)s”") % {"text": short}


def _check_session(check: Checker, row: Row) -> dict[str, Any]:
    level = row.values.get("confidentiality") or 0
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = -1
    if level not in Clearance.values or level > scope_for(check.user).clearance:
        check.add(row, "confidentiality", _("Choose a level you are cleared for."))
    return {"title": check.text(row, "title"), "held_on": check.date(row, "held_on",
                                                                      required=True),
            "place": check.text(row, "place", required=False),
            "summary": check.text(row, "summary", required=False),
            "visiting_unit": check.unit(row, "visiting_unit"), "confidentiality": level}


def _check_press(check: Checker, row: Row) -> dict[str, Any]:
    return {"title": check.text(row, "title"), "outlet": check.text(row, "outlet",
                                                                    required=False),
            "url": str(row.values.get("url") or "").strip(),
            "published_on": check.date(row, "published_on")}


def _check_person(check: Checker, row: Row) -> dict[str, Any]:
    person = check.readable(row, "person", Person)
    create = parse_bool(row.values.get("create", False)) and person is None
    out: dict[str, Any] = {"name": check.text(row, "name"),
                           "title": check.text(row, "title", required=False)[:500],
                           "person": person, "create": create, "unit": None,
                           "add_position": create and parse_bool(
                               row.values.get("add_position", False))}
    if create:
        out["unit"] = check.unit(row, "create_unit", write=True, required=True)
        if out["add_position"] and not out["title"]:
            check.add(row, "title", _("Give the title to record the position."))
    return out


def _check_document(check: Checker, row: Row) -> dict[str, Any]:
    linked = check.readable(row, "document", Document)
    if linked is not None:
        return {"document": linked}
    if row.values.get("document") not in (None, ""):
        return {"document": None}  # the error is already on the row
    doc_type = str(row.values.get("doc_type") or "")
    if doc_type and doc_type not in DocumentType.values:
        check.add(row, "doc_type", _("Choose a type of document."))
    return {
        "document": None, "title": check.text(row, "title"),
        "symbol": check.text(row, "symbol", required=False), "doc_type": doc_type,
        "signed_on": check.date(row, "signed_on", required=True, missing=_(
            "A document without its date cannot be registered: give the date signed, or "
            "reject this row.")),
        "issuer": check.unit(row, "issuer", write=True, required=True),
    }


def _check_conclusion(check: Checker, row: Row, host: Unit) -> dict[str, Any]:
    deadline = check.date(row, "deadline")
    owner = check.unit(row, "owner_unit")
    if owner is not None and not owner.path.startswith(host.path):
        check.add(row, "owner_unit", _("Choose the host unit or a unit below it."))
    make_task = parse_bool(row.values.get("make_task", False))
    if make_task and deadline is None and f"{row.key}.deadline" not in check.errors:
        check.add(row, "deadline", _("A task needs a deadline: give one, or untick the task."))
    return {"text": check.text(row, "text"), "deadline": deadline, "owner_unit": owner or host,
            "make_task": make_task}


def check_decisions(*, review: ArticleReview, user: Any, decisions: Any,
                    plan: Plan | None = None) -> Outcome:
    """Everything review_apply would create, checked; raises ValidationError with every error."""
    clean = normalise_decisions(review, decisions)
    check = Checker(user=user)
    out = Outcome()
    for group, item in all_proposals(review.proposals):
        action, values = effective(item, clean.get(item["key"]))
        if action == "reject":
            continue
        row = Row(item["key"], _row_label(group, {**item, "values": values}), values)
        if group == "session":
            out.session = _check_session(check, row)
        elif group == "press":
            out.press = _check_press(check, row)
        elif group == "people":
            out.people.append({"row": row, **_check_person(check, row)})
        elif group == "documents":
            out.documents.append({"row": row, **_check_document(check, row)})
        elif group in ("conclusions", "quotas"):
            if group == "quotas":
                values = {**values, "deadline": None, "make_task": False}
                row.values = values
            out.conclusions.append({"row": row, **_check_conclusion(check, row, review.unit)})
        elif group == "organisations":
            name = check.text(row, "name")
            if name:
                out.organisations.append(name)
    if out.session is None:  # attendees and conclusions belong to a session
        out.people = [p for p in out.people if p["create"]]
        out.conclusions = []
    if any(c["make_task"] for c in out.conclusions):
        if plan is not None:
            level = out.session["confidentiality"] if out.session else 0
            errors = plan_errors(plan, unit=review.unit, confidentiality=level)
            if not errors and not can_write_unit(user, plan.unit):
                errors = [_("Choose a plan of %(unit)s.") % {"unit": review.unit.name}]
            if errors:
                check.errors.setdefault("plan", []).extend(errors)
            out.plan = plan
        else:
            out.new_plan = True
    if check.errors:
        raise ValidationError(check.errors)
    return out


def outcome(todo: Outcome) -> list[str]:
    """What review_apply will create, in words, for the confirmation step."""
    lines: list[str] = []
    if todo.press is not None:
        lines.append(_("a press item: %(title)s") % {"title": todo.press["title"]})
    if todo.session is not None:
        lines.append(_("a working session: %(title)s") % {"title": todo.session["title"]})
        if todo.people:
            lines.append(_("%(n)s attendees") % {"n": len(todo.people)})
    new_people = sum(1 for p in todo.people if p["create"])
    if new_people:
        lines.append(_("%(n)s new people in the registry") % {"n": new_people})
    linked = sum(1 for d in todo.documents if d["document"] is not None)
    if linked:
        lines.append(_("%(n)s links to registered documents") % {"n": linked})
    if len(todo.documents) - linked:
        lines.append(_("%(n)s new documents in the registry")
                     % {"n": len(todo.documents) - linked})
    if todo.conclusions:
        lines.append(_("%(n)s conclusions") % {"n": len(todo.conclusions)})
    tasks = sum(1 for c in todo.conclusions if c["make_task"])
    if tasks:
        where = (_("a new draft plan") if todo.new_plan or todo.plan is None
                 else str(todo.plan))
        lines.append(_("%(n)s tasks in %(plan)s") % {"n": tasks, "plan": where})
    return lines
