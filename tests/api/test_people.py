"""People, positions and oversight assignments through the API."""
from __future__ import annotations

import datetime

from django.urls import reverse

from trienkhai.core.context import acting_as
from trienkhai.core.text import person_sort_key
from trienkhai.units.models import Person
from trienkhai.units.people_services import person_create, position_create

from .conftest import token_client


def person_url(person: Person) -> str:
    return reverse("api:person-detail", args=[person.pk])


def names(client, **params) -> list[str]:
    response = client.get(reverse("api:person-list"), params)
    assert response.status_code == 200
    return [row["full_name"] for row in response.json()["results"]]


def test_people_are_in_vietnamese_order(world):
    extra = ["Đỗ Văn Đức", "Trần Thị Ánh", "Lê Văn Bảo", "Võ Thị An", "Phạm Dũng"]
    with acting_as(None, "test"):
        for name in extra:
            person_create(full_name=name, unit=world.units["descendant"])
    listed = names(token_client(world.user("viewer")))
    assert listed == sorted(listed, key=person_sort_key)
    # By given name: An < Ánh < Bảo < Dũng < Đức (đ after d), then Hiếu, Khuê.
    assert listed[:5] == ["Võ Thị An", "Trần Thị Ánh", "Lê Văn Bảo", "Phạm Dũng", "Đỗ Văn Đức"]


def test_search_and_unit_filter(world):
    client = token_client(world.user("viewer"))
    assert names(client, q="nguyen van hieu") == ["Nguyễn Văn Hiếu"]
    assert names(client, q="KHUE") == ["Phan Nguyễn Như Khuê"]
    assert names(client, q="Trần Văn An") == []  # a sibling's person
    assert names(client, unit=world.units["descendant"].pk) == ["Nguyễn Văn Hiếu"]


def test_current_titles_only_from_positions_in_scope(world):
    person = world.people["own"]
    with acting_as(None, "test"):
        position_create(person=person, unit=world.units["own"], title="Bí thư",
                        start_date=datetime.date(2020, 1, 1))
        position_create(person=person, unit=world.units["own"], title="Phó Bí thư",
                        start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2019, 12, 31))
        position_create(person=person, unit=world.units["sibling"], title="Ủy viên",
                        start_date=datetime.date(2020, 1, 1))
    body = token_client(world.user("viewer")).get(person_url(person)).json()
    assert body["current_titles"] == ["Bí thư"]
    assert body["unit"] == world.units["own"].pk
    assert body["unit_name"] == world.units["own"].name
    everything = token_client(world.users["superuser"]).get(person_url(person)).json()
    assert sorted(everything["current_titles"]) == ["Bí thư", "Ủy viên"]


