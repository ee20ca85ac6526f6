"""Random trees and random sessions: the incremental table, the full recompute and a plain
Python reading of the rule (studies.coverage) always agree, merges included."""
from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trienkhai.core.context import acting_as
from trienkhai.studies import services
from trienkhai.studies.coverage import coverage_check, coverage_recompute
from trienkhai.studies.models import METRICS, StudyCampaign, StudyCoverage, StudySession
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_create, unit_merge

from .helpers import make_document

KINDS = [UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS, UnitKind.PARTY_CELL]
START = datetime.date(2022, 1, 1)
DEADLINE = datetime.date(2022, 3, 31)


def oracle(campaign: StudyCampaign) -> dict[str, dict[str, int]]:
    """Subtree figures by path, computed the obvious way."""
    units = list(Unit.objects.all())
    sessions = list(StudySession.objects.filter(campaign=campaign))
    own: dict[str, dict[str, int]] = {}
    for unit in units:
        if not campaign.covers(unit):
            continue
        mine = [s for s in sessions if s.unit_id == unit.pk]
        regular = [s for s in mine if not s.is_make_up]
        made_up: dict[int, int] = defaultdict(int)
        for s in mine:
            if s.is_make_up:
                made_up[s.make_up_of_id] += s.members_attended
        absent = {s.pk: s.members_absent for s in regular}
        reached = sum(s.members_attended for s in regular) + sum(
            min(total, absent[pk]) for pk, total in made_up.items())
        members = unit.party_member_count
        attended = min(members, reached)
        first = min((s.held_on for s in regular), default=None)
        own[unit.path] = {
            "members": members, "attended": attended, "units": 1, "held": int(bool(regular)),
            "on_time": int(first is not None and first <= campaign.deadline),
            "below": int(bool(regular) and 1000 * attended < campaign.threshold_permille
                         * members),
            "sessions": len(regular), "make_ups": len(mine) - len(regular),
            "cadres": sum(s.cadres_attended for s in mine),
            "invited": sum(s.invited_attended for s in mine),
            "absent": sum(s.members_absent for s in regular),
            "assessments": sum(s.assessments_count for s in mine),
        }
    subtree: dict[str, dict[str, int]] = {}
    for path, figures in own.items():
        for end in range(4, len(path) + 1, 4):
            row = subtree.setdefault(path[:end], dict.fromkeys(METRICS, 0))
            for metric, value in figures.items():
                row[metric] += value
    return subtree


def stored(campaign: StudyCampaign) -> dict[str, dict[str, int]]:
    rows = StudyCoverage.objects.filter(campaign=campaign, sub_units__gt=0).select_related("unit")
    return {r.unit.path: {m: getattr(r, f"sub_{m}") for m in METRICS} for r in rows}


@st.composite
def scenarios(draw: Any) -> dict[str, Any]:
    size = draw(st.integers(2, 9))
    units = [
        (draw(st.integers(0, i)), draw(st.sampled_from(KINDS)), draw(st.integers(0, 40)))
        for i in range(size)
    ]
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True))
    steps = draw(st.lists(st.tuples(
        st.sampled_from(["regular", "regular", "make_up", "update", "merge"]),
        st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 1000), st.integers(0, 90),
    ), max_size=14))
    return {"units": units, "kinds": kinds, "steps": steps}


def _play(step: tuple[str, int, int, int, int], campaign: StudyCampaign,
          units: list[Unit]) -> None:
    op, a, b, c, day = step
    in_scope = [u for u in Unit.objects.filter(pk__in=[x.pk for x in units])
                if campaign.covers(u)]
    held_on = START + datetime.timedelta(days=day)
    if op == "merge":
        unit, into = units[1 + a % (len(units) - 1)], units[b % len(units)]
        unit, into = Unit.objects.get(pk=unit.pk), Unit.objects.get(pk=into.pk)
        if unit.merged_into_id or into.path.startswith(unit.path) or into.dissolved_on:
            return
        unit_merge(unit=unit, into=into, on_date=datetime.date(2025, 7, 1))
        coverage_recompute(campaign=campaign)  # what the after-commit task does
        return
    if not in_scope:
        return
    unit = in_scope[a % len(in_scope)]
    members = unit.party_member_count
    regular = list(StudySession.objects.filter(campaign=campaign, unit=unit, is_make_up=False))
    if op == "regular" or (op != "regular" and not regular):
        attended = b % (members + 1)
        absent = c % (members - attended + 1)
        services.session_record(
            user=None, campaign=campaign, unit=unit, held_on=held_on, conference_level="cell",
            members_attended=attended, cadres_attended=1,
            absences=[{"reason": "illness", "count": absent}],
        )
        return
    original = regular[b % len(regular)]
    made_up = sum(StudySession.objects.filter(make_up_of=original)
                  .values_list("members_attended", flat=True))
    if op == "make_up":
        if original.members_absent <= made_up:
            return
        services.session_record(
            user=None, campaign=campaign, unit=unit, conference_level="cell",
            held_on=max(held_on, original.held_on), make_up_of=original,
            members_attended=1 + c % (original.members_absent - made_up), invited_attended=2,
        )
        return
    # update: fewer absentees (possibly below what was made up: the cap then applies)
    services.session_update(
        user=None, session=original, version=original.version,
        absences=[{"reason": "illness", "count": c % (original.members_absent + 1)}],
        assessments_count=day,
    )


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios())
def test_incremental_full_and_oracle_agree(db, scenario):
    with transaction.atomic(), acting_as(None, "test:hypothesis"):
        root = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name="Gốc", code="R")
        units = [root]
        for index, (parent, kind, members) in enumerate(scenario["units"]):
            units.append(unit_create(parent=Unit.objects.get(pk=units[parent].pk), kind=kind,
                                     name=f"Đơn vị {index}", code=f"U{index}",
                                     party_member_count=members))
        document = make_document(root)
        campaign = services.campaign_launch(
            user=None, document=document, launched_by=root, required_kinds=scenario["kinds"],
            audiences=["party_members"], launched_on=START, deadline=DEADLINE,
        )
        for step in scenario["steps"]:
            _play(step, campaign, units)
        expected = oracle(campaign)
        assert stored(campaign) == expected
        assert coverage_check(campaign=campaign) == []
        coverage_recompute(campaign=campaign)
        assert stored(campaign) == expected
        transaction.set_rollback(True)
