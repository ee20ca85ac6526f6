"""One record of each kind per relation of the access matrix, and the expected tables."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from trienkhai.accounts.models import Role
from trienkhai.core.context import acting_as
from trienkhai.studies import services
from trienkhai.studies.models import AnnualTheme, StudyCampaign, StudySession, ThemeRegistration

from ..matrix import EXPECTED, RELATIONS, ROLES, unit_key
from .helpers import launch

__all__ = ["DOWNWARD", "EXPECTED", "RELATIONS", "ROLES", "Records", "study_records"]

# Campaigns and themes flow down (access.rules: downward=True): besides what the user reads,
# every record set by a proper ancestor of one of their read roots. The root is everyone's
# ancestor; the sibling province is the parent of the ward the supervisor is in charge of.
DOWNWARD: dict[str, dict[str, bool]] = {
    role: {rel: EXPECTED[role][rel][0] or rel == "ancestor"
           or (role == Role.SUPERVISOR and rel == "sibling") for rel in RELATIONS}
    for role in ROLES
}


@dataclass
class Records:
    world: Any
    document: Any
    campaign: StudyCampaign  # launched by the root, every unit in scope
    theme: AnnualTheme  # set by the root
    campaigns: dict[str, StudyCampaign] = field(default_factory=dict)  # launched by relation
    sessions: dict[str, StudySession] = field(default_factory=dict)
    themes: dict[str, AnnualTheme] = field(default_factory=dict)
    registrations: dict[str, ThemeRegistration] = field(default_factory=dict)

    def unit(self, relation: str) -> Any:
        return self.world.units[unit_key(relation)]


@pytest.fixture
def study_records(world: Any, document: Any) -> Records:
    root = world.units["root"]
    records = Records(world=world, document=document,
                      campaign=launch(document, root, required_kinds=[]),
                      theme=_theme(document, root, 2021))
    with acting_as(None, "test:fixture"):
        for relation in RELATIONS:
            unit = records.unit(relation)
            records.campaigns[relation] = launch(document, unit, title=f"Chiến dịch {relation}")
            records.sessions[relation] = services.session_record(
                user=None, campaign=records.campaign, unit=unit,
                held_on=datetime.date(2022, 2, 1), conference_level="commune",
                cadres_attended=3, members_attended=min(10, unit.party_member_count),
            )
            records.themes[relation] = _theme(document, unit, 2022, f"Chủ đề {relation}")
            records.registrations[relation] = services.theme_register(
                user=None, theme=records.theme, unit=unit, content=f"Đăng ký {relation}")
    return records


def _theme(document: Any, unit: Any, year: int, title: str = "Năm 2021") -> AnnualTheme:
    with acting_as(None, "test:fixture"):
        return services.theme_create(user=None, document=document, unit=unit, year=year,
                                     title=title)
