"""Coverage roll-ups checked against trees computed by hand, merges included.

The campaign (conftest): launched by the root on 10/01/2022 for commune committees and party
cells, deadline 31/03/2022, threshold 95%. In scope: SG (120), KP1 (30), BT (80), UM (60).

Sessions of `recorded`:
- SG 10/02: 110 attended, 10 absent; make-up 20/02: 8 of them → 118/120 = 98.3% (not below).
- KP1 05/04 (after the deadline): 25 attended, 5 absent → 25/30 = 83.3% (below, late).
- BT: nothing (not held).
- UM 01/03: 55 attended, 5 absent; two make-ups of 3 and 2 → 60/60.
"""
from __future__ import annotations

import datetime
from typing import Any

import pytest

from trienkhai.core.context import acting_as
from trienkhai.studies.coverage import coverage_check, coverage_recompute
from trienkhai.studies.models import METRICS, StudyCoverage
from trienkhai.units.models import Unit
from trienkhai.units.services import unit_merge, unit_move, unit_update

from .helpers import fresh, launch, make_document, record

D = datetime.date
FIGURES = ("members", "attended", "units", "held", "on_time", "below", "sessions", "make_ups")


@pytest.fixture
def recorded(world: Any, campaign: Any) -> Any:
    u = world.units
    sg = record(campaign, u["descendant"], D(2022, 2, 10), 110, {"illness": 6, "on_duty": 4})
    record(campaign, u["descendant"], D(2022, 2, 20), 8, make_up_of=sg)
    record(campaign, u["cell"], D(2022, 4, 5), 25, {"family": 5})
    um = record(campaign, u["supervised"], D(2022, 3, 1), 55, {"other": 5})
    record(campaign, u["supervised"], D(2022, 3, 8), 3, make_up_of=um)
    record(campaign, u["supervised"], D(2022, 3, 9), 2, make_up_of=um)
    return campaign


def figures(campaign: Any, unit: Unit, prefix: str = "sub") -> dict[str, int] | None:
    row = StudyCoverage.objects.filter(campaign=campaign, unit=unit).first()
    if row is None:
        return None
    return {m: getattr(row, f"{prefix}_{m}") for m in FIGURES}


def expect(members: int, attended: int, units: int, held: int, on_time: int, below: int,
           sessions: int, make_ups: int) -> dict[str, int]:
    return dict(zip(FIGURES, (members, attended, units, held, on_time, below, sessions,
                              make_ups), strict=True))


def table(campaign: Any) -> dict[int, tuple[Any, ...]]:
    rows = StudyCoverage.objects.filter(campaign=campaign, sub_units__gt=0)
    return {
        r.unit_id: (r.path, r.depth, r.province_key, r.own_first_held_on,
                    *(getattr(r, f"own_{m}") for m in METRICS),
                    *(getattr(r, f"sub_{m}") for m in METRICS))
        for r in rows
    }


def test_hand_computed_tree(world, recorded):
    u = world.units
    assert figures(recorded, u["descendant"], "own") == expect(120, 118, 1, 1, 1, 0, 1, 1)
    assert figures(recorded, u["descendant"]) == expect(150, 143, 2, 2, 1, 1, 2, 1)
    assert figures(recorded, u["cell"]) == expect(30, 25, 1, 1, 0, 1, 1, 0)
    assert figures(recorded, u["descendant2"]) == expect(80, 0, 1, 0, 0, 0, 0, 0)
    assert figures(recorded, u["own"]) == expect(230, 143, 3, 2, 1, 1, 2, 1)
    assert figures(recorded, u["supervised"]) == expect(60, 60, 1, 1, 1, 0, 1, 2)
    assert figures(recorded, u["sibling"]) == expect(60, 60, 1, 1, 1, 0, 1, 2)
    assert figures(recorded, u["root"]) == expect(290, 203, 4, 3, 2, 1, 3, 3)
    # Not in scope itself: its own figures are zero, its subtree's are not.
    assert figures(recorded, u["own"], "own") == expect(0, 0, 0, 0, 0, 0, 0, 0)


def test_other_metrics_add_up(world, recorded):
    row = StudyCoverage.objects.get(campaign=recorded, unit=world.units["root"])
    assert row.sub_absent == 10 + 5 + 5  # regular sessions' absences
    assert row.own_first_held_on is None
    sg = StudyCoverage.objects.get(campaign=recorded, unit=world.units["descendant"])
    assert sg.own_first_held_on == D(2022, 2, 10)
    assert round(sg.own_percent, 1) == 98.3


def test_incremental_equals_full_recompute(world, recorded):
    incremental = table(recorded)
    assert coverage_check(campaign=recorded) == []
    coverage_recompute(campaign=recorded)
    assert table(recorded) == incremental


def test_make_ups_never_count_an_absentee_twice(world, campaign):
    u = world.units
    original = record(campaign, u["descendant2"], D(2022, 2, 1), 70, {"illness": 10})
    record(campaign, u["descendant2"], D(2022, 2, 2), 6, make_up_of=original)
    record(campaign, u["descendant2"], D(2022, 2, 3), 4, make_up_of=original)
    assert figures(campaign, u["descendant2"])["attended"] == 80
    # Lowering the original's absentees below what was made up: the credit follows it down.
    with acting_as(None, "test"):
        from trienkhai.studies.services import session_update

        session_update(user=None, session=original, version=None,
                       absences=[{"reason": "illness", "count": 7}])
    assert figures(campaign, u["descendant2"])["attended"] == 77
    coverage_recompute(campaign=campaign)
    assert figures(campaign, u["descendant2"])["attended"] == 77


