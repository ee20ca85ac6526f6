"""The administrative skeleton: the 34 provincial and 3,321 commune Party committees (2025).

The units come from the `vietnam-provinces` package (data as of 2025-10). Their codes are built
from the official administrative codes, which outlive renamings: "P01" for the province with
code 01 (Hà Nội), "X00070" for the ward with code 00070 (Hoàn Kiếm). Running it again creates
only what is missing, and never changes or moves a unit that is already there.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from .bulk import units_bulk_create
from .models import Unit, UnitKind
from .services import unit_create

ROOT_CODE = "TW"
ROOT_NAME = "Ban Chấp hành Trung ương"
_CITY = "Thành phố "


def province_unit_code(official_code: int) -> str:
    return f"P{official_code:02d}"


def commune_unit_code(official_code: int) -> str:
    return f"X{official_code:05d}"


def province_unit_names(province_name: str) -> tuple[str, str]:
    """(name, short name): 'Đảng bộ Thành phố Hà Nội', 'Thành ủy Hà Nội'."""
    if province_name.startswith(_CITY):
        return f"Đảng bộ {province_name}", f"Thành ủy {province_name[len(_CITY):]}"
    return f"Đảng bộ tỉnh {province_name}", f"Tỉnh ủy {province_name}"


@dataclass(frozen=True)
class AdministrativeReport:
    root_code: str
    root_created: bool
    provinces_created: int
    communes_created: int
    already_present: int

    def lines(self) -> list[str]:
        out = []
        if self.root_created:
            out.append(_("Created the root unit %(code)s.") % {"code": self.root_code})
        out.append(_("Provincial committees created: %(count)d") % {
            "count": self.provinces_created})
        out.append(_("Commune committees created: %(count)d") % {"count": self.communes_created})
        out.append(_("Already present, left as they are: %(count)d") % {
            "count": self.already_present})
        return out


@transaction.atomic
def administrative_import(*, root_code: str = ROOT_CODE) -> AdministrativeReport:
    """Create the missing provincial and commune committees under the unit `root_code`.

    The root is created as "Ban Chấp hành Trung ương" when no unit has that code.
    """
    root = Unit.objects.filter(code=root_code).first()
    root_created = root is None
    if root is None:
        root = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, name=ROOT_NAME, code=root_code)
    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    wards = sorted(Ward.iter_all(), key=lambda w: (int(w.province_code), int(w.code)))
    codes = [province_unit_code(int(p.code)) for p in provinces]
    codes += [commune_unit_code(int(w.code)) for w in wards]
    stored: dict[str, Unit] = {}
    for start in range(0, len(codes), 500):
        for unit in Unit.objects.filter(code__in=codes[start : start + 500]):
            stored[unit.code] = unit
    counts = {"province": 0, "commune": 0}

    def new_units() -> Iterator[tuple[Unit | None, Unit]]:
        parents: dict[int, Unit] = {}
        for province in provinces:
            code = province_unit_code(int(province.code))
            unit = stored.get(code)
            if unit is None:
                name, short_name = province_unit_names(province.name)
                unit = Unit(code=code, kind=UnitKind.PROVINCIAL_COMMITTEE, name=name,
                            short_name=short_name)
                counts["province"] += 1
                yield root, unit
            parents[int(province.code)] = unit
        for ward in wards:
            code = commune_unit_code(int(ward.code))
            if code not in stored:
                counts["commune"] += 1
                yield parents[int(ward.province_code)], Unit(
                    code=code, kind=UnitKind.COMMUNE_COMMITTEE, name=f"Đảng ủy {ward.name}"
                )

    units_bulk_create(items=new_units())
    return AdministrativeReport(
        root_code=root_code,
        root_created=root_created,
        provinces_created=counts["province"],
        communes_created=counts["commune"],
        already_present=len(stored),
    )
