from __future__ import annotations

from rest_framework import serializers

from trienkhai.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    action_label = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_label", "action", "action_label", "object_type",
                  "object_id", "object_repr", "changes", "request_id"]
        read_only_fields = fields
