"""Writes on tasks: the plan's own tasks, and their cascade to the units below.

A plan's own tasks (no parent) are part of its content: they change only while the plan is a
draft, in consultation or being amended, and are frozen in its versions. Cascading an adopted
task (giao về đơn vị trực thuộc) gives each chosen unit below its own sub-task, in that unit's
scope, optionally with a share of the target; cascading again changes nothing new.

Every write keeps the roll-up figures current through the hooks of services.rollup, in the
same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Unit

from ..models import IndicatorType, Plan, ProgressReport, Recurrence, Task
from .plans import IN_FORCE, clean_with, require_content_editable, require_open

TASK_FIELDS = (
    "title", "description", "kind", "owner_unit", "lead_person", "start_date", "deadline",
    "recurrence", "indicator_type", "target_value", "measure", "weight",
)
# Fields whose change moves the task's roll-up counts (services.rollup).
ROLLUP_FIELDS = {"owner_unit", "weight", "deadline"}
# Copied from a task to the sub-tasks cascaded from it.
CASCADED_FIELDS = (
    "title", "description", "kind", "start_date", "deadline", "recurrence", "indicator_type",
    "measure", "weight",
)
HUNDRED = Decimal(100)
ONE = Decimal(1)
CENT = Decimal("0.01")


def _below(unit: Unit, ancestor: Unit, *, strictly: bool) -> bool:
    if not unit.path.startswith(ancestor.path):
        return False
    return not strictly or unit.path != ancestor.path


def _validate(task: Task, coordinating: Sequence[Unit]) -> dict[str, list[str]]:
    """Every rule a task must meet, as messages on its fields (all at once)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    plan = task.plan
    owner = task.owner_unit
    parent = task.parent
    if parent is not None:
        if not _below(owner, parent.owner_unit, strictly=True):
            add("owner_unit", _("A task is cascaded only to units below its owner unit."))
    elif not _below(owner, plan.unit, strictly=False):
        add("owner_unit", _("The owner unit must be the plan's unit or a unit below it."))
    if owner.dissolved_on is not None or owner.merged_into_id is not None:
        add("owner_unit", _("This unit is dissolved; choose the unit that took over its work."))
    if any(unit.pk == owner.pk for unit in coordinating):
        add("coordinating_units", _("The owner unit cannot also be a coordinating unit."))
    if task.lead_person is not None and not task.lead_person.unit.path.startswith(
            plan.unit.path):
        add("lead_person", _("The person in charge must belong to the plan's unit or a unit "
                             "below it."))
    if task.start_date and task.deadline and task.deadline < task.start_date:
        add("deadline", _("The deadline comes before the start."))
    if task.deadline is None and task.recurrence == Recurrence.NONE:
        add("deadline", _("Give a deadline, or choose how often it is reported."))
    if plan.start_date and task.start_date and task.start_date < plan.start_date:
        add("start_date", _("The task starts before the plan (%(date)s).")
            % {"date": plan.start_date.strftime("%d/%m/%Y")})
    if plan.end_date and task.deadline and task.deadline > plan.end_date:
        add("deadline", _("The deadline is after the end of the plan (%(date)s).")
            % {"date": plan.end_date.strftime("%d/%m/%Y")})
    target = task.target_value
    if task.indicator_type == IndicatorType.PERCENT:
        if target is not None and not (0 < target <= HUNDRED):
            add("target_value", _("A percentage target is more than 0 and at most 100."))
    elif task.indicator_type == IndicatorType.COUNT:
        if target is None:
            add("target_value", _("Give the number to reach, for example 2 model practices."))
        elif target <= 0:
            add("target_value", _("The number to reach must be more than 0."))
    elif task.indicator_type == IndicatorType.MILESTONE and target is not None and target != ONE:
            add("target_value", _("A milestone is reached or not: it has no number to reach."))
    if task.weight is not None and task.weight <= 0:
        add("weight", _("The weight must be more than 0."))
    return errors


def _normalise(task: Task) -> None:
    task.title = " ".join(task.title.split())
    if task.target_value is None and task.indicator_type == IndicatorType.PERCENT:
        task.target_value = HUNDRED
    if task.target_value is None and task.indicator_type == IndicatorType.MILESTONE:
        task.target_value = ONE
    task.province_path = task.owner_unit.path[:8]


