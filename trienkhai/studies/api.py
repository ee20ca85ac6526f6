"""REST endpoints of study and dissemination; the API app adds them with `register(router)`.

Same rules as the pages: rows come from the access module's read scope (a record out of scope
answers 404), writes are checked with it (403 when readable but not writable), references in
a body to records out of scope "do not exist" (400), and writes run as the requesting user so
the audit trail names them, including token users DRF only knows inside the view.
"""
from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from trienkhai.access.policy import Action, can_write_unit, get_for_user
from trienkhai.core.context import acting_as
from trienkhai.units.models import Unit

from . import selectors, services
from .models import AnnualTheme, StudyCampaign, StudySession, ThemeRegistration
from .serializers import (
    CampaignCoverageSerializer,
    CampaignCreateSerializer,
    CampaignSerializer,
    LaggingUnitSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    RegistrationUpdateSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    SessionUpdateSerializer,
    ThemeCreateSerializer,
    ThemeSerializer,
)

# URL prefixes under /api/, in one place.
PREFIXES = {
    "campaigns": "campaigns",
    "sessions": "study-sessions",
    "themes": "annual-themes",
    "registrations": "theme-registrations",
}
UNIT_PARAM = OpenApiParameter("unit", int, description="Unit id (default: your unit)")


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class StudiesViewSet(viewsets.GenericViewSet):
    pagination_class = Pagination
    _actor_stack: contextlib.ExitStack

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with contextlib.ExitStack() as stack:
            self._actor_stack = stack
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authenticates (a token user too)
        user = request.user
        if user is not None and user.is_authenticated:
            request_id = getattr(request._request, "request_id", None)
            self._actor_stack.enter_context(acting_as(user, user.get_username(), request_id))

    def validated(
        self, serializer_class: type[BaseSerializer[Any]], partial: bool = False
    ) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    def unit_param(self) -> Unit:
        raw = self.request.query_params.get("unit")
        if raw:
            return get_for_user(Unit, self.request.user, Action.READ, pk=raw)
        unit = getattr(self.request.user, "unit", None)
        if unit is None:
            raise DRFValidationError({"unit": [_("This parameter is required.")]})
        return unit


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudiesViewSet):
    serializer_class = CampaignSerializer

    def get_queryset(self) -> QuerySet[StudyCampaign]:
        return (
            selectors.campaigns_for(self.request.user)
            .select_related("document", "launched_by")
            .order_by("-deadline", "-id")
        )

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(CampaignCreateSerializer)
        campaign = services.campaign_launch(user=request.user, **data)
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(parameters=[UNIT_PARAM], responses={200: CampaignCoverageSerializer})
    @action(detail=True, methods=["get"])
    def coverage(self, request: Request, pk: Any = None) -> Response:
        """The unit's figures, its children's figures and the lagging counts."""
        campaign = self.get_object()
        unit = self.unit_param()
        overview = selectors.campaign_overview(user=request.user, campaign=campaign, unit=unit,
                                               lagging_limit=0)
        data = {
            "campaign": campaign.pk, "unit": unit.pk, "threshold": campaign.threshold,
            "deadline": campaign.deadline, "coverage": overview.row,
            "children": overview.children, "not_held_count": overview.not_held_count,
            "below_count": overview.below_count,
        }
        return Response(CampaignCoverageSerializer(data).data)

    @extend_schema(
        parameters=[UNIT_PARAM, OpenApiParameter("kind", str, enum=["not-held", "below"])],
        responses={200: LaggingUnitSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def lagging(self, request: Request, pk: Any = None) -> Response:
        """Units without a session by the deadline (kind=not-held) or below the threshold."""
        campaign = self.get_object()
        unit = self.unit_param()
        kind = request.query_params.get("kind", "not-held")
        if kind not in ("not-held", "below"):
            raise DRFValidationError({"kind": [_("Use not-held or below.")]})
        select = selectors.lagging_not_held if kind == "not-held" else selectors.lagging_below
        rows = select(user=request.user, campaign=campaign, unit=unit)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(LaggingUnitSerializer(page, many=True).data)


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudiesViewSet):
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[StudySession]:
        qs = selectors.sessions_for(self.request.user).select_related("unit")
        if self.action == "list":
            params = self.request.query_params
            if params.get("campaign", "").isdigit():
                qs = qs.filter(campaign_id=int(params["campaign"]))
            if params.get("unit", "").isdigit():
                qs = qs.filter(unit_id=int(params["unit"]))
        return qs.prefetch_related("absences").order_by("-held_on", "-id")

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(SessionCreateSerializer)
        session = services.session_record(user=request.user, **data)
        return self.respond(session, status.HTTP_201_CREATED)

    @extend_schema(request=SessionUpdateSerializer, responses={200: SessionSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        require_write(request.user, session.unit)
        data = self.validated(SessionUpdateSerializer, partial=True)
        version = data.pop("version", None)
        updated = services.session_update(user=request.user, session=session, version=version,
                                          **data)
        return self.respond(updated)


class ThemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudiesViewSet):
    serializer_class = ThemeSerializer

    def get_queryset(self) -> QuerySet[AnnualTheme]:
        return selectors.themes_for(self.request.user)

    @extend_schema(request=ThemeCreateSerializer, responses={201: ThemeSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(ThemeCreateSerializer)
        theme = services.theme_create(user=request.user, **data)
        return self.respond(theme, status.HTTP_201_CREATED)


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudiesViewSet):
    serializer_class = RegistrationSerializer

    def get_queryset(self) -> QuerySet[ThemeRegistration]:
        qs = selectors.registrations_for(self.request.user).select_related("unit")
        theme = self.request.query_params.get("theme", "")
        if self.action == "list" and theme.isdigit():
            qs = qs.filter(theme_id=int(theme))
        return qs.order_by("theme", "unit__path")

    @extend_schema(request=RegistrationCreateSerializer, responses={201: RegistrationSerializer})
    def create(self, request: Request) -> Response:
        """Register a unit under a theme (a second call changes the registration)."""
        data = self.validated(RegistrationCreateSerializer)
        existed = ThemeRegistration.objects.filter(theme=data["theme"], unit=data["unit"]).exists()
        registration = services.theme_register(user=request.user, **data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return self.respond(registration, code)

    @extend_schema(request=RegistrationUpdateSerializer, responses={200: RegistrationSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        registration = self.get_object()
        require_write(request.user, registration.unit)
        data = self.validated(RegistrationUpdateSerializer, partial=True)
        if "content" not in data:
            raise DRFValidationError({"content": [_("This field is required.")]})
        updated = services.theme_register(
            user=request.user, theme=registration.theme, unit=registration.unit,
            content=data["content"], version=data.get("version"),
        )
        return self.respond(updated)


def require_write(user: Any, unit: Unit) -> None:
    """403 for a record the user reads (it was fetched through the read scope) but may not
    change; checked before the body, so the answer does not depend on what was sent."""
    if not can_write_unit(user, unit):
        raise PermissionDenied(_("You may read this unit's records but not change them."))


def register(router: BaseRouter) -> None:
    router.register(PREFIXES["campaigns"], CampaignViewSet, basename="study-campaign")
    router.register(PREFIXES["sessions"], SessionViewSet, basename="study-session")
    router.register(PREFIXES["themes"], ThemeViewSet, basename="annual-theme")
    router.register(PREFIXES["registrations"], RegistrationViewSet, basename="theme-registration")


__all__ = ["PREFIXES", "register"]
