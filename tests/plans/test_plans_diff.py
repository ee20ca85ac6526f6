"""Differences between frozen versions: fields, sections and tasks added, removed, changed."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from trienkhai.core.context import acting_as
from trienkhai.plans.selectors.plan_diff import text_diff, version_diff
from trienkhai.plans.services.plans import (
    plan_adopt,
    plan_amend,
    plan_update,
    section_add,
    section_remove,
    section_update,
)
from trienkhai.plans.services.tasks import task_remove, task_update

from .factories import make_plan, make_task

D = datetime.date
pytestmark = pytest.mark.django_db


def test_text_diff_words_and_spaces():
    segments = text_diff("Đến năm 2030 cơ bản hoàn thành", "Đến năm 2030 hoàn thành\nđầy đủ")
    assert any(op == "delete" and "cơ bản" in t for op, t in segments)
    assert any(op == "insert" and "đầy đủ" in t for op, t in segments)
    assert "".join(t for op, t in segments if op != "delete") == \
        "Đến năm 2030 hoàn thành\nđầy đủ"
    assert "".join(t for op, t in segments if op != "insert") == \
        "Đến năm 2030 cơ bản hoàn thành"
    assert text_diff("", "") == []


def test_versions_diff(world):
    plan = make_plan(world.units["own"], sections=3)
    kept = make_task(plan, title="Giữ nguyên")
    changed = make_task(plan, title="Sẽ sửa", weight=Decimal(1), kind="regular")
    removed = make_task(plan, title="Sẽ bỏ")
    with acting_as(None, "test"):
        plan = plan_adopt(plan=plan, adopted_on=D(2025, 3, 1))
        plan = plan_amend(plan=plan)
        plan = plan_update(plan=plan, title="Tên mới", end_date=D(2029, 12, 31))
        section_update(section=plan.sections.get(position=1), body="Nội dung phần 1 mới.")
        section_update(section=plan.sections.get(position=2), heading="Phần hai")
        section_remove(section=plan.sections.get(position=3))
        section_add(plan=plan, heading="Phần bổ sung", body="Mới")
        task_update(task=changed, weight=Decimal(3), kind="breakthrough",
                    deadline=D(2028, 1, 1))
        task_remove(task=removed)
        added = make_task(plan, title="Mới thêm", deadline=D(2029, 1, 1))
        plan = plan_adopt(plan=plan, adopted_on=D(2025, 6, 1))
    v1, v2 = plan.versions.order_by("number")
    diff = version_diff(v1, v2)
    assert not diff.empty
    assert {c.name: (c.old, c.new) for c in diff.plan}["end_date"] == ("31/12/2030",
                                                                       "31/12/2029")
    assert [s["heading"] for s in diff.sections.added] == ["Phần bổ sung"]
    assert [s["heading"] for s in diff.sections.removed] == ["Phần 3"]
    changes = {item.label: {c.name for c in item.changes} for item in diff.sections.changed}
    assert changes == {"Phần 1": {"body"}, "Phần hai": {"heading"}}
    assert [t["id"] for t in diff.tasks.added] == [added.pk]
    assert [t["id"] for t in diff.tasks.removed] == [removed.pk]
    [task_change] = diff.tasks.changed
    assert task_change.id == changed.pk
    fields = {c.name: (c.old, c.new) for c in task_change.changes}
    assert fields["weight"] == ("1.00", "3.00")
    assert fields["kind"][0] != fields["kind"][1]  # shown by label, in the active language
    assert kept.pk not in {t.id for t in diff.tasks.changed}
    # The reverse direction swaps added and removed.
    back = version_diff(v2, v1)
    assert [s["heading"] for s in back.sections.removed] == ["Phần bổ sung"]
    assert version_diff(v1, v1).empty
    assert back.as_dict()["from"] == 2
