"""Writes on plans: create, update, the lifecycle and the sections of the draft.

Lifecycle (chương trình / kế hoạch hành động):

    draft --open_consultation--> consultation --adopt--> adopted (v1)
    draft --adopt--> adopted (v1)                    (a plan that needs no consultation)
    adopted|amended --amend--> (same status, amending) --adopt--> amended (v n+1)
    adopted|amended --close--> closed

Content (title, kind, dates, documents, sections, the plan's own tasks) changes only in draft,
in consultation, or while amending; adoption freezes it into a PlanVersion that never changes.
Every write is one transaction with its audit entry; a stale `version` raises ConflictError.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Clearance
from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit

from ..models import Plan, PlanSection, PlanStatus, PlanVersion, Task

# Fields that make up the plan's content (frozen in versions, editable only while drafting).
CONTENT_FIELDS = ("kind", "title", "start_date", "end_date", "confidentiality")
# Working settings, editable at any time until the plan is closed.
SETTING_FIELDS = (
    "consultation_deadline", "aggregation_rule", "remind_days_before", "escalate_after_days",
    "issued_as",
)
PLAN_FIELDS = CONTENT_FIELDS + SETTING_FIELDS
SECTION_FIELDS = ("position", "heading", "body")
# Statuses from which each transition may start.
IN_FORCE = (PlanStatus.ADOPTED, PlanStatus.AMENDED)


def content_editable(plan: Plan) -> bool:
    """Whether sections, tasks and the plan's content may change now."""
    return plan.status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION) or (
        plan.status in IN_FORCE and plan.amending
    )


def require_content_editable(plan: Plan) -> None:
    if not content_editable(plan):
        raise ValidationError(
            _("The plan's content can only change while it is a draft, in consultation or "
              "being amended; it is now: %(status)s. Reopen it for amendment first.")
            % {"status": plan.get_status_display()},
            code="not_editable",
        )


def require_open(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(_("The plan is closed; nothing in it can change any more."),
                              code="closed")


def clean_with(obj: Any, errors: dict[str, list[str]], exclude: list[str]) -> None:
    """Run the model's own validation and raise it together with `errors` (the service's
    rules), so a form gets every message at once. The constraints a service checks with a
    clearer message are not repeated."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=not errors)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    if errors:
        raise ValidationError(errors)


def _checked(plan: Plan) -> None:
    errors: dict[str, list[str]] = {}
    if plan.confidentiality not in Clearance.values:
        errors["confidentiality"] = [_("Choose one of the confidentiality levels.")]
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        errors["end_date"] = [_("The end comes before the start.")]
    clean_with(plan, errors, ["province_path", "documents"])


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_version(plan: Plan, version: int | None) -> None:
    if version is not None and plan.version != version:
        raise ConflictError(_("Someone else saved this plan after you opened it."))


def _documents_changed(
    plan: Plan, documents: Iterable[Document] | None
) -> list[list[int]] | None:
    """Set the plan's documents; returns [old ids, new ids] when they changed, else None."""
    if documents is None:
        return None
    old = sorted(plan.documents.values_list("pk", flat=True))
    new = sorted({d.pk for d in documents})
    if old == new:
        return None
    plan.documents.set(new)
    from .rollup import rollup_plan_documents_changed

    rollup_plan_documents_changed(plan=plan)
    return [old, new]


@transaction.atomic
def plan_create(
    *, unit: Unit, title: str, documents: Iterable[Document] = (), **fields: Any
) -> Plan:
    """Draft a new plan for `unit` (status draft, no version yet)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    if unit.dissolved_on is not None or unit.merged_into_id is not None:
        raise ValidationError({"unit": _("A dissolved unit cannot draft a plan.")})
    plan = Plan(unit=unit, title=title, province_path=unit.path[:8], **fields)
    _checked(plan)
    plan.save()
    changes = diff({}, snapshot(plan, ("unit", *PLAN_FIELDS, "status")))
    docs = _documents_changed(plan, documents)
    if docs is not None:
        changes["documents"] = docs
    audit_record(action=AuditAction.CREATE, obj=plan, unit_id=unit.pk, changes=changes)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, version: int | None = None, documents: Iterable[Document] | None = None,
    **fields: Any,
) -> Plan:
    """Change the plan's fields. Content fields (and documents) only while editable."""
    locked = _locked(plan)
    _check_version(locked, version)
    require_open(locked)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    before = snapshot(locked, PLAN_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    after = snapshot(locked, PLAN_FIELDS)
    changes = diff(before, after)
    content_changed = any(name in CONTENT_FIELDS for name in changes)
    old_docs = sorted(locked.documents.values_list("pk", flat=True))
    docs_differ = documents is not None and sorted({d.pk for d in documents}) != old_docs
    if (content_changed or docs_differ) and not content_editable(locked):
        require_content_editable(locked)
    _checked(locked)
    docs = _documents_changed(locked, documents)
    if docs is not None:
        changes["documents"] = docs
    if changes:
        locked.version += 1
        locked.save()
        if "confidentiality" in changes and docs is None:
            from .rollup import rollup_plan_documents_changed

            rollup_plan_documents_changed(plan=locked)
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                     changes=changes)
    return locked


def _transition(plan: Plan, status: str, **extra: Any) -> dict[str, list[Any]]:
    before = {"status": plan.status, **{k: getattr(plan, k) for k in extra}}
    plan.status = status
    for name, value in extra.items():
        setattr(plan, name, value)
    plan.version += 1
    plan.save()
    after = {"status": plan.status, **extra}
    return diff(snapshot_values(before), snapshot_values(after))


def snapshot_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in values.items()}


