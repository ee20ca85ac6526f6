"""Pages at /hoc-tap/: campaigns, their coverage, sessions, annual themes. Thin: the access
module fetches, services write, selectors read."""
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

from trienkhai.access.policy import Action, can_write_unit, get_for_user
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Unit
from trienkhai.web.formtools import add_service_errors

from . import selectors, services
from .forms import (
    AnnualThemeForm,
    CampaignLaunchForm,
    RegistrationForm,
    StudySessionForm,
)
from .models import AnnualTheme, StudyCampaign, StudySession, ThemeRegistration


def _unit_param(request: HttpRequest, default: Unit | None) -> Unit:
    """The unit named by ?unit= (readable, else 404), or the default."""
    raw = request.GET.get("unit")
    if raw:
        return get_for_user(Unit, request.user, Action.READ, pk=raw)
    if default is None:
        raise PermissionDenied
    return default


def _campaign(request: HttpRequest, pk: int) -> StudyCampaign:
    qs = StudyCampaign.objects.select_related("document", "launched_by")
    return get_for_user(qs, request.user, Action.READ, pk=pk)


def _home_unit(request: HttpRequest, campaign: StudyCampaign) -> Unit:
    """Where a campaign page opens: the user's unit, or the launching unit for accounts
    without one (superusers)."""
    unit = getattr(request.user, "unit", None)
    return unit if unit is not None else campaign.launched_by


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    unit = getattr(request.user, "unit", None)
    campaigns = selectors.campaign_list(user=request.user, unit=unit)
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "studies/campaign_list.html", {"page": page, "unit": unit})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    unit = _unit_param(request, _home_unit(request, campaign))
    overview = selectors.campaign_overview(user=request.user, campaign=campaign, unit=unit)
    context = {
        "campaign": campaign,
        "unit": unit,
        "o": overview,
        "can_record": campaign.covers(unit) and can_write_unit(request.user, unit),
    }
    return render(request, "studies/campaign_detail.html", context)


@login_required
def campaign_lagging(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The whole list of units without a session by the deadline, or below the threshold."""
    campaign = _campaign(request, pk)
    unit = _unit_param(request, _home_unit(request, campaign))
    select = selectors.lagging_not_held if kind == "not-held" else selectors.lagging_below
    rows = select(user=request.user, campaign=campaign, unit=unit)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "studies/lagging_list.html",
                  {"campaign": campaign, "unit": unit, "kind": kind, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_launch(request: HttpRequest) -> HttpResponse:
    initial = {"document": request.GET.get("document"),
               "launched_by": getattr(request.user, "unit_id", None)}
    form = CampaignLaunchForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_launch(user=request.user, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign has been launched."))
            return redirect("studies:campaign-detail", pk=campaign.pk)
    return render(request, "studies/campaign_form.html", {"form": form})


def _session_form_page(
    request: HttpRequest, form: StudySessionForm, campaign: StudyCampaign, unit: Unit,
    session: StudySession | None, current: StudySession | None = None,
) -> HttpResponse:
    return render(request, "studies/session_form.html", {
        "form": form, "campaign": campaign, "unit": unit, "session": session,
        "current": current,
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    unit = _unit_param(request, _home_unit(request, campaign))
    if not can_write_unit(request.user, unit):
        raise PermissionDenied
    form = StudySessionForm(request.POST or None, campaign=campaign, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_record(user=request.user, campaign=campaign, unit=unit,
                                               **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session has been recorded."))
            return redirect("studies:session-detail", pk=session.pk)
    return _session_form_page(request, form, campaign, unit, None)


def _session(request: HttpRequest, pk: int) -> StudySession:
    qs = StudySession.objects.select_related(
        "campaign__document", "campaign__launched_by", "unit", "make_up_of")
    return get_for_user(qs, request.user, Action.READ, pk=pk)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(request, "studies/session_detail.html", {
        "session": session,
        "absences": list(session.absences.all()),
        "make_ups": list(session.make_ups.order_by("held_on")),
        "can_write": can_write_unit(request.user, session.unit),
    })


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not can_write_unit(request.user, session.unit):
        raise PermissionDenied
    campaign, unit = session.campaign, session.unit
    form = StudySessionForm(request.POST or None, campaign=campaign, unit=unit, session=session,
                            initial=StudySessionForm.initial_from(session))
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(user=request.user, session=session,
                                    version=form.cleaned_data.get("version"),
                                    **form.service_arguments())
        except ConflictError as exc:
            # Keep what was typed, show what is stored now, and take the stored version: a
            # second submit is then a deliberate overwrite.
            current = StudySession.objects.select_related("make_up_of").get(pk=session.pk)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = StudySessionForm(data, campaign=campaign, unit=unit, session=session)
            form.is_valid()
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("studies:session-detail", pk=session.pk)
    return _session_form_page(request, form, campaign, unit, session, current)


# Annual themes ---------------------------------------------------------------------------------


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.themes_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "studies/theme_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    initial = {"document": request.GET.get("document"),
               "unit": getattr(request.user, "unit_id", None)}
    form = AnnualThemeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The annual theme has been saved."))
            return redirect("studies:theme-detail", pk=theme.pk)
    return render(request, "studies/theme_form.html", {"form": form})


def _theme(request: HttpRequest, pk: int) -> AnnualTheme:
    qs = AnnualTheme.objects.select_related("document", "unit")
    return get_for_user(qs, request.user, Action.READ, pk=pk)


@login_required
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    registrations = selectors.theme_registrations(user=request.user, theme=theme)
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    unit = getattr(request.user, "unit", None)
    can_register = (
        unit is not None and unit.path.startswith(theme.unit.path)
        and can_write_unit(request.user, unit)
    )
    return render(request, "studies/theme_detail.html",
                  {"theme": theme, "page": page, "can_register": can_register, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def theme_register(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    unit = _unit_param(request, getattr(request.user, "unit", None))
    if not can_write_unit(request.user, unit):
        raise PermissionDenied
    existing = ThemeRegistration.objects.filter(theme=theme, unit=unit).first()
    initial: dict[str, Any] = (
        {"content": existing.content, "version": existing.version} if existing else {}
    )
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_register(user=request.user, theme=theme, unit=unit,
                                    content=form.cleaned_data["content"],
                                    version=form.cleaned_data.get("version"))
        except ConflictError as exc:
            existing = ThemeRegistration.objects.get(theme=theme, unit=unit)
            data = request.POST.copy()
            data["version"] = str(existing.version)
            form = RegistrationForm(data)
            form.is_valid()
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The registration has been saved."))
            return redirect("studies:theme-detail", pk=theme.pk)
    return render(request, "studies/registration_form.html",
                  {"form": form, "theme": theme, "unit": unit, "existing": existing})
