"""Report pages: a task's periods and reports, writing, sending, approving and returning.

Thin views: reads through selectors.reports, writes through services.reports. A report or task
the user may not read is a 404; one they read but may not change is a 403.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.access.policy import can_write_unit
from trienkhai.accounts.models import Role
from trienkhai.core.errors import ConflictError
from trienkhai.web.formtools import conflict_rows, keep_typing_after_conflict

from ..forms_reports import EvidenceForm, ReportForm, ReturnForm, add_service_errors
from ..models import Notification, ProgressReport, ReportState
from ..selectors import reports as selectors
from ..services.evidence import EDITABLE_STATES, evidence_add, evidence_response
from ..services.reports import (
    REPORT_FIELDS,
    can_approve,
    report_approve,
    report_create,
    report_return,
    report_submit,
    report_update,
)

PER_PAGE = 25


def _writable(request: HttpRequest, report: ProgressReport) -> None:
    if not can_write_unit(request.user, report.unit):
        raise PermissionDenied


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "")
    if tab not in selectors.INBOX_TABS:
        tab = "approve" if getattr(request.user, "role", "") == Role.APPROVER else "drafts"
    page = Paginator(selectors.inbox(user=request.user, tab=tab), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "plans/report_list.html", {"tab": tab, "page": page,
                                                      "tabs": selectors.INBOX_TABS})


@login_required
def task_reports(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=task_pk)
    context = {
        "task": task,
        "states": selectors.task_period_states(user=request.user, task=task),
        "can_write": can_write_unit(request.user, task.owner_unit),
        "progress": getattr(task, "progress", None),
    }
    return render(request, "plans/report_task.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=task_pk)
    if not can_write_unit(request.user, task.owner_unit):
        raise PermissionDenied
    today = timezone.localdate()
    form = ReportForm(request.POST or None, request.FILES or None, task=task, today=today,
                      initial={"period": request.GET.get("period", "")})
    if request.method == "POST" and form.is_valid():
        try:
            report = report_create(task=task, period=form.cleaned_data.get("period", ""),
                                   evidence=form.cleaned_data["evidence"], today=today,
                                   **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report has been saved as a draft."))
            return redirect("report-detail", pk=report.pk)
    return render(request, "plans/report_form.html", {"form": form, "task": task,
                                                      "report": None})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    can_write = can_write_unit(request.user, report.unit)
    context = {
        "report": report,
        "task": report.task,
        "evidence": selectors.report_evidence(report=report),
        "editable": can_write and report.state in EDITABLE_STATES,
        "can_approve": (can_approve(request.user, report.unit)
                        and report.state == ReportState.SUBMITTED),
        "return_form": ReturnForm(initial={"version": report.version}),
    }
    return render(request, "plans/report_detail.html", context)




@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    _writable(request, report)
    if report.state not in EDITABLE_STATES:
        messages.error(request, _("A submitted or approved report can no longer be changed."))
        return redirect("report-detail", pk=pk)
    initial = {name: getattr(report, name) for name in REPORT_FIELDS}
    initial["version"] = report.version
    form = ReportForm(request.POST or None, request.FILES or None, task=report.task,
                      today=timezone.localdate(), editing=True, initial=initial)
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            report = report_update(report=report, version=form.cleaned_data["version"],
                                   evidence=form.cleaned_data["evidence"],
                                   **form.service_fields())
        except ConflictError as error:
            current = selectors.report_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, REPORT_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("report-detail", pk=report.pk)
    context = {"form": form, "task": report.task, "report": report, "conflict": conflict}
    return render(request, "plans/report_form.html", context)


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ConflictError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("report-detail", pk=pk)


@login_required
@require_POST
def report_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    _writable(request, report)
    return _act(request, pk, lambda: report_submit(
        report=report, version=_version(request), user=request.user),
        _("The report has been sent for approval."))


@login_required
@require_POST
def report_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    if not can_approve(request.user, report.unit):
        raise PermissionDenied
    return _act(request, pk, lambda: report_approve(
        report=report, version=_version(request), user=request.user),
        _("The report has been approved; the figures above it are updated."))


@login_required
@require_http_methods(["GET", "POST"])
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    if not can_approve(request.user, report.unit):
        raise PermissionDenied
    form = ReturnForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            report_return(report=report, version=form.cleaned_data["version"],
                          user=request.user, reason=form.cleaned_data["reason"])
        except ConflictError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report has been returned to its unit."))
            return redirect("report-detail", pk=pk)
    return render(request, "plans/report_return.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=pk)
    _writable(request, report)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            if not form.cleaned_data.get("file"):
                raise ValidationError({"file": _("Choose a file.")})
            evidence_add(report=report, file=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evidence file has been added."))
            return redirect("report-detail", pk=pk)
    return render(request, "plans/report_evidence_form.html", {"form": form, "report": report})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return evidence_response(selectors.evidence_get(user=request.user, pk=pk))


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "plans/report_notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of them read; only the user's own."""
    mine = Notification.objects.filter(user_id=int(request.user.pk or 0), read_at=None)
    if request.POST.get("id"):
        mine = mine.filter(pk=request.POST["id"] if request.POST["id"].isdigit() else 0)
    mine.update(read_at=timezone.now())
    return redirect("notification-list")
