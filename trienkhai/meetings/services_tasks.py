"""Conclusions of a working session turned into tasks of the host unit's plans.

Shared by the review of an article (review_apply creates the tasks of the conclusions it
records) and the session page ("Turn into a task" on a recorded conclusion). The task goes to a
plan of the host unit that takes tasks now (draft, consultation or being amended), or to a new
draft plan; the plan must be at least as confidential as the session, since plans flow to the
units below. Access is the caller's business (views check can_write_unit and offer only the
plans the user writes).
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.plans.models import Plan, Task
from trienkhai.plans.services.plans import content_editable, plan_create
from trienkhai.plans.services.tasks import task_create
from trienkhai.units.models import Unit

from .models import Conclusion, WorkingSession
from .services import conclusion_update

MAX_TASK_TITLE = 500

__all__ = ["conclusion_to_task", "plan_errors", "plan_for_conclusions", "task_for_conclusion"]


def _task_title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TASK_TITLE else text[:MAX_TASK_TITLE - 1] + "…"


def plan_errors(plan: Plan, *, unit: Unit, confidentiality: int) -> list[str]:
    """Why `plan` cannot take the tasks of a session of `unit` at that level ([] when it can)."""
    if plan.unit_id != unit.pk:
        return [_("Choose a plan of %(unit)s.") % {"unit": unit.name}]
    if not content_editable(plan):
        return [_("Tasks can be added only to a plan that is a draft, in consultation or being "
                  "amended.")]
    if plan.confidentiality < confidentiality:
        return [_("This plan is less confidential than the working session: choose a plan at "
                  "its level or a new draft plan.")]
    return []


def plan_for_conclusions(*, session: WorkingSession, plan: Plan | None) -> Plan:
    """`plan` checked for the session's tasks, or a new draft plan of the host unit."""
    if plan is None:
        return plan_create(
            unit=session.unit, confidentiality=session.confidentiality,
            title=_("Carrying out the conclusions of the working session of %(date)s")
            % {"date": session.held_on.strftime("%d/%m/%Y")})
    errors = plan_errors(plan, unit=session.unit, confidentiality=session.confidentiality)
    if errors:
        raise ValidationError({"plan": errors})
    return plan


def task_for_conclusion(*, plan: Plan, text: str, deadline: datetime.date | None,
                        owner_unit: Unit) -> Task:
    """The task carrying out one conclusion: its text as title and description."""
    if deadline is None:
        raise ValidationError({"deadline": _(
            "A task needs a deadline: give the conclusion one first.")})
    return task_create(plan=plan, owner_unit=owner_unit, title=_task_title(text),
                       description=text, deadline=deadline)


@transaction.atomic
def conclusion_to_task(*, conclusion: Conclusion, plan: Plan | None = None) -> Conclusion:
    """Create the task of a recorded conclusion in `plan` (or a new draft plan) and link it.
    A conclusion that has a task already (someone did it meanwhile) is refused."""
    locked = Conclusion.objects.select_for_update(of=("self",)).select_related(
        "session__unit", "owner_unit").get(pk=conclusion.pk)
    if locked.task_id is not None:
        raise ValidationError(_("This conclusion has a task already."), code="has_task")
    session = locked.session
    if locked.deadline is None:  # checked before a new plan would be drafted for nothing
        raise ValidationError({"deadline": _(
            "A task needs a deadline: give the conclusion one first.")})
    target = plan_for_conclusions(session=session, plan=plan)
    task = task_for_conclusion(plan=target, text=locked.text, deadline=locked.deadline,
                               owner_unit=locked.owner_unit or session.unit)
    return conclusion_update(conclusion=locked, task=task)
