"""What changed between two frozen versions of a plan: its fields, sections and tasks added,
removed or changed, with a word-level diff of the texts (difflib).

Works on PlanVersion.content (see services.plans.freeze); sections and tasks are matched by the
id they had when frozen, so a moved or renamed section is "changed", not "removed + added".
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from ..models import IndicatorType, PlanKind, Recurrence, TaskKind

# Segments of a text diff: ("equal" | "insert" | "delete", text).
Segment = tuple[str, str]

PLAN_LABELS = {
    "title": gettext_lazy("title"), "kind": gettext_lazy("kind"),
    "start_date": gettext_lazy("start"), "end_date": gettext_lazy("end"),
    "documents": gettext_lazy("documents implemented"),
}
SECTION_LABELS = {
    "position": gettext_lazy("order"), "heading": gettext_lazy("heading"),
    "body": gettext_lazy("text"),
}
TASK_LABELS = {
    "title": gettext_lazy("title"), "description": gettext_lazy("description"),
    "kind": gettext_lazy("kind"), "owner_unit": gettext_lazy("owner unit"),
    "coordinating_units": gettext_lazy("coordinating units"),
    "lead_person": gettext_lazy("lead person"), "start_date": gettext_lazy("start"),
    "deadline": gettext_lazy("deadline"), "recurrence": gettext_lazy("reporting"),
    "indicator_type": gettext_lazy("indicator"), "target_value": gettext_lazy("target"),
    "measure": gettext_lazy("unit of measure"), "weight": gettext_lazy("weight"),
}
CHOICES: dict[str, dict[str, Any]] = {
    "kind": {**dict(TaskKind.choices), **dict(PlanKind.choices)},
    "recurrence": dict(Recurrence.choices),
    "indicator_type": dict(IndicatorType.choices),
}
WORDS = re.compile(r"\S+|\s+")
# Long texts get a word diff; short values are shown old → new.
TEXT_FIELDS = {"body", "description", "title", "heading"}


@dataclass
class FieldChange:
    name: str
    label: str
    old: Any
    new: Any
    segments: list[Segment] | None = None  # for texts


@dataclass
class ItemChange:
    id: int
    label: str  # the item's heading or title (the newer one)
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Part:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class VersionDiff:
    old_number: int
    new_number: int
    plan: list[FieldChange]
    sections: Part
    tasks: Part

    @property
    def empty(self) -> bool:
        return not (self.plan or self.sections or self.tasks)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for the API."""
        def fields(changes: list[FieldChange]) -> list[dict[str, Any]]:
            return [{"field": c.name, "label": c.label, "old": c.old, "new": c.new,
                     **({"diff": [list(s) for s in c.segments]} if c.segments else {})}
                    for c in changes]

        def part(p: Part) -> dict[str, Any]:
            return {"added": p.added, "removed": p.removed,
                    "changed": [{"id": i.id, "label": i.label, "fields": fields(i.changes)}
                                for i in p.changed]}

        return {"from": self.old_number, "to": self.new_number, "plan": fields(self.plan),
                "sections": part(self.sections), "tasks": part(self.tasks)}


def text_diff(old: str, new: str) -> list[Segment]:
    """Word-level differences, as segments a template shows with <del> and <ins>."""
    a, b = WORDS.findall(old or ""), WORDS.findall(new or "")  # words and the spaces between
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", "".join(b[j1:j2])))
    return out


def _shown(name: str, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if name in CHOICES and value in CHOICES[name]:
        return str(CHOICES[name][value])
    if isinstance(value, list):
        return ", ".join(str(v.get("title", v)) if isinstance(v, dict) else str(v)
                         for v in value) or "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"  # an ISO date
    return value


def _fields(old: dict[str, Any], new: dict[str, Any], labels: dict[str, Any]
            ) -> list[FieldChange]:
    out = []
    for name, label in labels.items():
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        segments = text_diff(before or "", after or "") if name in TEXT_FIELDS else None
        out.append(FieldChange(name=name, label=str(label), old=_shown(name, before),
                               new=_shown(name, after), segments=segments))
    return out


def _part(old: list[dict[str, Any]], new: list[dict[str, Any]], labels: dict[str, Any],
          title_key: str) -> Part:
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    part = Part()
    for key, item in after.items():
        if key not in before:
            part.added.append(item)
            continue
        changes = _fields(before[key], item, labels)
        if changes:
            part.changed.append(ItemChange(id=key, label=item.get(title_key, ""),
                                           changes=changes))
    part.removed = [item for key, item in before.items() if key not in after]
    return part


def version_diff(old: Any, new: Any) -> VersionDiff:
    """The differences from version `old` to version `new` (PlanVersion objects)."""
    a, b = old.content or {}, new.content or {}
    return VersionDiff(
        old_number=old.number,
        new_number=new.number,
        plan=_fields(a.get("plan", {}), b.get("plan", {}), PLAN_LABELS),
        sections=_part(a.get("sections", []), b.get("sections", []), SECTION_LABELS, "heading"),
        tasks=_part(a.get("tasks", []), b.get("tasks", []), TASK_LABELS, "title"),
    )

