"""Forms of the session, press item and article pages. They read the input; services validate
and write (their errors go back on the fields with add_service_errors)."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.access.policy import Action, restrict
from trienkhai.accounts.models import Clearance
from trienkhai.documents.models import Document
from trienkhai.plans.forms_plans import date_field, drafting_units
from trienkhai.plans.models import Plan
from trienkhai.units.models import Person, Unit
from trienkhai.web.formtools import add_service_errors

__all__ = ["ArticleForm", "AttendeeForm", "ConclusionForm", "ConclusionTaskForm",
           "PressItemForm", "SessionCreateForm", "SessionForm", "add_service_errors",
           "visiting_units"]


def visiting_units() -> QuerySet[Unit]:
    """Units that visit others to work with them: the central bodies and commissions and the
    provincial committees (two levels of the tree), including those dissolved since."""
    return Unit.objects.filter(depth__lte=2).order_by("path")


def _levels(field: forms.Field, user: Any) -> None:
    assert isinstance(field, forms.TypedChoiceField)
    clearance = int(getattr(user, "clearance", 0) or 0)
    field.choices = [(v, label) for v, label in Clearance.choices if v <= clearance]


class ArticleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Record it in the unit"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("Text of the article"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}), strip=False)
    file = forms.FileField(label=_("Or a file"), required=False,
                           help_text=_("Text, Word (.docx), PDF with text or a saved web page; "
                                       "at most 5 MB."))
    article_date = date_field(_("Date of the article"),
                              help_text=_("Leave empty to read it from the article."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = drafting_units(user)
        own = getattr(user, "unit", None)
        if own is not None and not self.is_bound:
            self.initial.setdefault("unit", own.pk)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class SessionForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    held_on = date_field(_("Held on"), required=True)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    visiting_unit = forms.ModelChoiceField(label=_("Visiting unit"), required=False,
                                           queryset=Unit.objects.none())
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    confidentiality = forms.TypedChoiceField(label=_("Confidentiality level"), coerce=int,
                                             choices=Clearance.choices, initial=0)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["visiting_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visiting_units()
        _levels(self.fields["confidentiality"], user)


class PressItemForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=500,
                            widget=forms.Textarea(attrs={"rows": 2}))
    outlet = forms.CharField(label=_("Newspaper or website"), max_length=200, required=False)
    url = forms.URLField(label=_("Address (URL)"), max_length=1000, required=False,
                         assume_scheme="https")
    published_on = date_field(_("Published on"))
    confidentiality = forms.TypedChoiceField(label=_("Confidentiality level"), coerce=int,
                                             choices=Clearance.choices, initial=0)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _levels(self.fields["confidentiality"], user)


def _discussable_documents(user: Any, session: Any = None) -> Any:
    """Readable documents issued by the user's unit or the units above it (and, on an edit,
    those the session already links)."""
    own = getattr(user, "unit", None)
    paths = [*own.ancestor_paths(), own.path] if own is not None else []
    condition = Q(issuer__path__in=paths)
    if session is not None:
        condition |= Q(working_sessions=session)
    return restrict(Document.objects.filter(condition).distinct(), user,
                    Action.READ).order_by("-signed_on", "-id")


class SessionEditForm(SessionForm):
    """Edit a session, its documents included. Links to documents the user cannot read are not
    offered and are kept as they are."""

    documents = forms.ModelMultipleChoiceField(
        label=_("Documents discussed"), required=False, queryset=Document.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args: Any, user: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        docs = self.fields["documents"]
        assert isinstance(docs, forms.ModelMultipleChoiceField)
        docs.queryset = _discussable_documents(user, session)
        readable = restrict(session.documents.all(), user, Action.READ)
        self.hidden_documents = list(session.documents.exclude(pk__in=readable.values("pk")))
        if not self.is_bound:
            self.initial["documents"] = list(readable.values_list("pk", flat=True))

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data["documents"] = [*(data.get("documents") or []), *self.hidden_documents]
        return data


class SessionCreateForm(SessionForm):
    """A new session: its host unit among those the user writes, and the documents discussed
    among the readable documents issued by the user's unit or the units above it."""

    unit = forms.ModelChoiceField(label=_("Host unit"), queryset=Unit.objects.none())
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents discussed"), required=False, queryset=Document.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    field_order = ["unit", "title", "held_on", "place", "visiting_unit", "summary",
                   "confidentiality", "documents"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = drafting_units(user)
        docs = self.fields["documents"]
        assert isinstance(docs, forms.ModelMultipleChoiceField)
        docs.queryset = _discussable_documents(user)

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data["documents"] = list(data.get("documents") or [])
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.unit.name})"


class AttendeeForm(forms.Form):
    """An attendee: a registered person, or a name typed as written, with the title of that
    day. The name defaults to the person's."""

    person = PersonChoiceField(label=_("Person in the registry"), required=False,
                               queryset=Person.objects.none(), empty_label=_("Not linked"))
    name = forms.CharField(label=_("Name as written"), max_length=200, required=False,
                           help_text=_("Leave empty to use the registered person's name."))
    title = forms.CharField(label=_("Title as written"), max_length=500, required=False,
                            help_text=_("The title on the day of the session."))

    def __init__(self, *args: Any, people: QuerySet[Person] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:  # linked to a person the user does not read: the link stays
            del self.fields["person"]
            return
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("person")
        if not data.get("name"):
            if person is not None:
                data["name"] = person.full_name
            elif "name" not in self.errors:
                self.add_error("name", _("Type the name as written, or choose a person."))
        return data


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = date_field(_("Deadline"))
    owner_unit = forms.ModelChoiceField(label=_("Unit in charge"), required=False,
                                        queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class ConclusionTaskForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan for the task"), required=False,
                                  queryset=Plan.objects.none(),
                                  empty_label=_("A new draft plan"))

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plans
