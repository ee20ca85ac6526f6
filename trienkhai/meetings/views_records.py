"""A session's attendees and conclusions: add, edit, remove (with confirmation), and turn a
conclusion into a task of one of the host unit's plans.

Thin views: reads through selectors, writes through services. Every page needs write access to
the session's unit (403 when the user reads the session, 404 when not). Attendees and
conclusions have no version field: an edit made after someone else's overwrites it (last write
wins); turning a conclusion into a task twice is refused by the service.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.units.models import Person

from . import selectors, services
from .forms import AttendeeForm, ConclusionForm, ConclusionTaskForm, add_service_errors
from .models import Attendee, Conclusion, WorkingSession
from .services_tasks import conclusion_to_task
from .views import writable_session


def _back(session: WorkingSession, anchor: str) -> str:
    return reverse("meetings:session-detail", args=[session.pk]) + f"#{anchor}"


def _form_page(request: HttpRequest, form: Any, title: str, session: WorkingSession,
               anchor: str, intro: list[str] | None = None, submit: str = "") -> HttpResponse:
    return render(request, "meetings/record_form.html", {
        "form": form, "title": title, "intro": [str(session), *(intro or [])],
        "back_url": _back(session, anchor), "submit": submit})


def _confirm_page(request: HttpRequest, title: str, name: str, note: str,
                  session: WorkingSession) -> HttpResponse:
    return render(request, "meetings/confirm_delete.html", {
        "title": title, "name": name, "note": note, "button": _("Remove"),
        "question": _("Remove “%(name)s” from this working session?") % {"name": name},
        "back": ("meetings:session-detail", session.pk)})


# --- attendees --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendee_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = writable_session(request, pk)
    form = AttendeeForm(request.POST or None,
                        people=selectors.attendee_people(user=request.user, session=session))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendee_add(session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendee has been added."))
            return redirect(_back(session, "attendees"))
    return _form_page(request, form, _("Add an attendee"), session, "attendees")


def _attendee(request: HttpRequest, pk: int, attendee_pk: int
              ) -> tuple[WorkingSession, Attendee]:
    session = writable_session(request, pk)
    return session, selectors.attendee_get(user=request.user, session=session, pk=attendee_pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendee_edit(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    session, attendee = _attendee(request, pk, attendee_pk)
    readable = selectors.attendee_people(user=request.user, session=session,
                                         current=attendee.person)
    people: QuerySet[Person] | None = readable
    if attendee.person_id is not None and not readable.filter(pk=attendee.person_id).exists():
        people = None  # a person the user does not read: the link stays as it is
    form = AttendeeForm(request.POST or None, people=people, initial={
        "person": attendee.person_id, "name": attendee.name, "title": attendee.title})
    if request.method == "POST" and form.is_valid():
        try:  # no version on attendees: last write wins
            services.attendee_update(attendee=attendee, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendee has been saved."))
            return redirect(_back(session, "attendees"))
    return _form_page(request, form, _("Edit the attendee"), session, "attendees")


@login_required
@require_http_methods(["GET", "POST"])
def attendee_remove(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    session, attendee = _attendee(request, pk, attendee_pk)
    if request.method == "POST":
        services.attendee_remove(attendee=attendee)
        messages.success(request, _("The attendee has been removed."))
        return redirect(_back(session, "attendees"))
    return _confirm_page(
        request, _("Remove the attendee"), str(attendee),
        _("Only this session's record is removed; the person stays in the registry."), session)


# --- conclusions ------------------------------------------------------------------------------


def _conclusion(request: HttpRequest, pk: int, conclusion_pk: int
                ) -> tuple[WorkingSession, Conclusion]:
    session = writable_session(request, pk)
    return session, selectors.conclusion_get(user=request.user, session=session,
                                             pk=conclusion_pk)


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = writable_session(request, pk)
    form = ConclusionForm(request.POST or None, units=selectors.conclusion_owner_units(
        user=request.user, session=session), initial={"owner_unit": session.unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.conclusion_add(session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conclusion has been added."))
            return redirect(_back(session, "conclusions"))
    return _form_page(request, form, _("Add a conclusion"), session, "conclusions")


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_edit(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    session, conclusion = _conclusion(request, pk, conclusion_pk)
    units = selectors.conclusion_owner_units(user=request.user, session=session,
                                             current=conclusion.owner_unit)
    form = ConclusionForm(request.POST or None, units=units, initial={
        "text": conclusion.text, "deadline": conclusion.deadline,
        "owner_unit": conclusion.owner_unit_id})
    if request.method == "POST" and form.is_valid():
        try:  # no version on conclusions: last write wins
            services.conclusion_update(conclusion=conclusion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conclusion has been saved."))
            return redirect(_back(session, "conclusions"))
    intro = [_("Its task does not change: edit the task in its plan.")] if conclusion.task_id \
        else []
    return _form_page(request, form, _("Edit the conclusion"), session, "conclusions", intro)


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_remove(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    session, conclusion = _conclusion(request, pk, conclusion_pk)
    if request.method == "POST":
        services.conclusion_remove(conclusion=conclusion)
        messages.success(request, _("The conclusion has been removed."))
        return redirect(_back(session, "conclusions"))
    note = (_("Its task stays in its plan.") if conclusion.task_id
            else _("It is removed from this session."))
    return _confirm_page(request, _("Remove the conclusion"), str(conclusion), note, session)


@login_required
@require_http_methods(["GET", "POST"])
def conclusion_task(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    """Create the task of a conclusion in a plan of the host unit that takes tasks now, or in a
    new draft plan, and link it to the conclusion."""
    session, conclusion = _conclusion(request, pk, conclusion_pk)
    if conclusion.task_id is not None and request.method == "GET":
        messages.info(request, _("This conclusion has a task already."))
        return redirect(_back(session, "conclusions"))
    form = ConclusionTaskForm(request.POST or None, plans=selectors.plans_taking_tasks(
        user=request.user, unit=session.unit))
    if request.method == "POST" and form.is_valid():
        try:
            conclusion_to_task(conclusion=conclusion, plan=form.cleaned_data["plan"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task has been created."))
            return redirect(_back(session, "conclusions"))
    owner = conclusion.owner_unit or session.unit
    intro = [conclusion.text,
             _("Deadline: %(date)s") % {"date": conclusion.deadline.strftime("%d/%m/%Y")}
             if conclusion.deadline else _("No deadline yet: a task needs one."),
             _("Unit in charge: %(unit)s") % {"unit": owner.name}]
    return _form_page(request, form, _("Turn the conclusion into a task"), session,
                      "conclusions", intro, submit=_("Create the task"))
