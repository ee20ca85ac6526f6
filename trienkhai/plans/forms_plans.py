"""Forms of the plan, consultation and task pages. They read the input; services validate and
write (their errors go back on the fields with add_service_errors)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.access.policy import Action, restrict
from trienkhai.accounts.models import Clearance
from trienkhai.documents.models import Document
from trienkhai.units.models import Person, Unit
from trienkhai.units.models.tree import subtree_range

from .models import (
    AggregationRule,
    ConsultationInvite,
    Handling,
    IndicatorType,
    Plan,
    PlanKind,
    PlanSection,
    Recurrence,
    TaskKind,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def date_field(label: Any, required: bool = False, **kw: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}), **kw)




def drafting_units(user: Any) -> QuerySet[Unit]:
    """Units the user may draft plans for: those they write, to one level below their own
    (an administrator's whole subtree would make too long a list for a phone)."""
    qs = restrict(Unit.objects.all(), user, Action.WRITE).filter(
        dissolved_on__isnull=True, merged_into__isnull=True)
    own = getattr(user, "unit", None)
    if user.is_superuser:
        qs = qs.filter(depth__lte=2)
    elif own is not None:
        qs = qs.filter(depth__lte=own.depth + 1)
    return qs.order_by("path")


def units_near(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    """The unit and the active units directly below it (choices for owners and invitees)."""
    q = subtree_range(unit.path) & Q(depth=unit.depth + 1)
    if include_self:
        q |= Q(pk=unit.pk)
    return Unit.objects.filter(q, dissolved_on__isnull=True, merged_into__isnull=True
                               ).order_by("depth", "path")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class PlanForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Drafting unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices, initial=PlanKind.PLAN)
    title = forms.CharField(label=_("Name of the plan"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents implemented"), required=False, queryset=Document.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"))
    consultation_deadline = date_field(_("Comments due by"))
    confidentiality = forms.TypedChoiceField(label=_("Confidentiality level"), coerce=int,
                                             choices=Clearance.choices, initial=0)
    aggregation_rule = forms.ChoiceField(label=_("How progress is added up"),
                                         choices=AggregationRule.choices,
                                         initial=AggregationRule.WEIGHTED)
    remind_days_before = forms.IntegerField(label=_("Remind N days before the deadline"),
                                            min_value=0, max_value=365, initial=7)
    escalate_after_days = forms.IntegerField(label=_("Escalate after N days overdue"),
                                             min_value=0, max_value=365, initial=5)

    def __init__(self, *args: Any, user: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        if plan is not None:  # the drafting unit does not change
            del self.fields["unit"]
            unit = plan.unit
        else:
            unit_field.queryset = drafting_units(user)
            unit = None
        docs = self.fields["documents"]
        assert isinstance(docs, forms.ModelMultipleChoiceField)
        readable = restrict(Document.objects.all(), user, Action.READ)
        if unit is not None:
            paths = [*unit.ancestor_paths(), unit.path]
            readable = readable.filter(Q(issuer__path__in=paths) | Q(plans=plan))
        docs.queryset = readable.distinct().order_by("-signed_on", "-id")
        level = self.fields["confidentiality"]
        assert isinstance(level, forms.TypedChoiceField)
        clearance = int(getattr(user, "clearance", 0) or 0)
        level.choices = [(v, label) for v, label in Clearance.choices if v <= clearance]


class SectionForm(VersionedForm):
    heading = forms.CharField(label=_("Heading"), max_length=300)
    body = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}))
    position = forms.IntegerField(label=_("Order"), required=False, min_value=1)


class ConfirmForm(VersionedForm):
    """The confirmation step of an irreversible action: only the version travels."""


class OpenConsultationForm(VersionedForm):
    deadline = date_field(_("Comments due by"))


