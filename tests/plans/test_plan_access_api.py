"""The access matrix of the plans API: every endpoint, role x relation, from declarations.

Out of scope answers 404 like missing; readable but not writable 403; a body referring to a
record out of scope gets 400 ("does not exist"), like a missing id.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest

from trienkhai.plans.models import PlanSection

from .plan_records import (
    CHILD,
    DOWNWARD,
    EXPECTED,
    RELATIONS,
    ROLES,
    PlanRecords,
    plan_records,
)

__all__ = ["plan_records"]
API = pytest.mark.urls("tests.plans.urls_for_tests")
pytestmark = API
Url = Callable[[PlanRecords, str], str]

READ_ENDPOINTS: dict[str, Url] = {
    "plan": lambda r, rel: f"/api/plans/{r.plans[rel].pk}/",
    "versions": lambda r, rel: f"/api/plans/{r.plans[rel].pk}/versions/",
    "version": lambda r, rel: f"/api/plans/{r.plans[rel].pk}/versions/1/",
    "diff": lambda r, rel: f"/api/plans/{r.plans[rel].pk}/diff/?from=1&to=2",
    "section": lambda r, rel: f"/api/plan-sections/{r.sections[rel].pk}/",
    "invite": lambda r, rel: f"/api/consultation-invites/{r.invites[rel].pk}/",
    "comment": lambda r, rel: f"/api/consultation-comments/{r.comments[rel].pk}/",
    "task": lambda r, rel: f"/api/tasks/{r.tasks[rel].pk}/",
    "subtasks": lambda r, rel: f"/api/tasks/{r.tasks[rel].pk}/subtasks/",
}
LISTS: dict[str, tuple[str, Callable[[PlanRecords, str], int]]] = {
    "plans": ("/api/plans/?page_size=200", lambda r, rel: r.plans[rel].pk),
    "sections": ("/api/plan-sections/?page_size=200", lambda r, rel: r.sections[rel].pk),
    "invites": ("/api/consultation-invites/?page_size=200", lambda r, rel: r.invites[rel].pk),
    "comments": ("/api/consultation-comments/?page_size=200",
                 lambda r, rel: r.comments[rel].pk),
    "tasks": ("/api/tasks/?page_size=200", lambda r, rel: r.tasks[rel].pk),
}


def status_for(role: str, relation: str, ok: int) -> int:
    if EXPECTED[role][relation][1]:
        return ok
    return 403 if DOWNWARD[role][relation] else 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_reads(plan_records, client, role, relation):
    client.force_login(plan_records.world.user(role))
    readable = DOWNWARD[role][relation]
    got = {name: client.get(url(plan_records, relation)).status_code
           for name, url in READ_ENDPOINTS.items()}
    assert got == {name: 200 if readable else 404 for name in READ_ENDPOINTS}
    for name, (url, pk) in LISTS.items():
        ids = {row["id"] for row in client.get(url).json()["results"]}
        assert (pk(plan_records, relation) in ids) == readable, name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_writes(plan_records, client, role, relation):
    r = plan_records
    client.force_login(r.world.user(role))
    readable, writable = DOWNWARD[role][relation], EXPECTED[role][relation][1]
    json = {"content_type": "application/json"}
    draft, plan, task = r.drafts[relation], r.plans[relation], r.tasks[relation]
    got = {
        "patch-plan": client.patch(f"/api/plans/{draft.pk}/", {"title": "Mới"}, **json),
        "amend": client.post(f"/api/plans/{plan.pk}/amend/", {}, **json),
        "patch-section": client.patch(f"/api/plan-sections/{r.sections[relation].pk}/",
                                      {"heading": "Mới"}, **json),
        "handle": client.post(f"/api/consultation-comments/{r.comments[relation].pk}/handle/",
                              {"handling": "accepted"}, **json),
        "cascade": client.post(f"/api/tasks/{task.pk}/cascade/",
                               {"units": [{"unit": r.unit(CHILD[relation]).pk}]}, **json),
        "patch-task": client.patch(f"/api/tasks/{task.pk}/", {"measure": "mô hình"}, **json),
    }
    statuses = {name: response.status_code for name, response in got.items()}
    expected = {name: status_for(role, relation, 200) for name in got}
    # The task is in the amended plan: while it is being amended (just above) it changes.
    assert statuses == expected, {k: got[k].content[:200] for k in got
                                  if statuses[k] != expected[k]}
    created = {
        "section": client.post("/api/plan-sections/", {"plan": draft.pk, "heading": "Phần mới"},
                               **json),
        "invite": client.post("/api/consultation-invites/", {"plan": draft.pk,
                                                             "name": "Hội đồng mới"}, **json),
        "comment": client.post("/api/consultation-comments/", {
            "plan": draft.pk, "author": "Hội đồng", "text": "Ý kiến"}, **json),
        "plan": client.post("/api/plans/", {"unit": r.unit(relation).pk, "title": "Mới"},
                            **json),
        "task": client.post("/api/tasks/", {"plan": draft.pk, "owner_unit": r.unit(relation).pk,
                                            "title": "Mới", "deadline": "2026-01-01"}, **json),
    }
    # Writers create (201); readers are refused (403); an unreadable plan or unit is unknown.
    unknown_unit = 201 if writable else 403 if EXPECTED[role][relation][0] else 400
    want = {name: 201 if writable else 403 if readable else 400 for name in created}
    want["plan"] = want["task"] = unknown_unit
    assert {k: v.status_code for k, v in created.items()} == want
    assert PlanSection.objects.filter(heading="Phần mới").exists() == writable


def test_api_needs_authentication(plan_records, client):
    for url in ("/api/plans/", f"/api/plans/{plan_records.plans['own'].pk}/", "/api/tasks/"):
        assert client.get(url).status_code in (401, 403)
