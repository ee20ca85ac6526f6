"""The names and titles check form: pasted text or a file, and an optional article date."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.names_check import input_message, text_from_paste, text_from_upload

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class NamesCheckForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the article"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label=_("Or a file (text, Word .docx, PDF or saved web page)"), required=False,
    )
    date = forms.DateField(
        label=_("Date of the article"), required=False, input_formats=DATE_FORMATS,
        help_text=_("Leave empty to read it from the article's dateline."),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in self.errors:
            return data  # Django's own message (an empty upload) is already on the field
        upload = data.get("file")
        field = "file" if upload else "text"
        try:
            if upload:
                data["article"] = text_from_upload(upload)
            else:
                data["article"] = text_from_paste(data.get("text") or "")
        except ExtractionInputError as err:
            self.add_error(field, input_message(err))
        return data
