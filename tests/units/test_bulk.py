from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import transaction

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.units.bulk import units_bulk_create
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.services import unit_create, unit_move

NO_PROBLEMS = ([], [], [], [], [])


def cell(code: str) -> Unit:
    return Unit(code=code, kind=UnitKind.PARTY_CELL, name=f"Chi bộ {code}", party_member_count=3)


def test_bulk_paths_continue_after_existing_children_and_match_treebeard(world):
    ward = world.units["descendant"]  # has one child already (the cell)
    with acting_as(None, "test:bulk"):
        created = units_bulk_create(items=[(ward, cell("B1")), (ward, cell("B2"))])
    assert created == 2
    ward = Unit.objects.get(pk=ward.pk)
    assert ward.numchild == 3
    children = list(Unit.objects.get_children(ward).values_list("code", flat=True))
    assert children == ["HCM-SG-KP1", "B1", "B2"]
    # treebeard's own add_child carries on after the bulk-inserted ones, without collision.
    with transaction.atomic():
        after = Unit.objects.add_child(ward, instance=cell("B3"))
    assert after.path > Unit.objects.get(code="B2").path
    assert Unit.objects.find_problems() == NO_PROBLEMS


def test_bulk_builds_nested_new_units_across_batches(world):
    province = world.units["sibling"]

    def items() -> Iterator[tuple[Unit | None, Unit]]:
        for w in range(4):
            ward = Unit(code=f"W{w}", kind=UnitKind.COMMUNE_COMMITTEE, name=f"Đảng ủy xã {w}")
            yield province, ward
            for g in range(3):
                org = Unit(code=f"W{w}G{g}", kind=UnitKind.GRASSROOTS, name=f"Tổ chức {g}")
                yield ward, org
                for c in range(2):
                    yield org, cell(f"W{w}G{g}C{c}")

    before = AuditEntry.objects.count()
    with acting_as(None, "test:bulk"):
        created = units_bulk_create(items=items(), batch_size=5)
    assert created == 4 * (1 + 3 * (1 + 2))
    assert AuditEntry.objects.count() - before == created
    assert Unit.objects.find_problems() == NO_PROBLEMS
    org = Unit.objects.get(code="W2G1")
    assert org.numchild == 2 and org.depth == 4
    assert Unit.objects.get_parent(org).code == "W2"
    leaf = Unit.objects.get(code="W3G2C1")
    assert leaf.search_text == "chi bo w3g2c1 w3g2c1"
    entry = AuditEntry.objects.get(object_id=str(leaf.pk))
    assert entry.action == "create" and entry.actor_label == "test:bulk"
    assert entry.changes["parent"] == [None, Unit.objects.get(code="W3G2").pk]
    assert entry.changes["party_member_count"] == [None, 3]


def test_bulk_skips_gaps_left_by_moves(world):
    ward2 = world.units["descendant2"]
    with acting_as(None, "test"):
        first = unit_create(parent=ward2, kind=UnitKind.PARTY_CELL, name="Chi bộ 1", code="G1")
        unit_create(parent=ward2, kind=UnitKind.PARTY_CELL, name="Chi bộ 2", code="G2")
        unit_move(unit=first, new_parent=world.units["sibling"])
        # numchild is now 1 but the last child's step is 2: the next path must be step 3.
        units_bulk_create(items=[(ward2, cell("G3"))])
    assert Unit.objects.get(code="G3").path == Unit.objects.get(code="G2").path[:-4] + "0003"
    assert Unit.objects.find_problems() == NO_PROBLEMS


def test_bulk_adds_roots_after_the_last_root(world):
    with acting_as(None, "test"):
        units_bulk_create(items=[(None, Unit(code="R2", kind=UnitKind.CENTRAL_BODY, name="R2"))])
    assert Unit.objects.get(code="R2").path == "0002"
    assert Unit.objects.find_problems() == NO_PROBLEMS


def test_bulk_refuses_an_unsaved_parent_that_it_did_not_create(world):
    with acting_as(None, "test"), pytest.raises(ValueError):
        units_bulk_create(items=[(cell("X"), cell("Y"))])
    assert not Unit.objects.filter(code__in=["X", "Y"]).exists()


def test_bulk_audit_changes_match_unit_create(world):
    province = world.units["own"]
    fields = {"kind": UnitKind.PARTY_CELL, "name": "Chi bộ", "short_name": "",
              "party_member_count": 7, "active_from": datetime.date(2025, 7, 1)}
    with acting_as(None, "test"):
        one = unit_create(parent=province, code="ONE", **fields)
        units_bulk_create(items=[(province, Unit(code="TWO", **fields))])
    two = Unit.objects.get(code="TWO")
    changes = [AuditEntry.objects.get(object_id=str(unit.pk)).changes for unit in (one, two)]
    assert changes[0] == {**changes[1], "code": [None, "ONE"]}
    assert changes[1]["active_from"] == [None, "2025-07-01"]


def test_bulk_refuses_a_parent_given_after_its_child(world):
    parent = Unit(code="P", kind=UnitKind.GRASSROOTS, name="P")
    with acting_as(None, "test"), pytest.raises(ValueError):
        units_bulk_create(items=[(parent, cell("C")), (world.units["own"], parent)])
    assert not Unit.objects.filter(code__in=["P", "C"]).exists()
