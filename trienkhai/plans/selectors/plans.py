"""Reads on plans, their sections, versions and consultation, always through the access policy."""
from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.documents.models import Document
from trienkhai.units.models import Unit

from ..models import (
    ConsultationComment,
    ConsultationInvite,
    Plan,
    PlanSection,
    PlanStatus,
    PlanVersion,
)

# Plans from above apply to a unit once they are in force.
APPLYING = (PlanStatus.ADOPTED, PlanStatus.AMENDED)


def plans_for(user: Any, action: Action = Action.READ) -> QuerySet[Plan]:
    return restrict(Plan.objects.all(), user, action)


def plan_get(*, user: Any, pk: Any, action: Action = Action.READ) -> Plan:
    """The plan, or 404 when missing or out of the user's scope or clearance."""
    return get_for_user(Plan.objects.select_related("unit", "issued_as"), user, action, pk=pk)


def plans_of_unit(*, user: Any, unit: Unit, status: str | None = None) -> QuerySet[Plan]:
    """The unit's own plans, and the plans of the units above it that are in force (they apply
    to it). Each row says which (`from_above`) and how many tasks it gives this unit."""
    qs = plans_for(user).filter(
        Q(unit=unit) | Q(unit__path__in=unit.ancestor_paths(), status__in=APPLYING)
    )
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("unit")
        .annotate(
            from_above=Case(When(unit=unit, then=Value(0)), default=Value(1),
                            output_field=IntegerField()),
            tasks_here=Count("tasks", filter=Q(tasks__owner_unit=unit)),
        )
        .order_by("from_above", "-created_at", "-id")
    )


def plan_documents(*, user: Any, plan: Plan) -> QuerySet[Document]:
    """The documents the plan implements that the user may read."""
    return restrict(Document.objects.filter(plans=plan), user, Action.READ).order_by("-signed_on")


def hidden_documents(*, user: Any, plan: Plan) -> list[Document]:
    """The plan's documents the user may not read: a change of the list by this user keeps
    them (the user neither sees nor removes them)."""
    readable = restrict(Document.objects.all(), user, Action.READ).values("pk")
    # Not plan.documents: a prefetched manager would answer from the readable ones only.
    return list(Document.objects.filter(plans=plan).exclude(pk__in=readable))


def plan_sections(*, user: Any, plan: Plan) -> QuerySet[PlanSection]:
    return restrict(PlanSection.objects.filter(plan=plan), user, Action.READ).order_by("position")


def section_get(*, user: Any, pk: Any, action: Action = Action.READ) -> PlanSection:
    return get_for_user(PlanSection.objects.select_related("plan", "plan__unit"), user, action,
                        pk=pk)


def plan_versions(*, user: Any, plan: Plan) -> QuerySet[PlanVersion]:
    """The frozen versions, oldest first, without their content (the list needs none)."""
    qs = restrict(PlanVersion.objects.filter(plan=plan), user, Action.READ)
    return qs.defer("content").order_by("number")


def plan_version_get(*, user: Any, plan: Plan, number: Any) -> PlanVersion:
    return get_for_user(PlanVersion.objects.filter(plan=plan), user, Action.READ, number=number)


def plan_invites(*, user: Any, plan: Plan) -> QuerySet[ConsultationInvite]:
    qs = restrict(ConsultationInvite.objects.filter(plan=plan), user, Action.READ)
    return qs.select_related("unit", "person").annotate(
        comment_count=Count("comments")).order_by("due_on", "id")


def plan_comments(*, user: Any, plan: Plan) -> QuerySet[ConsultationComment]:
    """Comments by section (those on the whole draft first), in the order received."""
    qs = restrict(ConsultationComment.objects.filter(plan=plan), user, Action.READ)
    return qs.select_related("section", "invite").order_by(
        F("section__position").asc(nulls_first=True), "received_on", "id")


def comment_get(*, user: Any, pk: Any, action: Action = Action.READ) -> ConsultationComment:
    return get_for_user(
        ConsultationComment.objects.select_related("plan", "plan__unit", "section", "invite"),
        user, action, pk=pk)


def comments_by_section(comments: list[ConsultationComment]) -> list[dict[str, Any]]:
    """Group comments under their section ({section, comments}), general comments first."""
    groups: list[dict[str, Any]] = []
    for comment in comments:
        if not groups or groups[-1]["section"] != comment.section:
            groups.append({"section": comment.section, "comments": []})
        groups[-1]["comments"].append(comment)
    return groups


def handling_summary(comments: list[ConsultationComment]) -> dict[str, int]:
    out: dict[str, int] = {}
    for comment in comments:
        out[comment.handling] = out.get(comment.handling, 0) + 1
    return out