def _illegal(plan: Plan, action: str) -> ValidationError:
    return ValidationError(
        _("A plan that is %(status)s cannot be %(action)s.")
        % {"status": plan.get_status_display().lower(), "action": action},
        code="invalid_transition",
    )


@transaction.atomic
def plan_open_consultation(
    *, plan: Plan, deadline: datetime.date | None = None, version: int | None = None
) -> Plan:
    """Send the draft out for comments (lấy ý kiến)."""
    locked = _locked(plan)
    _check_version(locked, version)
    if locked.status != PlanStatus.DRAFT:
        raise _illegal(locked, _("opened for consultation (only a draft can be)"))
    extra: dict[str, Any] = {}
    if deadline is not None:
        extra["consultation_deadline"] = deadline
    changes = _transition(locked, PlanStatus.CONSULTATION, **extra)
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes=changes)
    return locked


def freeze(plan: Plan) -> dict[str, Any]:
    """The plan's content as JSON: what a PlanVersion keeps (the plan's own tasks, not the
    sub-tasks units below made of them)."""
    sections = [
        {"id": s.pk, "position": s.position, "heading": s.heading, "body": s.body}
        for s in plan.sections.order_by("position")
    ]
    tasks = [
        task_content(task)
        for task in Task.objects.filter(plan=plan, parent__isnull=True)
        .select_related("owner_unit", "lead_person")
        .prefetch_related("coordinating_units")
        .order_by("id")
    ]
    documents = [{"id": d.pk, "title": str(d)} for d in plan.documents.order_by("pk")]
    return {
        "plan": {
            "title": plan.title, "kind": plan.kind,
            "start_date": plan.start_date.isoformat() if plan.start_date else None,
            "end_date": plan.end_date.isoformat() if plan.end_date else None,
            "documents": documents,
        },
        "sections": sections,
        "tasks": tasks,
    }


def task_content(task: Task) -> dict[str, Any]:
    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "kind": task.kind,
        "owner_unit": task.owner_unit.name,
        "coordinating_units": sorted(u.name for u in task.coordinating_units.all()),
        "lead_person": task.lead_person.full_name if task.lead_person else "",
        "start_date": day(task.start_date),
        "deadline": day(task.deadline),
        "recurrence": task.recurrence,
        "indicator_type": task.indicator_type,
        "target_value": None if task.target_value is None else str(task.target_value),
        "measure": task.measure,
        "weight": str(task.weight),
    }


@transaction.atomic
def plan_adopt(
    *, plan: Plan, adopted_on: datetime.date | None = None, note: str = "",
    version: int | None = None,
) -> Plan:
    """Adopt the plan (ban hành / thông qua): freeze its content as the next version.

    From draft or consultation: status adopted, version 1. While amending: status amended,
    the next version.
    """
    locked = _locked(plan)
    _check_version(locked, version)
    if locked.status in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        status = PlanStatus.ADOPTED
    elif locked.status in IN_FORCE and locked.amending:
        status = PlanStatus.AMENDED
    elif locked.status in IN_FORCE:
        raise ValidationError(
            _("This plan is already adopted. Reopen it for amendment to change it, then adopt "
              "it again."), code="invalid_transition")
    else:
        raise _illegal(locked, _("adopted"))
    adopted_on = adopted_on or timezone.localdate()
    if locked.status in IN_FORCE:
        last = locked.versions.aggregate(last=Max("adopted_on"))["last"]
        if last is not None and adopted_on < last:
            raise ValidationError({"adopted_on": _(
                "The amendment cannot be adopted before the previous version (%(date)s)."
            ) % {"date": last.strftime("%d/%m/%Y")}})
    number = locked.adopted_version + 1
    changes = _transition(locked, status, adopted_version=number, amending=False)
    frozen = PlanVersion(plan=locked, number=number, adopted_on=adopted_on,
                         content=freeze(locked), note=note[:500])
    frozen.full_clean(exclude=["plan"])
    frozen.save()
    changes["adopted_on"] = [None, adopted_on.isoformat()]
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes=changes)
    return locked


