"""The access matrix for every meetings API endpoint: role × relation × read / write."""
from __future__ import annotations

from typing import Any

import pytest

from tests.matrix import EXPECTED, RELATIONS, ROLES

from .test_access_pages import build_meeting_world

CASES = [(role, relation) for role in ROLES for relation in RELATIONS]
JSON = "application/json"


@pytest.fixture
def mw(world: Any) -> dict[str, dict[str, Any]]:
    return build_meeting_world(world)


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_read_endpoints(client_for: Any, world: Any, mw: Any, role: str, relation: str) -> None:
    client = client_for(world.user(role))
    r = mw[relation]
    expected = 200 if EXPECTED[role][relation][0] else 404
    for url in (f"/api/working-sessions/{r['session'].pk}/",
                f"/api/press-items/{r['press'].pk}/",
                f"/api/article-reviews/{r['review'].pk}/"):
        assert client.get(url).status_code == expected, url
    for url, pk in (("/api/working-sessions/?page_size=100", r["session"].pk),
                    ("/api/press-items/?page_size=100", r["press"].pk)):
        listed = {row["id"] for row in client.get(url).json()["results"]}
        assert (pk in listed) == (expected == 200), url
    reviews = {row["id"] for row in client.get("/api/article-reviews/").json()["results"]}
    assert (r["review"].pk in reviews) == EXPECTED[role][relation][1]


@pytest.mark.parametrize(("role", "relation"), CASES)
def test_write_endpoints(client_for: Any, world: Any, mw: Any, role: str,
                         relation: str) -> None:
    client = client_for(world.user(role))
    can_read, can_write = EXPECTED[role][relation]
    r = mw[relation]
    expected = 403 if can_read else 404
    session = f"/api/working-sessions/{r['session'].pk}/"
    response = client.patch(session, {"title": "Đã sửa"}, content_type=JSON)
    assert response.status_code == (200 if can_write else expected)
    press = f"/api/press-items/{r['press'].pk}/"
    response = client.patch(press, {"outlet": "Báo khác"}, content_type=JSON)
    assert response.status_code == (200 if can_write else expected)
    review = f"/api/article-reviews/{r['review'].pk}/"
    response = client.post(review + "decisions/", {"decisions": {"p1": "reject"},
                                                   "version": r["review"].version},
                           content_type=JSON)
    assert response.status_code == (200 if can_write else expected)
    stale = client.post(review + "apply/", {"version": 999}, content_type=JSON)
    assert stale.status_code == (409 if can_write else expected)
    # An unreadable unit is not a valid choice (400), as if it did not exist.
    created = client.post("/api/working-sessions/", {
        "unit": r["unit"].pk, "title": "Mới", "held_on": "2022-07-13"}, content_type=JSON)
    assert created.status_code == (201 if can_write else 403 if can_read else 400)
    created = client.post("/api/press-items/", {"unit": r["unit"].pk, "title": "Tin mới"},
                          content_type=JSON)
    assert created.status_code == (201 if can_write else 403 if can_read else 400)
    assert client.delete(session).status_code == (204 if can_write else expected)
    assert client.delete(press).status_code == (204 if can_write else expected)


def test_anonymous_gets_401_or_403(client: Any, mw: Any) -> None:
    for url in ("/api/working-sessions/", "/api/press-items/", "/api/article-reviews/"):
        assert client.get(url).status_code in (401, 403)
