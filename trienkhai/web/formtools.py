"""What every app's form views share: service errors onto fields, and the rows of a conflict."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_service_errors(form: forms.Form, error: ValidationError,
                       aliases: Mapping[str, str] | None = None) -> None:
    """Put a service's errors on the form's fields (on the form when it has no such field).
    `aliases` maps a service field to the form field that edits it."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = (aliases or {}).get(name, name)
            form.add_error(target if target in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def conflict_rows(form: Any, current: Any, names: Iterable[str]) -> list[tuple[str, Any]]:
    """The fields someone else saved differently from what the user typed: (label, saved)."""
    rows = []
    for name in names:
        if name not in form.fields or name not in form.cleaned_data:
            continue
        saved = getattr(current, name)
        if saved != form.cleaned_data[name]:
            shown = getattr(current, f"get_{name}_display", lambda v=saved: v)()
            rows.append((str(form.fields[name].label), shown))
    return rows


def keep_typing_after_conflict(request: HttpRequest, form: Any, error: Exception,
                               current_version: int) -> None:
    """After a ConflictError: the message on the form, the user's text kept, and the stored
    version taken, so that saving again is a deliberate overwrite."""
    form.add_error(None, str(error))
    data = request.POST.copy()
    data["version"] = str(current_version)
    form.data = data
