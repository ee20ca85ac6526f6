"""API fixtures: token clients, and one position and one assignment for every relation."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from trienkhai.core.context import acting_as
from trienkhai.units.models import OversightAssignment, Position
from trienkhai.units.people_services import oversight_assign, position_create

from ..conftest import World
from ..matrix import RELATIONS, unit_key

START = datetime.date(2020, 1, 1)


@dataclass
class Records:
    """The world plus, per relation, a position and an oversight assignment held there."""

    world: World
    positions: dict[str, Position]
    assignments: dict[str, OversightAssignment]

    def record(self, kind: str, relation: str) -> Model:
        if kind == "unit":
            return self.world.units[unit_key(relation)]
        if kind == "person":
            return self.world.people[relation]
        if kind == "position":
            return self.positions[relation]
        return self.assignments[relation]


@pytest.fixture
def records(world: World) -> Records:
    positions, assignments = {}, {}
    with acting_as(None, "test:fixture"):
        for relation in RELATIONS:
            unit = world.units[unit_key(relation)]
            person = world.people[relation]
            positions[relation] = position_create(
                person=person, unit=unit, title=f"Bí thư ({relation})", start_date=START
            )
            # Assigned by the same unit, so both ends of the assignment share the relation.
            assignments[relation] = oversight_assign(
                person=person, unit=unit, assigned_by=unit, start_date=START
            )
    return Records(world=world, positions=positions, assignments=assignments)


def token_client(user: Any | None) -> APIClient:
    """A client authenticated the way scripts are: by token (None: anonymous)."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_for(db: Any) -> Any:
    return token_client
