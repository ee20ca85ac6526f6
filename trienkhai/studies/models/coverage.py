"""Per-unit coverage of a campaign: the aggregate table the pages read.

One row per (campaign, unit) for every unit in scope and every ancestor of one. `own_*` are the
unit's own figures (zero for an ancestor that is not in scope itself); `sub_*` are the sums of
`own_*` over the unit's subtree, itself included. Every metric is additive, so a change to one
unit moves its ancestors' `sub_*` by the same difference (studies.coverage). The metrics:
    members: party members in scope
    attended: party members who studied
    units: units in scope
    held: units that held a session
    on_time: units that held a session by the deadline
    below: units below the threshold
    sessions: sessions
    make_ups: make-up sessions
    cadres: key cadres attending
    invited: invited guests attending
    absent: party members absent
    assessments: written assessments
"""
from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP

from .campaigns import StudyCampaign

METRICS = (
    "members", "attended", "units", "held", "on_time", "below",
    "sessions", "make_ups", "cadres", "invited", "absent", "assessments",
)


class StudyCoverage(models.Model):
    # Derived data, rebuilt 100,000 rows at a time: no database-level foreign keys, whose
    # per-row checks cost more than the rebuild itself; Django still cascades deletes.
    campaign = models.ForeignKey(StudyCampaign, on_delete=models.CASCADE, related_name="coverage",
                                 db_constraint=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+",
                             db_constraint=False)
    province_key = models.CharField(max_length=8)
    # The unit's place in the tree when the row was last rebuilt, so the roll-up reads one
    # table (joining the units costs more than the roll-up itself). A unit that moves (a merge)
    # triggers a rebuild of the campaigns concerned: see studies.signals.
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    # First regular session, for "held by the deadline" and the lists of units.
    own_first_held_on = models.DateField(null=True, blank=True)
    own_members = models.IntegerField(default=0)
    own_attended = models.IntegerField(default=0)
    own_units = models.IntegerField(default=0)
    own_held = models.IntegerField(default=0)
    own_on_time = models.IntegerField(default=0)
    own_below = models.IntegerField(default=0)
    own_sessions = models.IntegerField(default=0)
    own_make_ups = models.IntegerField(default=0)
    own_cadres = models.IntegerField(default=0)
    own_invited = models.IntegerField(default=0)
    own_absent = models.IntegerField(default=0)
    own_assessments = models.IntegerField(default=0)
    sub_members = models.IntegerField(default=0)
    sub_attended = models.IntegerField(default=0)
    sub_units = models.IntegerField(default=0)
    sub_held = models.IntegerField(default=0)
    sub_on_time = models.IntegerField(default=0)
    sub_below = models.IntegerField(default=0)
    sub_sessions = models.IntegerField(default=0)
    sub_make_ups = models.IntegerField(default=0)
    sub_cadres = models.IntegerField(default=0)
    sub_invited = models.IntegerField(default=0)
    sub_absent = models.IntegerField(default=0)
    sub_assessments = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("study coverage")
        verbose_name_plural = _("study coverage")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="coverage_campaign_unit"),
        ]
        indexes = [
            # A subtree's lagging units, in tree order.
            # (campaign, depth, parent's path): a unit's children in one seek, and the
            # roll-up's leaves grouped by parent in index order (studies.coverage).
            models.Index(F("campaign"), F("depth"),
                         Substr("path", 1, Length("path") - PATH_STEP), name="coverage_level"),
            models.Index(fields=["campaign", "path"], name="coverage_subtree"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}: {self.sub_attended}/{self.sub_members}"

    @property
    def rate(self) -> float | None:
        """Subtree coverage, None when nobody is in scope."""
        return self.sub_attended / self.sub_members if self.sub_members else None

    @property
    def own_rate(self) -> float | None:
        return self.own_attended / self.own_members if self.own_members else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else rate * 100

    @property
    def own_percent(self) -> float | None:
        rate = self.own_rate
        return None if rate is None else rate * 100

    @property
    def not_held(self) -> int:
        """Units in scope without a session by the deadline."""
        return self.sub_units - self.sub_on_time

    def is_below(self, threshold_permille: int) -> bool:
        members = self.sub_members
        return members > 0 and 1000 * self.sub_attended < threshold_permille * members