@transaction.atomic
def plan_amend(*, plan: Plan, version: int | None = None) -> Plan:
    """Reopen an adopted plan for change (sửa đổi, bổ sung); adopt it again to finish."""
    locked = _locked(plan)
    _check_version(locked, version)
    if locked.status not in IN_FORCE:
        raise _illegal(locked, _("amended (only an adopted plan can be)"))
    if locked.amending:
        raise ValidationError(_("This plan is already being amended."),
                              code="invalid_transition")
    locked.amending = True
    locked.version += 1
    locked.save()
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                 changes={"amending": [False, True]})
    return locked


@transaction.atomic
def plan_close(*, plan: Plan, version: int | None = None) -> Plan:
    """Close the plan at the end of its term: nothing changes in it afterwards."""
    locked = _locked(plan)
    _check_version(locked, version)
    if locked.status not in IN_FORCE:
        raise _illegal(locked, _("closed (only an adopted plan can be)"))
    if locked.amending:
        raise ValidationError(
            _("This plan is being amended: adopt the amendment before closing it."),
            code="invalid_transition")
    changes = _transition(locked, PlanStatus.CLOSED)
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes=changes)
    return locked


# --- sections --------------------------------------------------------------------------------


def _section_checked(section: PlanSection) -> None:
    section.full_clean(exclude=["plan", "position"])
    if section.position < 1:
        raise ValidationError({"position": _("The order starts at 1.")})


@transaction.atomic
def section_add(
    *, plan: Plan, heading: str, body: str = "", position: int | None = None
) -> PlanSection:
    """Add a section at the end, or at `position` (the sections from there move down)."""
    locked = _locked(plan)
    require_content_editable(locked)
    last = locked.sections.aggregate(last=Max("position"))["last"] or 0
    if position is None or position > last:
        position = last + 1
    section = PlanSection(plan=locked, position=position, heading=heading, body=body)
    _section_checked(section)
    if position <= last:
        # Make room from the end backwards, so the unique (plan, position) holds at each step.
        for other in locked.sections.filter(position__gte=position).order_by("-position"):
            other.position += 1
            other.save(update_fields=["position"])
    section.save()
    audit_record(action=AuditAction.CREATE, obj=section, unit_id=locked.unit_id,
                 changes=diff({}, snapshot(section, ("plan", *SECTION_FIELDS))))
    return section


@transaction.atomic
def section_update(
    *, section: PlanSection, version: int | None = None, **fields: Any
) -> PlanSection:
    """Change a section's heading or text, or its order (it swaps with the one there)."""
    locked = PlanSection.objects.select_for_update().select_related("plan").get(pk=section.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this section after you opened it."))
    require_content_editable(locked.plan)
    unknown = set(fields) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    before = snapshot(locked, SECTION_FIELDS)
    old_position = locked.position
    for name, value in fields.items():
        setattr(locked, name, value)
    _section_checked(locked)
    changes = diff(before, snapshot(locked, SECTION_FIELDS))
    if not changes:
        return locked
    if locked.position != old_position:
        other = PlanSection.objects.filter(plan_id=locked.plan_id,
                                           position=locked.position).first()
        if other is not None:
            new_position = locked.position
            locked.position = 0  # out of the way while the other one moves
            PlanSection.objects.filter(pk=locked.pk).update(position=0)
            other.position = old_position
            other.save(update_fields=["position"])
            locked.position = new_position
    locked.version += 1
    locked.save()
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.plan.unit_id,
                 changes=changes)
    return locked


@transaction.atomic
def section_remove(*, section: PlanSection) -> None:
    locked = PlanSection.objects.select_for_update().select_related("plan").get(pk=section.pk)
    require_content_editable(locked.plan)
    if locked.comments.exists():
        raise ValidationError(
            _("Comments were received on this section: it stays, so that the table of how they "
              "were handled keeps its place. Change its text instead."), code="has_comments")
    audit_record(action=AuditAction.DELETE, obj=locked, unit_id=locked.plan.unit_id,
                 changes=diff(snapshot(locked, SECTION_FIELDS), {}))
    plan_id, position = locked.plan_id, locked.position
    locked.delete()
    for other in PlanSection.objects.filter(plan_id=plan_id, position__gt=position
                                            ).order_by("position"):
        other.position -= 1
        other.save(update_fields=["position"])
