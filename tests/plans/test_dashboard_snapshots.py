"""Period snapshots: frozen once per label, from the roll-up rows, months kept to the communes."""
from __future__ import annotations

from typing import Any

from django.test import override_settings

from trienkhai.plans.models import Snapshot
from trienkhai.plans.services.snapshots import snapshots_freeze

from .reports_support import D, approved, make_plan, make_task


def test_freeze_each_kind_once(world: Any) -> None:
    plan = make_plan(world.units["own"])
    task = make_task(plan, world.units["own"])
    make_task(plan, world.units["cell"])  # depth 4: not in the monthly snapshot
    approved(task, world.user("editor"), world.user("approver"), percent=40)
    # Frozen when a period closes (its end + 10 days of grace): on 1 April, March is not.
    frozen = snapshots_freeze(today=D(2025, 4, 1))
    # Root, province and ward have rows (the cell too, below the snapshot depth of 3).
    assert frozen == {"2025-02": 3, "2024-Q4": 3, "2024-H2": 3, "2024": 3}
    frozen = snapshots_freeze(today=D(2025, 4, 11))
    assert frozen == {"2025-03": 3, "2025-Q1": 3}
    row = Snapshot.objects.get(unit=world.units["own"], plan=plan, period_label="2025-Q1")
    assert (row.tasks_total, row.percent_sum, row.period_end) == (2, 40, D(2025, 3, 31))
    # Later approvals do not change what was frozen; running again freezes nothing.
    approved(make_task(plan, world.units["own"]), world.user("editor"),
             world.user("approver"), percent=100, status="done", period="2025-Q2",
             today=D(2025, 4, 11))
    assert snapshots_freeze(today=D(2025, 4, 12)) == {}
    row.refresh_from_db()
    assert row.tasks_total == 2
    assert snapshots_freeze(today=D(2025, 5, 11)) == {"2025-04": 3}


def test_backfill_from_approved_reports(world: Any) -> None:
    from trienkhai.plans.periods import Period
    from trienkhai.plans.services.snapshots import snapshot_backfill

    plan = make_plan(world.units["own"])
    task = make_task(plan, world.units["own"], deadline=D(2025, 5, 31), weight=2)
    editor, approver = world.user("editor"), world.user("approver")
    approved(task, editor, approver, percent=40)
    approved(task, editor, approver, percent=70, period="2025-Q2")
    q1 = Period(D(2025, 1, 1), D(2025, 3, 31), "2025-Q1")
    q2 = Period(D(2025, 4, 1), D(2025, 6, 30), "2025-Q2")
    assert snapshot_backfill(period=q1) > 0
    assert snapshot_backfill(period=q1) == 0
    snapshot_backfill(period=q2)
    rows = {s.period_label: s for s in Snapshot.objects.filter(unit=world.units["own"],
                                                                plan=plan)}
    assert (rows["2025-Q1"].weighted_percent, rows["2025-Q1"].tasks_overdue) == (80, 0)
    assert (rows["2025-Q2"].weighted_percent, rows["2025-Q2"].tasks_overdue) == (140, 1)


@override_settings(TRIENKHAI_SNAPSHOT_DEPTH=None)
def test_depth_is_a_setting(world: Any) -> None:
    plan = make_plan(world.units["own"])
    make_task(plan, world.units["cell"])
    assert snapshots_freeze(today=D(2025, 4, 11))["2025-03"] == 4
