"""People, the positions they hold and the units they are in charge of."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trienkhai.units.models import OversightAssignment, Person, Position, Unit

from ..fields import ReadableRelatedField


class PersonSerializer(serializers.ModelSerializer[Person]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    current_titles = serializers.SerializerMethodField(label=_("Current titles"))

    class Meta:
        model = Person
        fields = ["id", "full_name", "unit", "unit_name", "birth_year", "note",
                  "current_titles", "version"]
        read_only_fields = fields

    def get_current_titles(self, person: Person) -> list[str]:
        # Prefetched by the view (positions held today, in the user's scope).
        return [position.title for position in getattr(person, "current_positions", [])]


class PersonCreateSerializer(serializers.ModelSerializer[Person]):
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))

    class Meta:
        model = Person
        fields = ["full_name", "unit", "birth_year", "note"]


class PersonUpdateSerializer(PersonCreateSerializer):
    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text=_("The version you read; a newer stored version answers 409."),
    )

    class Meta(PersonCreateSerializer.Meta):
        fields = [*PersonCreateSerializer.Meta.fields, "version"]


class PositionSerializer(serializers.ModelSerializer[Position]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "person", "person_name", "unit", "unit_name", "title", "start_date",
                  "end_date"]
        read_only_fields = fields


class PositionCreateSerializer(serializers.ModelSerializer[Position]):
    person = ReadableRelatedField(queryset=Person.objects.all(), label=_("Person id"))
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))

    class Meta:
        model = Position
        fields = ["person", "unit", "title", "start_date", "end_date"]


class PositionEndSerializer(serializers.Serializer[None]):
    end_date = serializers.DateField(label=_("to"))


class OversightSerializer(serializers.ModelSerializer[OversightAssignment]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    assigned_by_name = serializers.CharField(source="assigned_by.name", read_only=True)

    class Meta:
        model = OversightAssignment
        fields = ["id", "person", "person_name", "unit", "unit_name", "assigned_by",
                  "assigned_by_name", "start_date", "end_date", "note"]
        read_only_fields = fields


class OversightCreateSerializer(serializers.ModelSerializer[OversightAssignment]):
    person = ReadableRelatedField(queryset=Person.objects.all(), label=_("Person id"))
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))
    assigned_by = ReadableRelatedField(
        queryset=Unit.objects.all(), label=_("Assigning unit id")
    )

    class Meta:
        model = OversightAssignment
        fields = ["person", "unit", "assigned_by", "start_date", "end_date", "note"]
