"""Tasks of a plan, cascaded down the tree: a task assigned to child units becomes their
sub-tasks, each optionally with a share of the target."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    KEY = "key", _("Key task")
    BREAKTHROUGH = "breakthrough", _("Breakthrough task")
    REGULAR = "regular", _("Regular task")


class Recurrence(models.TextChoices):
    NONE = "none", _("Once, by the deadline")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class IndicatorType(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")  # "at least 2 model practices a year"
    MILESTONE = "milestone", _("Milestone (yes/no)")  # "basically complete by 2030"


class Task(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="tasks",
                             verbose_name=_("plan"))
    # The task this one was cascaded from (the parent unit's task).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="subtasks", verbose_name=_("assigned from"))
    owner_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="tasks",
                                   verbose_name=_("owner unit"))
    coordinating_units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="coordinated_tasks",
        verbose_name=_("coordinating units"),
    )
    lead_person = models.ForeignKey("units.Person", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="led_tasks",
                                    verbose_name=_("lead person"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices,
                            default=TaskKind.REGULAR)
    start_date = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    recurrence = models.CharField(_("reporting"), max_length=20, choices=Recurrence.choices,
                                  default=Recurrence.NONE)
    indicator_type = models.CharField(_("indicator"), max_length=20,
                                      choices=IndicatorType.choices,
                                      default=IndicatorType.PERCENT)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True,
                                       blank=True)
    measure = models.CharField(_("unit of measure"), max_length=50, blank=True)  # "mô hình"
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    # Share of the parent task's target given to this unit (0..1), when cascaded with shares.
    share = models.DecimalField(_("share of the target"), max_digits=5, decimal_places=4,
                                null=True, blank=True)
    province_path = models.CharField(max_length=8, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "id"]
        indexes = [
            models.Index(fields=["owner_unit", "plan"], name="task_owner_plan"),
            models.Index(fields=["deadline"], name="task_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="task_weight_positive"),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=1)),
                name="task_share_in_range",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(start_date__isnull=True)
                | Q(deadline__gte=models.F("start_date")),
                name="task_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def confidentiality(self) -> int:
        """The plan's level: this record's history is as classified as the plan (audit)."""
        return int(self.plan.confidentiality)
