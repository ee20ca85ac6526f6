"""Reads on study campaigns, always through the access policy, in a fixed number of queries.

Pages read the aggregate table (StudyCoverage), never the sessions of a subtree.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from trienkhai.access.policy import Action, can_read_unit, restrict
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP, next_path

from .models import AnnualTheme, StudyCampaign, StudyCoverage, StudySession, ThemeRegistration


def campaigns_for(user: Any) -> QuerySet[StudyCampaign]:
    return restrict(StudyCampaign.objects.all(), user, Action.READ)


def campaign_list(*, user: Any, unit: Unit | None) -> QuerySet[StudyCampaign]:
    """Campaigns the user reads (those flowing down to their unit included), newest deadline
    first, each with `unit`'s subtree figures annotated: one query per page of rows."""
    qs = campaigns_for(user).select_related("document", "launched_by")
    if unit is None:
        return qs.order_by("-deadline", "-id")
    rows = StudyCoverage.objects.filter(campaign=OuterRef("pk"), unit=unit)
    return qs.annotate(
        unit_members=Subquery(rows.values("sub_members")[:1]),
        unit_attended=Subquery(rows.values("sub_attended")[:1]),
        unit_units=Subquery(rows.values("sub_units")[:1]),
        unit_on_time=Subquery(rows.values("sub_on_time")[:1]),
    ).order_by("-deadline", "-id")


def coverage_under(*, user: Any, campaign: StudyCampaign, unit: Unit) -> QuerySet[StudyCoverage]:
    """The campaign's rows, for use within `unit`'s subtree, if the user reads both.

    Access is decided once rather than joined into every row query: scopes are whole subtrees,
    so reading `unit` means reading every unit below it, and the campaign carries the
    clearance. (Joined per row, the campaign made SQLite sort a whole subtree before the LIMIT
    of a lagging list: 0.1 s at the root of 100,000 units.)
    """
    if not can_read_unit(user, unit) or not campaigns_for(user).filter(pk=campaign.pk).exists():
        return StudyCoverage.objects.none()
    return StudyCoverage.objects.filter(campaign=campaign)


def _subtree(unit: Unit) -> Q:
    """Rows of the unit's subtree, on the table's own (campaign, path) index."""
    return Q(path__gte=unit.path, path__lt=next_path(unit.path))


def parent_path() -> Substr:
    """The parent's path, as the coverage_level index has it."""
    return Substr("path", 1, Length("path") - PATH_STEP)


def not_held_q(campaign: StudyCampaign) -> Q:
    """Units in scope with no regular session by the deadline (late ones included)."""
    return Q(own_units=1) & (
        Q(own_first_held_on__isnull=True) | Q(own_first_held_on__gt=campaign.deadline)
    )


def lagging_not_held(*, user: Any, campaign: StudyCampaign, unit: Unit) -> QuerySet[StudyCoverage]:
    return (
        coverage_under(user=user, campaign=campaign, unit=unit)
        .filter(_subtree(unit), not_held_q(campaign))
        .select_related("unit")
        .order_by("path")
    )


def lagging_below(*, user: Any, campaign: StudyCampaign, unit: Unit) -> QuerySet[StudyCoverage]:
    return (
        coverage_under(user=user, campaign=campaign, unit=unit)
        .filter(_subtree(unit), own_below=1)
        .select_related("unit")
        .order_by("path")
    )


@dataclass
class Overview:
    campaign: StudyCampaign
    unit: Unit
    row: StudyCoverage | None
    children: Sequence[StudyCoverage]
    not_held: list[StudyCoverage]
    below: list[StudyCoverage]
    sessions: list[StudySession]
    breadcrumb: list[Unit] = field(default_factory=list)

    @property
    def not_held_count(self) -> int:
        return self.row.sub_units - self.row.sub_on_time if self.row else 0

    @property
    def below_count(self) -> int:
        return self.row.sub_below if self.row else 0


def campaign_overview(
    *, user: Any, campaign: StudyCampaign, unit: Unit, lagging_limit: int = 50
) -> Overview:
    """The unit's figures, its children's, both lagging lists (first rows; the counts come from
    the unit's row) and its own sessions: seven queries, however large the subtree."""
    rows = coverage_under(user=user, campaign=campaign, unit=unit)  # one query: the campaign
    row = rows.filter(unit=unit).first()
    children = list(
        rows.alias(parent=parent_path())
        .filter(depth=unit.depth + 1, parent=unit.path, sub_units__gt=0)
        .select_related("unit")
        .order_by("path")
    )
    not_held = list(rows.filter(_subtree(unit), not_held_q(campaign)).select_related("unit")
                    .order_by("path")[:lagging_limit])
    below = list(rows.filter(_subtree(unit), own_below=1).select_related("unit")
                 .order_by("path")[:lagging_limit])
    sessions = list(
        restrict(StudySession.objects.all(), user, Action.READ)
        .filter(campaign=campaign, unit=unit)
        .select_related("make_up_of")
        .order_by("held_on", "id")
    )
    # The way back up the drill-down: the ancestors the user may read.
    breadcrumb = list(
        restrict(Unit.objects.filter(path__in=unit.ancestor_paths()), user, Action.READ)
        .order_by("depth")
    )
    return Overview(campaign=campaign, unit=unit, row=row, children=children, not_held=not_held,
                    below=below, sessions=sessions, breadcrumb=breadcrumb)


def sessions_for(user: Any) -> QuerySet[StudySession]:
    return restrict(StudySession.objects.all(), user, Action.READ)


def themes_for(user: Any) -> QuerySet[AnnualTheme]:
    return (
        restrict(AnnualTheme.objects.all(), user, Action.READ)
        .select_related("document", "unit")
        .order_by("-year", "-id")
    )


def registrations_for(user: Any) -> QuerySet[ThemeRegistration]:
    return restrict(ThemeRegistration.objects.all(), user, Action.READ)


def theme_registrations(*, user: Any, theme: AnnualTheme) -> QuerySet[ThemeRegistration]:
    return (
        registrations_for(user)
        .filter(theme=theme)
        .select_related("unit")
        .annotate(unit_path=F("unit__path"))
        .order_by("unit__path")
    )
