"""The demo's organisation: central bodies, the HCMC Party Committee as in the 2022 article, and
the 2025 reorganisation (district committees dissolved and merged into wards).

Names come from the article and the public hierarchy; dates of positions are illustrative.
"""

from __future__ import annotations

import datetime
from typing import Any

from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_create, unit_merge

K = UnitKind
REORGANISATION = datetime.date(2025, 7, 1)
COMMISSIONS_MERGED = datetime.date(2025, 2, 1)

CENTRAL = [
    ("BCT", K.CENTRAL_BODY, "Bộ Chính trị", "BCT"),
    ("BBT", K.CENTRAL_BODY, "Ban Bí thư", "BBT"),
    ("BTGDVTW", K.CENTRAL_COMMISSION, "Ban Tuyên giáo và Dân vận Trung ương", "BTGDVTW"),
    ("BTCTW", K.CENTRAL_COMMISSION, "Ban Tổ chức Trung ương", "BTCTW"),
    ("UBKTTW", K.CENTRAL_COMMISSION, "Ủy ban Kiểm tra Trung ương", "UBKTTW"),
    ("VPTW", K.CENTRAL_COMMISSION, "Văn phòng Trung ương Đảng", "VPTW"),
]
# Under the city committee; the last column is the party-member count.
CITY = [
    (
        "HCM-BTV",
        K.STANDING_COMMITTEE,
        "Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
        "BTV Thành ủy",
        0,
    ),
    ("HCM-BTGDV", K.ADVISORY_COMMISSION, "Ban Tuyên giáo và Dân vận Thành ủy", "BTGDV Thành ủy", 0),
    ("HCM-BTC", K.ADVISORY_COMMISSION, "Ban Tổ chức Thành ủy", "BTC Thành ủy", 0),
    ("HCM-UBKT", K.ADVISORY_COMMISSION, "Ủy ban Kiểm tra Thành ủy", "UBKT Thành ủy", 0),
    ("HCM-VP", K.ADVISORY_COMMISSION, "Văn phòng Thành ủy", "VP Thành ủy", 0),
    ("HCM-UBND", K.STATE_AGENCY, "Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP", 0),
    ("HCM-SVHTT", K.STATE_AGENCY, "Sở Văn hóa và Thể thao Thành phố Hồ Chí Minh", "Sở VHTT", 0),
    ("HCM-SGDDT", K.STATE_AGENCY, "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", "Sở GDĐT", 0),
    (
        "HCM-MTTQ",
        K.FATHERLAND_FRONT,
        "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh",
        "MTTQ TP",
        0,
    ),
    ("HCM-DOAN", K.SOCIO_POLITICAL, "Thành Đoàn Thành phố Hồ Chí Minh", "Thành Đoàn", 0),
    (
        "HCM-HLHPN",
        K.SOCIO_POLITICAL,
        "Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh",
        "Hội LHPN TP",
        0,
    ),
    ("HCM-HND", K.SOCIO_POLITICAL, "Hội Nông dân Thành phố Hồ Chí Minh", "Hội Nông dân TP", 0),
    ("HCM-HCCB", K.SOCIO_POLITICAL, "Hội Cựu chiến binh Thành phố Hồ Chí Minh", "Hội CCB TP", 0),
    ("HCM-LDLD", K.SOCIO_POLITICAL, "Liên đoàn Lao động Thành phố Hồ Chí Minh", "LĐLĐ TP", 0),
    (
        "HCM-DUCQ",
        K.DIRECTLY_UNDER,
        "Đảng ủy các cơ quan Đảng Thành phố",
        "ĐU các cơ quan Đảng",
        2400,
    ),
]
# Units of 2022 that no longer exist:
# (code, parent code, kind, name, short name, dissolved on, merged into).
HISTORICAL = [
    (
        "BTGTW",
        "TW",
        K.CENTRAL_COMMISSION,
        "Ban Tuyên giáo Trung ương",
        "BTGTW",
        COMMISSIONS_MERGED,
        "BTGDVTW",
    ),
    (
        "HCM-BTG",
        "HCM",
        K.ADVISORY_COMMISSION,
        "Ban Tuyên giáo Thành ủy Thành phố Hồ Chí Minh",
        "Ban Tuyên giáo Thành ủy",
        COMMISSIONS_MERGED,
        "HCM-BTGDV",
    ),
    (
        "HCM-TD",
        "HCM",
        K.DISTRICT_COMMITTEE,
        "Thành ủy Thủ Đức",
        "Thành ủy Thủ Đức",
        REORGANISATION,
        "ward:Thủ Đức",
    ),
    (
        "HCM-Q1",
        "HCM",
        K.DISTRICT_COMMITTEE,
        "Quận ủy Quận 1",
        "Quận ủy Quận 1",
        REORGANISATION,
        "ward:Sài Gòn",
    ),
    (
        "HCM-Q3",
        "HCM",
        K.DISTRICT_COMMITTEE,
        "Quận ủy Quận 3",
        "Quận ủy Quận 3",
        REORGANISATION,
        "ward:Bàn Cờ",
    ),
]
# Wards of HCMC that get member counts and Party cells in the demo.
DEMO_WARDS = {
    "Sài Gòn": 1850,
    "Bến Thành": 1620,
    "Tân Định": 980,
    "Bàn Cờ": 1210,
    "Xuân Hòa": 1100,
    "Thủ Đức": 2300,
    "Linh Xuân": 1450,
}


def ensure_unit(code: str, parent: Unit | None, **fields: Any) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return unit_create(parent=parent, code=code, **fields)


def city_ward(city: Unit, ward_name: str) -> Unit:
    """A commune-level committee of the city, found by its ward name."""
    return Unit.objects.get(
        city.subtree_q(), kind=K.COMMUNE_COMMITTEE, name__endswith=f"Phường {ward_name}"
    )


def build_units() -> dict[str, Unit]:
    from trienkhai.units.administrative import administrative_import

    administrative_import()
    root = Unit.objects.get(code="TW")
    units: dict[str, Unit] = {"TW": root}
    for code, kind, name, short in CENTRAL:
        units[code] = ensure_unit(
            code,
            root,
            kind=kind,
            name=name,
            short_name=short,
            active_from=COMMISSIONS_MERGED if code == "BTGDVTW" else None,
        )
    city = Unit.objects.get(
        root.subtree_q(), kind=K.PROVINCIAL_COMMITTEE, name__endswith="Hồ Chí Minh"
    )
    units["HCM"] = city
    for code, kind, name, short, members in CITY:
        units[code] = ensure_unit(
            code, city, kind=kind, name=name, short_name=short, party_member_count=members
        )
    for ward_name, members in DEMO_WARDS.items():
        ward = city_ward(city, ward_name)
        if ward.party_member_count != members:
            from trienkhai.units.services import unit_update

            ward = unit_update(unit=ward, party_member_count=members)
        units[f"ward:{ward_name}"] = ward
        for number in (1, 2, 3):
            ensure_unit(
                f"{ward.code}-KP{number}",
                ward,
                kind=K.PARTY_CELL,
                name=f"Chi bộ Khu phố {number}, phường {ward_name}",
                party_member_count=members // 12,
            )
    for code, parent_code, kind, name, short, dissolved, into in HISTORICAL:
        unit = ensure_unit(code, units[parent_code], kind=kind, name=name, short_name=short)
        if unit.merged_into_id is None:
            unit = unit_merge(unit=unit, into=units[into], on_date=dissolved)
        units[code] = unit
    return units
