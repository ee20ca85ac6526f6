"""Errors services raise; views and the API turn them into messages on the right field."""
from __future__ import annotations

from django.core.exceptions import ValidationError

__all__ = ["ConflictError", "NotFound", "ValidationError"]


class NotFound(Exception):
    """Missing or out of the user's scope: the same answer for both (a 404)."""


class ConflictError(Exception):
    """A concurrent edit: someone saved the record after the user opened it."""
