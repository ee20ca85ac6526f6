"""API shapes of campaigns, sessions, coverage and annual themes (see studies.api)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trienkhai.access.policy import Action, restrict
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit, UnitKind

from .models import (
    AbsenceReason,
    AnnualTheme,
    Audience,
    ConferenceLevel,
    SessionForm,
    StudyAbsence,
    StudyCampaign,
    StudyCoverage,
    StudySession,
    ThemeRegistration,
)


class ReadableRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record the user may read; others "do not exist", like missing
    ones, so a request body cannot probe for what the user may not see."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        assert queryset is not None
        request = self.context.get("request")
        return restrict(queryset, getattr(request, "user", None), Action.READ)


class VersionField(serializers.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=1, help_text=_(
            "The version you read; a newer stored version answers 409."), **kwargs)


# Campaigns -------------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer[StudyCampaign]):
    document_label = serializers.CharField(source="document.__str__", read_only=True)
    launched_by_name = serializers.CharField(source="launched_by.name", read_only=True)

    class Meta:
        model = StudyCampaign
        fields = ["id", "document", "document_label", "launched_by", "launched_by_name", "title",
                  "guidance", "required_kinds", "min_level", "max_level", "audiences",
                  "launched_on", "deadline", "threshold", "confidentiality", "version"]
        read_only_fields = fields


class CampaignCreateSerializer(serializers.Serializer[None]):
    document = ReadableRelatedField(queryset=Document.objects.all(), label=_("Document id"))
    launched_by = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    guidance = serializers.CharField(required=False, allow_blank=True)
    required_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitKind.choices), required=False)
    min_level = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    max_level = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices),
                                      min_length=1)
    launched_on = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField()
    threshold = serializers.DecimalField(max_digits=4, decimal_places=3, min_value=Decimal(0),
                                         max_value=Decimal(1), required=False)
    confidentiality = serializers.IntegerField(min_value=0, max_value=3, required=False)


class CoverageSerializer(serializers.ModelSerializer[StudyCoverage]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rate = serializers.FloatField(read_only=True, allow_null=True)
    not_held = serializers.IntegerField(read_only=True)

    class Meta:
        model = StudyCoverage
        fields = ["unit", "unit_name", "depth", "rate", "sub_members", "sub_attended",
                  "sub_units", "sub_held", "sub_on_time", "not_held", "sub_below",
                  "sub_sessions", "sub_make_ups", "sub_cadres", "sub_invited", "sub_absent",
                  "sub_assessments", "own_members", "own_attended", "own_units",
                  "own_first_held_on", "own_below"]
        read_only_fields = fields


class CampaignCoverageSerializer(serializers.Serializer[dict[str, Any]]):
    """The campaign page's figures: the unit, its children, the lagging counts."""

    campaign = serializers.IntegerField()
    unit = serializers.IntegerField()
    threshold = serializers.DecimalField(max_digits=4, decimal_places=3)
    deadline = serializers.DateField()
    coverage = CoverageSerializer(allow_null=True)
    children = CoverageSerializer(many=True)
    not_held_count = serializers.IntegerField()
    below_count = serializers.IntegerField()


class LaggingUnitSerializer(serializers.ModelSerializer[StudyCoverage]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    own_rate = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = StudyCoverage
        fields = ["unit", "unit_name", "own_members", "own_attended", "own_rate",
                  "own_first_held_on", "own_sessions"]
        read_only_fields = fields


# Sessions --------------------------------------------------------------------------------------


class AbsenceSerializer(serializers.ModelSerializer[StudyAbsence]):
    class Meta:
        model = StudyAbsence
        fields = ["reason", "count", "note"]


class AbsenceInputSerializer(serializers.Serializer[None]):
    reason = serializers.ChoiceField(choices=AbsenceReason.choices)
    count = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class SessionSerializer(serializers.ModelSerializer[StudySession]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    absences = AbsenceSerializer(many=True, read_only=True)

    class Meta:
        model = StudySession
        fields = ["id", "campaign", "unit", "unit_name", "held_on", "form", "connection_points",
                  "conference_level", "presenters", "cadres_attended", "members_attended",
                  "invited_attended", "members_absent", "absences", "is_make_up", "make_up_of",
                  "assessments_count", "notes", "version"]
        read_only_fields = fields


class _SessionFields(serializers.Serializer[None]):
    held_on = serializers.DateField()
    form = serializers.ChoiceField(choices=SessionForm.choices, required=False)
    connection_points = serializers.IntegerField(required=False)
    conference_level = serializers.ChoiceField(choices=ConferenceLevel.choices)
    presenters = serializers.CharField(required=False, allow_blank=True)
    # Negative numbers reach the service, which names the field in its message.
    cadres_attended = serializers.IntegerField(required=False)
    members_attended = serializers.IntegerField(required=False)
    invited_attended = serializers.IntegerField(required=False)
    absences = AbsenceInputSerializer(many=True, required=False)
    is_make_up = serializers.BooleanField(required=False)
    make_up_of = ReadableRelatedField(queryset=StudySession.objects.all(), required=False,
                                      allow_null=True)
    assessments_count = serializers.IntegerField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class SessionCreateSerializer(_SessionFields):
    campaign = ReadableRelatedField(queryset=StudyCampaign.objects.all(), label=_("Campaign id"))
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))


class SessionUpdateSerializer(_SessionFields):
    version = VersionField()


# Annual themes ---------------------------------------------------------------------------------


class ThemeSerializer(serializers.ModelSerializer[AnnualTheme]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = AnnualTheme
        fields = ["id", "document", "unit", "unit_name", "year", "title", "description",
                  "version"]
        read_only_fields = fields


class ThemeCreateSerializer(serializers.Serializer[None]):
    document = ReadableRelatedField(queryset=Document.objects.all(), label=_("Document id"))
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))
    year = serializers.IntegerField(min_value=1930, max_value=2100)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True)


class RegistrationSerializer(serializers.ModelSerializer[ThemeRegistration]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ThemeRegistration
        fields = ["id", "theme", "unit", "unit_name", "content", "version", "updated_at"]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer[None]):
    theme = ReadableRelatedField(queryset=AnnualTheme.objects.all(), label=_("Theme id"))
    unit = ReadableRelatedField(queryset=Unit.objects.all(), label=_("Unit id"))
    content = serializers.CharField()


class RegistrationUpdateSerializer(serializers.Serializer[None]):
    content = serializers.CharField()
    version = VersionField()
