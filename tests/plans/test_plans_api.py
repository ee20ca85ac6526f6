"""The plans API at work: the lifecycle, versions and their diff, consultation, tasks and the
cascade; errors in the project's shape ({"detail", "fields"}; 409 on a stale version)."""
from __future__ import annotations

import datetime

import pytest

from trienkhai.core.context import acting_as
from trienkhai.documents.services import document_create
from trienkhai.plans.models import Plan, PlanStatus, Task

pytestmark = pytest.mark.urls("tests.plans.urls_for_tests")
JSON = {"content_type": "application/json"}


@pytest.fixture
def api(world, client):
    client.force_login(world.user("editor"))
    return client


def _post(api, url, data=None):
    return api.post(url, data or {}, **JSON)


def test_plan_lifecycle(world, api):
    with acting_as(None, "test"):
        document = document_create(issuer=world.units["root"], symbol="01-KL/TW",
                                   signed_on=datetime.date(2021, 5, 18), title="Kết luận 01")
    created = _post(api, "/api/plans/", {
        "unit": world.units["own"].pk, "title": "Kế hoạch API", "documents": [document.pk],
        "start_date": "2025-01-01", "end_date": "2030-12-31", "consultation_deadline":
        "2025-06-30"})
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["status"] == "draft" and plan["documents"] == [document.pk]
    pid = plan["id"]
    section = _post(api, "/api/plan-sections/", {"plan": pid, "heading": "I- MỤC TIÊU",
                                                 "body": "Nội dung ban đầu"})
    assert section.status_code == 201 and section.json()["position"] == 1
    task = _post(api, "/api/tasks/", {
        "plan": pid, "owner_unit": world.units["own"].pk, "title": "Mô hình điển hình",
        "kind": "key", "indicator_type": "count", "target_value": "2", "recurrence": "yearly",
        "deadline": "2025-12-31", "coordinating_units": [world.units["descendant"].pk]})
    assert task.status_code == 201, task.content
    assert task.json()["coordinating_units"] == [world.units["descendant"].pk]
    opened = _post(api, f"/api/plans/{pid}/open-consultation/")
    assert opened.json()["status"] == "consultation"
    invite = _post(api, "/api/consultation-invites/", {"plan": pid,
                                                       "name": "Hội đồng Lý luận Thành ủy"})
    assert invite.status_code == 201 and invite.json()["due_on"] == "2025-06-30"
    comment = _post(api, "/api/consultation-comments/", {
        "plan": pid, "section": section.json()["id"], "invite": invite.json()["id"],
        "text": "Góp ý", "received_on": "2025-06-01"})
    assert comment.status_code == 201 and comment.json()["author"] == "Hội đồng Lý luận Thành ủy"
    handled = _post(api, f"/api/consultation-comments/{comment.json()['id']}/handle/",
                    {"handling": "accepted", "version": 1})
    assert handled.json()["handling"] == "accepted"
    adopted = _post(api, f"/api/plans/{pid}/adopt/", {"adopted_on": "2025-07-01"})
    assert (adopted.json()["status"], adopted.json()["adopted_version"]) == ("adopted", 1)
    again = _post(api, f"/api/plans/{pid}/adopt/")
    assert again.status_code == 400 and again.json()["fields"]["non_field_errors"]
    amend = _post(api, f"/api/plans/{pid}/amend/")
    assert amend.json()["amending"] is True
    patched = api.patch(f"/api/plan-sections/{section.json()['id']}/",
                        {"body": "Nội dung đã sửa đổi"}, **JSON)
    assert patched.status_code == 200
    amended = _post(api, f"/api/plans/{pid}/adopt/", {"adopted_on": "2025-09-01",
                                                     "note": "Bổ sung"})
    assert (amended.json()["status"], amended.json()["adopted_version"]) == ("amended", 2)
    versions = api.get(f"/api/plans/{pid}/versions/").json()
    assert [v["number"] for v in versions] == [1, 2] and "content" not in versions[0]
    v1 = api.get(f"/api/plans/{pid}/versions/1/").json()
    assert v1["content"]["sections"][0]["body"] == "Nội dung ban đầu"
    diff = api.get(f"/api/plans/{pid}/diff/", {"from": 1, "to": 2}).json()
    [changed] = diff["sections"]["changed"]
    [body] = changed["fields"]
    assert body["field"] == "body" and ["insert", "sửa đổi"] in body["diff"]
    assert api.get(f"/api/plans/{pid}/diff/", {"from": 1, "to": 7}).status_code == 404
    assert api.get(f"/api/plans/{pid}/diff/", {"from": "x"}).status_code == 400
    closed = _post(api, f"/api/plans/{pid}/close/")
    assert closed.json()["status"] == "closed"
    refused = api.patch(f"/api/plans/{pid}/", {"remind_days_before": 1}, **JSON)
    assert refused.status_code == 400


