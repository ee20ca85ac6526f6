from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer[None]):
    username = serializers.CharField(label=_("Username"), max_length=150)
    password = serializers.CharField(
        label=_("Password"), trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer[None]):
    token = serializers.CharField(read_only=True)


class ErrorSerializer(serializers.Serializer[None]):
    """The shape of every error answer (see api.errors)."""

    detail = serializers.CharField()
    # Named like Serializer.fields, which DRF's metaclass keeps from being shadowed.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
