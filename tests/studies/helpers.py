"""Helpers for the study tests: 01-KL/TW issued by the world's root, campaigns, sessions.

The world (tests/conftest.py), with the party members in brackets:

    root TW (0)
    ├── own HCM (0)
    │   ├── descendant SG, ward (120)
    │   │   └── cell KP1 (30)
    │   └── descendant2 BT, ward (80)
    └── sibling CM (0)
        └── supervised UM, ward (60)
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from trienkhai.core.context import acting_as
from trienkhai.documents.models import Document, DocumentType
from trienkhai.studies import services
from trienkhai.studies.models import ConferenceLevel, StudyCampaign, StudySession
from trienkhai.units.models import Unit, UnitKind

SIGNED = datetime.date(2021, 5, 18)
LAUNCHED = datetime.date(2022, 1, 10)
DEADLINE = datetime.date(2022, 3, 31)


def make_document(issuer: Unit, *, symbol: str = "01-KL/TW", confidentiality: int = 0,
                  signed_on: datetime.date = SIGNED) -> Document:
    from trienkhai.documents.symbols import symbol_key

    return Document.objects.create(
        doc_type=DocumentType.CONCLUSION, number=symbol.split("-")[0], symbol=symbol,
        symbol_key=symbol_key(symbol), issuer=issuer, signed_on=signed_on,
        title="Kết luận của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
        confidentiality=confidentiality,
    )


def launch(document: Document, launched_by: Unit, **extra: Any) -> StudyCampaign:
    fields: dict[str, Any] = {
        "required_kinds": [UnitKind.COMMUNE_COMMITTEE, UnitKind.PARTY_CELL],
        "audiences": ["party_members"], "launched_on": LAUNCHED, "deadline": DEADLINE,
        "threshold": Decimal("0.950"),
    }
    fields.update(extra)
    with acting_as(None, "test"):
        return services.campaign_launch(user=None, document=document, launched_by=launched_by,
                                        **fields)


def record(campaign: StudyCampaign, unit: Unit, held_on: datetime.date, attended: int,
           absences: dict[str, int] | None = None, make_up_of: StudySession | None = None,
           **extra: Any) -> StudySession:
    with acting_as(None, "test"):
        return services.session_record(
            user=None, campaign=campaign, unit=unit, held_on=held_on,
            conference_level=extra.pop("conference_level", ConferenceLevel.COMMUNE),
            members_attended=attended,
            absences=[{"reason": r, "count": c} for r, c in (absences or {}).items()],
            make_up_of=make_up_of, **extra,
        )


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)
