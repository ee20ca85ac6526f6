"""Dashboard pages: figures, children, charts, drill-down, "how computed"; bounded queries."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.plans.models import Snapshot
from trienkhai.plans.periods import Period
from trienkhai.plans.services.rollup import overdue_refresh
from trienkhai.plans.services.snapshots import snapshot_period
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_create

from .reports_support import D, approved, make_document, make_plan, make_task, make_user


def _wards(world: Any, count: int) -> list[Unit]:
    with acting_as(None, "test"):
        return [unit_create(parent=world.units["own"], kind=UnitKind.COMMUNE_COMMITTEE,
                            name=f"Đảng ủy phường số {i}", code=f"W{count}-{i}")
                for i in range(count)]


@pytest.fixture
def setup(world: Any) -> dict[str, Any]:
    document = make_document(world.units["root"], "Nghị quyết số 57-NQ/TW")
    plan = make_plan(world.units["own"], documents=(document,), title="Kế hoạch 57")
    ward = world.units["descendant"]
    editor, approver = make_user("e1", ward), make_user("a1", ward, Role.APPROVER)
    task = make_task(plan, ward, title="Xây dựng mô hình điểm", weight=3)
    approved(task, editor, approver, percent=60)
    late = make_task(plan, world.units["descendant2"], title="Nhiệm vụ quá hạn",
                     deadline=D(2025, 3, 31))
    own_task = make_task(plan, world.units["own"], title="Nhiệm vụ của Thành ủy")
    overdue_refresh(today=D(2025, 4, 2))
    return {"document": document, "plan": plan, "task": task, "late": late, "own": own_task}


def test_plan_dashboard_shows_children_charts_and_overdue(client_for: Any, world: Any,
                                                          setup: dict[str, Any]) -> None:
    client = client_for(world.user("viewer"))
    url = reverse("dashboard-plan", args=[world.units["own"].pk, setup["plan"].pk])
    page = client.get(url).content.decode()
    assert "Đảng ủy phường Sài Gòn" in page and "Đảng ủy phường Bến Thành" in page
    assert "<svg" in page and "60,0%" in page  # the ward's bar: Vietnamese decimal comma
    assert "Nhiệm vụ quá hạn" in page  # overdue list
    assert reverse("task-reports", args=[setup["own"].pk]) in page  # the unit's own tasks
    # Drill down: the ward's dashboard, then the task's reports.
    ward_url = reverse("dashboard-plan", args=[world.units["descendant"].pk, setup["plan"].pk])
    assert ward_url in page
    ward_page = client.get(ward_url).content.decode()
    assert reverse("task-reports", args=[setup["task"].pk]) in ward_page
    task_page = client.get(reverse("task-reports", args=[setup["task"].pk])).content.decode()
    assert "2025-Q1" in task_page


def test_document_dashboard_and_rule_choice(client_for: Any, world: Any,
                                            setup: dict[str, Any]) -> None:
    client = client_for(world.user("viewer"))
    url = reverse("dashboard-document", args=[world.units["own"].pk, setup["document"].pk])
    weighted = client.get(url).content.decode()
    assert "36,0%" in weighted  # 3·60 / (3 + 1 + 1)
    average = client.get(url + "?rule=average").content.decode()
    assert "20,0%" in average  # 60 / 3


def test_explain_lists_what_is_counted(client_for: Any, world: Any,
                                       setup: dict[str, Any]) -> None:
    client = client_for(world.user("viewer"))
    page = client.get(reverse("dashboard-plan-explain",
                              args=[world.units["own"].pk, setup["plan"].pk])).content.decode()
    assert "180 ÷ 5 = 36" in page
    for title in ("Xây dựng mô hình điểm", "Nhiệm vụ quá hạn", "Nhiệm vụ của Thành ủy"):
        assert title in page


def test_unit_index(client_for: Any, world: Any, setup: dict[str, Any]) -> None:
    client = client_for(world.user("viewer"))
    page = client.get(reverse("dashboard-unit", args=[world.units["own"].pk])).content.decode()
    assert "Kế hoạch 57" in page and "57-NQ/TW" in page


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["dashboard-plan", "dashboard-document", "dashboard-unit",
                                  "dashboard-plan-explain"])
def test_query_count_does_not_grow_with_children(client_for: Any, world: Any,
                                                 setup: dict[str, Any], name: str) -> None:
    client = client_for(world.user("viewer"))
    own = world.units["own"]
    scope_id = setup["document"].pk if name == "dashboard-document" else setup["plan"].pk
    url = reverse(name, args=[own.pk] if name == "dashboard-unit" else [own.pk, scope_id])
    client.get(url)  # warm the session and the content types
    before = _count(client, url)
    for ward in _wards(world, 40):
        make_task(setup["plan"], ward)
    snapshot_period(period=Period(D(2025, 1, 1), D(2025, 3, 31), "2025-Q1"))
    snapshot_period(period=Period(D(2025, 4, 1), D(2025, 6, 30), "2025-Q2"))
    assert Snapshot.objects.exists()
    after = _count(client, url)
    assert after == before
    assert after <= 14


def test_children_are_paged(client_for: Any, world: Any, setup: dict[str, Any]) -> None:
    for ward in _wards(world, 55):
        make_task(setup["plan"], ward)
    client = client_for(world.user("viewer"))
    url = reverse("dashboard-plan", args=[world.units["own"].pk, setup["plan"].pk])
    first = client.get(url).content.decode()
    assert "?page=2" in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count("<tr>") < first.count("<tr>")


def test_trend_from_snapshots(client_for: Any, world: Any, setup: dict[str, Any]) -> None:
    snapshot_period(period=Period(D(2025, 1, 1), D(2025, 3, 31), "2025-Q1"))
    approved(make_task(setup["plan"], world.units["own"]), world.user("editor"),
             world.user("approver"), percent=100, status="done", period="2025-Q2")
    snapshot_period(period=Period(D(2025, 4, 1), D(2025, 6, 30), "2025-Q2"))
    client = client_for(world.user("viewer"))
    page = client.get(reverse("dashboard-plan", args=[world.units["own"].pk,
                                                      setup["plan"].pk])).content.decode()
    assert "2025-Q1" in page and "2025-Q2" in page
