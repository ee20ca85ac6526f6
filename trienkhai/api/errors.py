"""API errors in one shape: {"detail": ..., "fields": {name: [messages]}}.

Services raise Django's ValidationError (from full_clean or their own rules) and ConflictError;
serializers raise DRF's ValidationError. Both reach the client the same way, so a form can put
every message next to its field whichever layer found the problem.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from trienkhai.core.errors import ConflictError

INVALID = _("Some fields are not valid.")


def _invalid(fields: dict[str, Any]) -> Response:
    return Response({"detail": INVALID, "fields": fields}, status=status.HTTP_400_BAD_REQUEST)


def _django_fields(exc: DjangoValidationError) -> dict[str, Any]:
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return {non_field: exc.messages}
    return {
        (non_field if name == NON_FIELD_ERRORS else name): messages
        for name, messages in exc.message_dict.items()
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return _invalid(_django_fields(exc))
    if isinstance(exc, DRFValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            return _invalid(dict(detail))
        messages = detail if isinstance(detail, list) else [detail]
        return _invalid({api_settings.NON_FIELD_ERRORS_KEY: messages})
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = gettext("The request is too large: at most %(limit)s MB.") % {"limit": limit}
        return Response({"detail": message}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ConflictError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
