"""Plan records for the access matrix: per relation of tests/matrix.py, at that relation's unit,
a plan in consultation (a section, an invitation, a comment) and an amended plan (versions 1
and 2) with one task of the unit. Plans and tasks flow downward (plans.access_rules)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.plans.models import (
    ConsultationComment,
    ConsultationInvite,
    Plan,
    PlanSection,
    PlanStatus,
    Task,
)
from trienkhai.plans.services.consultation import comment_add, invite_add
from trienkhai.plans.services.plans import plan_adopt, plan_amend, section_update

from ..matrix import EXPECTED, RELATIONS, ROLES, unit_key
from .factories import make_plan, make_task

__all__ = ["CHILD", "DOWNWARD", "EXPECTED", "RELATIONS", "ROLES", "PlanRecords", "plan_records",
           "write_status"]

D = datetime.date
# Plans and tasks flow down: besides what the role reads anyway, every record of a proper
# ancestor of one of their read roots (the root for all; for the supervisor, the sibling
# province, parent of the ward they are in charge of).
DOWNWARD: dict[str, dict[str, bool]] = {
    role: {rel: EXPECTED[role][rel][0] or rel == "ancestor"
           or (role == Role.SUPERVISOR and rel == "sibling") for rel in RELATIONS}
    for role in ROLES
}
# A unit directly below each relation's unit (what its tasks are cascaded to).
CHILD = {"own": "descendant", "descendant": "cell", "ancestor": "own", "sibling": "supervised",
         "supervised": "own"}
MARK = {rel: f"kehoach{rel}" for rel in RELATIONS}


def write_status(role: str, relation: str) -> int:
    """A form that changes the relation's records: 200 writable, 403 readable, else 404."""
    if EXPECTED[role][relation][1]:
        return 200
    return 403 if DOWNWARD[role][relation] else 404


@dataclass
class PlanRecords:
    world: Any
    drafts: dict[str, Plan] = field(default_factory=dict)  # in consultation
    sections: dict[str, PlanSection] = field(default_factory=dict)
    invites: dict[str, ConsultationInvite] = field(default_factory=dict)
    comments: dict[str, ConsultationComment] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)  # amended: versions 1 and 2
    tasks: dict[str, Task] = field(default_factory=dict)  # in plans[rel], owned by its unit

    def unit(self, relation: str) -> Any:
        return self.world.units[unit_key(relation)]


@pytest.fixture
def plan_records(world: Any) -> PlanRecords:
    records = PlanRecords(world=world)
    with acting_as(None, "test:plans"):
        for relation in RELATIONS:
            unit = records.unit(relation)
            draft = make_plan(unit, status=PlanStatus.CONSULTATION, sections=1,
                              title=f"Dự thảo {MARK[relation]}",
                              consultation_deadline=D(2025, 6, 30))
            records.drafts[relation] = draft
            records.sections[relation] = draft.sections.get()
            records.invites[relation] = invite_add(plan=draft, name="Hội đồng Lý luận")
            records.comments[relation] = comment_add(
                plan=draft, invite=records.invites[relation],
                section=records.sections[relation], text="Góp ý", received_on=D(2025, 5, 1))
            plan = make_plan(unit, sections=1, title=f"Kế hoạch {MARK[relation]}")
            records.tasks[relation] = make_task(plan, unit, title=f"Nhiệm vụ {MARK[relation]}")
            plan = plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
            plan = plan_amend(plan=plan)
            section_update(section=plan.sections.get(), body="Đã sửa đổi.")
            records.plans[relation] = plan_adopt(plan=plan, adopted_on=D(2025, 6, 1))
    return records
