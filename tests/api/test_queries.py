"""List endpoints cost a fixed number of queries, however many rows they return."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core.context import acting_as
from trienkhai.units.models import UnitKind
from trienkhai.units.people_services import oversight_assign, person_create, position_create
from trienkhai.units.services import unit_create

from .conftest import token_client

START = datetime.date(2021, 1, 1)
# token+user, unit (scope), count, page, and one prefetch for people's titles.
MAX_QUERIES = 6


def _add_rows(world, number: int) -> None:
    with acting_as(None, "test"):
        for index in range(number):
            ward = world.units["descendant"]
            unit = unit_create(parent=ward, kind=UnitKind.PARTY_CELL, name=f"Chi bộ {index}",
                               code=f"Q-{number}-{index}")
            person = person_create(full_name=f"Nguyễn Văn {index}", unit=unit)
            position_create(person=person, unit=unit, title="Bí thư", start_date=START)
            position_create(person=person, unit=ward, title="Ủy viên", start_date=START)
            oversight_assign(person=person, unit=unit, assigned_by=ward, start_date=START)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("basename", ["unit", "person", "position", "oversight"])
@pytest.mark.parametrize("role", ["viewer", "supervisor", "superuser"])
def test_list_queries_do_not_grow_with_rows(world, basename, role, django_assert_max_num_queries):
    user = world.users[role] if role == "superuser" else world.user(role)
    client = token_client(user)
    url = reverse(f"api:{basename}-list")
    _add_rows(world, 2)
    few = _count(client, url)
    _add_rows(world, 15)
    with django_assert_max_num_queries(MAX_QUERIES):
        many = client.get(url, {"page_size": 200})
    assert len(many.json()["results"]) >= 15
    assert _count(client, url) == few


def test_history_queries_do_not_grow(world, django_assert_max_num_queries):
    client = token_client(world.user("administrator"))
    url = reverse("api:unit-history", args=[world.units["descendant"].pk])
    for number in range(10):
        client.patch(reverse("api:unit-detail", args=[world.units["descendant"].pk]),
                     {"short_name": f"SG{number}"}, format="json")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert len(response.json()["results"]) >= 10


def test_retrieve_after_write_costs_no_per_field_queries(world, django_assert_max_num_queries):
    client = token_client(world.user("editor"))
    person = world.people["own"]
    # token, unit, read-back person (+ prefetch), lock, update, audit, savepoints: bounded.
    with django_assert_max_num_queries(14):
        response = client.patch(reverse("api:person-detail", args=[person.pk]), {"note": "x"},
                                format="json")
    assert response.status_code == 200
