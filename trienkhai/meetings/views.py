"""Working session and press item pages: lists, details, new session, edit and delete (with
confirmation). Attendees and conclusions have their pages in views_records.

Thin views: reads through selectors, writes through services. A record the user may not read
is a 404 like a missing one; one they read but may not change is a 403.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.access.policy import Action, can_write_unit, get_for_user
from trienkhai.core.errors import ConflictError
from trienkhai.plans.forms_plans import drafting_units
from trienkhai.units.models import Unit
from trienkhai.web.formtools import keep_typing_after_conflict

from . import selectors, services
from .forms import PressItemForm, SessionCreateForm, SessionEditForm, add_service_errors
from .models import PressItem, WorkingSession

PER_PAGE = 25


def _unit_filter(request: HttpRequest) -> Unit | None:
    raw = request.GET.get("unit")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_for_user(Unit, request.user, Action.READ, pk=raw)




def writable_session(request: HttpRequest, pk: int) -> WorkingSession:
    session = selectors.session_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, session.unit):
        raise PermissionDenied
    return session


def _writable_press(request: HttpRequest, pk: int) -> PressItem:
    item = selectors.press_item_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, item.unit):
        raise PermissionDenied
    return item


def _list_context(request: HttpRequest, rows: Any, unit: Unit | None) -> dict[str, Any]:
    """A page of `rows`, the unit filter (its choices and the unit chosen) for the lists."""
    return {"page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")), "unit": unit,
            "units": selectors.filter_units(user=request.user, current=unit)}


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    unit = _unit_filter(request)
    context = _list_context(request, selectors.session_list(user=request.user, unit=unit), unit)
    context["can_create"] = drafting_units(request.user).exists()
    return render(request, "meetings/session_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    """Record a working session held by one of the units the user writes."""
    if not drafting_units(request.user).exists():
        raise PermissionDenied
    own = getattr(request.user, "unit", None)
    initial = {"unit": request.GET.get("unit") or (own.pk if own is not None else None)}
    form = SessionCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(**form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working session has been recorded."))
            return redirect("meetings:session-detail", pk=session.pk)
    return render(request, "meetings/record_form.html", {
        "form": form, "title": _("New working session"), "back_url": reverse(
            "meetings:session-list")})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    user = request.user
    press = session.press_item
    press_readable = press is not None and selectors.press_items_for(user).filter(
        pk=press.pk).exists()
    context = {
        "session": session,
        "attendees": selectors.session_attendees(user=user, session=session),
        "conclusions": selectors.session_conclusions(user=user, session=session),
        "documents": selectors.session_documents(user=user, session=session),
        "press": press if press_readable else None,
        "can_write": can_write_unit(user, session.unit),
    }
    return render(request, "meetings/session_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = writable_session(request, pk)
    initial = {name: getattr(session, name) for name in (
        "title", "held_on", "place", "visiting_unit", "summary", "confidentiality")}
    initial["version"] = session.version
    form = SessionEditForm(request.POST or None, user=request.user, session=session,
                           initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, version=form.cleaned_data["version"],
                                    **form.service_fields())
        except ConflictError as error:
            current = selectors.session_get(user=request.user, pk=pk)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working session has been saved."))
            return redirect("meetings:session-detail", pk=pk)
    return render(request, "meetings/record_form.html", {
        "form": form, "title": _("Edit the working session"),
        "back": ("meetings:session-detail", pk)})


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = writable_session(request, pk)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, _("The working session has been deleted."))
        return redirect("meetings:session-list")
    return render(request, "meetings/confirm_delete.html", {
        "title": _("Delete the working session"), "name": str(session),
        "note": _("Its attendees and conclusions are deleted with it; tasks created from its "
                  "conclusions stay in their plans."),
        "back": ("meetings:session-detail", pk)})


@login_required
def press_list(request: HttpRequest) -> HttpResponse:
    unit = _unit_filter(request)
    return render(request, "meetings/press_list.html", _list_context(
        request, selectors.press_item_list(user=request.user, unit=unit), unit))


@login_required
def press_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.press_item_get(user=request.user, pk=pk)
    context = {
        "item": item,
        "sessions": selectors.press_item_sessions(user=request.user, item=item),
        "can_write": can_write_unit(request.user, item.unit),
    }
    return render(request, "meetings/press_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def press_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _writable_press(request, pk)
    initial = {name: getattr(item, name) for name in (
        "title", "outlet", "url", "published_on", "confidentiality")}
    initial["version"] = item.version
    form = PressItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.press_item_update(item=item, version=form.cleaned_data["version"],
                                       **form.service_fields())
        except ConflictError as error:
            current = selectors.press_item_get(user=request.user, pk=pk)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The press item has been saved."))
            return redirect("meetings:press-detail", pk=pk)
    return render(request, "meetings/record_form.html", {
        "form": form, "title": _("Edit the press item"), "back": ("meetings:press-detail", pk)})


@login_required
@require_http_methods(["GET", "POST"])
def press_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _writable_press(request, pk)
    if request.method == "POST":
        services.press_item_delete(item=item)
        messages.success(request, _("The press item has been deleted."))
        return redirect("meetings:press-list")
    return render(request, "meetings/confirm_delete.html", {
        "title": _("Delete the press item"), "name": str(item),
        "note": _("The working sessions it reported stay; they lose the link to it."),
        "back": ("meetings:press-detail", pk)})
