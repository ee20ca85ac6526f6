"""The access matrix for every meetings page: role × relation × read / write.

The new session page answers 403 to a user who writes no unit, and takes a host unit only among
those the user writes (others are an error on the field). The attendee and conclusion pages
follow their session.

Users of every role sit at the "own" unit (tests/conftest.py). A session, press item and
review belong to their unit: the units above read them, siblings and units below do not. Out
of scope is a 404, in scope but not writable a 403.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.matrix import EXPECTED, RELATIONS, ROLES, unit_key
from trienkhai.audit.models import AuditEntry
from trienkhai.meetings.models import Attendee, Conclusion, WorkingSession
from trienkhai.plans.models import Task

from .support import make_review, make_session

CASES = [(role, relation) for role in ROLES for relation in RELATIONS]


def build_meeting_world(world: Any) -> dict[str, dict[str, Any]]:
    out = {}
    for relation in RELATIONS:
        unit = world.units[unit_key(relation)]
        session = make_session(unit, title=f"Buổi làm việc ({relation})")
        out[relation] = {
            "unit": unit, "session": session, "press": session.press_item,
            "review": make_review(world, world.user("superuser"), unit),
        }
    return out


@pytest.fixture
def mw(world: Any) -> dict[str, dict[str, Any]]:
    return build_meeting_world(world)


def _read_pages(r: dict[str, Any]) -> list[str]:
    return [reverse("meetings:session-detail", args=[r["session"].pk]),
            reverse("meetings:press-detail", args=[r["press"].pk]),
            reverse("meetings:review-detail", args=[r["review"].pk])]


def _write_pages(r: dict[str, Any]) -> list[str]:
    return [reverse("meetings:session-edit", args=[r["session"].pk]),
            reverse("meetings:session-delete", args=[r["session"].pk]),
            reverse("meetings:press-edit", args=[r["press"].pk]),
            reverse("meetings:press-delete", args=[r["press"].pk]),
            reverse("meetings:review-apply", args=[r["review"].pk])]


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_read_pages(client_for: Any, world: Any, mw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    can_read = EXPECTED[role][relation][0]
    for url in _read_pages(mw[relation]):
        assert client.get(url).status_code == (200 if can_read else 404), url
    for name in ("meetings:session-list", "meetings:press-list"):
        content = client.get(reverse(name)).content.decode()
        assert (_read_pages(mw[relation])[0 if "session" in name else 1] in content) == can_read
        narrowed = client.get(reverse(name), {"unit": mw[relation]["unit"].pk})
        assert narrowed.status_code == (200 if can_read else 404)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_write_pages(client_for: Any, world: Any, mw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    can_read, can_write = EXPECTED[role][relation]
    r = mw[relation]
    expected = 200 if can_write else (403 if can_read else 404)
    for url in _write_pages(r):
        assert client.get(url).status_code == expected, url
    review = r["review"]
    saved = client.post(reverse("meetings:review-detail", args=[review.pk]),
                        {"version": review.version, "p1-action": "reject", "do": "save"})
    assert saved.status_code == (302 if can_write else expected)
    review.refresh_from_db()
    assert ("p1" in review.decisions) == can_write
    edited = client.post(reverse("meetings:session-edit", args=[r["session"].pk]), {
        "title": "Đã sửa", "held_on": "13/07/2022", "confidentiality": 0,
        "version": r["session"].version})
    assert edited.status_code == (302 if can_write else expected)
    deleted = client.post(reverse("meetings:press-delete", args=[r["press"].pk]))
    assert deleted.status_code == (302 if can_write else expected)
    r["session"].refresh_from_db()
    assert (r["session"].title == "Đã sửa") == can_write
    assert (r["session"].press_item_id is None) == can_write


def _record_pages(r: dict[str, Any]) -> list[str]:
    session = r["session"]
    attendee, conclusion = session.attendees.get(), session.conclusions.get()
    return [reverse("meetings:attendee-add", args=[session.pk]),
            reverse("meetings:attendee-edit", args=[session.pk, attendee.pk]),
            reverse("meetings:attendee-remove", args=[session.pk, attendee.pk]),
            reverse("meetings:conclusion-add", args=[session.pk]),
            reverse("meetings:conclusion-edit", args=[session.pk, conclusion.pk]),
            reverse("meetings:conclusion-remove", args=[session.pk, conclusion.pk]),
            reverse("meetings:conclusion-task", args=[session.pk, conclusion.pk])]


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_attendee_and_conclusion_pages(client_for: Any, world: Any, mw: Any, role: str,
                                       relation: str) -> None:
    user = world.user(role)
    client = client_for(user)
    can_read, can_write = EXPECTED[role][relation]
    r = mw[relation]
    session = r["session"]
    expected = 200 if can_write else (403 if can_read else 404)
    pages = _record_pages(r)
    for url in pages:
        assert client.get(url).status_code == expected, url
    detail = client.get(reverse("meetings:session-detail", args=[session.pk]))
    if can_read:
        content = detail.content.decode()
        assert all((url in content) == can_write for url in pages)
    written = 302 if can_write else expected
    before = AuditEntry.objects.filter(actor=user).count()
    add_attendee, edit_attendee, remove_attendee, add_conclusion, edit_conclusion, \
        remove_conclusion, make_task = pages
    assert client.post(add_attendee, {"name": "Khách", "title": "Khách mời"}
                       ).status_code == written
    assert client.post(edit_attendee, {"name": "Đã đổi"}).status_code == written
    assert client.post(add_conclusion, {"text": "Kết luận thêm"}).status_code == written
    assert client.post(edit_conclusion, {"text": "Tiếp tục rà soát vướng mắc",
                                         "deadline": "30/11/2022"}).status_code == written
    assert client.post(make_task, {"plan": ""}).status_code == written
    assert Attendee.objects.filter(session=session, name="Khách").exists() == can_write
    assert Attendee.objects.filter(session=session, name="Đã đổi").exists() == can_write
    assert Conclusion.objects.filter(session=session, text="Kết luận thêm").exists() \
        == can_write
    assert Task.objects.filter(session_conclusions__session=session).exists() == can_write
    assert client.post(remove_attendee).status_code == written
    assert client.post(remove_conclusion).status_code == written
    assert session.attendees.count() == 1 and session.conclusions.count() == 1
    # Each write is audited under the user's name: 2 attendees, 2 conclusions, a plan, its
    # task and the conclusion's link, and the two removals.
    assert AuditEntry.objects.filter(actor=user).count() - before == (9 if can_write else 0)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_new_session_page(client_for: Any, world: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    writes_somewhere = any(EXPECTED[role][rel][1] for rel in RELATIONS)
    can_write = EXPECTED[role][relation][1]
    url = reverse("meetings:session-create")
    assert client.get(url).status_code == (200 if writes_somewhere else 403)
    unit = world.units[unit_key(relation)]
    response = client.post(url, {"unit": unit.pk, "title": "Buổi mới", "held_on": "01/02/2026",
                                 "confidentiality": 0})
    if can_write:
        assert response.status_code == 302
    elif writes_somewhere:
        assert response.status_code == 200 and "unit" in response.context["form"].errors
    else:
        assert response.status_code == 403
    assert WorkingSession.objects.filter(title="Buổi mới", unit=unit).exists() == can_write


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_open_reviews_list(client_for: Any, world: Any, mw: Any, role: str,
                           relation: str) -> None:
    client = client_for(world.user(role))
    content = client.get(reverse("meetings:review-list")).content.decode()
    url = reverse("meetings:review-detail", args=[mw[relation]["review"].pk])
    assert (url in content) == EXPECTED[role][relation][1]


def test_reading_an_article_needs_a_unit_to_write(client_for: Any, world: Any) -> None:
    client = client_for(world.user("viewer"))
    response = client.post(reverse("meetings:article-read"), {
        "unit": world.units["own"].pk, "text": "Bài viết thử nghiệm đủ dài."})
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_anonymous_is_sent_to_sign_in(client: Any, mw: Any) -> None:
    for url in [*_read_pages(mw["own"]), *_record_pages(mw["own"]),
                reverse("meetings:session-list"), reverse("meetings:session-create"),
                reverse("meetings:article-read"), reverse("meetings:review-list")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_classified_session_is_neither_listed_nor_counted(client_for: Any,
                                                            world: Any) -> None:
    secret = make_session(world.units["own"], title="Buổi làm việc mật", confidentiality=1)
    plain = make_session(world.units["own"], title="Buổi làm việc thường")
    viewer = world.user("viewer")
    client = client_for(viewer)
    page = client.get(reverse("meetings:session-list")).content.decode()
    assert "Buổi làm việc thường" in page and "Buổi làm việc mật" not in page
    assert client.get(reverse("meetings:session-detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("meetings:press-detail",
                              args=[secret.press_item_id])).status_code == 404
    listed = client.get("/api/working-sessions/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == plain.pk
    viewer.clearance = 1
    viewer.save()
    assert client_for(viewer).get(reverse("meetings:session-detail",
                                          args=[secret.pk])).status_code == 200
    assert WorkingSession.objects.count() == 2
