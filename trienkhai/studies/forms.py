"""Forms of the study pages. They check types and ranges; the services check the rules."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.access.policy import Action, restrict
from trienkhai.documents.models import Document
from trienkhai.documents.selectors import LIST_DEFERRED, documents_for
from trienkhai.units.models import Unit, UnitKind

from .models import (
    AbsenceReason,
    Audience,
    ConferenceLevel,
    SessionForm,
    StudyCampaign,
    StudySession,
)
from .services import AbsenceLine

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
NEGATIVE = {"min_value": _("This number cannot be negative.")}


def date_field(label: Any, required: bool = True) -> forms.DateField:
    # type="date" gives phones their date picker; dd/mm/yyyy is accepted when typed.
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def count_field(label: Any, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=0, initial=0, error_messages=NEGATIVE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


def writable_units(user: Any) -> QuerySet[Unit]:
    """The units a user may act for in a form: their own and, for administrators, the level
    below (a whole subtree would make a select of 100,000 options)."""
    qs = restrict(Unit.objects.all(), user, Action.WRITE)
    unit = getattr(user, "unit", None)
    depth = unit.depth + 1 if unit is not None else 3
    return qs.filter(depth__lte=depth, dissolved_on__isnull=True).order_by("path")


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.signed_on:%d/%m/%Y})"


class CampaignLaunchForm(forms.Form):
    document = DocumentChoiceField(label=_("Document"), queryset=Document.objects.none())
    launched_by = forms.ModelChoiceField(label=_("Launched by"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("Left empty: “Study and dissemination of” the document."))
    required_kinds = forms.MultipleChoiceField(
        label=_("Kinds of units that must hold sessions"), choices=UnitKind.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every unit below the launching unit."),
    )
    min_level = forms.IntegerField(label=_("From level"), required=False, min_value=0,
                                   help_text=_("0 is the launching unit, 1 the level below."))
    max_level = forms.IntegerField(label=_("To level"), required=False, min_value=0)
    audiences = forms.MultipleChoiceField(label=_("Audiences"), choices=Audience.choices,
                                          widget=forms.CheckboxSelectMultiple)
    launched_on = date_field(_("Launched on"), required=False)
    deadline = date_field(_("Deadline"))
    threshold = forms.DecimalField(
        label=_("Coverage threshold (%)"), min_value=Decimal(0), max_value=Decimal(100),
        decimal_places=1, initial=Decimal(95), localize=True,
    )
    guidance = forms.CharField(label=_("Guidance"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = (  # type: ignore[attr-defined]
            documents_for(user).defer(*LIST_DEFERRED).order_by("-signed_on", "-id")
        )
        self.fields["launched_by"].queryset = writable_units(user)  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["threshold"] = (data["threshold"] / 100).quantize(Decimal("0.001"))
        return data


class StudySessionForm(forms.Form):
    held_on = date_field(_("Date held"))
    conference_level = forms.ChoiceField(label=_("Level of the conference"),
                                         choices=ConferenceLevel.choices)
    form = forms.ChoiceField(label=_("Form"), choices=SessionForm.choices)
    connection_points = forms.IntegerField(
        label=_("Connection points"), min_value=1, initial=1,
        help_text=_("For an online or combined session: the number of connected sites."),
    )
    presenters = forms.CharField(label=_("Presenters"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    cadres_attended = count_field(_("Key cadres attending"))
    members_attended = count_field(_("Party members attending"))
    invited_attended = count_field(_("Invited guests attending"))
    is_make_up = forms.BooleanField(label=_("This is a make-up session"), required=False)
    make_up_of = forms.ModelChoiceField(label=_("Make-up for the session of"),
                                        queryset=StudySession.objects.none(), required=False)
    assessments_count = count_field(_("Written assessments (thu hoạch)"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    absence_note = forms.CharField(label=_("Details of the absences"), required=False,
                                   max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, campaign: StudyCampaign, unit: Unit,
        session: StudySession | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for reason, label in AbsenceReason.choices:
            self.fields[f"absent_{reason}"] = count_field(label)
        originals = StudySession.objects.filter(campaign=campaign, unit=unit, is_make_up=False)
        if session is not None:
            originals = originals.exclude(pk=session.pk)
        make_up_of = self.fields["make_up_of"]
        make_up_of.queryset = originals.order_by("held_on")  # type: ignore[attr-defined]

    @property
    def absence_fields(self) -> list[forms.BoundField]:
        return [self[f"absent_{reason}"] for reason in AbsenceReason.values]

    @classmethod
    def initial_from(cls, session: StudySession) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(session, name)
            for name in ("held_on", "conference_level", "form", "connection_points",
                         "presenters", "cadres_attended", "members_attended",
                         "invited_attended", "is_make_up", "assessments_count", "notes",
                         "version")
        }
        initial["make_up_of"] = session.make_up_of_id
        notes = []
        for absence in session.absences.all():
            initial[f"absent_{absence.reason}"] = absence.count
            if absence.note:
                notes.append(absence.note)
        initial["absence_note"] = "; ".join(notes)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_make_up") and not data.get("make_up_of"):
            self.add_error("make_up_of",
                           _("A make-up session must name the session it makes up for."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        note = data.pop("absence_note", "")
        lines = []
        for reason in AbsenceReason.values:
            count = data.pop(f"absent_{reason}", None) or 0
            # The free-text details go with "other", or with the only reason given.
            lines.append(AbsenceLine(reason=reason, count=count))
        given = [line for line in lines if line.count]
        if note and given:
            target = next((x for x in given if x.reason == AbsenceReason.OTHER), given[0])
            lines = [AbsenceLine(x.reason, x.count, note if x is target else "") for x in lines]
        data["absences"] = lines
        for name in ("cadres_attended", "members_attended", "invited_attended",
                     "assessments_count"):
            data[name] = data.get(name) or 0
        data.pop("version", None)
        return data


class AnnualThemeForm(forms.Form):
    document = DocumentChoiceField(label=_("Document"), queryset=Document.objects.none())
    unit = forms.ModelChoiceField(label=_("Set by"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=2100)
    title = forms.CharField(label=_("Theme"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = (  # type: ignore[attr-defined]
            documents_for(user).defer(*LIST_DEFERRED).order_by("-signed_on", "-id")
        )
        self.fields["unit"].queryset = writable_units(user)  # type: ignore[attr-defined]


class RegistrationForm(forms.Form):
    content = forms.CharField(label=_("What the unit registers"),
                              widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
