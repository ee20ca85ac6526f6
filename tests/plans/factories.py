"""Small builders for plans and tasks, shared by the plans tests (plans, tasks, reports, roll-ups).

They go through the services (so province keys, validation and audit are the real ones), acting as
the test fixture. Keyword arguments are passed on to the service.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from trienkhai.core.context import acting_as
from trienkhai.plans.models import Plan, PlanStatus, Task
from trienkhai.units.models import Unit


def make_plan(unit: Unit, *, status: str = PlanStatus.DRAFT, sections: int = 0,
              **kw: Any) -> Plan:
    """A plan drafted by `unit`; `status` brings it to that state through the lifecycle
    (draft, consultation, adopted, amended, closed); `sections` adds that many sections."""
    from trienkhai.plans.services.plans import (
        plan_adopt,
        plan_amend,
        plan_close,
        plan_create,
        plan_open_consultation,
        section_add,
    )

    kw.setdefault("title", f"Kế hoạch thực hiện Nghị quyết ({unit.name})")
    kw.setdefault("start_date", datetime.date(2025, 1, 1))
    kw.setdefault("end_date", datetime.date(2030, 12, 31))
    with acting_as(None, "test:factory"):
        plan = plan_create(unit=unit, **kw)
        for i in range(1, sections + 1):
            section_add(plan=plan, heading=f"Phần {i}", body=f"Nội dung phần {i}.")
        if status == PlanStatus.DRAFT:
            return plan
        if status == PlanStatus.CONSULTATION:
            return plan_open_consultation(plan=plan)
        plan = plan_adopt(plan=plan, adopted_on=datetime.date(2025, 3, 1))
        if status == PlanStatus.ADOPTED:
            return plan
        if status == PlanStatus.AMENDED:
            plan = plan_amend(plan=plan)
            return plan_adopt(plan=plan, adopted_on=datetime.date(2025, 6, 1), note="Bổ sung")
        if status == PlanStatus.CLOSED:
            return plan_close(plan=plan)
        raise ValueError(status)


def make_task(plan: Plan, owner_unit: Unit | None = None, **kw: Any) -> Task:
    """A task of `plan` owned by `owner_unit` (default: the plan's unit)."""
    from trienkhai.plans.services.tasks import task_create

    kw.setdefault("title", "Nhiệm vụ thử")
    kw.setdefault("deadline", datetime.date(2030, 12, 31))
    if "target_value" in kw and kw["target_value"] is not None:
        kw["target_value"] = Decimal(str(kw["target_value"]))
    with acting_as(None, "test:factory"):
        return task_create(plan=plan, owner_unit=owner_unit or plan.unit, **kw)


def make_subtasks(task: Task, child_units: list[Unit],
                  shares: dict[int, Decimal] | None = None) -> list[Task]:
    """Cascade `task` to `child_units` (see services.tasks.task_cascade)."""
    from trienkhai.plans.services.tasks import task_cascade

    with acting_as(None, "test:factory"):
        return task_cascade(task=task, child_units=child_units, shares=shares)
