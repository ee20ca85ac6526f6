"""Tasks: validation with field messages, editing rules, and the cascade to units below."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.plans.models import IndicatorType, PlanStatus, RollupFigure, Task, TaskKind
from trienkhai.plans.selectors.tasks import cascade_candidates, subtasks_of
from trienkhai.plans.services.plans import plan_adopt, plan_amend, plan_close
from trienkhai.plans.services.tasks import task_cascade, task_create, task_remove, task_update

from .factories import make_plan, make_subtasks, make_task

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _actor():
    with acting_as(None, "test:tasks"):
        yield


@pytest.fixture
def plan(world):
    return make_plan(world.units["own"])


def _errors(**kw):
    with pytest.raises(ValidationError) as err:
        task_create(**kw)
    return err.value.message_dict


def test_a_complete_task(world, plan):
    task = task_create(
        plan=plan, owner_unit=world.units["own"], title="  Xây dựng  mô hình điển hình ",
        kind=TaskKind.KEY, coordinating_units=[world.units["descendant"]],
        lead_person=world.people["own"], start_date=D(2025, 1, 1), deadline=D(2025, 12, 31),
        recurrence="yearly", indicator_type=IndicatorType.COUNT, target_value=Decimal(2),
        measure="mô hình", weight=Decimal("1.5"),
    )
    assert task.title == "Xây dựng mô hình điển hình"
    assert task.province_path == world.units["own"].path[:8]
    assert list(task.coordinating_units.all()) == [world.units["descendant"]]
    assert RollupFigure.objects.filter(plan=plan, unit=world.units["own"]).exists()


def test_defaults_for_percent_and_milestone(world, plan):
    percent = make_task(plan)
    assert percent.target_value == 100
    milestone = make_task(plan, indicator_type=IndicatorType.MILESTONE, deadline=D(2030, 1, 1))
    assert milestone.target_value == 1


@pytest.mark.parametrize("fields, field", [
    ({"start_date": D(2026, 1, 1), "deadline": D(2025, 1, 1)}, "deadline"),
    ({"indicator_type": "percent", "target_value": Decimal(120)}, "target_value"),
    ({"indicator_type": "percent", "target_value": Decimal(0)}, "target_value"),
    ({"indicator_type": "count", "target_value": None}, "target_value"),
    ({"indicator_type": "count", "target_value": Decimal(-1)}, "target_value"),
    ({"indicator_type": "milestone", "target_value": Decimal(5)}, "target_value"),
    ({"weight": Decimal(0)}, "weight"),
    ({"weight": Decimal(-2)}, "weight"),
    ({"deadline": None, "recurrence": "none"}, "deadline"),
    ({"deadline": D(2031, 1, 1)}, "deadline"),  # after the plan's end
    ({"start_date": D(2024, 1, 1)}, "start_date"),  # before the plan's start
    ({"title": ""}, "title"),
    ({"kind": "urgent"}, "kind"),
])
def test_validation_messages_on_fields(world, plan, fields, field):
    kw = {"plan": plan, "owner_unit": world.units["own"], "title": "Nhiệm vụ",
          "deadline": D(2026, 1, 1), **fields}
    assert field in _errors(**kw)
    assert not Task.objects.exists()


def test_owner_unit_must_be_in_the_plans_subtree(world, plan):
    for key in ("root", "sibling", "supervised"):
        assert "owner_unit" in _errors(plan=plan, owner_unit=world.units[key], title="X",
                                       deadline=D(2026, 1, 1))
    assert make_task(plan, world.units["cell"]).owner_unit == world.units["cell"]


def test_coordinating_and_lead_person_rules(world, plan):
    errors = _errors(plan=plan, owner_unit=world.units["own"], title="X", deadline=D(2026, 1, 1),
                     coordinating_units=[world.units["own"]], lead_person=world.people["sibling"])
    assert {"coordinating_units", "lead_person"} <= set(errors)


def test_all_errors_at_once(world, plan):
    errors = _errors(plan=plan, owner_unit=world.units["sibling"], title="",
                     deadline=D(2025, 1, 1), start_date=D(2025, 6, 1), weight=Decimal(0))
    assert {"owner_unit", "title", "deadline", "weight"} <= set(errors)


def test_tasks_change_with_the_plans_content_only(world, plan):
    task = make_task(plan)
    adopted = plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
    with pytest.raises(ValidationError):
        task_update(task=task, title="Khác")
    with pytest.raises(ValidationError):
        make_task(adopted)
    plan_amend(plan=adopted)
    assert task_update(task=task, title="Khác").title == "Khác"


def test_update_conflict_and_rollup_move(world, plan):
    task = make_task(plan, weight=Decimal(2))
    task_update(task=task, version=1, weight=Decimal(3))
    with pytest.raises(ConflictError):
        task_update(task=task, version=1, weight=Decimal(4))
    row = RollupFigure.objects.get(plan=plan, unit=world.units["own"])
    assert row.weight_total == 3
    task_update(task=task, owner_unit=world.units["descendant"])
    row.refresh_from_db()
    assert row.weight_total == 3  # still counted at the city, through the ward
    assert RollupFigure.objects.get(plan=plan, unit=world.units["descendant"]).tasks_total == 1


def test_remove_while_drafting(world, plan):
    task = make_task(plan)
    task_remove(task=task)
    assert not Task.objects.exists()
    assert RollupFigure.objects.get(plan=plan, unit=world.units["own"]).tasks_total == 0


# --- cascade --------------------------------------------------------------------------------


@pytest.fixture
def adopted_task(world):
    plan = make_plan(world.units["own"])
    task = make_task(plan, title="Mỗi năm phát triển ít nhất 2 mô hình điển hình tiên tiến",
                     kind=TaskKind.KEY, indicator_type=IndicatorType.COUNT,
                     target_value=Decimal(10), recurrence="yearly", measure="mô hình")
    with acting_as(None, "test"):
        plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
    return Task.objects.get(pk=task.pk)


def test_cascade_gives_each_unit_its_own_subtask(world, adopted_task):
    wards = [world.units["descendant"], world.units["descendant2"]]
    subs = make_subtasks(adopted_task, wards)
    assert [s.owner_unit for s in subs] == wards
    for sub in subs:
        assert sub.parent == adopted_task and sub.plan == adopted_task.plan
        assert (sub.kind, sub.target_value, sub.measure) == ("key", Decimal(10), "mô hình")
        assert sub.share is None
    listed = list(subtasks_of(user=world.user("viewer"), task=adopted_task))
    # Listed by unit name, the Vietnamese way.
    assert [t.owner_unit for t in listed] == sorted(wards, key=lambda u: u.sort_key)


def test_cascade_is_idempotent(world, adopted_task):
    wards = [world.units["descendant"], world.units["descendant2"]]
    first = make_subtasks(adopted_task, wards)
    again = make_subtasks(adopted_task, [*wards, wards[0]])
    assert [t.pk for t in first] == [t.pk for t in again]
    assert adopted_task.subtasks.count() == 2
    assert RollupFigure.objects.get(plan=adopted_task.plan,
                                    unit=world.units["descendant"]).tasks_total == 1


def test_cascade_with_shares(world, adopted_task):
    wards = [world.units["descendant"], world.units["descendant2"]]
    subs = task_cascade(adopted_task, wards, {wards[0].pk: "0.6", wards[1]: Decimal("0.4")})
    assert [(s.share, s.target_value) for s in subs] == [
        (Decimal("0.6"), Decimal(6)), (Decimal("0.4"), Decimal(4))]
    # Changing one share is checked against the others.
    with pytest.raises(ValidationError) as err:
        task_cascade(adopted_task, [wards[0]], ["0.7"])
    assert "shares" in err.value.message_dict
    [sub] = task_cascade(adopted_task, [wards[0]], ["0.5"])
    assert (sub.share, sub.target_value) == (Decimal("0.5"), Decimal(5))


@pytest.mark.parametrize("shares", [["0"], ["1.5"], ["-0.1"], ["abc"], ["0.5", "0.5"]])
def test_bad_shares(world, adopted_task, shares):
    with pytest.raises(ValidationError) as err:
        task_cascade(adopted_task, [world.units["descendant"]], shares)
    assert "shares" in err.value.message_dict


def test_cascade_only_below_and_only_when_adopted(world, adopted_task):
    for key in ("own", "root", "sibling"):
        with pytest.raises(ValidationError) as err:
            task_cascade(adopted_task, [world.units[key]])
        assert "child_units" in err.value.message_dict
    with pytest.raises(ValidationError):
        task_cascade(adopted_task, [])
    draft_task = make_task(make_plan(world.units["own"]))
    with pytest.raises(ValidationError) as err:
        task_cascade(draft_task, [world.units["descendant"]])
    assert err.value.code == "not_adopted"
    plan_close(plan=adopted_task.plan)
    with pytest.raises(ValidationError):
        task_cascade(adopted_task, [world.units["descendant"]])


def test_cascade_further_down_and_subtask_edits(world, adopted_task):
    [ward_task] = make_subtasks(adopted_task, [world.units["descendant"]])
    [cell_task] = make_subtasks(ward_task, [world.units["cell"]])
    assert cell_task.parent == ward_task
    # The ward refines its sub-task; it cannot give it to another unit.
    edited = task_update(task=ward_task, lead_person=world.people["descendant"])
    assert edited.lead_person == world.people["descendant"]
    with pytest.raises(ValidationError) as err:
        task_update(task=ward_task, owner_unit=world.units["descendant2"])
    assert "owner_unit" in err.value.message_dict


def test_cascade_candidates_mark_existing_subtasks(world, adopted_task):
    make_subtasks(adopted_task, [world.units["descendant"]])
    rows = cascade_candidates(user=world.user("editor"), task=adopted_task)
    by_unit = {row["unit"].pk: row["subtask"] for row in rows}
    assert set(by_unit) == {world.units["descendant"].pk, world.units["descendant2"].pk}
    assert by_unit[world.units["descendant"].pk] is not None
    assert by_unit[world.units["descendant2"].pk] is None


def test_amending_keeps_subtasks(world, adopted_task):
    make_subtasks(adopted_task, [world.units["descendant"]])
    plan = plan_amend(plan=adopted_task.plan)
    plan = plan_adopt(plan=plan, adopted_on=D(2025, 6, 1))
    assert plan.status == PlanStatus.AMENDED and adopted_task.subtasks.count() == 1