def _checked(task: Task, coordinating: Sequence[Unit]) -> None:
    errors = _validate(task, coordinating)
    _normalise(task)
    clean_with(task, errors, ["plan", "parent", "owner_unit", "lead_person", "province_path",
                              "coordinating_units"])


def require_task_editable(task: Task) -> None:
    """A plan's own task changes with the plan's content; a sub-task while the plan is open."""
    if task.parent_id is None:
        require_content_editable(task.plan)
    else:
        require_open(task.plan)


@transaction.atomic
def task_create(
    *, plan: Plan, owner_unit: Unit, title: str, coordinating_units: Iterable[Unit] = (),
    **fields: Any,
) -> Task:
    """Add one of the plan's own tasks."""
    from .rollup import rollup_tasks_added

    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require_content_editable(plan)
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    coordinating = list(coordinating_units)
    task = Task(plan=plan, owner_unit=owner_unit, title=title, **fields)
    _checked(task, coordinating)
    task.save()
    task.coordinating_units.set(coordinating)
    changes = diff({}, snapshot(task, ("plan", *TASK_FIELDS)))
    if coordinating:
        changes["coordinating_units"] = [None, sorted(u.pk for u in coordinating)]
    audit_record(action=AuditAction.CREATE, obj=task, unit_id=owner_unit.pk, changes=changes)
    rollup_tasks_added(tasks=[task])
    return task


@transaction.atomic
def task_update(
    *, task: Task, version: int | None = None,
    coordinating_units: Iterable[Unit] | None = None, **fields: Any,
) -> Task:
    from .rollup import rollup_tasks_changing

    locked = Task.objects.select_for_update(of=("self",)).select_related(
        "plan", "plan__unit", "owner_unit", "parent__owner_unit").get(pk=task.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this task after you opened it."))
    require_task_editable(locked)
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    if locked.parent_id is not None and "owner_unit" in fields \
            and fields["owner_unit"].pk != locked.owner_unit_id:
        raise ValidationError({"owner_unit": _(
            "A cascaded task stays with the unit it was assigned to.")})
    old_coordinating = sorted(locked.coordinating_units.values_list("pk", flat=True))
    coordinating = (list(coordinating_units) if coordinating_units is not None
                    else list(locked.coordinating_units.all()))
    before = snapshot(locked, TASK_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _checked(locked, coordinating)
    changes = diff(before, snapshot(locked, TASK_FIELDS))
    new_coordinating = sorted(u.pk for u in coordinating)
    if new_coordinating != old_coordinating:
        changes["coordinating_units"] = [old_coordinating, new_coordinating]
    if not changes:
        return locked
    locked.version += 1
    if ROLLUP_FIELDS & set(changes):
        with rollup_tasks_changing(tasks=[locked]):
            locked.save()
    else:
        locked.save()
    if "coordinating_units" in changes:
        locked.coordinating_units.set(coordinating)
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.owner_unit_id,
                 changes=changes)
    return locked


@transaction.atomic
def task_remove(*, task: Task) -> None:
    """Remove a task (and what was cascaded from it) while the plan is still being drafted.
    Once reports have been filed on it, it stays."""
    from .rollup import rollup_tasks_removed

    locked = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    require_task_editable(locked)
    tree = list(Task.objects.filter(pk=locked.pk)) + _descendants(locked)
    if ProgressReport.objects.filter(task__in=tree).exists():
        raise ValidationError(_("Progress has been reported on this task: it cannot be removed."),
                              code="has_reports")
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.owner_unit_id,
                 changes=diff(snapshot(locked, TASK_FIELDS), {}))
    rollup_tasks_removed(tasks=tree)
    locked.delete()


def _descendants(task: Task) -> list[Task]:
    out: list[Task] = []
    level = list(task.subtasks.all())
    while level:
        out.extend(level)
        level = list(Task.objects.filter(parent__in=level))
    return out