def test_two_regular_sessions_add_up_capped_at_the_members(world, campaign):
    ward = world.units["descendant2"]  # 80 members
    record(campaign, ward, D(2022, 2, 1), 50, {"on_duty": 30})
    record(campaign, ward, D(2022, 2, 8), 30)
    assert figures(campaign, ward)["attended"] == 80
    assert figures(campaign, ward)["sessions"] == 2


def test_merged_unit_counts_under_the_unit_it_merged_into(world, recorded):
    u = world.units
    with acting_as(None, "test"):
        unit_merge(unit=u["supervised"], into=u["descendant"], on_date=D(2025, 7, 1))
    coverage_recompute(campaign=recorded)
    # UM (60/60) now sits under SG: SG and HCM gain it, CM keeps nothing in scope.
    assert figures(recorded, u["descendant"]) == expect(210, 203, 3, 3, 2, 1, 3, 3)
    assert figures(recorded, u["own"]) == expect(290, 203, 4, 3, 2, 1, 3, 3)
    assert figures(recorded, u["sibling"]) is None
    assert figures(recorded, u["root"]) == expect(290, 203, 4, 3, 2, 1, 3, 3)
    assert coverage_check(campaign=recorded) == []


# Real commits: the fixtures' own unit saves already scheduled one rebuild in the test's
# transaction, which the merge joins, so capturing callbacks from here on would see nothing.
@pytest.mark.django_db(transaction=True)
def test_a_merge_rebuilds_the_campaigns_after_commit(live_world, recorded):
    u = live_world.units
    with acting_as(None, "test"):
        unit_merge(unit=u["supervised"], into=u["descendant"], on_date=D(2025, 7, 1))
    assert figures(recorded, u["descendant"])["members"] == 210
    assert figures(recorded, u["sibling"]) is None


@pytest.mark.django_db(transaction=True)
def test_member_count_change_moves_the_denominators(live_world, recorded):
    with acting_as(None, "test"):
        unit_update(unit=live_world.units["descendant2"], party_member_count=100)
    assert figures(recorded, live_world.units["root"])["members"] == 310


def test_units_dissolved_before_the_launch_are_out_of_scope(world, recorded):
    u = world.units
    with acting_as(None, "test"):
        unit_merge(unit=u["supervised"], into=u["descendant"], on_date=D(2025, 7, 1))
    later_document = make_document(u["root"], symbol="02-KL/TW", signed_on=D(2025, 9, 1))
    later = launch(later_document, u["root"], launched_on=D(2025, 9, 10),
                   deadline=D(2025, 12, 31))
    assert figures(later, u["descendant"]) == expect(150, 0, 2, 0, 0, 0, 0, 0)
    assert figures(later, fresh(u["supervised"])) is None


def test_units_formed_after_the_deadline_are_out_of_scope(world, document):
    u = world.units
    campaign = launch(document, u["own"], required_kinds=[], min_level=1, max_level=1)
    with acting_as(None, "test"):
        unit_update(unit=u["descendant2"], active_from=campaign.deadline + datetime.timedelta(1))
    coverage_recompute(campaign=campaign)
    assert figures(campaign, u["descendant2"]) is None
    assert figures(campaign, u["own"])["units"] == 1
    with acting_as(None, "test"):
        unit_update(unit=u["descendant2"], active_from=campaign.deadline)
    coverage_recompute(campaign=campaign)
    assert figures(campaign, u["own"])["units"] == 2


def test_depth_range_and_kinds_narrow_the_scope(world, document):
    u = world.units
    # Levels below HCM: 1 = the wards only (kinds left open).
    campaign = launch(document, u["own"], required_kinds=[], min_level=1, max_level=1)
    assert figures(campaign, u["own"]) == expect(200, 0, 2, 0, 0, 0, 0, 0)
    assert figures(campaign, u["cell"]) is None
    # Every kind, every level: HCM itself and the cell are in scope too.
    everything = launch(document, u["own"], required_kinds=[])
    assert figures(everything, u["own"])["units"] == 4


def test_rows_exist_up_to_the_root_for_a_campaign_launched_lower(world, document):
    campaign = launch(document, world.units["own"])
    assert figures(campaign, world.units["root"])["members"] == 230
    assert figures(campaign, world.units["sibling"]) is None


def test_scope_in_python_matches_scope_in_sql(world, document):
    u = world.units
    with acting_as(None, "test"):
        unit_update(unit=u["cell"], active_from=D(2099, 1, 1))
    for extra in ({}, {"required_kinds": []}, {"min_level": 1, "max_level": 2},
                  {"required_kinds": ["party_cell"], "min_level": 3}):
        campaign = launch(document, u["root"], **extra)
        in_sql = set(Unit.objects.filter(campaign.scope_q()).values_list("pk", flat=True))
        in_python = {unit.pk for unit in Unit.objects.all() if campaign.covers(unit)}
        assert in_sql == in_python, extra


@pytest.mark.django_db(transaction=True)
def test_a_move_rebuilds_the_campaigns_after_commit(live_world, recorded):
    u = live_world.units
    with acting_as(None, "test"):
        unit_move(unit=u["supervised"], new_parent=u["descendant"])
    # Like the merge above, minus the dissolution: UM (60/60) now counts under SG.
    assert figures(recorded, u["descendant"])["members"] == 210
    assert figures(recorded, u["sibling"]) is None
    assert coverage_check(campaign=recorded) == []
