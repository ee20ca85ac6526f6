"""Reads on working sessions, press items and reviews, always through the access policy."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.documents.models import Document
from trienkhai.plans.forms_plans import units_near
from trienkhai.plans.models import Plan, PlanStatus, Task
from trienkhai.units.models import Person, Unit

from .models import ArticleReview, Attendee, Conclusion, PressItem, ReviewStatus, WorkingSession


def sessions_for(user: Any, action: Action = Action.READ) -> QuerySet[WorkingSession]:
    return restrict(WorkingSession.objects.all(), user, action)


def session_list(*, user: Any, unit: Unit | None = None) -> QuerySet[WorkingSession]:
    """Sessions the user reads (of `unit`'s subtree when given), newest first."""
    qs = sessions_for(user)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("unit__"))
    return (qs.select_related("unit", "visiting_unit")
            .annotate(attendee_count=Count("attendees", distinct=True),
                      conclusion_count=Count("conclusions", distinct=True))
            .order_by("-held_on", "-id"))


def session_get(*, user: Any, pk: Any, action: Action = Action.READ) -> WorkingSession:
    return get_for_user(WorkingSession.objects.select_related(
        "unit", "visiting_unit", "press_item"), user, action, pk=pk)


def session_attendees(*, user: Any, session: WorkingSession) -> list[Attendee]:
    """The attendees in order; `person_readable` says whether the person's page opens."""
    rows = list(session.attendees.select_related("person").order_by("order", "id"))
    ids = [a.person_id for a in rows if a.person_id]
    readable = set(restrict(Person.objects.filter(pk__in=ids), user, Action.READ)
                   .values_list("pk", flat=True)) if ids else set()
    for row in rows:
        row.person_readable = row.person_id in readable  # type: ignore[attr-defined]
    return rows


def session_conclusions(*, user: Any, session: WorkingSession) -> list[Conclusion]:
    """The conclusions in order; `task_readable` says whether the task's page opens."""
    rows = list(session.conclusions.select_related("owner_unit", "task").order_by("order", "id"))
    ids = [c.task_id for c in rows if c.task_id]
    readable = set(restrict(Task.objects.filter(pk__in=ids), user, Action.READ)
                   .values_list("pk", flat=True)) if ids else set()
    for row in rows:
        row.task_readable = row.task_id in readable  # type: ignore[attr-defined]
    return rows


def attendee_get(*, user: Any, session: WorkingSession, pk: Any) -> Attendee:
    """One of the session's attendees (404 for another session's)."""
    return get_for_user(Attendee.objects.filter(session=session).select_related("person"),
                        user, Action.READ, pk=pk)


def conclusion_get(*, user: Any, session: WorkingSession, pk: Any) -> Conclusion:
    """One of the session's conclusions (404 for another session's)."""
    return get_for_user(Conclusion.objects.filter(session=session).select_related(
        "owner_unit", "task"), user, Action.READ, pk=pk)


def attendee_people(*, user: Any, session: WorkingSession,
                    current: Person | None = None) -> QuerySet[Person]:
    """People to choose an attendee from: those the user reads among the people kept by the
    host unit, the units directly below it and the visiting unit (a short list for a phone),
    and the attendee's current person."""
    near = Q(unit__in=units_near(session.unit).values("pk"))
    if session.visiting_unit_id is not None:
        near |= Q(unit_id=session.visiting_unit_id)
    if current is not None:
        near |= Q(pk=current.pk)
    return restrict(Person.objects.filter(near), user, Action.READ).select_related(
        "unit").order_by("sort_key", "id")


def conclusion_owner_units(*, user: Any, session: WorkingSession,
                           current: Unit | None = None) -> QuerySet[Unit]:
    """Units that may be in charge of a conclusion: the host unit and the active units directly
    below it that the user reads, and the conclusion's current unit."""
    choices = Q(pk__in=units_near(session.unit).values("pk"))
    if current is not None:
        choices |= Q(pk=current.pk)
    return restrict(Unit.objects.filter(choices), user, Action.READ).order_by("depth", "path")


def filter_units(*, user: Any, current: Unit | None = None) -> list[Unit]:
    """The lists' unit filter: the user's unit and the units directly below it (and the unit
    filtered on now), those the user reads."""
    own = getattr(user, "unit", None)
    choices = Q(pk__in=units_near(own).values("pk")) if own is not None else Q(pk__in=[])
    if current is not None:
        choices |= Q(pk=current.pk)
    return list(restrict(Unit.objects.filter(choices), user, Action.READ).order_by(
        "depth", "path"))


def session_documents(*, user: Any, session: WorkingSession) -> QuerySet[Document]:
    return restrict(Document.objects.filter(working_sessions=session), user,
                    Action.READ).order_by("-signed_on", "-id")


def press_items_for(user: Any, action: Action = Action.READ) -> QuerySet[PressItem]:
    return restrict(PressItem.objects.all(), user, action)


def press_item_list(*, user: Any, unit: Unit | None = None) -> QuerySet[PressItem]:
    qs = press_items_for(user)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("unit__"))
    return qs.select_related("unit").order_by("-published_on", "-id")


def press_item_get(*, user: Any, pk: Any, action: Action = Action.READ) -> PressItem:
    return get_for_user(PressItem.objects.select_related("unit"), user, action, pk=pk)


def press_item_sessions(*, user: Any, item: PressItem) -> QuerySet[WorkingSession]:
    return sessions_for(user).filter(press_item=item).order_by("-held_on", "-id")


def open_reviews(*, user: Any) -> QuerySet[ArticleReview]:
    """Open reviews of the units the user writes: work to resume."""
    return (restrict(ArticleReview.objects.filter(status=ReviewStatus.OPEN), user, Action.WRITE)
            .select_related("unit", "created_by").order_by("-created_at", "-id"))


def review_get(*, user: Any, pk: Any) -> ArticleReview:
    return get_for_user(ArticleReview.objects.select_related("unit"), user, Action.READ, pk=pk)


def plans_taking_tasks(*, user: Any, unit: Unit) -> QuerySet[Plan]:
    """The unit's plans the user may add tasks to now (draft, consultation or amending)."""
    editable = Q(status__in=(PlanStatus.DRAFT, PlanStatus.CONSULTATION)) | Q(
        status__in=(PlanStatus.ADOPTED, PlanStatus.AMENDED), amending=True)
    return restrict(Plan.objects.filter(editable, unit=unit), user, Action.WRITE).order_by(
        "-created_at", "-id")