def test_create_and_patch_person(world):
    client = token_client(world.user("editor"))
    created = client.post(reverse("api:person-list"),
                          {"full_name": "  Võ  Thị Sáu ", "unit": world.units["own"].pk,
                           "birth_year": 1990}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["full_name"] == "Võ Thị Sáu" and body["version"] == 1
    person = Person.objects.get(pk=body["id"])
    patched = client.patch(person_url(person), {"note": "Chuyển công tác", "version": 1},
                           format="json")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = client.patch(person_url(person), {"note": "cũ", "version": 1}, format="json")
    assert stale.status_code == 409
    assert Person.objects.get(pk=person.pk).note == "Chuyển công tác"


def test_moving_a_person_needs_write_access_to_the_new_unit(world):
    client = token_client(world.user("editor"))
    response = client.patch(person_url(world.people["own"]),
                            {"unit": world.units["descendant"].pk}, format="json")
    assert response.status_code == 403
    admin = token_client(world.user("administrator"))
    response = admin.patch(person_url(world.people["own"]),
                           {"unit": world.units["descendant"].pk}, format="json")
    assert response.status_code == 200
    assert response.json()["unit"] == world.units["descendant"].pk


def test_person_field_errors(world):
    client = token_client(world.user("editor"))
    response = client.post(reverse("api:person-list"),
                           {"full_name": "", "unit": 999999, "birth_year": "năm"}, format="json")
    assert response.status_code == 400
    assert {"full_name", "unit", "birth_year"} <= set(response.json()["fields"])


def test_positions_on_a_date(records):
    world = records.world
    client = token_client(world.user("viewer"))
    person = world.people["own"]
    with acting_as(None, "test"):
        old = position_create(person=person, unit=world.units["own"], title="Ủy viên",
                              start_date=datetime.date(2010, 1, 1),
                              end_date=datetime.date(2015, 12, 31))
    url = reverse("api:position-list")
    in_2012 = client.get(url, {"person": person.pk, "on": "2012-06-01"}).json()["results"]
    assert [row["id"] for row in in_2012] == [old.pk]
    today = client.get(url, {"person": person.pk, "on": datetime.date.today().isoformat()})
    assert [row["id"] for row in today.json()["results"]] == [records.positions["own"].pk]
    everything = client.get(url, {"person": person.pk}).json()["results"]
    assert len(everything) == 2
    assert everything[0]["person_name"] == person.full_name
    assert client.get(url, {"on": "yesterday"}).status_code == 400


def test_create_and_end_a_position(world):
    client = token_client(world.user("editor"))
    url = reverse("api:position-list")
    body = {"person": world.people["own"].pk, "unit": world.units["own"].pk,
            "title": "Phó  Bí thư", "start_date": "2024-03-01"}
    created = client.post(url, body, format="json", HTTP_X_REQUEST_ID="req-pos")
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "Phó Bí thư"
    end_url = reverse("api:position-end", args=[created.json()["id"]])
    before_start = client.post(end_url, {"end_date": "2024-02-01"}, format="json")
    assert before_start.status_code == 400
    assert "end_date" in before_start.json()["fields"]
    ended = client.post(end_url, {"end_date": "2024-12-31"}, format="json")
    assert ended.status_code == 200 and ended.json()["end_date"] == "2024-12-31"


def test_position_field_errors(world):
    client = token_client(world.user("editor"))
    url = reverse("api:position-list")
    base = {"person": world.people["own"].pk, "unit": world.units["own"].pk, "title": "Bí thư"}
    bad_date = client.post(url, {**base, "start_date": "2024-02-30"}, format="json")
    assert bad_date.status_code == 400 and "start_date" in bad_date.json()["fields"]
    reversed_dates = client.post(url, {**base, "start_date": "2024-05-01",
                                       "end_date": "2024-04-01"}, format="json")
    assert reversed_dates.status_code == 400 and "end_date" in reversed_dates.json()["fields"]
    missing = client.post(url, {}, format="json")
    assert {"person", "unit", "title", "start_date"} <= set(missing.json()["fields"])


def test_oversight_assignments(records):
    world = records.world
    client = token_client(world.user("administrator"))
    url = reverse("api:oversight-list")
    created = client.post(url, {"person": world.people["own"].pk,
                                "unit": world.units["descendant"].pk,
                                "assigned_by": world.units["own"].pk,
                                "start_date": "2025-01-01", "note": "phụ trách"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["assigned_by_name"] == world.units["own"].name
    by_unit = client.get(url, {"unit": world.units["descendant"].pk}).json()["results"]
    assert {row["id"] for row in by_unit} == {created.json()["id"],
                                              records.assignments["descendant"].pk}
    by_person = client.get(url, {"person": world.people["own"].pk}).json()["results"]
    assert {row["id"] for row in by_person} == {created.json()["id"],
                                                records.assignments["own"].pk}
    reversed_dates = client.post(url, {"person": world.people["own"].pk,
                                       "unit": world.units["descendant"].pk,
                                       "assigned_by": world.units["own"].pk,
                                       "start_date": "2025-01-01", "end_date": "2024-01-01"},
                                 format="json")
    assert reversed_dates.status_code == 400 and "end_date" in reversed_dates.json()["fields"]
