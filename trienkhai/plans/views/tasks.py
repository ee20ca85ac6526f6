"""Task pages: the task with what was cascaded from it, the task form and the cascade form.

Who writes what: selectors.tasks.task_writable; cascading is for the writers of the task's
owner unit.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.access.policy import can_write_unit
from trienkhai.core.errors import ConflictError
from trienkhai.web.formtools import add_service_errors, conflict_rows, keep_typing_after_conflict

from ..forms_plans import CascadeForm, TaskForm
from ..selectors import tasks as selectors
from ..services import tasks as services
from ..services.plans import IN_FORCE
from .plans import writable_plan

PER_PAGE = 50


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    subtasks = selectors.subtasks_of(user=request.user, task=task)
    page = Paginator(subtasks, PER_PAGE).get_page(request.GET.get("page"))
    can_cascade = (can_write_unit(request.user, task.owner_unit)
                   and task.plan.status in IN_FORCE)
    context = {
        "task": task, "plan": task.plan, "page": page,
        "coordinating": task.coordinating_units.all(),
        "can_write": selectors.task_writable(request.user, task), "can_cascade": can_cascade,
        "parent_readable": task.parent_id is not None and selectors.tasks_for(
            request.user).filter(pk=task.parent_id).exists(),
    }
    return render(request, "plans/task_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = writable_plan(request, pk)
    form = TaskForm(request.POST or None, user=request.user, plan=plan,
                    initial={"owner_unit": plan.unit})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(plan=plan, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task has been added."))
            return redirect("task-detail", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    if not selectors.task_writable(request.user, task):
        raise PermissionDenied
    initial: dict[str, Any] = {name: getattr(task, name) for name in services.TASK_FIELDS}
    initial["coordinating_units"] = list(task.coordinating_units.values_list("pk", flat=True))
    initial["version"] = task.version
    form = TaskForm(request.POST or None, user=request.user, plan=task.plan, task=task,
                    initial=initial)
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_update(task=task, version=form.cleaned_data["version"],
                                        **form.service_fields())
        except ConflictError as error:
            current = selectors.task_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, services.TASK_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task has been saved."))
            return redirect("task-detail", pk=task.pk)
    context = {"form": form, "plan": task.plan, "task": task, "conflict": conflict}
    return render(request, "plans/task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_cascade_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the task to units directly below its owner (giao về đơn vị trực thuộc)."""
    task = selectors.task_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, task.owner_unit):
        raise PermissionDenied
    candidates = selectors.cascade_candidates(user=request.user, task=task)
    form = CascadeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        units, shares = form.chosen()
        try:
            subs = services.task_cascade(task, units, shares)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task is assigned to %(n)s units.")
                             % {"n": len(subs)})
            return redirect("task-detail", pk=task.pk)
    context = {"form": form, "task": task, "plan": task.plan,
               "adopted": task.plan.status in IN_FORCE}
    return render(request, "plans/task_cascade.html", context)
