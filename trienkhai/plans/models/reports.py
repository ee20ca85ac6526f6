"""Progress reports per task and period, the approved state of each task, the roll-up figures
kept current along the touched path, frozen period snapshots, and in-app notifications."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    LATE = "late", _("Late")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    DONE_LATE = "done_late", _("Done late")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ProgressReport(models.Model):
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="reports",
                             verbose_name=_("task"))
    # The task's owner unit, kept here for access checks and per-unit indexes.
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reports",
                             verbose_name=_("unit"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    period_label = models.CharField(_("period"), max_length=10)  # 2025-03, 2025-Q1, 2025-H1, 2025
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    percent = models.DecimalField(_("percent done"), max_digits=5, decimal_places=2, null=True,
                                  blank=True)
    value = models.DecimalField(_("indicator value"), max_digits=14, decimal_places=2,
                                null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    province_path = models.CharField(max_length=8, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "-period_start"]
        indexes = [
            models.Index(fields=["unit", "state", "period_end"], name="report_unit_state"),
            models.Index(fields=["province_path", "period_end"], name="report_province_period"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["task", "period_start"], name="report_task_period"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | (Q(percent__gte=0) & Q(percent__lte=100)),
                name="report_percent_0_100",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="report_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period_label}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence",
                               verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)  # sniffed from the bytes
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class TaskProgress(models.Model):
    """The task's state from its latest APPROVED report: only approved figures count upward."""

    task = models.OneToOneField("plans.Task", primary_key=True, on_delete=models.CASCADE,
                                related_name="progress")
    report = models.ForeignKey(ProgressReport, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    status = models.CharField(max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.NOT_STARTED)
    percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    period_end = models.DateField(null=True)
    approved_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.status} {self.percent}%"


class RollupFigure(models.Model):
    """Figures for a unit's whole subtree, for one plan or for one document (all plans that
    implement it). Kept current incrementally: approving a report updates only the rows of the
    task's owner unit and its ancestors."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    tasks_total = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    tasks_overdue = models.PositiveIntegerField(default=0)
    tasks_at_risk = models.PositiveIntegerField(default=0)
    weight_total = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    weighted_percent = models.DecimalField(max_digits=20, decimal_places=4, default=0)  # Σ w·p
    percent_sum = models.DecimalField(max_digits=20, decimal_places=4, default=0)  # Σ p
    value_sum = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "plan"], condition=Q(plan__isnull=False),
                                    name="rollup_unit_plan"),
            models.UniqueConstraint(fields=["unit", "document"],
                                    condition=Q(document__isnull=False),
                                    name="rollup_unit_document"),
            models.CheckConstraint(
                condition=Q(plan__isnull=False) ^ Q(document__isnull=False),
                name="rollup_plan_xor_document",
            ),
        ]

    def __str__(self) -> str:
        scope = self.plan_id or self.document_id
        return f"{self.unit_id}/{scope}: {self.tasks_done}/{self.tasks_total}"


class Snapshot(models.Model):
    """Figures frozen at the end of a period, so trends are history, not recomputation."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    period_label = models.CharField(max_length=10)
    period_end = models.DateField()
    figures = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "period_end"]
        indexes = [models.Index(fields=["unit", "plan", "period_end"], name="snapshot_unit_plan")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "plan", "document", "period_label"],
                                    name="snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_label}"


class Notification(models.Model):
    """An in-app reminder or escalation (also e-mailed); `key` makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(max_length=30)  # reminder, overdue, missing_report, escalation
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    message = models.TextField()
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:60]}"
