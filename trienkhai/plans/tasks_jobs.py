"""Background jobs of the reports side (django-tasks; run by `trienkhai worker`).

    plans_daily.enqueue()                 the daily cycle (reminders.daily_cycle) for today
    rollup_after_units_changed.enqueue(ids)  units moved or merged: their plans recomputed
    rollup_recompute_all.enqueue()        a full set-based rebuild of every roll-up row

django-tasks has no clock: `trienkhai worker` queues the daily job itself (--daily-at, 06:00 by
default); `trienkhai plans daily --enqueue` does the same from cron, and `trienkhai plans daily`
runs it in the foreground.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from trienkhai.core.context import acting_as
from trienkhai.core.oncommit import after_commit_once
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import subtree_range

from .models import Task
from .periods import parse_iso
from .reminders import daily_cycle


@task()
def plans_daily(day: str | None = None) -> list[str]:
    """Run the daily cycle for `day` (ISO date; today when None). Returns the summary lines."""
    today = parse_iso(day) or timezone.localdate()
    with acting_as(None, "job:plans daily"):
        return daily_cycle(today=today).lines()


def plans_touching(unit_ids: list[int]) -> list[int]:
    """Plans with a task owned in the subtree of one of the units."""
    condition = Q(pk__in=[])
    for path in Unit.objects.filter(pk__in=unit_ids).values_list("path", flat=True):
        condition |= subtree_range(path, "owner_unit__")
    return sorted(set(Task.objects.filter(condition).values_list("plan_id", flat=True)))


@task()
def rollup_after_units_changed(unit_ids: list[int]) -> int:
    """Units moved or merged change the paths their tasks count on: rebuild those plans (and
    the documents they reach). Returns how many plans."""
    from .services.rollup import rollup_recompute

    plan_ids = plans_touching(unit_ids)
    if plan_ids:
        with acting_as(None, "job:rollup after units changed"):
            rollup_recompute(plan_ids=plan_ids)
    return len(plan_ids)


def units_moved_received(sender: Any, unit_ids: set[int], **kwargs: Any) -> None:
    """A move or merge (units.signals): rebuild the plans concerned once it is committed."""
    after_commit_once("plans_rollup", unit_ids,
                      lambda ids: rollup_after_units_changed.enqueue(sorted(ids)))


@task()
def rollup_recompute_all() -> list[int]:
    """Rebuild every roll-up row set-based; returns [plan rows, document rows]."""
    from .services.rollup import rollup_recompute

    with acting_as(None, "job:rollup recompute"):
        result = rollup_recompute()
    return [result.plan_rows, result.document_rows]
