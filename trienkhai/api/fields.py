"""Serializer fields that only accept records the requesting user may read."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from trienkhai.access.policy import Action, restrict


class ReadableRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record in the user's read scope.

    Out-of-scope ids get the same "does not exist" message as missing ones, so a body cannot be
    used to probe for records the user may not see.
    """

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        assert queryset is not None  # every use passes queryset=
        request = self.context.get("request")
        return restrict(queryset, getattr(request, "user", None), Action.READ)
