"""Confidentiality: a classified plan's tasks, reports and figures never reach uncleared
users — not on its pages, not in lists, not in a document's counts."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from trienkhai.accounts.models import Role
from trienkhai.plans.models import AggregationRule

from .reports_support import approved, make_document, make_plan, make_task, make_user


@pytest.fixture
def secret(world: Any) -> dict[str, Any]:
    own = world.units["own"]
    public_doc = make_document(world.units["root"], "Nghị quyết công khai")
    secret_doc = make_document(world.units["root"], "Nghị quyết mật", confidentiality=1)
    open_plan = make_plan(own, documents=(public_doc, secret_doc), title="Kế hoạch thường")
    plan = make_plan(own, documents=(public_doc, secret_doc), title="Kế hoạch mật",
                     confidentiality=1)
    make_task(open_plan, own)
    task = make_task(plan, own, title="Nhiệm vụ mật")
    cleared_approver = make_user("ap-mat", own, Role.APPROVER, clearance=1)
    report = approved(task, world.user("editor"), cleared_approver, percent=90)
    return {"plan": plan, "task": task, "report": report, "public": public_doc,
            "secret_doc": secret_doc, "cleared": make_user("viewer-mat", own, clearance=1)}


def test_uncleared_users_get_404(client_for: Any, world: Any, secret: dict[str, Any]) -> None:
    own = world.units["own"].pk
    urls = [reverse("dashboard-plan", args=[own, secret["plan"].pk]),
            reverse("dashboard-plan-explain", args=[own, secret["plan"].pk]),
            reverse("task-reports", args=[secret["task"].pk]),
            reverse("report-detail", args=[secret["report"].pk]),
            reverse("dashboard-document", args=[own, secret["secret_doc"].pk])]
    viewer = client_for(world.user("viewer"))
    for url in urls:
        assert viewer.get(url).status_code == 404, url
    cleared = client_for(secret["cleared"])
    for url in urls:
        assert cleared.get(url).status_code == 200, url


def test_not_in_lists_or_public_counts(client_for: Any, world: Any,
                                       secret: dict[str, Any]) -> None:
    viewer = client_for(world.user("viewer"))
    index = viewer.get(reverse("dashboard-unit", args=[world.units["own"].pk])).content.decode()
    assert "Kế hoạch mật" not in index and "Nghị quyết mật" not in index
    assert "Kế hoạch thường" in index
    reports = viewer.get(reverse("report-list") + "?tab=all").content.decode()
    assert "Nhiệm vụ mật" not in reports
    response = viewer.get(reverse("dashboard-document", args=[world.units["own"].pk,
                                                              secret["public"].pk]))
    # Only the open plan's task (0 %) counts; with the classified one (90 %) it would be 2 tasks
    # at 45 %. (A bare "90" on the page could be any id or token.)
    figures = response.context["figures"]
    assert (figures.tasks_total, figures.weighted_percent) == (1, 0)
    assert not re.search(r"\b(90|45)[,.]0\s?%", response.content.decode())
    explain = viewer.get(reverse("dashboard-document-explain", args=[
        world.units["own"].pk, secret["public"].pk])).content.decode()
    assert "Nhiệm vụ mật" not in explain and "Kế hoạch mật" not in explain


def test_the_secret_document_counts_its_secret_plan(world: Any, secret: dict[str, Any]) -> None:
    from trienkhai.plans.selectors.dashboard import document_scope, scope_figures

    scope = document_scope(user=secret["cleared"], unit_id=world.units["own"].pk,
                           document_id=secret["secret_doc"].pk, rule=AggregationRule.AVERAGE)
    assert scope_figures(scope).tasks_total == 2
