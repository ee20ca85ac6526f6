"""Consultation on a draft plan (lấy ý kiến): who is invited, the comments received on each
section, and how each one was handled (tiếp thu, tiếp thu một phần, giải trình)."""
from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Person, Unit

from ..models import (
    ConsultationComment,
    ConsultationInvite,
    Handling,
    Plan,
    PlanSection,
    PlanStatus,
)
from .plans import clean_with, require_open

INVITE_FIELDS = ("name", "unit", "person", "due_on")
COMMENT_FIELDS = ("section", "invite", "author", "received_on", "text")
HANDLING_FIELDS = ("handling", "response")


def _plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def invite_add(
    *, plan: Plan, name: str = "", unit: Unit | None = None, person: Person | None = None,
    due_on: datetime.date | None = None,
) -> ConsultationInvite:
    """Invite a unit, a council or a person (free text) to comment by `due_on` (default: the
    plan's consultation deadline). Possible while the plan is a draft or in consultation."""
    locked = _plan(plan)
    if locked.status not in (PlanStatus.DRAFT, PlanStatus.CONSULTATION):
        raise ValidationError(
            _("Invitations are sent for a draft or during its consultation; this plan is %(s)s.")
            % {"s": locked.get_status_display().lower()}, code="not_in_consultation")
    name = " ".join((name or "").split())
    if not name:
        name = unit.name if unit is not None else person.full_name if person is not None else ""
    if not name:
        raise ValidationError({"name": _("Name who is invited: a unit, a council or a person.")})
    due_on = due_on or locked.consultation_deadline
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date comments are due by.")})
    invite = ConsultationInvite(plan=locked, name=name, unit=unit, person=person, due_on=due_on)
    errors: dict[str, list[str]] = {}
    if ConsultationInvite.objects.filter(plan=locked, name__iexact=name).exists():
        errors["name"] = [_("%(name)s is already invited.") % {"name": name}]
    clean_with(invite, errors, ["plan"])
    invite.save()
    audit_record(action=AuditAction.CREATE, obj=invite, unit_id=locked.unit_id,
                 changes=diff({}, snapshot(invite, ("plan", *INVITE_FIELDS))))
    return invite


def _why_no_comments(plan: Plan) -> str:
    if plan.status == PlanStatus.DRAFT:
        return _("Comments are recorded once the draft is opened for consultation.")
    return _("The consultation is over (the plan is %(s)s): comments can no longer be added.") % {
        "s": plan.get_status_display().lower()}


def can_add_comments(plan: Plan) -> tuple[bool, str]:
    """Whether comments may be recorded now, and if not, why (for the page)."""
    if plan.status == PlanStatus.CONSULTATION:
        return True, ""
    return False, _why_no_comments(plan)


@transaction.atomic
def comment_add(
    *, plan: Plan, text: str, author: str = "", invite: ConsultationInvite | None = None,
    section: PlanSection | None = None, received_on: datetime.date | None = None,
) -> ConsultationComment:
    """Record a comment received on the draft, on one section or on the whole."""
    locked = _plan(plan)
    if locked.status != PlanStatus.CONSULTATION:
        raise ValidationError(_why_no_comments(locked), code="not_in_consultation")
    errors: dict[str, str] = {}
    if section is not None and section.plan_id != locked.pk:
        errors["section"] = _("This section belongs to another plan.")
    if invite is not None and invite.plan_id != locked.pk:
        errors["invite"] = _("This invitation belongs to another plan.")
    author = " ".join((author or "").split()) or (invite.name if invite is not None else "")
    if not author:
        errors["author"] = _("Say who the comment is from.")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date received cannot be in the future.")
    comment = ConsultationComment(plan=locked, section=section, invite=invite, author=author,
                                  received_on=received_on, text=(text or "").strip())
    clean_with(comment, {k: [v] for k, v in errors.items()}, ["plan", "section", "invite"])
    comment.save()
    audit_record(action=AuditAction.CREATE, obj=comment, unit_id=locked.unit_id,
                 changes=diff({}, snapshot(comment, ("plan", *COMMENT_FIELDS))))
    return comment


@transaction.atomic
def comment_handle(
    *, comment: ConsultationComment, handling: str, response: str = "",
    version: int | None = None,
) -> ConsultationComment:
    """Record how the comment was handled: accepted, partly accepted or explained, with the
    response that goes in the table (a partial acceptance or an explanation needs one)."""
    locked = ConsultationComment.objects.select_for_update().select_related("plan").get(
        pk=comment.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else recorded how this comment was handled after you "
                              "opened it."))
    require_open(locked.plan)
    if handling not in Handling.values:
        raise ValidationError({"handling": _("Choose how the comment was handled.")})
    response = (response or "").strip()
    if handling in (Handling.PARTLY, Handling.EXPLAINED) and not response:
        raise ValidationError({"response": _(
            "Write what was taken in and what was not, and why: it goes in the table.")})
    before = snapshot(locked, HANDLING_FIELDS)
    locked.handling = handling
    locked.response = response
    changes: dict[str, Any] = diff(before, snapshot(locked, HANDLING_FIELDS))
    if changes:
        locked.version += 1
        locked.save(update_fields=["handling", "response", "version"])
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.plan.unit_id,
                     changes=changes)
    return locked
