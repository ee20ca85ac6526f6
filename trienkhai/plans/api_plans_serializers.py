"""Serializers of the plan, consultation and task endpoints (api_plans).

Output serializers describe rows; input serializers only read the body: references are
ReadableRelatedField (an id the user may not read "does not exist", like a missing one) and
services do the validation that matters.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trienkhai.accounts.models import Clearance
from trienkhai.api.fields import ReadableRelatedField
from trienkhai.documents.models import Document
from trienkhai.units.models import Person, Unit

from .models import (
    AggregationRule,
    ConsultationComment,
    ConsultationInvite,
    Handling,
    IndicatorType,
    Plan,
    PlanKind,
    PlanSection,
    PlanVersion,
    Recurrence,
    Task,
    TaskKind,
)

# --- output ---------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer[Plan]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "unit", "unit_name", "kind", "title", "documents", "issued_as",
                  "status", "amending", "adopted_version", "start_date", "end_date",
                  "consultation_deadline", "aggregation_rule", "remind_days_before",
                  "escalate_after_days", "confidentiality", "province_path", "version",
                  "created_at"]
        read_only_fields = fields

    def get_documents(self, plan: Plan) -> list[int]:
        # Prefetched with only the documents the user may read (PlanViewSet.get_queryset).
        return [d.pk for d in plan.documents.all()]


class PlanVersionSerializer(serializers.ModelSerializer[PlanVersion]):
    class Meta:
        model = PlanVersion
        fields = ["number", "adopted_on", "note", "content", "created_at"]
        read_only_fields = fields


class PlanVersionListSerializer(serializers.ModelSerializer[PlanVersion]):
    class Meta:
        model = PlanVersion
        fields = ["number", "adopted_on", "note", "created_at"]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer[PlanSection]):
    class Meta:
        model = PlanSection
        fields = ["id", "plan", "position", "heading", "body", "version"]
        read_only_fields = fields


class InviteSerializer(serializers.ModelSerializer[ConsultationInvite]):
    class Meta:
        model = ConsultationInvite
        fields = ["id", "plan", "name", "unit", "person", "due_on"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer[ConsultationComment]):
    class Meta:
        model = ConsultationComment
        fields = ["id", "plan", "section", "invite", "author", "received_on", "text",
                  "handling", "response", "version"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer[Task]):
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    coordinating_units = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "plan", "parent", "owner_unit", "owner_unit_name",
                  "coordinating_units", "lead_person", "title", "description", "kind",
                  "start_date", "deadline", "recurrence", "indicator_type", "target_value",
                  "measure", "weight", "share", "province_path", "version", "created_at"]
        read_only_fields = fields

    def get_coordinating_units(self, task: Task) -> list[int]:
        return [u.pk for u in task.coordinating_units.all()]


# --- input ----------------------------------------------------------------------------------


def _readable(model: type[Any], **kw: Any) -> ReadableRelatedField:
    return ReadableRelatedField(queryset=model._default_manager.all(), **kw)


class PlanWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PlanKind.choices, required=False)
    title = serializers.CharField(max_length=500, required=False)
    documents = _readable(Document, many=True, required=False)
    issued_as = _readable(Document, required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    consultation_deadline = serializers.DateField(required=False, allow_null=True)
    aggregation_rule = serializers.ChoiceField(choices=AggregationRule.choices, required=False)
    remind_days_before = serializers.IntegerField(min_value=0, max_value=365, required=False)
    escalate_after_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False)
    version = serializers.IntegerField(required=False)

    def validate_confidentiality(self, value: int) -> int:
        """Nobody files a plan above their own clearance: they could no longer read it."""
        request = self.context.get("request")
        clearance = int(getattr(getattr(request, "user", None), "clearance", 0) or 0)
        if int(value) > clearance:
            raise serializers.ValidationError(_("Choose a level you are cleared for."))
        return int(value)


class PlanCreateSerializer(PlanWriteSerializer):
    unit = _readable(Unit)
    title = serializers.CharField(max_length=500)


class TransitionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False)


class OpenConsultationSerializer(TransitionSerializer):
    deadline = serializers.DateField(required=False, allow_null=True)


class AdoptSerializer(TransitionSerializer):
    adopted_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SectionCreateSerializer(serializers.Serializer[Any]):
    plan = _readable(Plan)
    heading = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class SectionUpdateSerializer(serializers.Serializer[Any]):
    heading = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=1, required=False)
    version = serializers.IntegerField(required=False)


class InviteCreateSerializer(serializers.Serializer[Any]):
    plan = _readable(Plan)
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    unit = _readable(Unit, required=False, allow_null=True)
    person = _readable(Person, required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class CommentCreateSerializer(serializers.Serializer[Any]):
    plan = _readable(Plan)
    section = _readable(PlanSection, required=False, allow_null=True)
    invite = _readable(ConsultationInvite, required=False, allow_null=True)
    author = serializers.CharField(max_length=300, required=False, allow_blank=True)
    received_on = serializers.DateField(required=False, allow_null=True)
    text = serializers.CharField()


class HandleSerializer(serializers.Serializer[Any]):
    handling = serializers.ChoiceField(choices=Handling.choices)
    response = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class TaskWriteSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=TaskKind.choices, required=False)
    owner_unit = _readable(Unit, required=False)
    coordinating_units = _readable(Unit, many=True, required=False)
    lead_person = _readable(Person, required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False)
    indicator_type = serializers.ChoiceField(choices=IndicatorType.choices, required=False)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                            allow_null=True)
    measure = serializers.CharField(max_length=50, required=False, allow_blank=True)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    version = serializers.IntegerField(required=False)


class TaskCreateSerializer(TaskWriteSerializer):
    plan = _readable(Plan)
    owner_unit = _readable(Unit)
    title = serializers.CharField(max_length=500)


class CascadeItemSerializer(serializers.Serializer[Any]):
    unit = _readable(Unit)
    share = serializers.DecimalField(max_digits=6, decimal_places=4, required=False,
                                     allow_null=True)


class CascadeSerializer(serializers.Serializer[Any]):
    units = CascadeItemSerializer(many=True)


class DiffQuerySerializer(serializers.Serializer[Any]):
    # "from" is a Python keyword: declared in __init__.
    to = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = serializers.IntegerField(min_value=1)
