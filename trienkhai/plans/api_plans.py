"""REST endpoints of plans, consultation and tasks; `register(router)` adds them.

Built like the other API views (api.views.base): rows come from the access policy's read scope
(out of scope is a 404), writes validate an input serializer, check write access through the
access module (403 when readable but not writable) and call a service as the requesting user.
Service errors become 400 {"detail", "fields"} and a stale `version` a 409 (api.errors).

    /api/plans/                     list (?unit= own + from above, ?status=), create
    /api/plans/{id}/                retrieve, partial_update
    /api/plans/{id}/open-consultation/ | adopt/ | amend/ | close/     POST
    /api/plans/{id}/versions/       GET; versions/{number}/ GET
    /api/plans/{id}/diff/?from=&to= GET
    /api/plan-sections/             list (?plan=), create; {id}/ retrieve, partial_update, delete
    /api/consultation-invites/      list (?plan=), create; {id}/ retrieve
    /api/consultation-comments/     list (?plan=), create; {id}/ retrieve; {id}/handle/ POST
    /api/tasks/                     list (?plan=, ?owner_unit=, ?parent=), create
    /api/tasks/{id}/                retrieve, partial_update; {id}/cascade/ POST;
                                    {id}/subtasks/ GET
"""
from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.api.serializers import ErrorSerializer
from trienkhai.api.views.base import NOT_WRITABLE, ScopedViewSet, require_write
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit

from . import api_plans_serializers as s
from .models import ConsultationComment, ConsultationInvite, Plan, PlanSection, Task
from .selectors import plans as plan_selectors
from .selectors import tasks as task_selectors
from .selectors.plan_diff import version_diff
from .services import consultation as consultation_services
from .services import plans as plan_services
from .services import tasks as task_services

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
                409: ErrorSerializer}
PREFIXES = {
    "plans": "plans", "sections": "plan-sections", "invites": "consultation-invites",
    "comments": "consultation-comments", "tasks": "tasks",
}


