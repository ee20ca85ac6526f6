"""From an article to records: read it into proposals (review_start), keep the user's decisions
as a draft (review_save), and create the records they confirmed (review_apply).

Decisions are {proposal key: {"action": "confirm" | "edit" | "reject", "values": {...}}}. A
proposal without a decision takes its proposed action ("default": confirm, or reject for a new
document that lacks what the registry needs). The values of a confirmed or edited proposal are
its proposed values updated with the decision's values (strings are accepted: dates as
dd/mm/yyyy or ISO, ids as digits, booleans as on/true/1).

review_apply creates everything in ONE transaction through the normal services (each with its
audit entry): the press item, the working session with its attendees (registering new people,
and their position, when asked), the new documents and the links to registered ones, the
conclusions (quotas become conclusions without a deadline) and, for each conclusion with a
deadline, a task in the chosen plan or in a new draft plan of the host unit (services_tasks).
Everything is checked first; any error means nothing at all is created, and the error is keyed
"<proposal key>.<field>" with a message that names the row.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record
from trienkhai.core.errors import ConflictError
from trienkhai.documents.models import Document
from trienkhai.documents.services import document_create
from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.readers import MAX_BYTES, read_bytes
from trienkhai.plans.models import Plan
from trienkhai.units.models import Unit
from trienkhai.units.people_services import person_create, position_create

from .models import ArticleReview, ReviewStatus, WorkingSession
from .proposals import all_proposals, build_proposals
from .review_checks import (
    Outcome,
    Row,
    check_decisions,
    effective,
    normalise_decisions,
    outcome,
)
from .services import attendee_add, conclusion_add, press_item_create, session_create
from .services_tasks import plan_for_conclusions, task_for_conclusion

__all__ = [
    "Outcome", "check_decisions", "effective", "normalise_decisions", "outcome",
    "review_apply", "review_create", "review_discard", "review_save", "review_start",
]


# --- starting a review ------------------------------------------------------------------------


def _input_text(text: str | None, data: bytes | None) -> str:
    if data is not None:
        try:
            return read_bytes(data)
        except ExtractionInputError as error:
            raise ValidationError({"file": _(error.message_id) % error.params
                                   if error.params else _(error.message_id)}) from None
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Paste the text of the article, or choose a file.")})
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationError({"text": _("The text is longer than %(limit)s bytes.")
                               % {"limit": MAX_BYTES}})
    return text


@transaction.atomic
def review_create(*, user: Any, unit: Unit, text: str, proposals: dict[str, Any],
                  file_name: str = "", article_date: datetime.date | None = None
                  ) -> ArticleReview:
    """Store a review of `text` with its proposals (already built)."""
    review = ArticleReview(
        unit=unit, created_by=user if getattr(user, "pk", None) else None, source_text=text,
        source_name=file_name[:255], article_date=article_date, proposals=proposals,
    )
    review.full_clean(exclude=["created_by", "proposals", "decisions"])
    review.save()
    audit_record(action=AuditAction.CREATE, obj=review, unit_id=unit.pk, changes={
        "text_length": [None, len(text)], "file_name": [None, review.source_name],
        "proposals": [None, sum(1 for _item in all_proposals(proposals))]})
    return review


def review_start(*, user: Any, unit: Unit, text: str | None = None, data: bytes | None = None,
                 file_name: str = "", on: datetime.date | None = None) -> ArticleReview:
    """Read pasted text or uploaded bytes, extract and match it, and store the proposals.
    Bad input raises ValidationError on "text" or "file"; nothing is saved then."""
    from trienkhai.extraction.matching import match_article

    article = _input_text(text, data)
    matches = match_article(article, user=user, on=on)
    proposals = build_proposals(matches, text=article, unit=unit, user=user)
    return review_create(user=user, unit=unit, text=article, proposals=proposals,
                         file_name=file_name, article_date=matches.article_date)


def _locked(review: ArticleReview, version: int | None) -> ArticleReview:
    locked = ArticleReview.objects.select_for_update().select_related("unit").get(pk=review.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_(
            "Someone else saved this review after you opened it. Your choices are kept below: "
            "check them and save again."))
    if locked.status != ReviewStatus.OPEN:
        raise ValidationError(_("This review is closed: its records were created or it was "
                                "discarded."), code="closed")
    return locked


@transaction.atomic
def review_save(*, review: ArticleReview, decisions: Any, version: int | None) -> ArticleReview:
    """Keep the user's decisions (a draft); nothing else is created."""
    locked = _locked(review, version)
    clean = normalise_decisions(locked, decisions)
    if clean == locked.decisions:
        return locked
    locked.decisions = clean
    locked.version += 1
    locked.save(update_fields=["decisions", "version"])
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                 changes={"decisions": [None, len(clean)]})
    return locked


