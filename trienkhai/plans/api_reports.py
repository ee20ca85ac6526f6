"""REST endpoints of progress reports, evidence, dashboards and notifications.

`register(router)` adds them to the project's router (namespace "api"). Built like the other API
views (api.views.base): rows come from the access policy, writes validate an input serializer,
check write access and call a service as the requesting user; service errors become
400 {"fields": ...}, 403 and 409 through api.errors. Approving and returning: only an approver
of the report's own unit (403 for anyone else who can read it).
"""
from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from trienkhai.access.policy import Action, restrict
from trienkhai.api.pagination import ApiPagination
from trienkhai.api.serializers import ErrorSerializer
from trienkhai.api.views.base import ActorMixin, ScopedViewSet, require_write

from .models import Evidence, Notification, ProgressReport, ReportState, ReportStatus, Task
from .selectors import dashboard
from .selectors import reports as selectors
from .selectors.explain import explain
from .services.evidence import evidence_add, evidence_remove, evidence_response
from .services.reports import (
    report_approve,
    report_create,
    report_return,
    report_submit,
    report_update,
)

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
MAX_ID = 2**63 - 1


# --- serializers ------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "report", "original_name", "content_type", "size", "uploaded_at",
                  "download"]
        read_only_fields = fields

    def get_download(self, obj: Evidence) -> str | None:
        """The access-checked download URL (evidence has no public address)."""
        for name in ("api:evidence-download", "evidence-download"):
            with contextlib.suppress(NoReverseMatch):
                path = reverse(name, args=[obj.pk])
                request = self.context.get("request")
                return request.build_absolute_uri(path) if request else path
        return None


class ReportSerializer(serializers.ModelSerializer[ProgressReport]):
    task_title = serializers.CharField(source="task.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "task_title", "unit", "unit_name", "period_label",
                  "period_start", "period_end", "status", "percent", "value", "narrative",
                  "state", "return_reason", "submitted_by", "submitted_at", "approved_by",
                  "approved_at", "version", "created_at", "evidence"]
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer[Any]):
    """Input only: types and scope here, everything else (periods, measures) in the service."""

    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.none())
    period = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                   help_text=_("2025-03, 2025-Q1, 2025-H1, 2025, or the "
                                               "deadline of a one-off task"))
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    percent = serializers.DecimalField(max_digits=None, decimal_places=None, required=False,
                                       allow_null=True)
    value = serializers.DecimalField(max_digits=None, decimal_places=None, required=False,
                                     allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)
    evidence = serializers.ListField(child=serializers.FileField(), required=False,
                                     help_text=_("Files (multipart), checked by their bytes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field: Any = self.fields["task"]
            field.queryset = restrict(Task.objects.all(), request.user, Action.READ)


class ReportUpdateSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)
    percent = serializers.DecimalField(max_digits=None, decimal_places=None, required=False,
                                       allow_null=True)
    value = serializers.DecimalField(max_digits=None, decimal_places=None, required=False,
                                     allow_null=True)
    narrative = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False, help_text=_("The version you read; if someone saved since, 409."))


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False, help_text=_("The version you read; if someone saved since, 409."))


class ReturnSerializer(VersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class UploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class ReportFilterSerializer(serializers.Serializer[Any]):
    task = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)
    period = serializers.CharField(required=False, max_length=10)
    inbox = serializers.ChoiceField(choices=selectors.INBOX_TABS, required=False)


class ScopeQuerySerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    document = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    rule = serializers.CharField(required=False, allow_blank=True,
                                 help_text=_("For a document: weighted, average or "
                                             "indicator_sum"))
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    kind = serializers.CharField(required=False, allow_blank=True,
                                 help_text=_("Trend: monthly, quarterly, six_monthly, yearly"))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("plan" in attrs) == ("document" in attrs):
            raise serializers.ValidationError({"plan": [_("Give either a plan or a document.")]})
        return attrs


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "task", "report", "created_at", "read_at"]
        read_only_fields = fields


# --- reports and evidence ---------------------------------------------------------------------


class ReportViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Reports the user reads: their unit's and those of the units below."""

    serializer_class = ReportSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ProgressReport]:
        return selectors.reports_for(self.request.user).prefetch_related("evidence").order_by(
            "-created_at", "-pk")

    def get_object(self) -> ProgressReport:
        return selectors.report_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[ReportFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = ReportFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        queryset = self.get_queryset()
        if "inbox" in data:
            queryset = selectors.inbox(user=request.user, tab=data["inbox"]).prefetch_related(
                "evidence")
        for key, lookup in (("task", "task_id"), ("unit", "unit_id"), ("state", "state"),
                            ("period", "period_label")):
            if key in data:
                queryset = queryset.filter(**{lookup: data[key]})
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request={"application/json": ReportCreateSerializer,
                            "multipart/form-data": ReportCreateSerializer},
                   responses={201: ReportSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(ReportCreateSerializer)
        task = data.pop("task")
        require_write(request.user, task.owner_unit)
        report = report_create(task=task, evidence=data.pop("evidence", []), **data)
        return self.respond(report, status.HTTP_201_CREATED)

    @extend_schema(request=ReportUpdateSerializer,
                   responses={200: ReportSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        require_write(request.user, report.unit)
        data = self.validated(ReportUpdateSerializer, partial=True)
        version = data.pop("version", None)
        return self.respond(report_update(report=report, version=version, **data))

    @extend_schema(request=VersionSerializer,
                   responses={200: ReportSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Send for approval (gửi)."""
        report = self.get_object()
        require_write(request.user, report.unit)
        version = self.validated(VersionSerializer).get("version")
        return self.respond(report_submit(report=report, version=version, user=request.user))

    @extend_schema(request=VersionSerializer,
                   responses={200: ReportSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve (duyệt): an approver of the report's unit only; the roll-ups move."""
        report = self.get_object()
        version = self.validated(VersionSerializer).get("version")
        return self.respond(report_approve(report=report, version=version, user=request.user))

    @extend_schema(request=ReturnSerializer,
                   responses={200: ReportSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: Any = None) -> Response:
        """Return (trả lại) with the reason: an approver of the report's unit only."""
        report = self.get_object()
        data = self.validated(ReturnSerializer)
        return self.respond(report_return(report=report, version=data.get("version"),
                                          user=request.user, reason=data.get("reason", "")))

    @extend_schema(methods=["GET"], responses=EvidenceSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": UploadSerializer},
                   responses={201: EvidenceSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def evidence(self, request: Request, pk: Any = None) -> Response:
        """The report's evidence files; POST one (multipart; type judged by its bytes)."""
        report = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            rows = selectors.report_evidence(report=report)
            return Response(EvidenceSerializer(rows, many=True, context=context).data)
        require_write(request.user, report.unit)
        file = self.validated(UploadSerializer)["file"]
        evidence = evidence_add(report=report, file=file, name=file.name)
        return Response(EvidenceSerializer(evidence, context=context).data,
                        status=status.HTTP_201_CREATED)


class EvidenceViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = EvidenceSerializer

    def get_queryset(self) -> QuerySet[Evidence]:
        return restrict(Evidence.objects.all(), self.request.user, Action.READ).order_by("id")

    def get_object(self) -> Evidence:
        return selectors.evidence_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(
        response=OpenApiTypes.BINARY), 404: ErrorSerializer})
    @action(detail=True, filter_backends=[], pagination_class=None)
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """The file itself, after the access check."""
        return evidence_response(self.get_object())

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        evidence = self.get_object()
        require_write(request.user, evidence.report.unit)
        evidence_remove(evidence=evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- dashboards -------------------------------------------------------------------------------


def _scope(request: Request) -> tuple[dashboard.Scope, dict[str, Any]]:
    params = ScopeQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    if "plan" in data:
        return dashboard.plan_scope(user=request.user, unit_id=data["unit"],
                                    plan_id=data["plan"]), data
    return dashboard.document_scope(user=request.user, unit_id=data["unit"],
                                    document_id=data["document"],
                                    rule=data.get("rule", "")), data


def _scope_head(scope: dashboard.Scope) -> dict[str, Any]:
    return {
        "unit": {"id": scope.unit.pk, "name": scope.unit.name},
        "plan": scope.plan.pk if scope.plan else None,
        "document": scope.document.pk if scope.document else None,
        "title": scope.title, "rule": scope.rule,
    }


SCOPE_PARAMETERS = [ScopeQuerySerializer]
FIGURES = OpenApiResponse(response=OpenApiTypes.OBJECT)


class DashboardViewSet(ActorMixin, viewsets.ViewSet):
    """Figures of a unit's subtree for a plan (?plan=) or a document (?document=)."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: FIGURES, 404: ErrorSerializer})
    @action(detail=False)
    def figures(self, request: Request) -> Response:
        """The unit's figures and, a page at a time, those of the units one level down."""
        scope, data = _scope(request)
        page, children = dashboard.child_figures(scope, page=data.get("page", 1))
        return Response({
            **_scope_head(scope),
            "figures": dashboard.scope_figures(scope).as_dict(),
            "children": [{"unit": row.unit.pk, "name": row.unit.name,
                          "figures": row.figures.as_dict()} for row in children],
            "children_count": page.paginator.count,
            "page": page.number, "pages": page.paginator.num_pages,
            "overdue": [{"id": t.pk, "title": t.title, "unit": t.owner_unit.name,
                         "deadline": t.deadline} for t in dashboard.overdue_list(scope)],
        })

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: FIGURES, 404: ErrorSerializer})
    @action(detail=False)
    def explain(self, request: Request) -> Response:
        """How the figures are computed: included, excluded, the rule and the arithmetic."""
        scope, _data = _scope(request)
        return Response({**_scope_head(scope), **explain(scope, user=request.user).as_dict()})

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={200: FIGURES, 404: ErrorSerializer})
    @action(detail=False)
    def trend(self, request: Request) -> Response:
        """Frozen period snapshots, oldest first (one kind of period)."""
        scope, data = _scope(request)
        kind, points = dashboard.trend(scope, kind=data.get("kind", ""))
        return Response({**_scope_head(scope), "kind": kind,
                         "points": [{"period": p.label, "figures": p.figures.as_dict()}
                                    for p in points]})


# --- notifications ----------------------------------------------------------------------------


class NotificationViewSet(ActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The requesting user's own notifications, newest first."""

    serializer_class = NotificationSerializer
    pagination_class = ApiPagination

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Notification.objects.none()
        return selectors.notifications_for(self.request.user)

    @extend_schema(parameters=[OpenApiParameter("unread", bool, required=False)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        if request.query_params.get("unread") in ("1", "true"):
            queryset = queryset.filter(read_at=None)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        note = get_object_or_404(self.get_queryset(), pk=pk)
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at"])
        return Response(self.get_serializer(note).data)

    @extend_schema(request=None, responses={200: OpenApiResponse(response=OpenApiTypes.OBJECT)})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        count = self.get_queryset().filter(read_at=None).update(read_at=timezone.now())
        return Response({"marked": count})


def register(router: BaseRouter) -> None:
    """Add the endpoints to the project's (namespaced "api") router."""
    router.register("reports", ReportViewSet, basename="report")
    router.register("evidence", EvidenceViewSet, basename="evidence")
    router.register("dashboard", DashboardViewSet, basename="dashboard")
    router.register("notifications", NotificationViewSet, basename="notification")