def _share_of(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"shares": _("A share is a number between 0 and 1.")}) from None
    if not (0 < share <= 1):
        raise ValidationError({"shares": _("Each share is more than 0 and at most 1.")})
    return share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _shares_by_unit(
    child_units: Sequence[Unit], shares: Mapping[Any, Any] | Sequence[Any] | None
) -> dict[int, Decimal | None]:
    """Shares keyed by unit id, from a mapping (unit or id -> share) or a list in unit order."""
    if shares is None:
        return {unit.pk: None for unit in child_units}
    if isinstance(shares, Mapping):
        by_id = {(k.pk if isinstance(k, Unit) else int(k)): v for k, v in shares.items()}
        return {unit.pk: _share_of(by_id.get(unit.pk)) for unit in child_units}
    if len(shares) != len(child_units):
        raise ValidationError({"shares": _("Give one share per unit, or none.")})
    return {unit.pk: _share_of(s) for unit, s in zip(child_units, shares, strict=True)}


def _sub_target(task: Task, share: Decimal | None) -> Decimal | None:
    """A count target is divided by the share; a percentage or a milestone is the same for
    each unit (each unit reaches it within its own scope)."""
    if task.indicator_type != IndicatorType.COUNT or share is None or task.target_value is None:
        return task.target_value
    return (task.target_value * share).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def task_cascade(
    task: Task, child_units: Iterable[Unit],
    shares: Mapping[Any, Any] | Sequence[Any] | None = None,
) -> list[Task]:
    """Assign `task` down to `child_units` (giao về đơn vị trực thuộc): one sub-task each.

    Each sub-task belongs to its unit (which reports on it), copies the task's kind, dates,
    indicator and weight, and, with a share, gets that share of a count target. Idempotent per
    unit: a unit that already has its sub-task keeps it (its share is updated when given).
    Shares are each in (0, 1] and, over all the task's sub-tasks, add up to at most 1.
    Returns the sub-tasks of `child_units`, in their order.
    """
    from .rollup import rollup_tasks_added

    locked = Task.objects.select_for_update().select_related("plan", "owner_unit").get(
        pk=task.pk)
    plan = locked.plan
    if plan.status not in IN_FORCE:
        raise ValidationError(
            _("Tasks are assigned to the units below once the plan is adopted; this plan is "
              "%(s)s.") % {"s": plan.get_status_display().lower()}, code="not_adopted")
    units = list(dict.fromkeys(child_units))  # keeps order, drops repeats
    if not units:
        raise ValidationError({"child_units": _("Choose at least one unit.")})
    wrong = [u.name for u in units if not _below(u, locked.owner_unit, strictly=True)]
    if wrong:
        raise ValidationError({"child_units": _(
            "These units are not below the task's owner unit: %(names)s.")
            % {"names": ", ".join(wrong)}})
    gone = [u.name for u in units if u.dissolved_on is not None or u.merged_into_id is not None]
    if gone:
        raise ValidationError({"child_units": _("These units are dissolved: %(names)s.")
                               % {"names": ", ".join(gone)}})
    wanted = _shares_by_unit(units, shares)
    existing = {t.owner_unit_id: t for t in locked.subtasks.select_for_update()}
    final = {uid: t.share for uid, t in existing.items()}
    for uid, share in wanted.items():
        if share is not None or uid not in final:
            final[uid] = share
    total = sum((s for s in final.values() if s is not None), Decimal(0))
    if total > 1:
        raise ValidationError({"shares": _(
            "The shares of the units add up to %(total)s; together they can take at most the "
            "whole target (1).") % {"total": total.normalize()}})
    out: list[Task] = []
    created: list[Task] = []
    for unit in units:
        share = wanted[unit.pk]
        sub = existing.get(unit.pk)
        if sub is not None:
            if share is not None and sub.share != share:
                before = snapshot(sub, ("share", "target_value"))
                sub.share = share
                sub.target_value = _sub_target(locked, share)
                sub.version += 1
                sub.save(update_fields=["share", "target_value", "version"])
                audit_record(action=AuditAction.UPDATE, obj=sub, unit_id=unit.pk,
                             changes=diff(before, snapshot(sub, ("share", "target_value"))))
            out.append(sub)
            continue
        sub = Task(plan=plan, parent=locked, owner_unit=unit, share=share,
                   target_value=_sub_target(locked, share),
                   **{name: getattr(locked, name) for name in CASCADED_FIELDS})
        _checked(sub, [])
        sub.save()
        audit_record(action=AuditAction.CREATE, obj=sub, unit_id=unit.pk, changes=diff(
            {}, snapshot(sub, ("plan", "parent", "owner_unit", "share", "target_value"))))
        created.append(sub)
        out.append(sub)
    if created:
        rollup_tasks_added(tasks=created)
    return out

