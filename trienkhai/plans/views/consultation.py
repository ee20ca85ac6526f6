"""Consultation pages: invite, record a comment, record how it was handled, and the table of
how comments were handled as DOCX or XLSX (only the rows the user may read)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.access.policy import can_write_unit
from trienkhai.core.errors import ConflictError
from trienkhai.web.formtools import add_service_errors, conflict_rows, keep_typing_after_conflict

from .. import exports
from ..forms_plans import CommentForm, HandleForm, InviteForm
from ..selectors import plans as selectors
from ..services import consultation as services
from .plans import writable_plan


@login_required
@require_http_methods(["GET", "POST"])
def invite_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_plan(request, pk)
    form = InviteForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation has been recorded."))
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/consultation_invite_form.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["GET", "POST"])
def comment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_plan(request, pk)
    allowed, why_not = services.can_add_comments(plan)
    initial: dict[str, Any] = {"section": request.GET.get("section")}
    form = CommentForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The comment has been recorded."))
            return redirect("plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "allowed": allowed, "why_not": why_not}
    return render(request, "plans/consultation_comment_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_handle_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(user=request.user, pk=pk)
    plan = comment.plan
    if not can_write_unit(request.user, plan.unit):
        raise PermissionDenied
    initial = {"handling": comment.handling, "response": comment.response,
               "version": comment.version}
    form = HandleForm(request.POST or None, initial=initial)
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_handle(comment=comment, version=form.cleaned_data["version"],
                                    **form.service_fields())
        except ConflictError as error:
            current = selectors.comment_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, services.HANDLING_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("How the comment was handled has been recorded."))
            return redirect("plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "comment": comment, "conflict": conflict}
    return render(request, "plans/consultation_handle_form.html", context)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def handling_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    comments = list(selectors.plan_comments(user=request.user, plan=plan))
    return _download(exports.handling_docx(plan, comments), exports.DOCX_TYPE,
                     exports.export_name(plan, "docx"))


@login_required
def handling_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    comments = list(selectors.plan_comments(user=request.user, plan=plan))
    return _download(exports.handling_xlsx(plan, comments), exports.XLSX_TYPE,
                     exports.export_name(plan, "xlsx"))
