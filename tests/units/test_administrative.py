from __future__ import annotations

import time

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.units.administrative import administrative_import
from trienkhai.units.models import Unit, UnitKind


def test_builds_34_provinces_and_3321_communes_under_a_new_root(db):
    started = time.perf_counter()
    with acting_as(None, "test:admin"):
        report = administrative_import()
    elapsed = time.perf_counter() - started
    assert (report.root_created, report.provinces_created, report.communes_created) == (
        True, 34, 3321)
    assert Unit.objects.count() == 1 + 34 + 3321
    root = Unit.objects.get(code="TW")
    assert root.name == "Ban Chấp hành Trung ương" and root.depth == 1 and root.numchild == 34
    hanoi = Unit.objects.get(code="P01")
    assert (hanoi.name, hanoi.short_name, hanoi.kind) == (
        "Đảng bộ Thành phố Hà Nội", "Thành ủy Hà Nội", UnitKind.PROVINCIAL_COMMITTEE)
    assert Unit.objects.get(code="P04").name == "Đảng bộ tỉnh Cao Bằng"
    ward = Unit.objects.get(code="X00070")
    assert ward.name == "Đảng ủy Phường Hoàn Kiếm" and ward.kind == UnitKind.COMMUNE_COMMITTEE
    assert Unit.objects.get_parent(ward) == hanoi
    assert hanoi.numchild == Unit.objects.filter(hanoi.subtree_q(), depth=3).count() > 100
    assert Unit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE).count() == 3321
    assert AuditEntry.objects.filter(action="create", actor_label="test:admin").count() == 3356
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert elapsed < 30  # the benchmark holds the real target (< 5 s)


def test_a_second_run_creates_nothing(world):
    with acting_as(None, "test:admin"):
        first = administrative_import(root_code="TW")
        audit = AuditEntry.objects.count()
        second = administrative_import(root_code="TW")
    assert not first.root_created and first.provinces_created == 34
    assert (second.provinces_created, second.communes_created, second.already_present) == (
        0, 0, 34 + 3321)
    assert AuditEntry.objects.count() == audit
    # The provinces went after the root's two existing children.
    root = Unit.objects.get(code="TW")
    assert root.numchild == 2 + 34
    assert Unit.objects.get(code="P01").path == root.path + "0003"
