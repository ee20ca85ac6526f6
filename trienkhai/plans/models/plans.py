"""Action programmes and plans (chương trình / kế hoạch hành động), their frozen versions and the
consultation on drafts (lấy ý kiến; tiếp thu, giải trình)."""
from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    ACTION_PROGRAMME = "programme", _("Action programme")
    PLAN = "plan", _("Plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    AMENDED = "amended", _("Amended")  # adopted again after changes; a new frozen version
    CLOSED = "closed", _("Closed")


class AggregationRule(models.TextChoices):
    WEIGHTED = "weighted", _("Weighted by task weight")
    AVERAGE = "average", _("Simple average")
    INDICATOR_SUM = "indicator_sum", _("Sum of indicator values")


class Plan(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("drafting unit"), on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices,
                            default=PlanKind.PLAN)
    title = models.CharField(_("title"), max_length=500)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents implemented"), blank=True,
        related_name="plans",
    )
    # The registered document of the plan itself, once it is issued (optional).
    issued_as = models.ForeignKey(
        "documents.Document", verbose_name=_("issued as"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="issued_plans",
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    aggregation_rule = models.CharField(
        _("how progress is added up"), max_length=20, choices=AggregationRule.choices,
        default=AggregationRule.WEIGHTED,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    consultation_deadline = models.DateField(_("comments due by"), null=True, blank=True)
    # Reminder and escalation rules (days), used by the worker.
    remind_days_before = models.PositiveSmallIntegerField(_("remind N days before"), default=7)
    escalate_after_days = models.PositiveSmallIntegerField(_("escalate after N days"), default=5)
    adopted_version = models.PositiveIntegerField(_("adopted version"), default=0, editable=False)
    # Reopened for change after adoption (plan_amend); the next plan_adopt freezes the next
    # version and sets the status to "amended". The status stays adopted/amended meanwhile: the
    # version in force is still the last one frozen.
    amending = models.BooleanField(_("being amended"), default=False, editable=False)
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"), default=0)
    province_path = models.CharField(max_length=8, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plan_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanSection(models.Model):
    """A numbered part of the draft; consultation comments attach to one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="section_position_unique")
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def confidentiality(self) -> int:
        """The plan's level: this record's history is as classified as the plan (audit)."""
        return int(self.plan.confidentiality)


class PlanVersion(models.Model):
    """A frozen copy of the plan as adopted: sections and tasks, never changed afterwards."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    adopted_on = models.DateField(_("adopted on"))
    content = models.JSONField(_("content"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A frozen plan version is never changed.")
        super().save(*args, **kwargs)

    @property
    def confidentiality(self) -> int:
        """The plan's level: this record's history is as classified as the plan (audit)."""
        return int(self.plan.confidentiality)


class ConsultationInvite(models.Model):
    """Who is asked to comment: a unit, a council or a person, by a date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invites")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="consultation_invites", verbose_name=_("unit"))
    person = models.ForeignKey("units.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="consultation_invites", verbose_name=_("person"))
    name = models.CharField(_("invitee"), max_length=300)  # as written: "Hội đồng Lý luận"
    due_on = models.DateField(_("comments due by"))

    class Meta:
        verbose_name = _("consultation invitation")
        verbose_name_plural = _("consultation invitations")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def confidentiality(self) -> int:
        """The plan's level: this record's history is as classified as the plan (audit)."""
        return int(self.plan.confidentiality)


class Handling(models.TextChoices):
    PENDING = "pending", _("Not yet handled")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    EXPLAINED = "explained", _("Explained")


class ConsultationComment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(PlanSection, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="comments", verbose_name=_("section"))
    invite = models.ForeignKey(ConsultationInvite, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="comments",
                               verbose_name=_("from"))
    author = models.CharField(_("from"), max_length=300)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("comment"))
    handling = models.CharField(_("handling"), max_length=20, choices=Handling.choices,
                                default=Handling.PENDING)
    response = models.TextField(_("how it was handled"), blank=True)  # tiếp thu / giải trình
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["plan", "section__position", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"

    @property
    def confidentiality(self) -> int:
        """The plan's level: this record's history is as classified as the plan (audit)."""
        return int(self.plan.confidentiality)
