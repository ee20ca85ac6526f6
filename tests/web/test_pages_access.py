"""The access matrix for every page: role x relation, read (page 200 vs 404, rows listed or not)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from ..matrix import EXPECTED, RELATIONS, ROLES, unit_key

# One declaration per detail page: how to build its URL for the record of a relation.
DETAIL_PAGES = {
    "unit-detail": lambda w, rel: reverse("unit-detail", args=[w.units[unit_key(rel)].pk]),
    "unit-children": lambda w, rel: reverse("unit-children", args=[w.units[unit_key(rel)].pk]),
    "unit-history": lambda w, rel: reverse("history", args=["unit", w.units[unit_key(rel)].pk]),
    "person-detail": lambda w, rel: reverse("person-detail", args=[w.people[rel].pk]),
    "person-history": lambda w, rel: reverse("history", args=["person", w.people[rel].pk]),
}


@pytest.mark.parametrize("page", list(DETAIL_PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_detail_pages(world, client, page, role, relation):
    client.force_login(world.user(role))
    response = client.get(DETAIL_PAGES[page](world, relation))
    can_read = EXPECTED[role][relation][0]
    assert response.status_code == (200 if can_read else 404)


@pytest.mark.parametrize("page", list(DETAIL_PAGES))
def test_detail_pages_need_sign_in(world, client, page):
    response = client.get(DETAIL_PAGES[page](world, "own"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_people_list_and_search_show_only_readable_people(world, client, role, relation):
    client.force_login(world.user(role))
    person = world.people[relation]
    can_read = EXPECTED[role][relation][0]
    listing = client.get(reverse("person-list")).content.decode()
    found = client.get(reverse("search"), {"q": person.full_name}).content.decode()
    assert (person.full_name in listing) == can_read
    # The query is echoed back, so look for the link to the record, not its name.
    assert (reverse("person-detail", args=[person.pk]) in found) == can_read


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_unit_search_shows_only_readable_units(world, client, role, relation):
    client.force_login(world.user(role))
    unit = world.units[unit_key(relation)]
    found = client.get(reverse("search"), {"q": unit.name}, HTTP_HX_REQUEST="true")
    link = reverse("unit-detail", args=[unit.pk])
    assert (link in found.content.decode()) == EXPECTED[role][relation][0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS)
def test_audit_list_shows_only_readable_units_entries(world, client, role, relation):
    client.force_login(world.user(role))
    person = world.people[relation]
    listing = client.get(reverse("audit-list"), {"action": "create"})
    pages = [listing.content.decode()]
    page_count = listing.context["page"].paginator.num_pages
    for number in range(2, page_count + 1):
        pages.append(
            client.get(reverse("audit-list"), {"action": "create", "page": number}).content.decode()
        )
    assert any(person.full_name in page for page in pages) == EXPECTED[role][relation][0]
