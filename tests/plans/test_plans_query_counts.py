"""Plan pages and API lists read a bounded number of queries, whatever the number of rows."""
from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from trienkhai.core.context import acting_as
from trienkhai.plans.models import PlanStatus
from trienkhai.plans.services.consultation import comment_add, comment_handle, invite_add
from trienkhai.plans.services.plans import plan_adopt, plan_amend, section_add
from trienkhai.units.models import UnitKind
from trienkhai.units.services import unit_create

from .factories import make_plan, make_subtasks, make_task

D = datetime.date


class Grown:
    """At the city: a plan in consultation, an adopted plan and an adopted task, grown by
    `grow(n)`: n more sections, invitations, handled comments, tasks (with a coordinating
    unit), plans at the city and above, and wards the task is cascaded to."""

    def __init__(self, world: Any) -> None:
        self.world = world
        own = world.units["own"]
        self.draft = make_plan(own, status=PlanStatus.CONSULTATION, sections=1)
        self.plan = make_plan(own, status=PlanStatus.ADOPTED)
        self.task = make_task(make_plan(own))
        with acting_as(None, "test"):
            plan_adopt(plan=self.task.plan, adopted_on=D(2025, 3, 1))
        self.n = 0

    def grow(self, count: int) -> None:
        world, own = self.world, self.world.units["own"]
        wards = [world.units["descendant"], world.units["descendant2"]]
        with acting_as(None, "test"):
            self.plan = plan_amend(plan=self.plan)
            new_wards = []
            for _ in range(count):
                self.n += 1
                section = section_add(plan=self.draft, heading=f"Phần {self.n}", body="Nội dung")
                invite = invite_add(plan=self.draft, name=f"Hội đồng {self.n}",
                                    due_on=D(2025, 6, 30))
                comment = comment_add(plan=self.draft, invite=invite, section=section,
                                      text="Góp ý", received_on=D(2025, 6, 1))
                comment_handle(comment=comment, handling="explained", response="Giải trình")
                task = make_task(self.plan, wards[self.n % 2], title=f"Nhiệm vụ {self.n}")
                task.coordinating_units.set([own])
                make_plan(own, title=f"Kế hoạch {self.n}")
                make_plan(world.units["root"], status=PlanStatus.ADOPTED)
                new_wards.append(unit_create(parent=own, kind=UnitKind.COMMUNE_COMMITTEE,
                                             name=f"Phường {self.n}", code=f"HCM-P{self.n}"))
            self.plan = plan_adopt(plan=self.plan, adopted_on=D(2025, 3, 1)
                                   + datetime.timedelta(days=self.n))
        make_subtasks(self.task, new_wards)


PAGES: dict[str, Callable[[Grown], str]] = {
    "plan-list": lambda g: reverse("plan-list"),
    "plan-detail-draft": lambda g: reverse("plan-detail", args=[g.draft.pk]),
    "plan-detail": lambda g: reverse("plan-detail", args=[g.plan.pk]),
    "plan-diff": lambda g: reverse("plan-diff", args=[g.plan.pk]),
    "docx": lambda g: reverse("consultation-docx", args=[g.draft.pk]),
    "xlsx": lambda g: reverse("consultation-xlsx", args=[g.draft.pk]),
    "task-detail": lambda g: reverse("task-detail", args=[g.task.pk]),
    "api-plans": lambda g: "/api/plans/",
    "api-plans-unit": lambda g: f"/api/plans/?unit={g.world.units['own'].pk}",
    "api-tasks": lambda g: "/api/tasks/",
    "api-sections": lambda g: f"/api/plan-sections/?plan={g.draft.pk}",
    "api-comments": lambda g: f"/api/consultation-comments/?plan={g.draft.pk}",
    "api-invites": lambda g: f"/api/consultation-invites/?plan={g.draft.pk}",
    "api-versions": lambda g: f"/api/plans/{g.plan.pk}/versions/",
}


@pytest.mark.urls("tests.plans.urls_for_tests")
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries,
                                             page):
    client.force_login(world.user("editor"))
    grown = Grown(world)
    grown.grow(2)
    with django_assert_max_num_queries(16) as small:
        assert client.get(PAGES[page](grown)).status_code == 200
    grown.grow(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(PAGES[page](grown)).status_code == 200
