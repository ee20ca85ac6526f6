"""Pages read a bounded number of queries, whatever the number of rows."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.core.context import acting_as
from trienkhai.units.models import UnitKind
from trienkhai.units.people_services import person_create, position_create
from trienkhai.units.services import unit_create


def _grow(world, count):
    with acting_as(None, "test"):
        for index in range(count):
            unit = unit_create(parent=world.units["own"], kind=UnitKind.COMMUNE_COMMITTEE,
                               name=f"Đảng ủy xã Thử {index}", code=f"T{count}-{index}")
            person = person_create(full_name=f"Nguyễn Văn Thử {index}", unit=world.units["own"])
            position_create(person=person, unit=world.units["own"], title="Ủy viên",
                            start_date=datetime.date(2020, 1, 1))
            position_create(person=person, unit=unit, title="Bí thư",
                            start_date=datetime.date(2020, 1, 1))


PAGES = {
    "unit-detail": lambda w: reverse("unit-detail", args=[w.units["own"].pk]),
    "person-list": lambda w: reverse("person-list"),
    "audit-list": lambda w: reverse("audit-list"),
    "search": lambda w: reverse("search") + "?q=thu",
    "unit-children": lambda w: reverse("unit-children", args=[w.units["own"].pk]),
    "unit-history": lambda w: reverse("history", args=["unit", w.units["own"].pk]),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries, page):
    client.force_login(world.user("viewer"))
    url = PAGES[page](world)
    _grow(world, 3)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _grow(world, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
