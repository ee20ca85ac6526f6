"""Forms of the report pages. They only read the input; services.reports validates and writes
(so the web, the API and imports give the same messages on the same fields)."""
from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trienkhai.web.formtools import add_service_errors as add_form_errors

from .models import IndicatorType, ProgressReport, ReportStatus, Task
from .periods import period_states


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]




class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    # localize: "35,5" in Vietnamese, "35.5" in English.
    percent = forms.DecimalField(label=_("Percent done"), required=False, localize=True,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    value = forms.DecimalField(label=_("Value reached"), required=False, localize=True,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    narrative = forms.CharField(label=_("What was done; what holds it back"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}))
    evidence = MultipleFileField(
        label=_("Evidence files"), required=False,
        help_text=_("PDF, DOCX, plain text, JPEG or PNG; several files may be chosen."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, task: Task, today: datetime.date, editing: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["period"]
        else:
            states = period_states(task, ProgressReport.objects.filter(task=task), today=today)
            period: Any = self.fields["period"]
            period.choices = [("", "—")] + [
                (s.period.label, s.period.label) for s in states if s.can_report]
        if task.indicator_type == IndicatorType.PERCENT:
            del self.fields["value"]
        else:
            del self.fields["percent"]
            measure = task.measure or task.get_indicator_type_display()
            self.fields["value"].label = _("Value reached (%(measure)s)") % {"measure": measure}
            if task.indicator_type == IndicatorType.MILESTONE:
                self.fields["value"].help_text = _("1 when reached, 0 when not yet.")
            elif task.target_value is not None:
                self.fields["value"].help_text = _("Target: %(target)s") % {
                    "target": task.target_value}

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {"status": data["status"], "narrative": data.get("narrative", "")}
        for name in ("percent", "value"):
            if name in self.fields:
                fields[name] = data.get(name)
        return fields


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), required=False)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A report's period errors belong on its one period field."""
    add_form_errors(form, error, {"period_start": "period", "period_end": "period"})
