from trienkhai.core.context import acting_as
from trienkhai.units.models import UnitKind
from trienkhai.units.selectors import unit_children
from trienkhai.units.services import unit_create


def test_sub_units_list_own_bodies_first_then_names_the_vietnamese_way(world):
    province = world.units["own"]
    with acting_as(None, "test"):
        for code, kind, name in [
            ("A1", UnitKind.COMMUNE_COMMITTEE, "Đảng ủy phường Đa Kao"),
            ("A2", UnitKind.COMMUNE_COMMITTEE, "Đảng ủy phường An Khánh"),
            ("A3", UnitKind.ADVISORY_COMMISSION, "Ban Tổ chức Thành ủy"),
            ("A4", UnitKind.STANDING_COMMITTEE, "Ban Thường vụ Thành ủy"),
            ("A5", UnitKind.COMMUNE_COMMITTEE, "Đảng ủy phường Dĩ An"),
        ]:
            unit_create(parent=province, kind=kind, name=name, code=code)
    names = [u.name for u in unit_children(user=world.user("viewer"), unit=province)]
    assert names[:2] == ["Ban Thường vụ Thành ủy", "Ban Tổ chức Thành ủy"]
    wards = [n for n in names if n.startswith("Đảng ủy phường")]
    assert wards == ["Đảng ủy phường An Khánh", "Đảng ủy phường Bến Thành",
                     "Đảng ủy phường Dĩ An", "Đảng ủy phường Đa Kao", "Đảng ủy phường Sài Gòn"]
