"""Units: what a client reads, and what it may send to create, change, move or merge one."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trienkhai.units.models import Unit

from ..fields import ReadableRelatedField

# NAME_CLASH: the API field is called "parent", like Field.parent; DRF's serializer metaclass
# pops declared fields off the class, so nothing is shadowed at runtime, but mypy sees the
# class attribute.


class UnitSerializer(serializers.ModelSerializer[Unit]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # Annotated by the view's queryset (one subquery), so a list costs no query per row.
    parent = serializers.IntegerField(  # type: ignore[assignment]  # see NAME_CLASH
        source="parent_pk", read_only=True, allow_null=True, label=_("Parent unit id")
    )

    class Meta:
        model = Unit
        fields = [
            "id", "name", "short_name", "code", "kind", "kind_label", "depth", "parent",
            "party_member_count", "active_from", "dissolved_on", "merged_into", "version",
        ]
        read_only_fields = fields


class UnitCreateSerializer(serializers.ModelSerializer[Unit]):
    parent = ReadableRelatedField(  # type: ignore[assignment]  # see NAME_CLASH
        queryset=Unit.objects.all(), allow_null=True, label=_("Parent unit id")
    )

    class Meta:
        model = Unit
        fields = ["parent", "kind", "name", "short_name", "code", "party_member_count",
                  "active_from"]


class UnitUpdateSerializer(serializers.ModelSerializer[Unit]):
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text=_("The version you read; a newer stored version answers 409."),
    )

    class Meta:
        model = Unit
        fields = ["kind", "name", "short_name", "code", "party_member_count", "active_from",
                  "dissolved_on", "version"]


class UnitMoveSerializer(serializers.Serializer[None]):
    parent = ReadableRelatedField(  # type: ignore[assignment]  # see NAME_CLASH
        queryset=Unit.objects.all(), label=_("New parent unit id")
    )


class UnitMergeSerializer(serializers.Serializer[None]):
    into = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit merged into"))
    on_date = serializers.DateField(label=_("Merged on"))
