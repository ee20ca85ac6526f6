"""Roll-ups: a hand-computed tree; the document cascade; overdue; incremental == full."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.plans.models import RollupFigure, RollupLink, TaskProgress
from trienkhai.plans.services.rollup import (
    overdue_refresh,
    rollup_recompute,
    rollup_tasks_changing,
    rollup_tasks_removed,
)

from .reports_support import (
    D,
    approved,
    figures,
    make_document,
    make_plan,
    make_task,
    make_user,
    rollup_state,
)


@pytest.fixture
def people(world: Any) -> dict[str, Any]:
    """An editor and an approver at every unit of the world."""
    out = {}
    for key, unit in world.units.items():
        out[key] = (make_user(f"ed-{key}", unit), make_user(f"ap-{key}", unit, Role.APPROVER))
    return out


@pytest.fixture
def tree(world: Any, people: dict[str, Any]) -> dict[str, Any]:
    u = world.units
    central = make_document(u["root"], "Nghị quyết Trung ương")
    provincial = make_document(u["own"], "Nghị quyết Thành ủy", implements=central)
    plan_p = make_plan(u["own"], documents=(provincial,))
    plan_q = make_plan(u["sibling"], documents=(central,))
    t1 = make_task(plan_p, u["own"], weight=2)
    t2 = make_task(plan_p, u["descendant"], weight=1)
    t3 = make_task(plan_p, u["cell"], weight=3)
    make_task(plan_p, u["descendant2"], weight=1)  # t4: nothing reported
    t5 = make_task(plan_q, u["supervised"], weight=1)
    approved(t1, *people["own"], percent=50)
    approved(t2, *people["descendant"], status="done", percent=100)
    approved(t3, *people["cell"], status="at_risk", percent=20, narrative="Thiếu kinh phí")
    approved(t5, *people["supervised"], percent=40)
    return {"central": central, "provincial": provincial, "p": plan_p, "q": plan_q}


def _row(unit: Any, **scope: Any) -> tuple[Any, ...]:
    row = figures(unit, **scope)
    return (row.tasks_total, row.tasks_done, row.tasks_at_risk, row.weight_total,
            row.weighted_percent, row.percent_sum)


def test_hand_computed_tree(world: Any, tree: dict[str, Any]) -> None:
    u, p, q = world.units, tree["p"], tree["q"]
    d = Decimal
    province = (4, 1, 1, d(7), d(260), d(170))  # 2·50 + 1·100 + 3·20 + 1·0; 50 + 100 + 20
    assert _row(u["own"], plan=p) == province
    assert _row(u["root"], plan=p) == province
    assert _row(u["descendant"], plan=p) == (2, 1, 1, d(4), d(160), d(120))
    assert _row(u["cell"], plan=p) == (1, 0, 1, d(3), d(60), d(20))
    assert _row(u["descendant2"], plan=p) == (1, 0, 0, d(1), d(0), d(0))
    assert not RollupFigure.objects.filter(unit=u["sibling"], plan=p).exists()
    # The central document counts both plans (the province's through its own resolution).
    assert _row(u["root"], document=tree["central"]) == (5, 1, 1, d(8), d(300), d(210))
    assert _row(u["own"], document=tree["central"]) == province
    assert _row(u["sibling"], document=tree["central"]) == (1, 0, 0, d(1), d(40), d(40))
    assert _row(u["root"], document=tree["provincial"]) == province
    assert not RollupFigure.objects.filter(document=tree["provincial"], unit=u["sibling"])
    assert _row(u["root"], plan=q) == (1, 0, 0, d(1), d(40), d(40))


def test_rules_read_from_the_sums(world: Any, tree: dict[str, Any]) -> None:
    from trienkhai.plans.selectors.dashboard import Figures

    row = figures(world.units["own"], plan=tree["p"])
    assert Figures.of(row, "weighted").progress == Decimal("37.1")  # 260 / 7
    assert Figures.of(row, "average").progress == Decimal("42.5")  # 170 / 4
    assert Figures.of(row, "weighted").done_share == Decimal("25.0")


def test_incremental_equals_full(world: Any, tree: dict[str, Any]) -> None:
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental


def test_approval_touches_only_the_path(world: Any, tree: dict[str, Any],
                                        people: dict[str, Any]) -> None:
    """Approving a cell's report updates the rows of the cell and its 3 ancestors for the plan
    and its 2 documents, by a bounded number of statements."""
    from trienkhai.plans.services.reports import report_approve, report_create, report_submit

    task = make_task(tree["p"], world.units["cell"])
    editor, approver = people["cell"]
    with acting_as(editor, "e"):
        report = report_create(task=task, period="2025-Q1", status="on_track", percent=10,
                               today=D(2025, 4, 5))
        report = report_submit(report=report, version=1, user=editor, today=D(2025, 4, 5))
    before = {r.pk: r.updated_at for r in RollupFigure.objects.all()}
    with CaptureQueriesContext(connection) as ctx:
        report_approve(report=report, version=report.version, user=approver)
    assert len(ctx.captured_queries) <= 16
    touched = [r for r in RollupFigure.objects.all() if r.updated_at != before.get(r.pk)]
    assert len(touched) == 4 * 3  # cell, ward, province, root × (plan, provincial, central)


def test_overdue_is_set_by_the_daily_refresh(world: Any, tree: dict[str, Any]) -> None:
    u = world.units
    late = make_task(tree["p"], u["descendant2"], deadline=D(2025, 3, 31))
    done_late = make_task(tree["p"], u["own"], deadline=D(2025, 3, 31))
    TaskProgress.objects.filter(task=done_late).update(status="done", percent=100)
    rollup_recompute()
    assert figures(u["own"], plan=tree["p"]).tasks_overdue == 0
    assert overdue_refresh(today=D(2025, 3, 31)) == (0, 0)  # due today: not yet overdue
    assert overdue_refresh(today=D(2025, 4, 1)) == (1, 0)
    assert figures(u["root"], document=tree["central"]).tasks_overdue == 1
    assert figures(u["descendant2"], plan=tree["p"]).tasks_overdue == 1
    assert overdue_refresh(today=D(2025, 4, 2)) == (0, 0)  # idempotent
    with rollup_tasks_changing(tasks=[late], today=D(2025, 4, 2)):
        late.deadline = D(2025, 12, 31)
        late.save()
    assert figures(u["own"], plan=tree["p"]).tasks_overdue == 0
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental


def test_moves_and_removals(world: Any, tree: dict[str, Any]) -> None:
    u = world.units
    t = make_task(tree["p"], u["cell"], weight=5)
    with rollup_tasks_changing(tasks=[t]):
        t.owner_unit = u["descendant2"]
        t.weight = Decimal(2)
        t.save()
    assert figures(u["cell"], plan=tree["p"]).tasks_total == 1
    assert figures(u["descendant2"], plan=tree["p"]).weight_total == 3
    copies = TaskProgress.objects.get(task=t)  # the overdue list reads these
    assert (copies.owner_path, copies.plan_id) == (u["descendant2"].path, tree["p"].pk)
    rollup_tasks_removed(tasks=[t])
    t.delete()
    assert figures(u["own"], plan=tree["p"]).tasks_total == 4
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental


def test_classified_plan_not_counted_in_a_plainer_document(world: Any) -> None:
    u = world.units
    document = make_document(u["root"], "Chỉ thị công khai")
    secret = make_plan(u["own"], documents=(document,), confidentiality=1)
    make_task(secret, u["own"])
    assert not RollupLink.objects.filter(plan=secret).exists()
    assert not RollupFigure.objects.filter(document=document).exists()
    assert figures(u["own"], plan=secret).tasks_total == 1


def test_plan_documents_changed_moves_document_rows(world: Any, tree: dict[str, Any]) -> None:
    from trienkhai.plans.services.rollup import rollup_plan_documents_changed

    other = make_document(world.units["root"], "Kết luận khác")
    tree["q"].documents.add(other)
    rollup_plan_documents_changed(plan=tree["q"])
    assert figures(world.units["root"], document=other).tasks_total == 1
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental


def test_a_unit_move_rebuilds_the_plans_it_counts_in(
        world: Any, tree: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    """Moving the cell (one task: weight 3, 20 %, at risk) from its ward to the other ward."""
    from trienkhai.units.services import unit_move

    u, p = world.units, tree["p"]
    d = Decimal
    with django_capture_on_commit_callbacks(execute=True), acting_as(None, "test"):
        unit_move(unit=u["cell"], new_parent=u["descendant2"])
    assert _row(u["descendant"], plan=p) == (1, 1, 0, d(1), d(100), d(100))
    assert _row(u["descendant2"], plan=p) == (2, 0, 1, d(4), d(60), d(20))
    assert _row(u["own"], plan=p) == (4, 1, 1, d(7), d(260), d(170))
    moved = TaskProgress.objects.get(task__owner_unit=u["cell"])
    assert moved.owner_path == u["cell"].__class__.objects.get(pk=u["cell"].pk).path
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental


def test_approval_after_the_owner_changed_counts_under_the_new_owner(
        world: Any, tree: dict[str, Any], people: dict[str, Any]) -> None:
    """A report filed by the cell, approved after the task moved to the other ward."""
    from trienkhai.plans.services.reports import report_approve, report_create, report_submit

    u, p = world.units, tree["p"]
    task = make_task(p, u["cell"], weight=1)
    editor, approver = people["cell"]
    with acting_as(editor, "e"):
        report = report_create(task=task, period="2025-Q1", status="on_track", percent=60,
                               today=D(2025, 4, 5))
        report = report_submit(report=report, version=1, user=editor, today=D(2025, 4, 5))
    with rollup_tasks_changing(tasks=[task]):
        task.owner_unit = u["descendant2"]
        task.save()
    with acting_as(approver, "a"):
        report_approve(report=report, version=report.version, user=approver)
    assert figures(u["descendant2"], plan=p).percent_sum == Decimal(60)
    incremental = rollup_state()
    rollup_recompute()
    assert rollup_state() == incremental
