"""Forms of the registry pages. They only read the input; the services validate and write."""
from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.access.policy import Action, restrict
from trienkhai.units.models import Unit

from .models import Confidentiality, DocumentStatus, DocumentType, RelationKind

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
ANY = [("", _("Any"))]




def issuer_choices(user: Any) -> QuerySet[Unit]:
    """Units the user may issue for: those they write, down to one level below their own.

    (An administrator of a province writes thousands of units; a select of them all would be
    too heavy for a phone, and documents are issued by committees near the top.)
    """
    qs = restrict(Unit.objects.all(), user, Action.WRITE)
    own = getattr(user, "unit", None)
    if own is not None and not user.is_superuser:
        qs = qs.filter(depth__lte=own.depth + 1)
    elif user.is_superuser:
        qs = qs.filter(depth__lte=2)
    return qs.filter(dissolved_on__isnull=True).order_by("path")


def confidentiality_choices(user: Any) -> list[tuple[int, Any]]:
    """Nobody may file a document above their own clearance: they could no longer read it."""
    clearance = int(getattr(user, "clearance", 0) or 0)
    return [(value, label) for value, label in Confidentiality.choices if value <= clearance]


class DocumentForm(forms.Form):
    symbol = forms.CharField(
        label=_("Number and symbol"), required=False, max_length=120,
        help_text=_("As printed, for example 01-KL/TW or 15/CT-TTg; leave empty if it has none."),
    )
    doc_type = forms.ChoiceField(
        label=_("Type of document"), required=False,
        choices=[("", _("From the symbol")), *DocumentType.choices],
    )
    issuer = forms.ModelChoiceField(label=_("Issuing body"), queryset=Unit.objects.none())
    signed_on = forms.DateField(
        label=_("Date issued"), input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    term = forms.CharField(label=_("Term"), required=False, max_length=20,
                           help_text=_("The committee's term, for example XIII."))
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    excerpt = forms.CharField(label=_("Excerpt"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    signer_name = forms.CharField(label=_("Signed by"), required=False, max_length=200)
    confidentiality = forms.TypedChoiceField(label=_("Confidentiality level"), coerce=int,
                                             choices=Confidentiality.choices, initial=0)
    status = forms.ChoiceField(label=_("Validity"), choices=DocumentStatus.choices,
                               initial=DocumentStatus.IN_FORCE)
    full_text = forms.CharField(label=_("Full text"), required=False,
                                widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, current_issuer: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        issuer = self.fields["issuer"]
        assert isinstance(issuer, forms.ModelChoiceField)
        choices = issuer_choices(user)
        if current_issuer is not None:  # a document issued deeper down keeps its issuer
            choices = choices | restrict(Unit.objects.filter(pk=current_issuer), user,
                                         Action.WRITE)
        issuer.queryset = choices
        level = self.fields["confidentiality"]
        assert isinstance(level, forms.TypedChoiceField)
        level.choices = confidentiality_choices(user)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class DocumentFilterForm(forms.Form):
    """The list's search box and filters (GET); invalid values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type of document"), required=False,
                             choices=[*ANY, *DocumentType.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    term = forms.CharField(label=_("Term"), required=False, max_length=20)
    status = forms.ChoiceField(label=_("Validity"), required=False,
                               choices=[*ANY, *DocumentStatus.choices])
    issuer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"doc_type": data.get("type") or None, "year": data.get("year"),
                "term": data.get("term") or None, "status": data.get("status") or None,
                "issuer": data.get("issuer"), "unit": data.get("unit")}


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=RelationKind.choices)
    target = forms.CharField(
        label=_("Related document"), max_length=120,
        help_text=_("Its number and symbol (01-KL/TW), or its record number (#12)."),
    )
    target_date = forms.DateField(
        label=_("Its date issued"), required=False, input_formats=DATE_FORMATS,
        help_text=_("Only needed when several documents share the symbol."),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX or TXT)"))
