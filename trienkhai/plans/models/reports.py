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
    status = models.CharField(_("reported status"), max_length=20, choices=ReportStatus.choices)
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

    @property
    def confidentiality(self) -> int:
        """The plan's level: the report's history is as classified as the plan (audit)."""
        return int(self.task.plan.confidentiality)


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
    """The task's state from its latest APPROVED report: only approved figures count upward.

    `percent` is the effective percentage (for a count or milestone task, the value against the
    target; 100 once done), so plans mixing kinds of task can still be averaged. `overdue` is
    set by the daily job (services.rollup.overdue_refresh) once the deadline has passed and the
    task is not done, and cleared when a report marking it done is approved.
    """

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
    overdue = models.BooleanField(default=False)
    # Copies of the task's plan, deadline and owner unit path (kept by services.rollup), so
    # that one small partial index answers "the first overdue tasks of this subtree".
    plan = models.ForeignKey("plans.Plan", null=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, db_index=False, related_name="+")
    deadline = models.DateField(null=True)
    owner_path = models.CharField(max_length=255, default="")

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        indexes = [
            models.Index(fields=["deadline", "owner_path", "plan"], name="progress_overdue",
                         condition=Q(overdue=True)),
            # The tasks of a subtree in tree order ("how this is computed").
            models.Index(fields=["owner_path", "plan"], name="progress_owner_path"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.status} {self.percent}%"


class FigureColumns(models.Model):
    """The additive figures of a roll-up: counts and sums, never ratios (those are computed at
    read time by the plan's rule, see selectors.dashboard.Figures)."""

    tasks_total = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    tasks_overdue = models.PositiveIntegerField(default=0)
    tasks_at_risk = models.PositiveIntegerField(default=0)
    weight_total = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    weighted_percent = models.DecimalField(max_digits=20, decimal_places=4, default=0)  # Σ w·p
    percent_sum = models.DecimalField(max_digits=20, decimal_places=4, default=0)  # Σ p
    value_sum = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    class Meta:
        abstract = True


FIGURE_COLUMNS = ("tasks_total", "tasks_done", "tasks_overdue", "tasks_at_risk", "weight_total",
                  "weighted_percent", "percent_sum", "value_sum")


class RollupFigure(FigureColumns):
    """Figures for a unit's whole subtree, for one plan or for one document (all plans that
    reach it, see RollupLink). Kept current incrementally: approving a report updates only the
    rows of the task's owner unit and its ancestors (services.rollup)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
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
        scope = f"plan {self.plan_id}" if self.plan_id else f"document {self.document_id}"
        return f"unit {self.unit_id} · {scope}: {self.tasks_done}/{self.tasks_total}"


class RollupLink(models.Model):
    """A document whose roll-up counts this plan's tasks: every document the plan implements,
    and through "implements" relations the documents those implement, up the cascade. A plan
    more classified than the document is not linked, so a document's figures never count what
    its readers may not see. Rebuilt by services.rollup.rollup_links_refresh."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE,
                                 related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "document"], name="rollup_link_unique"),
        ]
        indexes = [models.Index(fields=["document", "plan"], name="rollup_link_document")]

    def __str__(self) -> str:
        return f"plan {self.plan_id} → document {self.document_id}"


class Snapshot(FigureColumns):
    """Roll-up figures frozen at the end of a period (2025-03, 2025-Q1, 2025-H1, 2025), so
    trends are history, not recomputation. Frozen once per period label (services.snapshots)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    period_label = models.CharField(max_length=10)
    period_end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "period_end"]
        indexes = [
            models.Index(fields=["unit", "plan", "period_end"], name="snapshot_unit_plan"),
            models.Index(fields=["unit", "document", "period_end"], name="snapshot_unit_document"),
        ]
        constraints = [
            # NULLs are distinct in a unique index: one constraint per kind of scope.
            models.UniqueConstraint(fields=["unit", "plan", "period_label"],
                                    condition=Q(plan__isnull=False), name="snapshot_plan_once"),
            models.UniqueConstraint(fields=["unit", "document", "period_label"],
                                    condition=Q(document__isnull=False),
                                    name="snapshot_document_once"),
            models.CheckConstraint(
                condition=Q(plan__isnull=False) ^ Q(document__isnull=False),
                name="snapshot_plan_xor_document",
            ),
        ]

    def __str__(self) -> str:
        scope = f"plan {self.plan_id}" if self.plan_id else f"document {self.document_id}"
        return f"unit {self.unit_id} · {scope} · {self.period_label}"


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline approaching")
    REPORT_DUE = "report_due", _("Report due")
    OVERDUE = "overdue", _("Overdue")
    MISSING_REPORT = "missing_report", _("Missing report")
    ESCALATION = "escalation", _("Escalation")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    REPORT_RETURNED = "report_returned", _("Report returned")


class Notification(models.Model):
    """An in-app reminder or escalation (also e-mailed); `key` makes sending idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    message = models.TextField()
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_new")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:60]}"
