"""Reads on tasks and their cascade, always through the access policy."""
from __future__ import annotations

from typing import Any, cast

from django.db.models import Count, QuerySet

from trienkhai.access.policy import Action, can_write_unit, get_for_user, restrict
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import listing_order, subtree_range

from ..models import Plan, Task

TASK_RELATED = ("owner_unit", "lead_person", "plan", "parent")


def tasks_for(user: Any, action: Action = Action.READ) -> QuerySet[Task]:
    return restrict(Task.objects.all(), user, action)


def task_get(*, user: Any, pk: Any, action: Action = Action.READ) -> Task:
    """The task, or 404 when missing or out of the user's scope or clearance."""
    qs = Task.objects.select_related("plan", "plan__unit", "owner_unit", "lead_person",
                                     "parent", "parent__owner_unit")
    return get_for_user(qs, user, action, pk=pk)


def plan_tasks(*, user: Any, plan: Plan) -> QuerySet[Task]:
    """The plan's own tasks (not those cascaded from them) the user may read."""
    qs = tasks_for(user).filter(plan=plan, parent__isnull=True)
    return qs.select_related("owner_unit", "lead_person").prefetch_related(
        "coordinating_units").order_by("kind", "id")


def subtask_counts(*, user: Any, tasks: list[Task]) -> dict[int, int]:
    """Readable sub-tasks per task, in one query (counts only what the user may see)."""
    qs = tasks_for(user).filter(parent__in=[t.pk for t in tasks])
    rows = qs.values_list("parent").annotate(n=Count("id")).values_list("parent", "n")
    return {parent: n for parent, n in rows if parent is not None}


def subtasks_of(*, user: Any, task: Task) -> QuerySet[Task]:
    """The sub-tasks cascaded from `task` that the user may read, with their owner units.

    The hook for progress figures: the queryset can be annotated further or joined to
    TaskProgress (`.select_related("progress")`) by the reports' selectors and views.
    """
    return (
        tasks_for(user)
        .filter(parent=task)
        .select_related("owner_unit", "lead_person")
        .order_by("owner_unit__sort_key", "owner_unit__path")
    )


def cascade_candidates(*, user: Any, task: Task) -> list[dict[str, Any]]:
    """The active units directly below the task's owner unit, with the sub-task each already
    has (None) and its share: the checkbox list of the cascade form."""
    owner = task.owner_unit
    units = list(
        restrict(Unit.objects.all(), user, Action.READ)
        .filter(subtree_range(owner.path), depth=owner.depth + 1,
                dissolved_on__isnull=True, merged_into__isnull=True)
        .order_by(*cast(list[Any], listing_order()))[:1000]
    )
    existing = {t.owner_unit_id: t for t in Task.objects.filter(parent=task)}
    return [{"unit": u, "subtask": existing.get(u.pk)} for u in units]


def task_writable(user: Any, task: Task) -> bool:
    """Who changes a task: a plan's own task is part of the plan, written by the plan's unit;
    a cascaded sub-task belongs to its owner unit, and the unit that assigned it may correct
    it too. (Cascading further is for the writers of the task's owner unit.)"""
    if task.parent_id is None:
        return can_write_unit(user, task.plan.unit)
    assert task.parent is not None
    return can_write_unit(user, task.owner_unit) or can_write_unit(user, task.parent.owner_unit)
