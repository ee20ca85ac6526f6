"""The access matrix for every study page: role x relation, generated from declarations.

Campaigns and themes flow down (records.DOWNWARD); sessions, coverage and registrations belong
to their unit (tests/matrix.py EXPECTED). Unreadable answers 404, readable but not writable
403; lists show exactly the readable records.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from trienkhai.studies.models import StudyCampaign

from .records import DOWNWARD, EXPECTED, RELATIONS, ROLES, Records

Url = Callable[[Records, str], str]


def _campaign_at(name: str) -> Url:
    return lambda r, rel: reverse(name, args=[r.campaign.pk]) + f"?unit={r.unit(rel).pk}"


# Pages about a unit's records or figures: 200 when the relation's unit is readable.
READ_PAGES: dict[str, Url] = {
    "campaign-at-unit": _campaign_at("studies:campaign-detail"),
    "not-held-at-unit": _campaign_at("studies:campaign-not-held"),
    "below-at-unit": _campaign_at("studies:campaign-below"),
    "session-detail": lambda r, rel: reverse("studies:session-detail",
                                             args=[r.sessions[rel].pk]),
}
# Pages of records that flow down: 200 when DOWNWARD says so.
DOWNWARD_PAGES: dict[str, Url] = {
    "campaign-detail": lambda r, rel: reverse("studies:campaign-detail",
                                              args=[r.campaigns[rel].pk]),
    "theme-detail": lambda r, rel: reverse("studies:theme-detail", args=[r.themes[rel].pk]),
}
# Forms that write a unit's records: 200 when writable, 403 when only readable, else 404.
WRITE_PAGES: dict[str, Url] = {
    "session-create": _campaign_at("studies:session-create"),
    "session-edit": lambda r, rel: reverse("studies:session-edit", args=[r.sessions[rel].pk]),
    "theme-register": lambda r, rel: reverse("studies:theme-register", args=[r.theme.pk])
    + f"?unit={r.unit(rel).pk}",
}
ALL_PAGES = {**READ_PAGES, **DOWNWARD_PAGES, **WRITE_PAGES}


def _write_status(role: str, relation: str) -> int:
    can_read, can_write = EXPECTED[role][relation]
    return 200 if can_write else 403 if can_read else 404


@pytest.mark.parametrize("page", list(READ_PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_read_pages(study_records, client, page, role, relation):
    client.force_login(study_records.world.user(role))
    response = client.get(READ_PAGES[page](study_records, relation))
    assert response.status_code == (200 if EXPECTED[role][relation][0] else 404)


@pytest.mark.parametrize("page", list(DOWNWARD_PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_downward_pages(study_records, client, page, role, relation):
    client.force_login(study_records.world.user(role))
    response = client.get(DOWNWARD_PAGES[page](study_records, relation))
    assert response.status_code == (200 if DOWNWARD[role][relation] else 404)


@pytest.mark.parametrize("page", list(WRITE_PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_write_pages(study_records, client, page, role, relation):
    client.force_login(study_records.world.user(role))
    response = client.get(WRITE_PAGES[page](study_records, relation))
    assert response.status_code == _write_status(role, relation)


@pytest.mark.parametrize("page", list(ALL_PAGES))
def test_pages_need_sign_in(study_records, client, page):
    response = client.get(ALL_PAGES[page](study_records, "own"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_lists_show_only_readable_records(study_records, client, role, relation):
    client.force_login(study_records.world.user(role))
    campaigns = client.get(reverse("studies:campaign-list")).content.decode()
    themes = client.get(reverse("studies:theme-list")).content.decode()
    registrations = client.get(
        reverse("studies:theme-detail", args=[study_records.theme.pk])).content.decode()
    link = reverse("studies:campaign-detail", args=[study_records.campaigns[relation].pk])
    assert (f'href="{link}"' in campaigns) == DOWNWARD[role][relation]
    theme_link = reverse("studies:theme-detail", args=[study_records.themes[relation].pk])
    assert (f'href="{theme_link}"' in themes) == DOWNWARD[role][relation]
    assert (f"Đăng ký {relation}" in registrations) == EXPECTED[role][relation][0]


@pytest.mark.parametrize("role", ROLES)
def test_campaign_page_drills_down_but_never_links_up_out_of_scope(study_records, client, role):
    """Opened at the user's unit: its children are rows to drill into; the root, which the
    user may not read, is named in the breadcrumb but not linked."""
    client.force_login(study_records.world.user(role))
    w = study_records.world
    page = client.get(reverse("studies:campaign-detail", args=[study_records.campaign.pk]))
    html = page.content.decode()
    assert page.context["unit"] == w.units["own"]
    for child in ("descendant", "descendant2"):
        assert f'href="?unit={w.units[child].pk}"' in html
    assert f'href="?unit={w.units["root"].pk}"' not in html
    assert f'href="?unit={w.units["sibling"].pk}"' not in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_launch_form_launches_only_for_writable_units(study_records, client, role, relation):
    client.force_login(study_records.world.user(role))
    before = StudyCampaign.objects.count()
    response = client.post(reverse("studies:campaign-launch"), {
        "document": study_records.document.pk, "launched_by": study_records.unit(relation).pk,
        "audiences": ["party_members"], "deadline": "2022-03-31", "launched_on": "2022-01-10",
        "threshold": "95",
    })
    can_write = EXPECTED[role][relation][1]
    assert response.status_code == (302 if can_write else 200)
    assert StudyCampaign.objects.count() == before + (1 if can_write else 0)


def test_user_without_a_unit_sees_nothing(study_records, client):
    client.force_login(study_records.world.users["nounit"])
    assert client.get(reverse("studies:campaign-list")).status_code == 200
    url = reverse("studies:campaign-detail", args=[study_records.campaign.pk])
    assert client.get(url).status_code == 404


def test_superuser_opens_a_campaign_at_the_launching_unit(study_records, client):
    client.force_login(study_records.world.users["superuser"])
    response = client.get(reverse("studies:campaign-detail", args=[study_records.campaign.pk]))
    assert response.status_code == 200
    assert response.context["unit"] == study_records.world.units["root"]
