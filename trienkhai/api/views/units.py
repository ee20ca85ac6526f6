"""/api/units/: the organisation tree."""
from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from trienkhai.access.policy import Action, restrict
from trienkhai.audit.models import AuditEntry
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP
from trienkhai.units.services import unit_create, unit_merge, unit_move, unit_update

from ..filters import UnitFilter
from ..serializers import (
    AuditEntrySerializer,
    ErrorSerializer,
    UnitCreateSerializer,
    UnitMergeSerializer,
    UnitMoveSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
)
from .base import ScopedViewSet, require_write, require_write_root

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _parent_pk() -> Subquery:
    """The parent's id from the path prefix: one correlated lookup on the unique path index."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - PATH_STEP)
    return Subquery(Unit.objects.filter(path=parent_path).values("pk")[:1])


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        units = restrict(Unit.objects.all(), self.request.user, Action.READ)
        return units.annotate(parent_pk=_parent_pk()).order_by("path")

    @extend_schema(request=UnitCreateSerializer, responses={201: UnitSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(UnitCreateSerializer)
        parent = data.pop("parent")
        if parent is None:
            require_write_root(request.user)
        else:
            require_write(request.user, parent)
        unit = unit_create(parent=parent, **data)
        return self.respond(unit, status.HTTP_201_CREATED)

    @extend_schema(
        request=UnitUpdateSerializer,
        responses={200: UnitSerializer, 409: ErrorSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        unit = self.get_object()
        require_write(request.user, unit)
        data = self.validated(UnitUpdateSerializer, instance=unit, partial=True)
        version = data.pop("version", None)
        return self.respond(unit_update(unit=unit, version=version, **data))

    @extend_schema(request=UnitMoveSerializer, responses={200: UnitSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the unit, with its sub-units and records, under another parent."""
        unit = self.get_object()
        require_write(request.user, unit)
        new_parent = self.validated(UnitMoveSerializer)["parent"]
        require_write(request.user, new_parent)
        return self.respond(unit_move(unit=unit, new_parent=new_parent))

    @extend_schema(request=UnitMergeSerializer, responses={200: UnitSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request: Request, pk: Any = None) -> Response:
        """Merge the unit into another one: it is dissolved on that date and moved under it."""
        unit = self.get_object()
        require_write(request.user, unit)
        data = self.validated(UnitMergeSerializer)
        require_write(request.user, data["into"])
        return self.respond(unit_merge(unit=unit, into=data["into"], on_date=data["on_date"]))

    @extend_schema(responses=AuditEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: Any = None) -> Response:
        """Everything recorded under this unit, newest first (only entries the user may read)."""
        unit = self.get_object()
        entries = restrict(AuditEntry.objects.all(), request.user, Action.READ)
        entries = entries.filter(unit_id=unit.pk).order_by("-created_at", "-id")
        page = self.paginate_queryset(entries)
        serializer = AuditEntrySerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)
