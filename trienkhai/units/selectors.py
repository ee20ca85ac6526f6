"""Reads on units and people, always through the access policy."""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from trienkhai.access.policy import Action, restrict, scope_for
from trienkhai.core.text import fold, words_q

from .models import OversightAssignment, Person, Position, Unit
from .models.people import held_on
from .models.tree import listing_order, subtree_range


def units_for(user: Any, action: Action = Action.READ) -> QuerySet[Unit]:
    return restrict(Unit.objects.all(), user, action)


def unit_children(*, user: Any, unit: Unit, include_dissolved: bool = False) -> QuerySet[Unit]:
    qs = units_for(user).filter(subtree_range(unit.path), depth=unit.depth + 1)
    if not include_dissolved:
        qs = qs.filter(merged_into__isnull=True, dissolved_on__isnull=True)
    return qs.order_by(*listing_order())


def unit_roots_for(user: Any) -> QuerySet[Unit]:
    """The top units a user sees in the tree browser: their own scope roots."""
    qs = units_for(user)
    scope = scope_for(user)
    if scope.everything:
        return qs.filter(depth=1).order_by("path")
    return qs.filter(path__in=scope.read_paths).order_by("path")


def subtree_stats(*, unit: Unit) -> dict[str, int]:
    """Counts over the whole subtree, one aggregate over the path range."""
    row = Unit.objects.filter(unit.subtree_q()).aggregate(
        units=Count("id"),
        active=Count("id", filter=Q(dissolved_on__isnull=True)),
        party_members=Sum("party_member_count", filter=Q(dissolved_on__isnull=True)),
    )
    return {key: int(value or 0) for key, value in row.items()}


def current_positions(
    *, user: Any, unit: Unit, day: datetime.date | None = None
) -> list[Position]:
    day = day or datetime.date.today()
    qs = restrict(Position.objects.all(), user, Action.READ)
    return list(
        qs.filter(held_on(day), unit=unit).select_related("person").order_by("person__sort_key")
    )


def merged_units(*, user: Any, unit: Unit) -> QuerySet[Unit]:
    return units_for(user).filter(merged_into=unit).order_by("dissolved_on", "name")


def oversight_of_unit(*, user: Any, unit: Unit) -> QuerySet[OversightAssignment]:
    """Who is in charge of this unit (or one of its ancestors), today."""
    qs = restrict(OversightAssignment.objects.all(), user, Action.READ)
    paths = [*unit.ancestor_paths(), unit.path]
    return (
        qs.filter(held_on(datetime.date.today()), unit__path__in=paths)
        .select_related("person", "unit")
        .order_by("person__sort_key")
    )


def oversight_by_assigner(*, user: Any, unit: Unit) -> QuerySet[OversightAssignment]:
    """The assignments a committee made (phân công phụ trách), current first."""
    qs = restrict(OversightAssignment.objects.all(), user, Action.READ)
    return qs.filter(assigned_by=unit).select_related("person", "unit").order_by(
        "person__sort_key", "unit__path"
    )


def people_for(user: Any) -> QuerySet[Person]:
    return restrict(Person.objects.all(), user, Action.READ)


def person_detail(*, user: Any, person: Person) -> dict[str, Any]:
    positions = restrict(Position.objects.all(), user, Action.READ).filter(person=person)
    oversights = restrict(OversightAssignment.objects.all(), user, Action.READ).filter(
        person=person
    )
    return {
        "positions": list(positions.select_related("unit").order_by("-start_date")),
        "oversights": list(oversights.select_related("unit", "assigned_by")),
    }


def titles_held_on(*, person: Person, day: datetime.date) -> list[str]:
    """Every title the person held on `day`: one query over the dated positions.

    Not access-restricted: for services (name-and-title checks) that decide access themselves.
    """
    return list(
        Position.objects.filter(held_on(day), person=person)
        .order_by("start_date", "id")
        .values_list("title", flat=True)
    )


def search_units_and_people(*, user: Any, query: str, limit: int = 20) -> dict[str, list[Any]]:
    """Diacritic- and case-free search: every folded word must appear."""
    if not fold(query):
        return {"units": [], "people": []}
    units = list(units_for(user).filter(words_q(query)).order_by("depth", "name")[:limit])
    # Titles shown next to a name come only from positions the user may read.
    readable_positions = restrict(Position.objects.all(), user, Action.READ)
    people = list(
        people_for(user)
        .filter(words_q(query))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=readable_positions.filter(held_on(datetime.date.today())),
                to_attr="current_positions",
            )
        )[:limit]
    )
    return {"units": units, "people": people}
