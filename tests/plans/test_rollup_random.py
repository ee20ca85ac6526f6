"""Incremental == full recompute after random sequences of changes (Hypothesis).

Every example runs its operations on top of what earlier examples left (the database is the
test's), which is fine: the property holds in any state. The full recompute at the end of an
example resets the rows to the truth, so a drift would show in that example.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.plans.models import IndicatorType, Task
from trienkhai.plans.services.reports import report_approve, report_create, report_submit
from trienkhai.plans.services.rollup import (
    overdue_refresh,
    rollup_plan_documents_changed,
    rollup_recompute,
    rollup_tasks_changing,
    rollup_tasks_removed,
)

from .reports_support import D, make_document, make_plan, make_task, make_user, rollup_state

UNITS = ["root", "own", "descendant", "cell", "descendant2", "sibling", "supervised"]
DEADLINES = [D(2025, 2, 28), D(2025, 3, 31), D(2025, 6, 30), D(2026, 12, 31)]
STATUSES = ["not_started", "on_track", "late", "at_risk", "done", "done_late"]

operation = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(UNITS), st.integers(0, 2), st.integers(1, 5),
              st.sampled_from(DEADLINES), st.booleans()),
    st.tuples(st.just("report"), st.integers(0, 50), st.sampled_from(["2025-Q1", "2025-Q2"]),
              st.sampled_from(STATUSES), st.integers(0, 100)),
    st.tuples(st.just("overdue"), st.integers(0, 200)),
    st.tuples(st.just("remove"), st.integers(0, 50)),
    st.tuples(st.just("change"), st.integers(0, 50), st.sampled_from(UNITS), st.integers(1, 5),
              st.sampled_from(DEADLINES)),
    st.tuples(st.just("relink"), st.integers(0, 2), st.sets(st.integers(0, 2), max_size=3)),
)


@pytest.fixture
def setting(world: Any) -> dict[str, Any]:
    u = world.units
    central = make_document(u["root"], "Nghị quyết Trung ương")
    provincial = make_document(u["own"], "Nghị quyết tỉnh", implements=central)
    other = make_document(u["sibling"], "Nghị quyết tỉnh bạn", implements=central)
    documents = [central, provincial, other]
    plans = [make_plan(u["root"], documents=(central,)),
             make_plan(u["own"], documents=(provincial,)),
             make_plan(u["sibling"], documents=(other, central))]
    people = {key: (make_user(f"e-{key}", unit), make_user(f"a-{key}", unit, Role.APPROVER))
              for key, unit in u.items()}
    return {"units": u, "plans": plans, "documents": documents, "people": people}


def _apply(step: tuple[Any, ...], ctx: dict[str, Any]) -> None:
    u, plans = ctx["units"], ctx["plans"]
    tasks = list(Task.objects.order_by("pk"))
    kind = step[0]
    if kind == "add":
        _, unit, plan, weight, deadline, count = step
        make_task(plans[plan], u[unit], weight=weight, deadline=deadline,
                  **({"indicator_type": IndicatorType.COUNT, "target_value": 3} if count else {}))
    elif kind == "report" and tasks:
        _, index, period, status, percent = step
        task = tasks[index % len(tasks)]
        editor, approver = ctx["people"][next(k for k, v in u.items() if v == task.owner_unit)]
        figures: dict[str, Any] = ({"percent": 100 if status.startswith("done") else percent}
                                   if task.indicator_type == IndicatorType.PERCENT
                                   else {"value": percent % 5})
        try:
            with acting_as(editor, "e"):
                report = report_create(task=task, period=period, status=status,
                                       narrative="Lý do", today=D(2025, 4, 5), **figures)
                report = report_submit(report=report, version=1, user=editor,
                                       today=D(2025, 4, 5))
        except ValidationError:
            return  # that period is already reported, or the task's dates exclude it
        report_approve(report=report, version=report.version, user=approver)
    elif kind == "overdue":
        overdue_refresh(today=D(2025, 1, 1) + datetime.timedelta(days=step[1]))
    elif kind == "remove" and tasks:
        task = tasks[step[1] % len(tasks)]
        rollup_tasks_removed(tasks=[task])
        task.delete()
    elif kind == "change" and tasks:
        _, index, unit, weight, deadline = step
        task = tasks[index % len(tasks)]
        with rollup_tasks_changing(tasks=[task], today=D(2025, 4, 5)):
            task.owner_unit, task.weight, task.deadline = u[unit], Decimal(weight), deadline
            task.save()
    elif kind == "relink":
        _, plan, chosen = step
        plans[plan].documents.set([ctx["documents"][i] for i in chosen])
        rollup_plan_documents_changed(plan=plans[plan])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(operation, min_size=1, max_size=12))
def test_incremental_equals_full_after_random_changes(setting: dict[str, Any],
                                                      steps: list[tuple[Any, ...]]) -> None:
    for step in steps:
        _apply(step, setting)
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental
