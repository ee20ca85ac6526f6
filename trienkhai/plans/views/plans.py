"""Plan pages: a unit's plans, the plan page, the plan and section forms, the lifecycle steps
(each with a confirmation page) and the versions with their differences.

Thin views: reads through selectors, writes through services. A plan the user may not read is
a 404 like a missing one; one they read but may not change is a 403.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.access.policy import Action, can_write_unit, get_for_user
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Unit
from trienkhai.web.formtools import add_service_errors, conflict_rows, keep_typing_after_conflict

from ..forms_plans import (
    AdoptForm,
    ConfirmForm,
    OpenConsultationForm,
    PlanForm,
    SectionForm,
    VersionedForm,
    drafting_units,
)
from ..models import Plan, PlanStatus
from ..selectors import plans as selectors
from ..selectors import tasks as task_selectors
from ..selectors.plan_diff import version_diff
from ..services import plans as services
from ..services.consultation import can_add_comments

PER_PAGE = 25


def writable_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan (404 if unreadable), when the user may change it (else 403)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, plan.unit):
        raise PermissionDenied
    return plan






@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """A unit's plans: its own, and those from above that apply to it."""
    raw = request.GET.get("unit")
    unit = (get_for_user(Unit, request.user, Action.READ, pk=raw) if raw
            else getattr(request.user, "unit", None))
    status = request.GET.get("status", "")
    if status not in PlanStatus.values:
        status = ""
    page = None
    if unit is not None:
        plans = selectors.plans_of_unit(user=request.user, unit=unit, status=status or None)
        page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "unit": unit, "page": page, "status": status, "statuses": PlanStatus.choices,
        "can_create": unit is not None and can_write_unit(request.user, unit),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    user = request.user
    tasks = list(task_selectors.plan_tasks(user=user, plan=plan))
    counts = task_selectors.subtask_counts(user=user, tasks=tasks)
    for task in tasks:
        task.subtask_count = counts.get(task.pk, 0)  # type: ignore[attr-defined]
    comments = list(selectors.plan_comments(user=user, plan=plan))
    comment_ok, why_not = can_add_comments(plan)
    can_write = can_write_unit(user, plan.unit)
    versions = list(selectors.plan_versions(user=user, plan=plan))
    context = {
        "plan": plan,
        "documents": selectors.plan_documents(user=user, plan=plan),
        "sections": selectors.plan_sections(user=user, plan=plan),
        "tasks": tasks,
        "versions": versions,
        "invites": selectors.plan_invites(user=user, plan=plan),
        "comment_groups": selectors.comments_by_section(comments),
        "comments": comments,
        "summary": selectors.handling_summary(comments),
        "can_write": can_write,
        "editable": services.content_editable(plan),
        "can_comment": comment_ok,
        "why_no_comments": why_not,
        "steps": _steps(plan) if can_write else [],
        "last_two": versions[-2:] if len(versions) > 1 else [],
    }
    return render(request, "plans/plan_detail.html", context)


def _steps(plan: Plan) -> list[tuple[str, str]]:
    """The lifecycle steps open from the plan's state: (url name, label)."""
    steps = []
    if plan.status == PlanStatus.DRAFT:
        steps.append(("plan-open-consultation", _("Open for consultation")))
    if services.content_editable(plan):
        steps.append(("plan-adopt", _("Adopt the amendment") if plan.amending else _("Adopt")))
    if plan.status in services.IN_FORCE and not plan.amending:
        steps.append(("plan-amend", _("Amend")))
        steps.append(("plan-close", _("Close the plan")))
    return steps


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest) -> HttpResponse:
    choices = drafting_units(request.user)
    if not choices.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"unit": request.GET.get("unit") or getattr(request.user, "unit",
                                                                            None)}
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            plan = services.plan_create(**data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been drafted."))
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_plan(request, pk)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS if name != "issued_as"}
    initial["documents"] = list(plan.documents.values_list("pk", flat=True))
    initial["version"] = plan.version
    form = PlanForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if not services.content_editable(plan):  # only the working settings change now
        for name in (*services.CONTENT_FIELDS, "documents"):
            form.fields[name].disabled = True
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields["documents"] = [*fields["documents"],
                               *selectors.hidden_documents(user=request.user, plan=plan)]
        try:
            plan = services.plan_update(plan=plan, version=form.cleaned_data["version"],
                                        **fields)
        except ConflictError as error:
            current = selectors.plan_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, services.PLAN_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "conflict": conflict,
               "editable": services.content_editable(plan)}
    return render(request, "plans/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_plan(request, pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_add(plan=plan, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The section has been added."))
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_section_form.html",
                  {"form": form, "plan": plan, "section": None})


@login_required
@require_http_methods(["GET", "POST"])
def section_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    plan = section.plan
    if not can_write_unit(request.user, plan.unit):
        raise PermissionDenied
    initial = {"heading": section.heading, "body": section.body, "position": section.position,
               "version": section.version}
    form = SectionForm(request.POST or None, initial=initial)
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.service_fields().items()
                  if k != "position" or v is not None}
        try:
            services.section_update(section=section, version=form.cleaned_data["version"],
                                    **fields)
        except ConflictError as error:
            current = selectors.section_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, services.SECTION_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The section has been saved."))
            return redirect("plan-detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "section": section, "conflict": conflict}
    return render(request, "plans/plan_section_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    plan = section.plan
    if not can_write_unit(request.user, plan.unit):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.section_remove(section=section)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The section has been removed."))
            return redirect("plan-detail", pk=plan.pk)
    return render(request, "plans/plan_confirm.html", {
        "plan": plan, "form": ConfirmForm(), "error": error,
        "title": _("Remove the section"),
        "question": _("Remove the section “%(heading)s” from the draft?")
        % {"heading": section.heading},
        "button": _("Remove"),
    })


# --- lifecycle steps, each with a confirmation page ------------------------------------------

STEP_TEXT: dict[str, Callable[[Plan], tuple[str, str, str]]] = {
    # step: plan -> (title, what happens, button)
    "open": lambda plan: (
        _("Open the draft for consultation"),
        _("The draft is sent out for comments: comments can be recorded from now on, and "
          "sections and tasks can still be changed until it is adopted."),
        _("Open for consultation")),
    "adopt": lambda plan: (
        _("Adopt the amendment") if plan.amending else _("Adopt the plan"),
        _("The plan's sections and tasks are frozen as version %(n)s, which can never be "
          "changed. Further changes need an amendment.") % {"n": plan.adopted_version + 1},
        _("Adopt")),
    "amend": lambda plan: (
        _("Amend the plan"),
        _("The plan is reopened for change (sửa đổi, bổ sung). Version %(n)s stays in force "
          "until the amendment is adopted as the next version.") % {"n": plan.adopted_version},
        _("Amend")),
    "close": lambda plan: (
        _("Close the plan"),
        _("The plan is closed at the end of its term. Nothing in it can change afterwards, "
          "and this cannot be undone."),
        _("Close the plan")),
}
STEP_FORMS: dict[str, type[VersionedForm]] = {
    "open": OpenConsultationForm, "adopt": AdoptForm, "amend": ConfirmForm, "close": ConfirmForm,
}


def _run_step(step: str, plan: Plan, data: dict[str, Any], version: int | None) -> Plan:
    if step == "open":
        return services.plan_open_consultation(plan=plan, deadline=data.get("deadline"),
                                               version=version)
    if step == "adopt":
        return services.plan_adopt(plan=plan, adopted_on=data["adopted_on"],
                                   note=data.get("note", ""), version=version)
    if step == "amend":
        return services.plan_amend(plan=plan, version=version)
    if step == "close":
        return services.plan_close(plan=plan, version=version)
    raise Http404


def _step_view(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    plan = writable_plan(request, pk)
    initial = {"version": plan.version, "deadline": plan.consultation_deadline}
    form = STEP_FORMS[step](request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _run_step(step, plan, form.cleaned_data, form.cleaned_data.get("version"))
        except ConflictError as error:
            form.add_error(None, str(error) + " " + _("Check the plan again before going on."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = {"open": _("The draft is open for consultation."),
                    "adopt": _("The plan has been adopted."),
                    "amend": _("The plan is open for amendment."),
                    "close": _("The plan has been closed.")}[step]
            messages.success(request, done)
            return redirect("plan-detail", pk=plan.pk)
    title, question, button = STEP_TEXT[step](plan)
    return render(request, "plans/plan_confirm.html", {
        "plan": plan, "form": form, "title": title, "question": question, "button": button,
        "pending": plan.comments.filter(handling="pending").count() if step == "adopt" else 0,
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_open_consultation_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_view(request, pk, "open")


@login_required
@require_http_methods(["GET", "POST"])
def plan_adopt_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_view(request, pk, "adopt")


@login_required
@require_http_methods(["GET", "POST"])
def plan_amend_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_view(request, pk, "amend")


@login_required
@require_http_methods(["GET", "POST"])
def plan_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_view(request, pk, "close")


# --- versions ---------------------------------------------------------------------------------


@login_required
def plan_version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    version = selectors.plan_version_get(user=request.user, plan=plan, number=number)
    return render(request, "plans/plan_version.html", {"plan": plan, "version": version})


@login_required
def plan_diff_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Differences between two versions: ?from=1&to=2 (default: the last two)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    versions = list(selectors.plan_versions(user=request.user, plan=plan))
    numbers = [v.number for v in versions]
    try:
        old_n = int(request.GET.get("from") or (numbers[-2] if len(numbers) > 1 else 0))
        new_n = int(request.GET.get("to") or (numbers[-1] if numbers else 0))
    except ValueError as exc:
        raise Http404 from exc
    if old_n not in numbers or new_n not in numbers:
        raise Http404
    old = selectors.plan_version_get(user=request.user, plan=plan, number=old_n)
    new = selectors.plan_version_get(user=request.user, plan=plan, number=new_n)
    context = {"plan": plan, "diff": version_diff(old, new), "numbers": numbers,
               "old": old, "new": new}
    return render(request, "plans/plan_diff.html", context)
