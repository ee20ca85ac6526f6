"""Writes on study campaigns, sessions and annual themes: each one transaction, audited.

`user` is the account acting through a page or the API: its rights are checked with the access
module. None means a trusted caller (a command, the demo loader, a background job).
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.access.policy import ORGAN_KINDS, Action, can_write_unit, restrict
from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP

from .coverage import coverage_recompute, coverage_refresh_unit
from .models import (
    AbsenceReason,
    AnnualTheme,
    SessionForm,
    StudyAbsence,
    StudyCampaign,
    StudySession,
    ThemeRegistration,
)

CAMPAIGN_FIELDS = (
    "document", "launched_by", "title", "guidance", "required_kinds", "min_level", "max_level",
    "audiences", "launched_on", "deadline", "threshold", "confidentiality",
)
SESSION_FIELDS = (
    "held_on", "form", "connection_points", "conference_level", "presenters", "cadres_attended",
    "members_attended", "invited_attended", "is_make_up", "make_up_of", "assessments_count",
    "notes",
)
COUNT_FIELDS = ("connection_points", "cadres_attended", "members_attended", "invited_attended",
                "assessments_count")
THEME_FIELDS = ("document", "unit", "year", "title", "description")
REGISTRATION_FIELDS = ("theme", "unit", "content")


@dataclass(frozen=True)
class AbsenceLine:
    reason: str
    count: int
    note: str = ""


def _require_write(user: Any, unit: Unit) -> None:
    if user is not None and not can_write_unit(user, unit):
        raise PermissionDenied(_("You may read this unit's records but not change them."))


def _document_reaches(document: Document, unit: Unit) -> bool:
    """The document concerns `unit`: issued by it, above it (flowing down) or below it.

    An organ (Bộ Chính trị beside the provinces, a city's Standing Committee beside its wards)
    speaks for the committee above it, as in access.policy: its documents reach that
    committee's whole subtree.
    """
    issuer = document.issuer
    speaks_for_parent = issuer.kind in ORGAN_KINDS and issuer.depth > 1
    line = issuer.path[:-PATH_STEP] if speaks_for_parent else issuer.path
    return unit.path.startswith(line) or issuer.path.startswith(unit.path)


def _readable(model: type[Any], pk: Any, user: Any) -> bool:
    return user is None or restrict(model.objects.filter(pk=pk), user, Action.READ).exists()


def _today() -> datetime.date:
    return timezone.localdate()


# Campaigns -------------------------------------------------------------------------------------


@transaction.atomic
def campaign_launch(
    *,
    user: Any,
    document: Document,
    launched_by: Unit,
    deadline: datetime.date,
    audiences: Iterable[str],
    required_kinds: Iterable[str] = (),
    min_level: int | None = None,
    max_level: int | None = None,
    title: str = "",
    guidance: str = "",
    threshold: Decimal = Decimal("0.950"),
    launched_on: datetime.date | None = None,
    confidentiality: int | None = None,
) -> StudyCampaign:
    """Launch a study campaign for a document, by its issuer or a unit on its line.

    The launching unit must be one the user writes for, and the document must reach it (issued
    by it, above it or below it): the units that study are the launching unit's subtree.
    """
    if not _readable(Document, document.pk, user):
        raise ValidationError({"document": _("Choose a document you can read.")})
    _require_write(user, launched_by)
    if not _document_reaches(document, launched_by):
        raise ValidationError({"launched_by": _(
            "This unit cannot launch a campaign for this document: the document was neither "
            "issued by it, nor above it, nor below it."
        )})
    campaign = StudyCampaign(
        document=document,
        launched_by=launched_by,
        title=title.strip() or _("Study and dissemination of %(document)s")
        % {"document": document},
        guidance=guidance,
        required_kinds=sorted(set(required_kinds)),
        min_level=min_level,
        max_level=max_level,
        audiences=sorted(set(audiences)),
        launched_on=launched_on or _today(),
        deadline=deadline,
        threshold=threshold,
        # Never below the document's level: the campaign tells what is being studied.
        confidentiality=max(document.confidentiality, confidentiality or 0),
    )
    campaign.full_clean()
    campaign.save()
    audit_record(action=AuditAction.CREATE, obj=campaign, unit_id=launched_by.pk,
                 changes=diff({}, snapshot(campaign, CAMPAIGN_FIELDS)))
    # The zero rows give every unit in scope its denominator from the first day.
    coverage_recompute(campaign=campaign)
    return campaign


# Sessions --------------------------------------------------------------------------------------


def _absence_lines(absences: Iterable[AbsenceLine | Mapping[str, Any]]) -> list[AbsenceLine]:
    lines: list[AbsenceLine] = []
    seen: set[str] = set()
    for item in absences:
        line = item if isinstance(item, AbsenceLine) else AbsenceLine(
            reason=str(item.get("reason", "")), count=item.get("count") or 0,
            note=str(item.get("note") or ""),
        )
        if line.reason not in AbsenceReason.values:
            raise ValidationError({"absences": _("Choose a reason for absence from the list.")})
        if line.reason in seen:
            raise ValidationError({"absences": _("Each reason for absence is given once.")})
        if not isinstance(line.count, int) or line.count < 0:
            raise ValidationError({"absences": _("Numbers of absent members cannot be negative.")})
        seen.add(line.reason)
        if line.count:
            lines.append(line)
    return lines


def _validate_session(session: StudySession, lines: list[AbsenceLine]) -> None:
    """Rules a field validator cannot see: they compare fields with each other and with the
    unit, the document and the original session."""
    errors: dict[str, str] = {}
    for name in COUNT_FIELDS:
        value = getattr(session, name)
        if isinstance(value, int) and value < 0:
            errors[name] = _("This number cannot be negative.")
    if errors:
        raise ValidationError(errors)
    unit: Unit = session.unit
    campaign: StudyCampaign = session.campaign
    members = unit.party_member_count
    absent = sum(line.count for line in lines)
    today = _today()
    if session.held_on and session.held_on > today:
        errors["held_on"] = _("A session can only be recorded once it has been held.")
    elif session.held_on and session.held_on < campaign.document.signed_on:
        errors["held_on"] = _("The session is dated before the document was signed (%(date)s).") % {
            "date": campaign.document.signed_on.strftime("%d/%m/%Y")}
    if session.members_attended > members:
        errors["members_attended"] = _(
            "%(count)s party members attended, but the unit has %(members)s."
        ) % {"count": session.members_attended, "members": members}
    elif session.members_attended + absent > members:
        errors["absences"] = _(
            "Attending and absent party members add up to %(count)s, more than the unit's "
            "%(members)s."
        ) % {"count": session.members_attended + absent, "members": members}
    if session.form == SessionForm.IN_PERSON:
        session.connection_points = 1
    elif session.connection_points < 2:
        errors["connection_points"] = _(
            "An online or combined session links at least two connection points."
        )
    if session.make_up_of_id is not None:
        session.is_make_up = True
    if session.is_make_up:
        errors.update(_make_up_errors(session))
    elif absent == 0 and session.members_attended == 0 and session.cadres_attended == 0:
        errors["members_attended"] = _("Enter who attended the session.")
    if errors:
        raise ValidationError(errors)


def _make_up_errors(session: StudySession) -> dict[str, str]:
    original = session.make_up_of
    if original is None:
        return {"make_up_of": _("A make-up session must name the session it makes up for.")}
    if (
        original.campaign_id != session.campaign_id
        or original.unit_id != session.unit_id
        or original.is_make_up
        or original.pk == session.pk
    ):
        return {"make_up_of": _(
            "The original must be a regular session of the same unit in this campaign."
        )}
    if session.held_on and session.held_on < original.held_on:
        return {"held_on": _("A make-up session comes after the session it makes up for "
                             "(%(date)s).") % {"date": original.held_on.strftime("%d/%m/%Y")}}
    others = sum(
        StudySession.objects.filter(make_up_of=original).exclude(pk=session.pk)
        .values_list("members_attended", flat=True)
    )
    if others + session.members_attended > original.members_absent:
        return {"members_attended": _(
            "Only %(absent)s party members were absent from the original session, and "
            "%(others)s of them already made it up."
        ) % {"absent": original.members_absent, "others": others}}
    return {}


def _absences_snapshot(lines: list[AbsenceLine]) -> dict[str, int]:
    return {line.reason: line.count for line in lines}


def _save_absences(session: StudySession, lines: list[AbsenceLine]) -> None:
    session.absences.all().delete()
    StudyAbsence.objects.bulk_create([
        StudyAbsence(session=session, province_key=session.province_key, reason=line.reason,
                     count=line.count, note=line.note)
        for line in lines
    ])


@transaction.atomic
def session_record(
    *,
    user: Any,
    campaign: StudyCampaign,
    unit: Unit,
    held_on: datetime.date,
    conference_level: str,
    form: str = SessionForm.IN_PERSON,
    connection_points: int = 1,
    presenters: str = "",
    cadres_attended: int = 0,
    members_attended: int = 0,
    invited_attended: int = 0,
    absences: Iterable[AbsenceLine | Mapping[str, Any]] = (),
    is_make_up: bool = False,
    make_up_of: StudySession | None = None,
    assessments_count: int = 0,
    notes: str = "",
) -> StudySession:
    """Record one study session of `unit` and update the coverage of the unit and above."""
    if not _readable(StudyCampaign, campaign.pk, user):
        raise ValidationError({"campaign": _("Choose a campaign you can read.")})
    _require_write(user, unit)
    campaign = StudyCampaign.objects.select_related("document", "launched_by").get(pk=campaign.pk)
    unit = Unit.objects.get(pk=unit.pk)
    if not campaign.covers(unit):
        raise ValidationError({"unit": _("This campaign does not ask this unit to hold a "
                                         "session.")})
    lines = _absence_lines(absences)
    session = StudySession(
        campaign=campaign, unit=unit, province_key=unit.province_path, held_on=held_on,
        form=form, connection_points=connection_points, conference_level=conference_level,
        presenters=presenters.strip(), cadres_attended=cadres_attended,
        members_attended=members_attended, invited_attended=invited_attended,
        members_absent=sum(line.count for line in lines), is_make_up=is_make_up,
        make_up_of=make_up_of, assessments_count=assessments_count, notes=notes.strip(),
    )
    _validate_session(session, lines)
    session.full_clean()
    session.save()
    _save_absences(session, lines)
    audit_record(action=AuditAction.CREATE, obj=session, unit_id=unit.pk, changes=diff(
        {}, {**snapshot(session, SESSION_FIELDS), "absences": _absences_snapshot(lines)}))
    coverage_refresh_unit(campaign=campaign, unit=unit)
    return session


@transaction.atomic
def session_update(
    *,
    user: Any,
    session: StudySession,
    version: int | None,
    absences: Iterable[AbsenceLine | Mapping[str, Any]] | None = None,
    **fields: Any,
) -> StudySession:
    """Change a recorded session. `version`, when given, must be the one the user opened."""
    locked = (
        StudySession.objects.select_for_update()
        .select_related("campaign__document", "campaign__launched_by", "unit")
        .get(pk=session.pk)
    )
    _require_write(user, locked.unit)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this session after you opened it."))
    old_lines = [AbsenceLine(a.reason, a.count, a.note) for a in locked.absences.all()]
    before = {**snapshot(locked, SESSION_FIELDS), "absences": _absences_snapshot(old_lines)}
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(locked, name, value)
    lines = old_lines if absences is None else _absence_lines(absences)
    locked.members_absent = sum(line.count for line in lines)
    _validate_session(locked, lines)
    locked.full_clean()
    after = {**snapshot(locked, SESSION_FIELDS), "absences": _absences_snapshot(lines)}
    changes = diff(before, after)
    if not changes:
        return locked
    locked.version += 1
    locked.save()
    if "absences" in changes:
        _save_absences(locked, lines)
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes=changes)
    coverage_refresh_unit(campaign=locked.campaign, unit=locked.unit)
    return locked


# Annual themes ---------------------------------------------------------------------------------


@transaction.atomic
def theme_create(
    *, user: Any, document: Document, unit: Unit, year: int, title: str, description: str = ""
) -> AnnualTheme:
    """Set the year's theme under a document (the city's 2022 theme under 01-KL/TW)."""
    if not _readable(Document, document.pk, user):
        raise ValidationError({"document": _("Choose a document you can read.")})
    _require_write(user, unit)
    if not _document_reaches(document, unit):
        raise ValidationError({"unit": _(
            "This unit cannot set a theme under this document: the document was neither issued "
            "by it, nor above it, nor below it."
        )})
    theme = AnnualTheme(document=document, unit=unit, year=year, title=title.strip(),
                        description=description.strip())
    theme.full_clean()
    theme.save()
    audit_record(action=AuditAction.CREATE, obj=theme, unit_id=unit.pk,
                 changes=diff({}, snapshot(theme, THEME_FIELDS)))
    return theme


@transaction.atomic
def theme_register(
    *, user: Any, theme: AnnualTheme, unit: Unit, content: str, version: int | None = None
) -> ThemeRegistration:
    """Record (or change) what a unit registers under the year's theme."""
    if not _readable(AnnualTheme, theme.pk, user):
        raise ValidationError({"theme": _("Choose a theme you can read.")})
    _require_write(user, unit)
    theme = AnnualTheme.objects.select_related("unit", "document").get(pk=theme.pk)
    if not unit.path.startswith(theme.unit.path):
        raise ValidationError({"unit": _("Only units under the unit that set the theme register "
                                         "for it.")})
    existing = (
        ThemeRegistration.objects.select_for_update().filter(theme=theme, unit=unit).first()
    )
    if existing is None:
        registration = ThemeRegistration(theme=theme, unit=unit, content=content.strip(),
                                         province_key=unit.province_path)
        registration.full_clean()
        registration.save()
        audit_record(action=AuditAction.CREATE, obj=registration, unit_id=unit.pk,
                     changes=diff({}, snapshot(registration, REGISTRATION_FIELDS)))
        return registration
    if version is not None and existing.version != version:
        raise ConflictError(_("Someone else saved this registration after you opened it."))
    before = snapshot(existing, REGISTRATION_FIELDS)
    existing.content = content.strip()
    existing.full_clean()
    changes = diff(before, snapshot(existing, REGISTRATION_FIELDS))
    if changes:
        existing.version += 1
        existing.save()
        audit_record(action=AuditAction.UPDATE, obj=existing, unit_id=unit.pk, changes=changes)
    return existing
