"""The access matrix for every API endpoint: role x relation x read/write.

Each endpoint is declared once; the tests are generated from the declarations and the expected
table in tests/matrix.py (the policy's own table). A record the user may not read answers 404
(and is never listed); one they may read but not change answers 403; a reference in a body to a
record they may not read is "does not exist" (400), the same as a missing id.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from trienkhai.units.models import UnitKind

from ..matrix import EXPECTED, RELATIONS, ROLES, unit_key
from .conftest import Records, token_client

# Where the target of a write is named: in the URL (missing answers 404) or in the body (400).
IN_URL, IN_BODY = "url", "body"


@dataclass(frozen=True)
class Write:
    method: str
    url: Callable[[Records, str], str]
    body: Callable[[Records, str], dict[str, Any]]
    target: str
    # Statuses meaning "access granted". Move and merge may still be refused by the tree rules
    # (a unit under itself): that 400 comes only after both access checks passed.
    allowed: frozenset[int]


def _detail(basename: str, action: str = "detail") -> Callable[[Records, str], str]:
    def url(r: Records, relation: str) -> str:
        record = r.record(basename, relation)
        return reverse(f"api:{basename}-{action}", args=[record.pk])

    return url


def _list(basename: str) -> Callable[[Records, str], str]:
    return lambda r, relation: reverse(f"api:{basename}-list")


def _unit(r: Records, relation: str) -> int:
    return r.world.units[unit_key(relation)].pk


LISTS = ["unit", "person", "position", "oversight"]

# Read endpoints on one record: 200 when the relation is readable, else 404.
DETAILS: dict[str, Callable[[Records, str], str]] = {
    "unit-detail": _detail("unit"),
    "unit-history": _detail("unit", "history"),
    "person-detail": _detail("person"),
    "position-detail": _detail("position"),
    "oversight-detail": _detail("oversight"),
}

OK, CREATED = frozenset({200}), frozenset({201})
WRITES: dict[str, Write] = {
    "unit-patch": Write("patch", _detail("unit"), lambda r, rel: {"short_name": "Mới"},
                        IN_URL, OK),
    "unit-create": Write(
        "post", _list("unit"),
        lambda r, rel: {"parent": _unit(r, rel), "kind": UnitKind.PARTY_CELL,
                        "name": "Chi bộ mới", "code": f"NEW-{rel}"},
        IN_BODY, CREATED,
    ),
    "unit-move": Write("post", _detail("unit", "move"),
                       lambda r, rel: {"parent": r.world.units["own"].pk}, IN_URL,
                       frozenset({200, 400})),
    "unit-merge": Write("post", _detail("unit", "merge"),
                        lambda r, rel: {"into": r.world.units["own"].pk, "on_date": "2025-07-01"},
                        IN_URL, frozenset({200, 400})),
    "person-patch": Write("patch", _detail("person"), lambda r, rel: {"note": "ghi chú"},
                          IN_URL, OK),
    "person-create": Write("post", _list("person"),
                           lambda r, rel: {"full_name": "Võ Thị Sáu", "unit": _unit(r, rel)},
                           IN_BODY, CREATED),
    "position-create": Write(
        "post", _list("position"),
        lambda r, rel: {"person": r.world.people[rel].pk, "unit": _unit(r, rel),
                        "title": "Phó Bí thư", "start_date": "2024-01-01"},
        IN_BODY, CREATED,
    ),
    "position-end": Write("post", _detail("position", "end"),
                          lambda r, rel: {"end_date": "2024-12-31"}, IN_URL, OK),
    "oversight-create": Write(
        "post", _list("oversight"),
        lambda r, rel: {"person": r.world.people[rel].pk, "unit": _unit(r, rel),
                        "assigned_by": _unit(r, rel), "start_date": "2024-01-01"},
        IN_BODY, CREATED,
    ),
}


def _denied(write: Write, can_read: bool) -> int:
    if can_read:
        return 403
    return 404 if write.target == IN_URL else 400


def _listed_ids(client: Any, url: str) -> set[int]:
    response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    assert response.json()["next"] is None  # everything on one page
    return {row["id"] for row in response.json()["results"]}


def _send(client: Any, write: Write, records: Records, relation: str) -> Any:
    send = getattr(client, write.method)
    return send(write.url(records, relation), write.body(records, relation), format="json")


@pytest.mark.parametrize("endpoint", list(DETAILS))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_read_one(records, endpoint, role, relation):
    client = token_client(records.world.user(role))
    response = client.get(DETAILS[endpoint](records, relation))
    assert response.status_code == (200 if EXPECTED[role][relation][0] else 404)


@pytest.mark.parametrize("basename", LISTS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_listed(records, basename, role, relation):
    client = token_client(records.world.user(role))
    record = records.record(basename, relation)
    listed = _listed_ids(client, reverse(f"api:{basename}-list"))
    assert (record.pk in listed) == EXPECTED[role][relation][0]


@pytest.mark.parametrize("endpoint", list(WRITES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_write(records, endpoint, role, relation):
    write = WRITES[endpoint]
    can_read, can_write = EXPECTED[role][relation]
    response = _send(token_client(records.world.user(role)), write, records, relation)
    if can_write:
        assert response.status_code in write.allowed, response.content
    else:
        assert response.status_code == _denied(write, can_read), response.content


def _every_url(records: Records) -> list[tuple[str, str]]:
    urls = [("get", reverse(f"api:{name}-list")) for name in LISTS]
    urls += [("get", url(records, "own")) for url in DETAILS.values()]
    urls += [(w.method, w.url(records, "own")) for w in WRITES.values()]
    return urls


def test_anonymous_is_refused_everywhere(records):
    client = token_client(None)
    for method, url in _every_url(records):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 401, (method, url)


def test_a_bad_token_is_refused(records):
    client = token_client(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(reverse("api:unit-list")).status_code == 401


def test_user_without_unit_reaches_nothing(records):
    client = token_client(records.world.users["nounit"])
    for basename in LISTS:
        assert _listed_ids(client, reverse(f"api:{basename}-list")) == set()
    for url in DETAILS.values():
        assert client.get(url(records, "own")).status_code == 404
    for write in WRITES.values():
        assert _send(client, write, records, "own").status_code == _denied(write, False)


def test_superuser_reads_every_relation(records):
    client = token_client(records.world.users["superuser"])
    for relation in RELATIONS:
        for url in DETAILS.values():
            assert client.get(url(records, relation)).status_code == 200


def test_session_users_get_the_same_answers(records, client):
    """The browser's session works too, with the same scope."""
    client.force_login(records.world.user("viewer"))
    assert client.get(DETAILS["unit-detail"](records, "own")).status_code == 200
    assert client.get(DETAILS["unit-detail"](records, "sibling")).status_code == 404
    response = client.patch(DETAILS["unit-detail"](records, "own"), {"short_name": "x"},
                            content_type="application/json")
    assert response.status_code == 403