def test_validation_and_conflict_shapes(world, api):
    created = _post(api, "/api/plans/", {"unit": world.units["own"].pk, "title": "Kế hoạch"})
    pid, version = created.json()["id"], created.json()["version"]
    bad = _post(api, "/api/tasks/", {
        "plan": pid, "owner_unit": world.units["sibling"].pk, "title": "X",
        "indicator_type": "percent", "target_value": "150", "weight": "0"})
    assert bad.status_code == 400
    # The sibling province is out of scope: unknown, like a missing id.
    assert "owner_unit" in bad.json()["fields"]
    bad = _post(api, "/api/tasks/", {
        "plan": pid, "owner_unit": world.units["own"].pk, "title": "X",
        "indicator_type": "percent", "target_value": "150", "weight": "0"})
    assert bad.status_code == 400
    assert {"target_value", "weight", "deadline"} <= set(bad.json()["fields"])
    ok = api.patch(f"/api/plans/{pid}/", {"title": "Một", "version": version}, **JSON)
    assert ok.status_code == 200
    stale = api.patch(f"/api/plans/{pid}/", {"title": "Hai", "version": version}, **JSON)
    assert stale.status_code == 409 and stale.json()["detail"]
    early = _post(api, "/api/consultation-comments/", {"plan": pid, "author": "A", "text": "B"})
    assert early.status_code == 400 and early.json()["fields"]["non_field_errors"]


def test_task_cascade_endpoint(world, api):
    created = _post(api, "/api/plans/", {"unit": world.units["own"].pk, "title": "Kế hoạch"})
    pid = created.json()["id"]
    task = _post(api, "/api/tasks/", {
        "plan": pid, "owner_unit": world.units["own"].pk, "title": "Mô hình",
        "indicator_type": "count", "target_value": "10", "deadline": "2026-12-31"}).json()
    early = _post(api, f"/api/tasks/{task['id']}/cascade/",
                  {"units": [{"unit": world.units["descendant"].pk}]})
    assert early.status_code == 400
    _post(api, f"/api/plans/{pid}/adopt/", {"adopted_on": "2025-03-01"})
    ward, ward2 = world.units["descendant"], world.units["descendant2"]
    body = {"units": [{"unit": ward.pk, "share": "0.6"}, {"unit": ward2.pk, "share": "0.4"}]}
    done = _post(api, f"/api/tasks/{task['id']}/cascade/", body)
    assert done.status_code == 200, done.content
    rows = done.json()
    assert [(r["owner_unit"], r["target_value"], r["share"]) for r in rows] == [
        (ward.pk, "6.00", "0.6000"), (ward2.pk, "4.00", "0.4000")]
    repeated = _post(api, f"/api/tasks/{task['id']}/cascade/", body)
    assert [r["id"] for r in repeated.json()] == [r["id"] for r in rows]
    assert Task.objects.filter(parent_id=task["id"]).count() == 2
    subtasks = api.get(f"/api/tasks/{task['id']}/subtasks/").json()
    assert subtasks["count"] == 2
    listed = api.get("/api/tasks/", {"parent": task["id"]}).json()
    assert listed["count"] == 2
    too_much = _post(api, f"/api/tasks/{task['id']}/cascade/",
                     {"units": [{"unit": ward.pk, "share": "0.9"}]})
    assert too_much.status_code == 400 and "shares" in too_much.json()["fields"]
    # The ward's editor refines its own sub-task; the city's editor may correct it too.
    sub = rows[0]["id"]
    assert api.patch(f"/api/tasks/{sub}/", {"measure": "mô hình"}, **JSON).status_code == 200


def test_plans_of_a_unit(world, api):
    from .factories import make_plan

    make_plan(world.units["root"], status=PlanStatus.ADOPTED, title="Từ trên")
    make_plan(world.units["own"], title="Của mình")
    make_plan(world.units["descendant"], title="Của phường")
    titles = {p["title"] for p in api.get("/api/plans/", {"unit": world.units["own"].pk}
                                          ).json()["results"]}
    assert titles == {"Từ trên", "Của mình"}
    everything = {p["title"] for p in api.get("/api/plans/").json()["results"]}
    assert everything == {"Từ trên", "Của mình", "Của phường"}
    assert api.get("/api/plans/", {"unit": world.units["sibling"].pk}).status_code == 404
    assert api.get("/api/plans/", {"status": "draft"}).json()["count"] == 2
    assert Plan.objects.count() == 3


def test_no_plan_above_the_users_clearance(world, api):
    refused = _post(api, "/api/plans/", {"unit": world.units["own"].pk, "title": "Mật",
                                         "confidentiality": 1})
    assert refused.status_code == 400 and "confidentiality" in refused.json()["fields"]
    created = _post(api, "/api/plans/", {"unit": world.units["own"].pk, "title": "Thường"})
    raised = api.patch(f"/api/plans/{created.json()['id']}/", {"confidentiality": 2}, **JSON)
    assert raised.status_code == 400
