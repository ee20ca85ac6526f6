"""A plan with confidentiality 1 (mật), and everything in it, is invisible to users cleared
below that level, whatever their role: lists, pages, exports, the API and the audit trail."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.access.policy import Action, restrict
from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.plans.models import PlanStatus
from trienkhai.plans.services.consultation import comment_add
from trienkhai.plans.services.plans import plan_adopt

from ..conftest import make_user
from ..matrix import ROLES
from .factories import make_plan, make_subtasks, make_task

D = datetime.date
pytestmark = pytest.mark.urls("tests.plans.urls_for_tests")


@pytest.fixture
def secret(world):
    own = world.units["own"]
    draft = make_plan(own, status=PlanStatus.CONSULTATION, sections=1, confidentiality=1,
                      title="Kế hoạch mật kehoachmat")
    with acting_as(None, "test"):
        comment = comment_add(plan=draft, author="Hội đồng", text="Góp ý mật",
                              section=draft.sections.get())
    plan = make_plan(own, confidentiality=1, title="Chương trình mật kehoachmat")
    task = make_task(plan, own, title="Nhiệm vụ mật")
    with acting_as(None, "test"):
        plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
    [sub] = make_subtasks(task, [world.units["descendant"]])
    return {"draft": draft, "plan": plan, "task": task, "sub": sub, "comment": comment,
            "section": draft.sections.get()}


def _urls(s):
    return [
        reverse("plan-detail", args=[s["draft"].pk]),
        reverse("plan-detail", args=[s["plan"].pk]),
        reverse("plan-version", args=[s["plan"].pk, 1]),
        reverse("consultation-docx", args=[s["draft"].pk]),
        reverse("consultation-xlsx", args=[s["draft"].pk]),
        reverse("plan-edit", args=[s["draft"].pk]),
        reverse("consultation-handle", args=[s["comment"].pk]),
        reverse("plan-section-edit", args=[s["section"].pk]),
        reverse("task-detail", args=[s["task"].pk]),
        reverse("task-detail", args=[s["sub"].pk]),
        reverse("task-cascade", args=[s["task"].pk]),
        f"/api/plans/{s['plan'].pk}/",
        f"/api/plans/{s['plan'].pk}/versions/",
        f"/api/tasks/{s['task'].pk}/",
        f"/api/consultation-comments/{s['comment'].pk}/",
        f"/api/plan-sections/{s['section'].pk}/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_invisible_below_the_clearance(world, client, secret, role):
    user = world.user(role)  # at the plan's own unit, clearance 0
    client.force_login(user)
    for url in _urls(secret):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("plan-list")).content.decode()
    assert "kehoachmat" not in listing
    for url in ("/api/plans/", "/api/tasks/", "/api/consultation-comments/",
                "/api/plan-sections/"):
        body = client.get(url).json()
        assert "kehoachmat" not in str(body) and "mật" not in str(body), url
    at_unit = client.get("/api/plans/", {"unit": world.units["own"].pk}).json()
    assert at_unit["count"] == 0
    history = restrict(AuditEntry.objects.filter(object_type__startswith="plans."), user,
                       Action.READ)
    assert not history.exists()


def test_visible_with_clearance(world, client, secret):
    cleared = make_user("cleared-editor", world.units["own"], "editor", clearance=1)
    client.force_login(cleared)
    for url in _urls(secret):
        assert client.get(url).status_code == 200, url
    assert "kehoachmat" in client.get(reverse("plan-list")).content.decode()
    ward_user = make_user("ward-cleared", world.units["descendant"], "viewer", clearance=1)
    client.force_login(ward_user)
    assert client.get(reverse("task-detail", args=[secret["sub"].pk])).status_code == 200


def test_form_offers_no_level_above_the_users_clearance(world, client):
    client.force_login(world.user("editor"))
    form = client.get(reverse("plan-create")).context["form"]
    assert [value for value, _ in form.fields["confidentiality"].choices] == [0]


def test_editing_documents_keeps_those_the_user_cannot_see(world, client):
    from trienkhai.documents.services import document_create
    from trienkhai.plans.services.plans import plan_update

    with acting_as(None, "test"):
        secret_doc = document_create(issuer=world.units["root"], signed_on=D(2021, 1, 1),
                                     title="Văn bản mật", confidentiality=1,
                                     doc_type="KH")
        open_doc = document_create(issuer=world.units["root"], signed_on=D(2021, 1, 2),
                                   title="Văn bản thường", doc_type="KH")
        plan = make_plan(world.units["own"])
        plan = plan_update(plan=plan, documents=[secret_doc])
    client.force_login(world.user("editor"))
    response = client.post(reverse("plan-edit", args=[plan.pk]), {
        "kind": "plan", "title": plan.title, "documents": [open_doc.pk], "confidentiality": 0,
        "aggregation_rule": "weighted", "remind_days_before": 7, "escalate_after_days": 5,
        "version": plan.version})
    assert response.status_code == 302
    assert set(plan.documents.all()) == {secret_doc, open_doc}
    assert "Văn bản mật" not in client.get(reverse("plan-detail", args=[plan.pk])
                                            ).content.decode()
    api = client.patch(f"/api/plans/{plan.pk}/", {"documents": []},
                       content_type="application/json")
    assert api.status_code == 200 and api.json()["documents"] == []
    assert set(plan.documents.all()) == {secret_doc}
