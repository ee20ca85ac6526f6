"""/api/people/, /api/positions/ and /api/oversight-assignments/."""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from trienkhai.access.policy import Action, restrict
from trienkhai.units.models import OversightAssignment, Person, Position
from trienkhai.units.models.people import held_on
from trienkhai.units.people_services import (
    oversight_assign,
    person_create,
    person_update,
    position_create,
    position_end,
)

from ..filters import OversightFilter, PersonFilter, PositionFilter
from ..serializers import (
    ErrorSerializer,
    OversightCreateSerializer,
    OversightSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    PositionCreateSerializer,
    PositionEndSerializer,
    PositionSerializer,
)
from .base import ScopedViewSet, require_write

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self) -> QuerySet[Person]:
        user = self.request.user
        # Titles come from positions the user may read: a post held in a unit outside their
        # scope is not shown, as that position itself would answer 404.
        current = restrict(
            Position.objects.filter(held_on(datetime.date.today())), user, Action.READ
        ).order_by("start_date", "id")
        return (
            restrict(Person.objects.all(), user, Action.READ)
            .select_related("unit")
            .prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions"))
            .order_by("sort_key", "id")  # Vietnamese order: given name first
        )

    @extend_schema(
        request=PersonCreateSerializer, responses={201: PersonSerializer, **WRITE_ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(PersonCreateSerializer)
        require_write(request.user, data["unit"])
        return self.respond(person_create(**data), status.HTTP_201_CREATED)

    @extend_schema(
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 409: ErrorSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        person = self.get_object()
        require_write(request.user, person.unit)
        data = self.validated(PersonUpdateSerializer, instance=person, partial=True)
        if "unit" in data:
            require_write(request.user, data["unit"])  # moving the record needs both ends
        version = data.pop("version", None)
        return self.respond(person_update(person=person, version=version, **data))


class PositionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = PositionSerializer
    filterset_class = PositionFilter

    def get_queryset(self) -> QuerySet[Position]:
        positions = restrict(Position.objects.all(), self.request.user, Action.READ)
        return positions.select_related("person", "unit").order_by("-start_date", "id")

    @extend_schema(
        request=PositionCreateSerializer, responses={201: PositionSerializer, **WRITE_ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(PositionCreateSerializer)
        require_write(request.user, data["unit"])
        return self.respond(position_create(**data), status.HTTP_201_CREATED)

    @extend_schema(
        request=PositionEndSerializer, responses={200: PositionSerializer, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request: Request, pk: Any = None) -> Response:
        """Record the last day the position was held."""
        position = self.get_object()
        require_write(request.user, position.unit)
        end_date = self.validated(PositionEndSerializer)["end_date"]
        return self.respond(position_end(position=position, end_date=end_date))


class OversightViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = OversightSerializer
    filterset_class = OversightFilter

    def get_queryset(self) -> QuerySet[OversightAssignment]:
        assignments = restrict(OversightAssignment.objects.all(), self.request.user, Action.READ)
        return assignments.select_related("person", "unit", "assigned_by").order_by(
            "-start_date", "id"
        )

    @extend_schema(
        request=OversightCreateSerializer, responses={201: OversightSerializer, **WRITE_ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(OversightCreateSerializer)
        # The assigning committee owns the assignment (access.rules), so it decides.
        require_write(request.user, data["assigned_by"])
        return self.respond(oversight_assign(**data), status.HTTP_201_CREATED)