@transaction.atomic
def review_discard(*, review: ArticleReview, version: int | None) -> ArticleReview:
    locked = _locked(review, version)
    locked.status = ReviewStatus.DISCARDED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id,
                 changes={"status": [ReviewStatus.OPEN, ReviewStatus.DISCARDED]})
    return locked


# --- applying ---------------------------------------------------------------------------------


@contextmanager
def _on_row(row: Row) -> Iterator[None]:
    """A service's error, keyed by the row and naming it."""
    try:
        yield
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {
            NON_FIELD_ERRORS: error.messages}
        raise ValidationError({
            f"{row.key}.{'action' if name == NON_FIELD_ERRORS else name}": [
                _("%(row)s: %(message)s") % {"row": row.label, "message": message}
                for message in messages]
            for name, messages in fields.items()}) from None


@transaction.atomic
def review_apply(*, review: ArticleReview, user: Any, decisions: Any, version: int | None,
                 plan: Plan | None = None) -> ArticleReview:
    """Create the confirmed records (see the module's docstring); marks the review done."""
    locked = _locked(review, version)
    todo = check_decisions(review=locked, user=user, decisions=decisions, plan=plan)
    press = None
    if todo.press is not None:
        with _on_row(Row("press", _("Press item"), {})):
            press = press_item_create(
                unit=locked.unit, created_by=user, text=locked.source_text,
                confidentiality=todo.session["confidentiality"] if todo.session else 0,
                **todo.press)
    documents: list[Document] = []
    for item in todo.documents:
        if item["document"] is not None:
            documents.append(item["document"])
            continue
        with _on_row(item["row"]):
            documents.append(document_create(
                issuer=item["issuer"], signed_on=item["signed_on"], title=item["title"],
                symbol=item["symbol"], doc_type=item["doc_type"]))
    session: WorkingSession | None = None
    if todo.session is not None:
        with _on_row(Row("session", _("Working session"), {})):
            session = session_create(unit=locked.unit, press_item=press, documents=documents,
                                     organisations=todo.organisations, **todo.session)
    day = (session.held_on if session else None) or locked.article_date
    for order, item in enumerate(todo.people, start=1):
        person = item["person"]
        with _on_row(item["row"]):
            if item["create"]:
                person = person_create(full_name=item["name"], unit=item["unit"])
                if item["add_position"]:
                    if day is None:
                        raise ValidationError({"title": _(
                            "The article has no date: give the session's date to record the "
                            "position.")})
                    position_create(person=person, unit=item["unit"], title=item["title"],
                                    start_date=day)
            if session is not None:
                attendee_add(session=session, name=item["name"], title=item["title"],
                             person=person, order=order)
    target: Plan | None = None
    if session is not None and any(c["make_task"] for c in todo.conclusions):
        target = plan_for_conclusions(session=session, plan=todo.plan)  # or a new draft
    for order, item in enumerate(todo.conclusions, start=1):
        assert session is not None
        task = None
        with _on_row(item["row"]):
            if item["make_task"]:
                assert target is not None
                task = task_for_conclusion(plan=target, text=item["text"],
                                           deadline=item["deadline"],
                                           owner_unit=item["owner_unit"])
            conclusion_add(session=session, text=item["text"], deadline=item["deadline"],
                           owner_unit=item["owner_unit"], task=task, order=order)
    locked.status = ReviewStatus.DONE
    locked.decisions = normalise_decisions(locked, decisions)
    locked.press_item = press
    locked.session = session
    locked.version += 1
    locked.save()
    audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.unit_id, changes={
        "status": [ReviewStatus.OPEN, ReviewStatus.DONE],
        "press_item": [None, press.pk if press else None],
        "session": [None, session.pk if session else None]})
    return locked


