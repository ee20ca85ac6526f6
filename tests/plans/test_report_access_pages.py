"""The access matrix for every report and dashboard page: role × relation × read / write.

Users of every role sit at the "own" unit (tests/conftest.py). Out of scope is a 404, in scope
but not writable a 403. Tasks flow downward (a unit reads the tasks of the units above it, as it
reads their plans); reports, evidence and dashboards of a unit are read from it and above.
Approving and returning: only the approver of the report's own unit.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.matrix import EXPECTED, RELATIONS, ROLES

from .reports_support import build_report_world

CASES = [(role, relation) for role in ROLES for relation in RELATIONS]


def task_readable(role: str, relation: str) -> bool:
    """Tasks flow downward: readable from below their owner too. The supervisor reads below
    the sibling (the unit in their charge is under it), so the sibling's tasks as well."""
    return (EXPECTED[role][relation][0] or relation == "ancestor"
            or (role == "supervisor" and relation == "sibling"))


@pytest.fixture
def rw(world: Any) -> dict[str, dict[str, Any]]:
    return build_report_world(world)


def _read_pages(r: dict[str, Any]) -> list[str]:
    unit, plan, document = r["unit"].pk, r["plan"].pk, r["document"].pk
    return [
        reverse("report-detail", args=[r["sent"].pk]),
        reverse("evidence-download", args=[r["evidence"].pk]),
        reverse("dashboard-unit", args=[unit]),
        reverse("dashboard-plan", args=[unit, plan]),
        reverse("dashboard-plan-explain", args=[unit, plan]),
        reverse("dashboard-document", args=[unit, document]),
        reverse("dashboard-document-explain", args=[unit, document]),
    ]


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_read_pages(client_for: Any, world: Any, rw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    can_read = EXPECTED[role][relation][0]
    for url in _read_pages(rw[relation]):
        response = client.get(url)
        if response.streaming:  # a download: read to its end, which closes its file
            b"".join(response.streaming_content)
        assert response.status_code == (200 if can_read else 404), url
    # A task flows downward like its plan: the units below read it (not its reports).
    task_url = reverse("task-reports", args=[rw[relation]["task"].pk])
    response = client.get(task_url)
    assert response.status_code == (200 if task_readable(role, relation) else 404)
    if not can_read and response.status_code == 200:
        assert reverse("report-detail", args=[rw[relation]["sent"].pk]) not in \
            response.content.decode()


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_write_pages(client_for: Any, world: Any, rw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    can_read, can_write = EXPECTED[role][relation]
    r = rw[relation]
    expected = 200 if can_write else (403 if can_read else 404)
    for url in (reverse("report-edit", args=[r["draft"].pk]),
                reverse("evidence-add", args=[r["draft"].pk])):
        assert client.get(url).status_code == expected, url
    create = client.get(reverse("report-create", args=[r["task"].pk]))
    assert create.status_code == (200 if can_write else 403 if task_readable(role, relation)
                                  else 404)
    submit = client.post(reverse("report-submit", args=[r["draft"].pk]),
                         {"version": r["draft"].version})
    assert submit.status_code == (302 if can_write else expected)
    r["draft"].refresh_from_db()
    assert (r["draft"].state == "submitted") == can_write


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_approve_and_return(client_for: Any, world: Any, rw: Any, role: str,
                            relation: str) -> None:
    client = client_for(world.user(role))
    can_read = EXPECTED[role][relation][0]
    approver_here = role == "approver" and relation == "own"
    expected = 302 if approver_here else (403 if can_read else 404)
    sent = rw[relation]["sent"]
    assert client.get(reverse("report-return", args=[sent.pk])).status_code == \
        (200 if approver_here else expected)
    response = client.post(reverse("report-approve", args=[sent.pk]), {"version": sent.version})
    assert response.status_code == expected
    sent.refresh_from_db()
    assert (sent.state == "approved") == approver_here


def test_anonymous_is_sent_to_sign_in(client: Any, rw: Any) -> None:
    for url in _read_pages(rw["own"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_lists_show_only_readable_reports(client_for: Any, world: Any, rw: Any) -> None:
    client = client_for(world.user("viewer"))
    content = client.get(reverse("report-list") + "?tab=all").content.decode()
    for relation, expected in (("own", True), ("descendant", True), ("ancestor", False),
                               ("sibling", False), ("supervised", False)):
        url = reverse("report-detail", args=[rw[relation]["sent"].pk])
        assert (url in content) == expected, relation
