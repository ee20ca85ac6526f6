"""REST endpoints of working sessions, press items and article reviews.

Built like the other API views (api.views.base): rows come from the access policy, writes
validate an input serializer, check write access and call a service as the requesting user;
service errors become 400 {"fields": ...}, 403 and 409 through api.errors. A review's apply
errors are keyed "<proposal key>.<field>" (see meetings.services_review).
"""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from trienkhai.access.policy import Action, restrict
from trienkhai.accounts.models import Clearance
from trienkhai.api.serializers import ErrorSerializer
from trienkhai.api.views.base import ScopedViewSet, require_write
from trienkhai.documents.models import Document
from trienkhai.extraction.readers import MAX_BYTES
from trienkhai.plans.models import Plan
from trienkhai.units.models import Unit

from . import selectors, services
from .models import ArticleReview, Attendee, Conclusion, PressItem, WorkingSession
from .services_review import review_apply, review_save, review_start

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
VERSION_HELP = _("The version you read; if someone saved since, 409.")


def _readable(field: Any, model: Any, request: Any) -> None:
    if request is not None:
        field.queryset = restrict(model.objects.all(), request.user, Action.READ)


# --- serializers ------------------------------------------------------------------------------


class SessionAttendeeSerializer(serializers.ModelSerializer[Attendee]):
    class Meta:
        model = Attendee
        fields = ["id", "person", "name", "title", "order"]
        read_only_fields = fields


class SessionConclusionSerializer(serializers.ModelSerializer[Conclusion]):
    class Meta:
        model = Conclusion
        fields = ["id", "text", "deadline", "owner_unit", "task", "order"]
        read_only_fields = fields


class WorkingSessionSerializer(serializers.ModelSerializer[WorkingSession]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    attendees = SessionAttendeeSerializer(many=True, read_only=True)
    conclusions = SessionConclusionSerializer(many=True, read_only=True)

    class Meta:
        model = WorkingSession
        fields = ["id", "unit", "unit_name", "visiting_unit", "held_on", "place", "title",
                  "summary", "press_item", "documents", "organisations", "confidentiality",
                  "version", "created_at", "attendees", "conclusions"]
        read_only_fields = fields


class WorkingSessionInputSerializer(serializers.Serializer[Any]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    title = serializers.CharField(max_length=500)
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    visiting_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(),
                                                       required=False, allow_null=True)
    press_item = serializers.PrimaryKeyRelatedField(queryset=PressItem.objects.none(),
                                                    required=False, allow_null=True)
    documents = serializers.PrimaryKeyRelatedField(queryset=Document.objects.none(), many=True,
                                                   required=False)
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False)
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        _readable(self.fields["unit"], Unit, request)
        _readable(self.fields["press_item"], PressItem, request)
        _readable(self.fields["documents"].child_relation, Document,  # type: ignore[attr-defined]
                  request)


class PressItemSerializer(serializers.ModelSerializer[PressItem]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PressItem
        fields = ["id", "unit", "unit_name", "title", "outlet", "url", "published_on", "text",
                  "confidentiality", "created_by", "created_at", "version"]
        read_only_fields = fields


class PressItemInputSerializer(serializers.Serializer[Any]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    title = serializers.CharField(max_length=500)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True)
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False)
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _readable(self.fields["unit"], Unit, self.context.get("request"))


class ArticleReviewSerializer(serializers.ModelSerializer[ArticleReview]):
    class Meta:
        model = ArticleReview
        fields = ["id", "unit", "created_by", "source_name", "article_date", "status",
                  "proposals", "decisions", "press_item", "session", "version", "created_at"]
        read_only_fields = fields


class ArticleReviewCreateSerializer(serializers.Serializer[Any]):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False, help_text=_(
        "Text, .docx, PDF with text or saved HTML (multipart), at most 5 MB"))
    article_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _readable(self.fields["unit"], Unit, self.context.get("request"))


class ReviewDecisionsSerializer(serializers.Serializer[Any]):
    decisions = serializers.DictField(
        child=serializers.JSONField(), required=False, default=dict,
        help_text=_('{"<proposal key>": {"action": "confirm" | "edit" | "reject", "values": '
                    '{...}}}; a proposal left out takes its proposed action'))
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


