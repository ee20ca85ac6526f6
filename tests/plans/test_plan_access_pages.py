"""The access matrix for every plan, consultation and task page: role x relation, generated
from one declaration per page. Plans and tasks flow down (plan_records.DOWNWARD); forms that
change a unit's records answer 200 to its writers, 403 to readers, 404 to the others."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from trienkhai.access.policy import Action, restrict
from trienkhai.plans.models import (
    ConsultationComment,
    ConsultationInvite,
    Plan,
    PlanSection,
    PlanVersion,
    Task,
)

from .plan_records import (
    DOWNWARD,
    EXPECTED,
    RELATIONS,
    ROLES,
    PlanRecords,
    plan_records,
    write_status,
)

__all__ = ["plan_records"]
Url = Callable[[PlanRecords, str], str]


def _at(name: str, attr: str, *extra: object) -> Url:
    return lambda r, rel: reverse(name, args=[getattr(r, attr)[rel].pk, *extra])


# Pages that read records flowing down: 200 when DOWNWARD says so, else 404.
READ_PAGES: dict[str, Url] = {
    "plan-detail-draft": _at("plan-detail", "drafts"),
    "plan-detail": _at("plan-detail", "plans"),
    "plan-version": _at("plan-version", "plans", 1),
    "plan-diff": lambda r, rel: reverse("plan-diff", args=[r.plans[rel].pk]) + "?from=1&to=2",
    "consultation-docx": _at("consultation-docx", "drafts"),
    "consultation-xlsx": _at("consultation-xlsx", "drafts"),
    "task-detail": _at("task-detail", "tasks"),
}
# Forms that change the relation's records.
WRITE_PAGES: dict[str, Url] = {
    "plan-edit": _at("plan-edit", "drafts"),
    "plan-open-consultation": _at("plan-open-consultation", "drafts"),
    "plan-adopt": _at("plan-adopt", "drafts"),
    "plan-amend": _at("plan-amend", "plans"),
    "plan-close": _at("plan-close", "plans"),
    "plan-section-add": _at("plan-section-add", "drafts"),
    "plan-section-edit": _at("plan-section-edit", "sections"),
    "plan-section-remove": _at("plan-section-remove", "sections"),
    "consultation-invite": _at("consultation-invite", "drafts"),
    "consultation-comment": _at("consultation-comment", "drafts"),
    "consultation-handle": _at("consultation-handle", "comments"),
    "task-create": _at("task-create", "drafts"),
    "task-edit": _at("task-edit", "tasks"),
    "task-cascade": _at("task-cascade", "tasks"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_policy(plan_records, role, relation):
    user = plan_records.world.user(role)
    expected = (DOWNWARD[role][relation], EXPECTED[role][relation][1])
    r = plan_records
    for model, pk in [(Plan, r.drafts[relation].pk), (PlanSection, r.sections[relation].pk),
                      (ConsultationInvite, r.invites[relation].pk),
                      (ConsultationComment, r.comments[relation].pk),
                      (PlanVersion, r.plans[relation].versions.first().pk),
                      (Task, r.tasks[relation].pk)]:
        one = model._default_manager.filter(pk=pk)
        got = tuple(restrict(one, user, action).exists() for action in Action)
        assert got == expected, model


# One test per role x relation runs every declared page (the records are costly to build);
# a failure names the page.
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_pages(plan_records, client, role, relation):
    client.force_login(plan_records.world.user(role))
    got = {page: client.get(url(plan_records, relation)).status_code
           for page, url in {**READ_PAGES, **WRITE_PAGES}.items()}
    expected = {
        **{page: 200 if DOWNWARD[role][relation] else 404 for page in READ_PAGES},
        **{page: write_status(role, relation) for page in WRITE_PAGES},
    }
    assert got == expected


def test_pages_need_sign_in(plan_records, client):
    urls = [reverse("plan-list"), reverse("plan-create"),
            *(url(plan_records, "own") for url in {**READ_PAGES, **WRITE_PAGES}.values())]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_unit_plan_list(plan_records, client, role, relation):
    """A unit's list: readable only for units the role reads; it shows the unit's own plans and
    the adopted plans from above, nothing else."""
    client.force_login(plan_records.world.user(role))
    unit = plan_records.unit(relation)
    response = client.get(reverse("plan-list"), {"unit": unit.pk})
    if not EXPECTED[role][relation][0]:
        assert response.status_code == 404
        return
    html = response.content.decode()
    for other in RELATIONS:
        other_unit = plan_records.unit(other)
        applies = other_unit.pk == unit.pk or unit.path.startswith(other_unit.path)
        link = reverse("plan-detail", args=[plan_records.plans[other].pk])
        draft_link = reverse("plan-detail", args=[plan_records.drafts[other].pk])
        assert (link in html) == (applies and DOWNWARD[role][other]), other
        # Drafts from above do not apply yet; the unit's own drafts are listed.
        assert (draft_link in html) == (other_unit.pk == unit.pk), other


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_writes_by_post(plan_records, client, role, relation):
    client.force_login(plan_records.world.user(role))
    expected = {200: 302, 403: 403, 404: 404}[write_status(role, relation)]
    section = plan_records.sections[relation]
    response = client.post(reverse("plan-section-edit", args=[section.pk]),
                           {"heading": "Đã sửa", "body": "", "version": section.version})
    assert response.status_code == expected
    assert (PlanSection.objects.get(pk=section.pk).heading == "Đã sửa") == (expected == 302)
    comment = plan_records.comments[relation]
    response = client.post(reverse("consultation-handle", args=[comment.pk]),
                           {"handling": "accepted", "response": "", "version": 1})
    assert response.status_code == expected
    handled = ConsultationComment.objects.get(pk=comment.pk).handling == "accepted"
    assert handled == (expected == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_create_plan_for_a_unit(plan_records, client, role, relation):
    user = plan_records.world.user(role)
    client.force_login(user)
    unit = plan_records.unit(relation)
    response = client.post(reverse("plan-create"), {
        "unit": unit.pk, "kind": "plan", "title": "Kế hoạch mới", "confidentiality": 0,
        "aggregation_rule": "weighted", "remind_days_before": 7, "escalate_after_days": 5})
    can_write = EXPECTED[role][relation][1]
    assert Plan.objects.filter(title="Kế hoạch mới").exists() == can_write
    writes_somewhere = role not in ("viewer", "supervisor")
    assert response.status_code == (302 if can_write else 200 if writes_somewhere else 403)
