"""The demo's campaign: built through the services, idempotent, with the promised figures."""
from __future__ import annotations

import logging

import pytest

from trienkhai.core.context import acting_as
from trienkhai.demo.studies import WARD_SESSIONS, build_studies
from trienkhai.studies.coverage import coverage_check
from trienkhai.studies.models import (
    AnnualTheme,
    StudyCampaign,
    StudyCoverage,
    StudySession,
    ThemeRegistration,
)
from trienkhai.units.models import UnitKind
from trienkhai.units.services import unit_create

from .helpers import make_document

MEMBERS = {"Sài Gòn": 1850, "Bến Thành": 1620, "Tân Định": 980, "Bàn Cờ": 1210,
           "Xuân Hòa": 1100, "Thủ Đức": 2300, "Linh Xuân": 1450}


@pytest.fixture
def demo_units(db):
    """The part of the demo tree the campaign uses: the Politburo beside the city, the demo
    wards with three party cells each."""
    with acting_as(None, "test:demo"):
        tw = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, code="TW",
                         name="Ban Chấp hành Trung ương")
        bct = unit_create(parent=tw, kind=UnitKind.CENTRAL_BODY, code="BCT", name="Bộ Chính trị")
        hcm = unit_create(parent=tw, kind=UnitKind.PROVINCIAL_COMMITTEE, code="HCM",
                          name="Đảng bộ Thành phố Hồ Chí Minh")
        units = {"TW": tw, "BCT": bct, "HCM": hcm}
        for index, (name, members) in enumerate(MEMBERS.items()):
            ward = unit_create(parent=hcm, kind=UnitKind.COMMUNE_COMMITTEE, code=f"W{index}",
                               name=f"Đảng ủy Phường {name}", party_member_count=members)
            units[f"ward:{name}"] = ward
            for number in (1, 2, 3):
                unit_create(parent=ward, kind=UnitKind.PARTY_CELL, code=f"W{index}-KP{number}",
                            name=f"Chi bộ Khu phố {number}", party_member_count=members // 12)
    return units


def test_build_twice_changes_nothing(demo_units):
    document = make_document(demo_units["BCT"])
    with acting_as(None, "test:demo"):
        build_studies(demo_units, {"01-KL/TW": document})
        counts = [m.objects.count() for m in (StudyCampaign, StudySession, AnnualTheme,
                                              ThemeRegistration)]
        build_studies(demo_units, {})  # found again by its symbol
    assert counts == [1, 6 + 2 + 20, 1, 5]
    assert [m.objects.count() for m in (StudyCampaign, StudySession, AnnualTheme,
                                        ThemeRegistration)] == counts


def test_demo_figures(demo_units):
    document = make_document(demo_units["BCT"])
    with acting_as(None, "test:demo"):
        build_studies(demo_units, {"01-KL/TW": document})
    campaign = StudyCampaign.objects.get()
    rows = {r.unit.name.removeprefix("Đảng ủy Phường "): r
            for r in StudyCoverage.objects.filter(campaign=campaign, depth=3)
            .select_related("unit")}
    below = {name for name, r in rows.items() if r.own_below}
    late_or_missing = {name for name, r in rows.items()
                       if r.own_first_held_on is None or r.own_first_held_on > campaign.deadline}
    assert below == {"Bến Thành", "Bàn Cờ"}
    assert late_or_missing == {"Xuân Hòa", "Thủ Đức"}
    assert round(rows["Sài Gòn"].own_percent, 1) == 99.2
    assert WARD_SESSIONS["Xuân Hòa"] is None
    city = StudyCoverage.objects.get(campaign=campaign, unit=demo_units["HCM"])
    assert city.sub_units == 7 * 4
    assert coverage_check(campaign=campaign) == []


def test_missing_document_is_skipped_with_a_note(demo_units, caplog):
    with caplog.at_level(logging.WARNING), acting_as(None, "test:demo"):
        build_studies(demo_units, {})
    assert not StudyCampaign.objects.exists()
    assert "01-KL/TW" in caplog.text