class AdoptForm(VersionedForm):
    adopted_on = date_field(_("Adopted on"), required=True)
    note = forms.CharField(label=_("What changed"), required=False, max_length=500)


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("Invitee"), required=False, max_length=300,
        help_text=_("A council, a unit or a person, as written, for example Hội đồng Lý luận "
                    "Thành ủy. Leave empty to use the unit or person chosen below."))
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    person = forms.ModelChoiceField(label=_("Person"), required=False,
                                    queryset=Person.objects.none())
    due_on = date_field(_("Comments due by"))

    def __init__(self, *args: Any, user: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = restrict(units_near(plan.unit), user, Action.READ)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = restrict(Person.objects.filter(unit=plan.unit), user, Action.READ)
        if plan.consultation_deadline and not self.is_bound:
            self.initial.setdefault("due_on", plan.consultation_deadline)


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), required=False,
                                     queryset=PlanSection.objects.none(),
                                     empty_label=_("The whole draft"))
    invite = forms.ModelChoiceField(label=_("From an invitee"), required=False,
                                    queryset=ConsultationInvite.objects.none())
    author = forms.CharField(label=_("Comment from"), required=False, max_length=300,
                             help_text=_("Leave empty to use the invitee's name."))
    received_on = date_field(_("Received on"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ModelChoiceField)
        section.queryset = plan.sections.order_by("position")
        invite = self.fields["invite"]
        assert isinstance(invite, forms.ModelChoiceField)
        invite.queryset = plan.invites.order_by("id")


class HandleForm(VersionedForm):
    handling = forms.ChoiceField(label=_("Handling"), choices=Handling.choices)
    response = forms.CharField(label=_("What was taken in, or the explanation"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))


class TaskForm(VersionedForm):
    title = forms.CharField(label=_("Task"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Kind of task"), choices=TaskKind.choices,
                             initial=TaskKind.REGULAR)
    owner_unit = forms.ModelChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Coordinating units"), required=False, queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}))
    lead_person = forms.ModelChoiceField(label=_("Person in charge"), required=False,
                                         queryset=Person.objects.none())
    start_date = date_field(_("Start"))
    deadline = date_field(_("Deadline"))
    recurrence = forms.ChoiceField(label=_("Reporting"), choices=Recurrence.choices,
                                   initial=Recurrence.NONE)
    indicator_type = forms.ChoiceField(label=_("Indicator"), choices=IndicatorType.choices,
                                       initial=IndicatorType.PERCENT)
    target_value = forms.DecimalField(
        label=_("Target"), required=False, max_digits=14, decimal_places=2,
        help_text=_("A percentage (at most 100), a number (for example 2 model practices a "
                    "year), or empty for a milestone."))
    measure = forms.CharField(label=_("Unit of measure"), required=False, max_length=50)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2,
                                initial=Decimal(1))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, plan: Plan, task: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        near = units_near(plan.unit)
        owner = self.fields["owner_unit"]
        assert isinstance(owner, forms.ModelChoiceField)
        if task is not None and task.parent_id is not None:
            del self.fields["owner_unit"]  # a cascaded task stays with its unit
            near = units_near(task.owner_unit)
        else:
            current = Q(pk=task.owner_unit_id) if task is not None else Q(pk__in=[])
            owner.queryset = Unit.objects.filter(Q(pk__in=near.values("pk")) | current
                                                 ).order_by("depth", "path")
        coordinating = self.fields["coordinating_units"]
        assert isinstance(coordinating, forms.ModelMultipleChoiceField)
        chosen = Q(pk__in=task.coordinating_units.values("pk")) if task else Q(pk__in=[])
        coordinating.queryset = Unit.objects.filter(
            Q(pk__in=near.values("pk")) | chosen).order_by("depth", "path")
        lead = self.fields["lead_person"]
        assert isinstance(lead, forms.ModelChoiceField)
        home = task.owner_unit if task is not None else plan.unit
        lead.queryset = restrict(Person.objects.filter(unit__in=[plan.unit, home]), user,
                                 Action.READ).order_by("sort_key")


class CascadeForm(forms.Form):
    """One checkbox and one optional share per unit directly below the task's owner unit."""

    def __init__(self, *args: Any, candidates: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for row in candidates:
            unit, sub = row["unit"], row["subtask"]
            self.fields[f"unit_{unit.pk}"] = forms.BooleanField(
                label=unit.name, required=False, initial=sub is not None)
            self.fields[f"share_{unit.pk}"] = forms.DecimalField(
                label=_("Share of the target"), required=False, min_value=Decimal(0),
                max_value=Decimal(1), max_digits=5, decimal_places=4,
                initial=sub.share if sub is not None else None,
                widget=forms.NumberInput(attrs={"step": "0.05", "min": 0, "max": 1}))

    def rows(self) -> list[dict[str, Any]]:
        return [{**row, "check": self[f"unit_{row['unit'].pk}"],
                 "share": self[f"share_{row['unit'].pk}"]} for row in self.candidates]

    def chosen(self) -> tuple[list[Unit], dict[int, Decimal | None]]:
        units: list[Unit] = []
        shares: dict[int, Decimal | None] = {}
        for row in self.candidates:
            unit = row["unit"]
            if self.cleaned_data.get(f"unit_{unit.pk}"):
                units.append(unit)
                shares[unit.pk] = self.cleaned_data.get(f"share_{unit.pk}")
        return units, shares

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"unit_{row['unit'].pk}") for row in self.candidates):
            raise ValidationError(_("Choose at least one unit."))
        return data
