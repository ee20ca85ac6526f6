"""How a figure is computed (cách tính): what it includes and excludes, the rule, the arithmetic.

The totals come from the same roll-up row the dashboard shows; the lists (tasks counted, reports
not counted yet, reports replaced by a later one, plans counted) show the first rows of each
(the reports: those of the tasks listed), so the page stays light for the whole country.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from trienkhai.access.policy import Action, restrict
from trienkhai.units.models.tree import subtree_range

from ..models import (
    AggregationRule,
    Plan,
    ProgressReport,
    ReportState,
    RollupLink,
    Task,
    TaskProgress,
)
from .dashboard import Figures, Scope, scope_figures

LIST_ROWS = 50


@dataclass(frozen=True)
class TaskLine:
    task: Task
    weight: Decimal
    percent: Decimal  # what it counts for
    status: str
    report: ProgressReport | None

    @property
    def product(self) -> Decimal:
        return self.weight * self.percent


@dataclass
class Explanation:
    figures: Figures
    rule_label: str
    arithmetic: str
    includes: list[str] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)
    pending: list[ProgressReport] = field(default_factory=list)
    superseded: list[ProgressReport] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    plans_total: int = 0
    withheld_plans: int = 0

    @property
    def tasks_not_shown(self) -> int:
        return max(0, self.figures.tasks_total - len(self.tasks))

    def as_dict(self) -> dict[str, Any]:
        return {
            "figures": self.figures.as_dict(), "rule": self.rule_label,
            "arithmetic": self.arithmetic, "includes": self.includes, "excludes": self.excludes,
            "tasks": [{"id": line.task.pk, "title": line.task.title,
                       "unit": line.task.owner_unit.name, "weight": str(line.weight),
                       "percent": str(line.percent), "status": line.status,
                       "report": line.report.pk if line.report else None,
                       "period": line.report.period_label if line.report else None}
                      for line in self.tasks],
            "tasks_not_shown": self.tasks_not_shown,
            "not_counted_reports": [{"id": r.pk, "task": r.task_id, "period": r.period_label,
                                     "state": r.state} for r in self.pending],
            "replaced_reports": [{"id": r.pk, "task": r.task_id, "period": r.period_label}
                                 for r in self.superseded],
            "plans": [{"id": p.pk, "title": p.title} for p in self.plans],
            "plans_total": self.plans_total, "withheld_plans": self.withheld_plans,
        }


def explain(scope: Scope, *, user: Any) -> Explanation:
    figures = scope_figures(scope)
    rule_label = str(AggregationRule(scope.rule).label)
    result = Explanation(figures=figures, rule_label=rule_label,
                         arithmetic=figures.arithmetic())
    # The first tasks of the subtree in tree order, from the task states' copies of owner path
    # and plan (an index in that order), then the reports of those tasks.
    if scope.plan is not None:
        in_scope: dict[str, Any] = {"plan_id": scope.plan.pk}
    else:
        in_scope = {"plan_id__in": RollupLink.objects.filter(document=scope.document)
                    .values("plan_id")}
    states = (TaskProgress.objects.filter(subtree_range(scope.unit.path, "owner_"), **in_scope)
              .select_related("task", "task__owner_unit", "report")
              .order_by("owner_path", "plan_id", "task_id")[:LIST_ROWS])
    for progress in states:
        result.tasks.append(TaskLine(
            task=progress.task, weight=Decimal(progress.task.weight),
            percent=Decimal(progress.percent), status=progress.get_status_display(),
            report=progress.report))
    shown = [line.task.pk for line in result.tasks]
    reports = restrict(ProgressReport.objects.all(), user, Action.READ).filter(
        task_id__in=shown).select_related("task", "unit")
    result.pending = list(reports.exclude(state=ReportState.APPROVED)
                          .order_by("-period_end", "pk")[:LIST_ROWS])
    result.superseded = list(
        reports.filter(state=ReportState.APPROVED)
        .exclude(pk=F("task__progress__report_id")).order_by("-period_end", "pk")[:LIST_ROWS])
    _sentences(scope, result)
    if scope.document is not None:
        linked = RollupLink.objects.filter(document=scope.document).values("plan_id")
        plans = restrict(Plan.objects.all(), user, Action.READ).filter(pk__in=linked)
        result.plans = list(plans.order_by("title", "pk")[:LIST_ROWS])
        result.plans_total = RollupLink.objects.filter(document=scope.document).count()
        result.withheld_plans = Plan.objects.filter(documents=scope.document).exclude(
            pk__in=linked).count()
        if result.withheld_plans:
            result.excludes.append(_(
                "Plans classified above this document are not counted in its figures: "
                "%(n)d. They are counted on their own dashboards.") % {"n": result.withheld_plans})
    return result


def _sentences(scope: Scope, result: Explanation) -> None:
    f = result.figures
    if scope.plan is not None:
        what = _("the tasks of the plan “%(plan)s”") % {"plan": scope.plan.title}
    else:
        what = _("the tasks of every plan implementing %(document)s, directly or through the "
                 "documents that implement it") % {"document": scope.document}
    result.includes += [
        _("Counted: %(what)s owned by %(unit)s or by any unit below it — %(n)d tasks.")
        % {"what": what, "unit": scope.unit.name, "n": f.tasks_total},
        _("Each task counts by its latest approved report; a task without one counts as 0%, "
          "not started."),
        _("Done: the latest approved report says done or done late — %(n)d tasks.")
        % {"n": f.tasks_done},
        _("At risk: the latest approved report says at risk or late — %(n)d tasks.")
        % {"n": f.tasks_at_risk},
        _("Overdue: the deadline has passed and the task is not done, as of the last daily "
          "run — %(n)d tasks.") % {"n": f.tasks_overdue},
        _("Rule: %(rule)s. %(arithmetic)s") % {"rule": result.rule_label,
                                               "arithmetic": result.arithmetic},
    ]
    not_due = max(0, f.tasks_total - f.tasks_done - f.tasks_overdue)
    result.excludes += [
        _("Reports in draft, sent or returned are not counted until an approver of their "
          "unit approves them (listed below)."),
        _("An approved report is replaced by the approved report of a later period (listed "
          "below)."),
        _("Not yet due: %(n)d tasks are neither done nor past their deadline, so they are not "
          "counted as overdue.") % {"n": not_due},
    ]
