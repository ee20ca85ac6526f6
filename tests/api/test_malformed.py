"""Malformed ids and parameters are 400 (or 404 in the URL), never a server error."""
from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import token_client

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("url", [
    "/api/people/?unit=1.5", "/api/people/?unit=0", f"/api/people/?unit={HUGE}",
    "/api/units/?parent=1e40", "/api/units/?kind=nope", "/api/positions/?person=-1",
    "/api/positions/?on=2024-02-30", "/api/oversight-assignments/?unit=x",
])
def test_bad_query_parameters_are_400(world, url):
    response = token_client(world.user("viewer")).get(url)
    assert response.status_code == 400
    assert response.json()["fields"]


@pytest.mark.parametrize("pk", [HUGE, "abc", "-1", "0"])
def test_bad_ids_in_the_url_are_404(world, pk):
    response = token_client(world.user("viewer")).get(f"/api/units/{pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("parent", [int(HUGE), "abc", -1, 1.5, [1], {"id": 1}])
def test_bad_ids_in_the_body_are_400(world, parent):
    response = token_client(world.user("administrator")).post(
        reverse("api:unit-move", args=[world.units["cell"].pk]), {"parent": parent},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()["fields"]


def test_a_body_that_is_not_an_object(world):
    client = token_client(world.user("administrator"))
    response = client.post(reverse("api:person-list"), [1, 2], format="json")
    assert response.status_code == 400
    not_json = client.post(reverse("api:person-list"), "{", content_type="application/json")
    assert not_json.status_code == 400