class ReviewApplySerializer(ReviewDecisionsSerializer):
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), required=False, allow_null=True,
        help_text=_("A plan of the review's unit to add the tasks to; a new draft plan when "
                    "left out"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field: Any = self.fields["plan"]
            field.queryset = restrict(Plan.objects.all(), request.user, Action.WRITE)


# --- viewsets ---------------------------------------------------------------------------------


class WorkingSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Working sessions the user reads (their unit's and those of the units below)."""

    serializer_class = WorkingSessionSerializer

    def get_queryset(self) -> QuerySet[WorkingSession]:
        return (selectors.sessions_for(self.request.user)
                .select_related("unit").prefetch_related("attendees", "conclusions",
                                                         "documents")
                .order_by("-held_on", "-id"))

    def get_object(self) -> WorkingSession:
        return selectors.session_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=WorkingSessionInputSerializer, responses={201: WorkingSessionSerializer,
                                                              **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(WorkingSessionInputSerializer)
        unit = data.pop("unit")
        require_write(request.user, unit)
        data.pop("version", None)
        session = services.session_create(unit=unit, **data)
        return self.respond(session, status.HTTP_201_CREATED)

    @extend_schema(request=WorkingSessionInputSerializer, responses={
        200: WorkingSessionSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        require_write(request.user, session.unit)
        data = self.validated(WorkingSessionInputSerializer, partial=True)
        data.pop("unit", None)  # a session stays with its host unit
        version = data.pop("version", None)
        return self.respond(services.session_update(session=session, version=version, **data))

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        require_write(request.user, session.unit)
        services.session_delete(session=session)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PressItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = PressItemSerializer

    def get_queryset(self) -> QuerySet[PressItem]:
        return selectors.press_items_for(self.request.user).select_related("unit").order_by(
            "-published_on", "-id")

    def get_object(self) -> PressItem:
        return selectors.press_item_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=PressItemInputSerializer,
                   responses={201: PressItemSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(PressItemInputSerializer)
        unit = data.pop("unit")
        require_write(request.user, unit)
        data.pop("version", None)
        item = services.press_item_create(unit=unit, created_by=request.user, **data)
        return self.respond(item, status.HTTP_201_CREATED)

    @extend_schema(request=PressItemInputSerializer, responses={
        200: PressItemSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        require_write(request.user, item.unit)
        data = self.validated(PressItemInputSerializer, partial=True)
        data.pop("unit", None)
        version = data.pop("version", None)
        return self.respond(services.press_item_update(item=item, version=version, **data))

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        require_write(request.user, item.unit)
        services.press_item_delete(item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ArticleReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Reviews of articles: post a text or a file to get proposals, then apply decisions.
    The list holds the open reviews of the units the user writes."""

    serializer_class = ArticleReviewSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ArticleReview]:
        if self.action == "list":
            if getattr(self, "swagger_fake_view", False):
                return ArticleReview.objects.none()
            return selectors.open_reviews(user=self.request.user)
        return restrict(ArticleReview.objects.all(), self.request.user, Action.READ).order_by(
            "-created_at", "-id")

    def get_object(self) -> ArticleReview:
        return selectors.review_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request={"application/json": ArticleReviewCreateSerializer,
                            "multipart/form-data": ArticleReviewCreateSerializer},
                   responses={201: ArticleReviewSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(ArticleReviewCreateSerializer)
        unit = data["unit"]
        require_write(request.user, unit)
        upload = data.get("file")
        review = review_start(
            user=request.user, unit=unit, text=data.get("text"),
            data=upload.read(MAX_BYTES + 1) if upload else None,
            file_name=upload.name if upload else "", on=data.get("article_date"))
        return self.respond(review, status.HTTP_201_CREATED)

    @extend_schema(request=ReviewDecisionsSerializer, responses={
        200: ArticleReviewSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: Any = None) -> Response:
        """Save the decisions as a draft; nothing else is created."""
        review = self.get_object()
        require_write(request.user, review.unit)
        data = self.validated(ReviewDecisionsSerializer)
        return self.respond(review_save(review=review, decisions=data["decisions"],
                                        version=data.get("version")))

    @extend_schema(request=ReviewApplySerializer, responses={
        200: ArticleReviewSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: Any = None) -> Response:
        """Create the confirmed records in one transaction (all or nothing)."""
        review = self.get_object()
        require_write(request.user, review.unit)
        data = self.validated(ReviewApplySerializer)
        return self.respond(review_apply(review=review, user=request.user,
                                         decisions=data["decisions"],
                                         version=data.get("version"), plan=data.get("plan")))


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the project's API router."""
    router.register("working-sessions", WorkingSessionViewSet, basename="working-session")
    router.register("press-items", PressItemViewSet, basename="press-item")
    router.register("article-reviews", ArticleReviewViewSet, basename="article-review")