def _param_id(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _readable_plan_filter(viewset: ScopedViewSet, qs: QuerySet[Any]) -> QuerySet[Any]:
    if viewset.action == "list":
        plan = _param_id(viewset.request, "plan")
        if plan is not None:
            qs = qs.filter(plan_id=plan)
    return qs


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.PlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        user = self.request.user
        readable_docs = restrict(Document.objects.all(), user, Action.READ).only("pk")
        qs = plan_selectors.plans_for(user)
        if self.action == "list":
            unit_id = _param_id(self.request, "unit")
            if unit_id is not None:
                unit = get_for_user(Unit, user, Action.READ, pk=unit_id)
                qs = plan_selectors.plans_of_unit(user=user, unit=unit)
            wanted = self.request.query_params.get("status")
            if wanted:
                qs = qs.filter(status=wanted)
        return qs.select_related("unit").prefetch_related(
            Prefetch("documents", queryset=readable_docs)).order_by("-created_at", "-id")

    def _writable(self) -> Plan:
        plan = self.get_object()
        require_write(self.request.user, plan.unit)
        return plan

    @extend_schema(request=s.PlanCreateSerializer, responses={201: s.PlanSerializer,
                                                              **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(s.PlanCreateSerializer)
        data.pop("version", None)
        require_write(request.user, data["unit"])
        return self.respond(plan_services.plan_create(**data), status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanWriteSerializer, responses={200: s.PlanSerializer,
                                                             **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        plan = self._writable()
        data = self.validated(s.PlanWriteSerializer, partial=True)
        version = data.pop("version", None)
        if "documents" in data:  # the ones the user cannot see stay linked
            data["documents"] = [*data["documents"],
                                 *plan_selectors.hidden_documents(user=request.user, plan=plan)]
        return self.respond(plan_services.plan_update(plan=plan, version=version, **data))

    @extend_schema(request=s.OpenConsultationSerializer,
                   responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], url_path="open-consultation", filter_backends=[])
    def open_consultation(self, request: Request, pk: Any = None) -> Response:
        """Send the draft out for comments."""
        plan = self._writable()
        data = self.validated(s.OpenConsultationSerializer)
        return self.respond(plan_services.plan_open_consultation(plan=plan, **data))

    @extend_schema(request=s.AdoptSerializer, responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def adopt(self, request: Request, pk: Any = None) -> Response:
        """Adopt the plan (or the amendment): freezes its content as the next version."""
        plan = self._writable()
        data = self.validated(s.AdoptSerializer)
        return self.respond(plan_services.plan_adopt(plan=plan, **data))

    @extend_schema(request=s.TransitionSerializer,
                   responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def amend(self, request: Request, pk: Any = None) -> Response:
        """Reopen an adopted plan for change; adopt it again to finish."""
        plan = self._writable()
        data = self.validated(s.TransitionSerializer)
        return self.respond(plan_services.plan_amend(plan=plan, **data))

    @extend_schema(request=s.TransitionSerializer,
                   responses={200: s.PlanSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close the plan: nothing in it changes afterwards."""
        plan = self._writable()
        data = self.validated(s.TransitionSerializer)
        return self.respond(plan_services.plan_close(plan=plan, **data))

    @extend_schema(responses=s.PlanVersionListSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def versions(self, request: Request, pk: Any = None) -> Response:
        """The frozen versions, oldest first (without their content)."""
        plan = self.get_object()
        rows = plan_selectors.plan_versions(user=request.user, plan=plan)
        return Response(s.PlanVersionListSerializer(rows, many=True).data)

    @extend_schema(responses=s.PlanVersionSerializer)
    @action(detail=True, methods=["get"], filter_backends=[],
            url_path=r"versions/(?P<number>[0-9]+)")
    def version(self, request: Request, pk: Any = None, number: Any = None) -> Response:
        """One frozen version with its content."""
        plan = self.get_object()
        frozen = plan_selectors.plan_version_get(user=request.user, plan=plan, number=number)
        return Response(s.PlanVersionSerializer(frozen).data)

    @extend_schema(parameters=[OpenApiParameter("from", int), OpenApiParameter("to", int)],
                   responses={200: dict, 400: ErrorSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["get"], filter_backends=[])
    def diff(self, request: Request, pk: Any = None) -> Response:
        """What changed between two versions: sections and tasks added, removed, changed."""
        plan = self.get_object()
        query = s.DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = plan_selectors.plan_version_get(user=request.user, plan=plan,
                                              number=query.validated_data["from"])
        new = plan_selectors.plan_version_get(user=request.user, plan=plan,
                                              number=query.validated_data["to"])
        return Response(version_diff(old, new).as_dict())


class SectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.SectionSerializer

    def get_queryset(self) -> QuerySet[PlanSection]:
        qs = restrict(PlanSection.objects.all(), self.request.user, Action.READ)
        return _readable_plan_filter(self, qs).select_related("plan__unit").order_by(
            "plan_id", "position")

    def _writable(self) -> PlanSection:
        section = self.get_object()
        require_write(self.request.user, section.plan.unit)
        return section

    @extend_schema(request=s.SectionCreateSerializer,
                   responses={201: s.SectionSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(s.SectionCreateSerializer)
        require_write(request.user, data["plan"].unit)
        section = plan_services.section_add(**data)
        return self.respond(section, status.HTTP_201_CREATED)

    @extend_schema(request=s.SectionUpdateSerializer,
                   responses={200: s.SectionSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        section = self._writable()
        data = self.validated(s.SectionUpdateSerializer, partial=True)
        version = data.pop("version", None)
        return self.respond(plan_services.section_update(section=section, version=version,
                                                         **data))

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        plan_services.section_remove(section=self._writable())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.InviteSerializer

    def get_queryset(self) -> QuerySet[ConsultationInvite]:
        qs = restrict(ConsultationInvite.objects.all(), self.request.user, Action.READ)
        return _readable_plan_filter(self, qs).order_by("plan_id", "due_on", "id")

    @extend_schema(request=s.InviteCreateSerializer,
                   responses={201: s.InviteSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(s.InviteCreateSerializer)
        require_write(request.user, data["plan"].unit)
        invite = consultation_services.invite_add(**data)
        return self.respond(invite, status.HTTP_201_CREATED)


class CommentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.CommentSerializer

    def get_queryset(self) -> QuerySet[ConsultationComment]:
        qs = restrict(ConsultationComment.objects.all(), self.request.user, Action.READ)
        return _readable_plan_filter(self, qs).select_related("plan__unit").order_by(
            "plan_id", "section__position", "id")

    @extend_schema(request=s.CommentCreateSerializer,
                   responses={201: s.CommentSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(s.CommentCreateSerializer)
        require_write(request.user, data["plan"].unit)
        comment = consultation_services.comment_add(**data)
        return self.respond(comment, status.HTTP_201_CREATED)

    @extend_schema(request=s.HandleSerializer, responses={200: s.CommentSerializer,
                                                          **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def handle(self, request: Request, pk: Any = None) -> Response:
        """Record how the comment was handled (tiếp thu / tiếp thu một phần / giải trình)."""
        comment = self.get_object()
        require_write(request.user, comment.plan.unit)
        data = self.validated(s.HandleSerializer)
        return self.respond(consultation_services.comment_handle(comment=comment, **data))


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = s.TaskSerializer

    def get_queryset(self) -> QuerySet[Task]:
        qs = task_selectors.tasks_for(self.request.user)
        if self.action == "list":
            for name in ("plan", "owner_unit", "parent"):
                value = _param_id(self.request, name)
                if value is not None:
                    qs = qs.filter(**{f"{name}_id": value})
        return qs.select_related("owner_unit", "plan__unit", "parent__owner_unit"
                                 ).prefetch_related("coordinating_units").order_by("id")

    @extend_schema(request=s.TaskCreateSerializer, responses={201: s.TaskSerializer,
                                                              **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(s.TaskCreateSerializer)
        data.pop("version", None)
        require_write(request.user, data["plan"].unit)
        return self.respond(task_services.task_create(**data), status.HTTP_201_CREATED)

    @extend_schema(request=s.TaskWriteSerializer, responses={200: s.TaskSerializer,
                                                             **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        task = self.get_object()
        if not task_selectors.task_writable(request.user, task):
            raise PermissionDenied(NOT_WRITABLE)
        data = self.validated(s.TaskWriteSerializer, partial=True)
        version = data.pop("version", None)
        return self.respond(task_services.task_update(task=task, version=version, **data))

    @extend_schema(request=s.CascadeSerializer, responses={200: s.TaskSerializer(many=True),
                                                           **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filter_backends=[])
    def cascade(self, request: Request, pk: Any = None) -> Response:
        """Assign the task to units below its owner: one sub-task each, optionally with a
        share of the target. Repeating it changes nothing new."""
        task = self.get_object()
        require_write(request.user, task.owner_unit)
        items = self.validated(s.CascadeSerializer)["units"]
        units = [item["unit"] for item in items]
        shares = {item["unit"].pk: item.get("share") for item in items}
        subs = task_services.task_cascade(task, units, shares)
        rows = self.get_queryset().filter(pk__in=[t.pk for t in subs])
        return Response(s.TaskSerializer(rows, many=True).data)

    @extend_schema(responses=s.TaskSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def subtasks(self, request: Request, pk: Any = None) -> Response:
        """The sub-tasks cascaded from this task that the user may read."""
        task = self.get_object()
        rows = task_selectors.subtasks_of(user=request.user, task=task).prefetch_related(
            "coordinating_units")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.TaskSerializer(page, many=True).data)


def register(router: BaseRouter) -> None:
    router.register(PREFIXES["plans"], PlanViewSet, basename="plan")
    router.register(PREFIXES["sections"], SectionViewSet, basename="plan-section")
    router.register(PREFIXES["invites"], InviteViewSet, basename="consultation-invite")
    router.register(PREFIXES["comments"], CommentViewSet, basename="consultation-comment")
    router.register(PREFIXES["tasks"], TaskViewSet, basename="task")

