"""Background work: rebuild the coverage of the campaigns a changed unit belongs to."""
from __future__ import annotations

from django.db.models import Q
from django_tasks import task

from trienkhai.units.models import Unit

from .coverage import coverage_recompute
from .models import StudyCampaign, StudyCoverage


def campaigns_touching(unit_ids: list[int]) -> list[int]:
    """Campaigns launched by one of the units or an ancestor (new position), or holding a row
    for one of them (old position)."""
    paths = list(Unit.objects.filter(pk__in=unit_ids).values_list("path", flat=True))
    launchers = {p[:end] for p in paths for end in range(4, len(p) + 1, 4)}
    return sorted(
        StudyCampaign.objects.filter(
            Q(launched_by__path__in=launchers)
            | Q(pk__in=StudyCoverage.objects.filter(unit_id__in=unit_ids).values("campaign_id"))
        ).values_list("pk", flat=True)
    )


@task()
def coverage_after_unit_change(unit_ids: list[int]) -> int:
    """A unit moved, merged, or changed its party-member count: the roll-ups of every campaign
    it counts in are rebuilt (about 2 s per campaign over 100,000 units). Returns how many."""
    campaign_ids = campaigns_touching(unit_ids)
    for campaign in StudyCampaign.objects.filter(pk__in=campaign_ids):
        coverage_recompute(campaign=campaign)
    return len(campaign_ids)
