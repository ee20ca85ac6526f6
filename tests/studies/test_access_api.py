"""The access matrix for every study endpoint: role x relation x read/write.

A record the user may not read answers 404 and is never listed; one they read but may not
change answers 403; a body naming a record they may not read is "does not exist" (400).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .records import DOWNWARD, EXPECTED, RELATIONS, ROLES, Records

pytestmark = pytest.mark.urls("tests.studies.urls_for_tests")

Url = Callable[[Records, str], str]


def token_client(user: Any) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _detail(basename: str, records: str, action: str = "detail") -> Url:
    return lambda r, rel: reverse(f"api:{basename}-{action}",
                                  args=[getattr(r, records)[rel].pk])


def _at_unit(action: str, extra: str = "") -> Url:
    return lambda r, rel: reverse(f"api:study-campaign-{action}", args=[r.campaign.pk]) + \
        f"?unit={r.unit(rel).pk}{extra}"


READS: dict[str, tuple[Url, bool]] = {  # url, flows down
    "campaign-detail": (_detail("study-campaign", "campaigns"), True),
    "theme-detail": (_detail("annual-theme", "themes"), True),
    "session-detail": (_detail("study-session", "sessions"), False),
    "registration-detail": (_detail("theme-registration", "registrations"), False),
    "coverage-at-unit": (_at_unit("coverage"), False),
    "not-held-at-unit": (_at_unit("lagging", "&kind=not-held"), False),
    "below-at-unit": (_at_unit("lagging", "&kind=below"), False),
}

LISTS: dict[str, tuple[str, str, bool]] = {  # basename, records, flows down
    "campaigns": ("study-campaign", "campaigns", True),
    "themes": ("annual-theme", "themes", True),
    "sessions": ("study-session", "sessions", False),
    "registrations": ("theme-registration", "registrations", False),
}


@dataclass(frozen=True)
class Write:
    method: str
    url: Url
    body: Callable[[Records, str], dict[str, Any]]
    in_url: bool  # the target is in the URL (unreadable: 404) or in the body (400)
    ok: int


def _list(basename: str) -> Url:
    return lambda r, rel: reverse(f"api:{basename}-list")


WRITES: dict[str, Write] = {
    "campaign-launch": Write(
        "post", _list("study-campaign"),
        lambda r, rel: {"document": r.document.pk, "launched_by": r.unit(rel).pk,
                        "audiences": ["party_members"], "launched_on": "2022-01-10",
                        "deadline": "2022-03-31"},
        False, 201),
    "session-record": Write(
        "post", _list("study-session"),
        lambda r, rel: {"campaign": r.campaign.pk, "unit": r.unit(rel).pk,
                        "held_on": "2022-02-15", "conference_level": "commune",
                        "cadres_attended": 2},
        False, 201),
    "session-patch": Write(
        "patch", _detail("study-session", "sessions"),
        lambda r, rel: {"presenters": "Đồng chí Phan Nguyễn Như Khuê",
                        "version": r.sessions[rel].version},
        True, 200),
    "theme-create": Write(
        "post", _list("annual-theme"),
        lambda r, rel: {"document": r.document.pk, "unit": r.unit(rel).pk, "year": 2023,
                        "title": "Năm 2023"},
        False, 201),
    "registration-create": Write(
        "post", _list("theme-registration"),
        lambda r, rel: {"theme": r.themes["ancestor"].pk, "unit": r.unit(rel).pk,
                        "content": "Xây dựng mô hình dân vận khéo"},
        False, 201),
    "registration-patch": Write(
        "patch", _detail("theme-registration", "registrations"),
        lambda r, rel: {"content": "Nội dung mới"}, True, 200),
}


@pytest.mark.parametrize("endpoint", list(READS))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_reads(study_records, endpoint, role, relation):
    url, downward = READS[endpoint]
    response = token_client(study_records.world.user(role)).get(url(study_records, relation))
    readable = DOWNWARD[role][relation] if downward else EXPECTED[role][relation][0]
    assert response.status_code == (200 if readable else 404), response.content


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("role", ROLES)
def test_lists(study_records, name, role):
    basename, records, downward = LISTS[name]
    client = token_client(study_records.world.user(role))
    ids: set[int] = set()
    url: str | None = reverse(f"api:{basename}-list") + "?page_size=200"
    while url:
        body = client.get(url).json()
        ids.update(row["id"] for row in body["results"])
        url = body["next"]
    for relation in RELATIONS:
        readable = DOWNWARD[role][relation] if downward else EXPECTED[role][relation][0]
        assert (getattr(study_records, records)[relation].pk in ids) == readable, relation


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_writes(study_records, write, role, relation):
    spec = WRITES[write]
    client = token_client(study_records.world.user(role))
    call = getattr(client, spec.method)
    response = call(spec.url(study_records, relation), spec.body(study_records, relation),
                    format="json")
    can_read, can_write = EXPECTED[role][relation]
    expected = spec.ok if can_write else 403 if can_read else (404 if spec.in_url else 400)
    assert response.status_code == expected, response.content


def test_anonymous_gets_401(study_records):
    response = APIClient().get(reverse("api:study-campaign-list"))
    assert response.status_code == 401


def test_writes_are_audited_as_the_token_user(study_records):
    from trienkhai.audit.models import AuditEntry

    editor = study_records.world.user("editor")
    response = token_client(editor).post(
        reverse("api:study-session-list"),
        {"campaign": study_records.campaign.pk, "unit": study_records.unit("own").pk,
         "held_on": "2022-02-20", "conference_level": "provincial", "cadres_attended": 5},
        format="json")
    assert response.status_code == 201
    entry = AuditEntry.objects.get(object_type="studies.studysession",
                                   object_id=str(response.json()["id"]))
    assert entry.actor_id == editor.pk
