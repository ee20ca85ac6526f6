"""Plan lifecycle services: every transition legal and illegal, frozen versions, sections,
optimistic versions and the audit trail."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.plans.models import PlanStatus, PlanVersion
from trienkhai.plans.services.plans import (
    plan_adopt,
    plan_amend,
    plan_close,
    plan_create,
    plan_open_consultation,
    plan_update,
    section_add,
    section_remove,
    section_update,
)

from .factories import make_plan, make_task

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _actor():
    with acting_as(None, "test:plans"):
        yield


def test_create_sets_province_key_status_and_audit(world):
    ward = world.units["descendant"]
    plan = plan_create(unit=ward, title="Kế hoạch thực hiện Kết luận 01-KL/TW")
    assert plan.status == PlanStatus.DRAFT and plan.adopted_version == 0
    assert plan.province_path == ward.path[:8] == world.units["own"].path
    entry = AuditEntry.objects.get(object_type="plans.plan", object_id=str(plan.pk))
    assert entry.action == "create" and entry.unit_id == ward.pk


def test_create_validates_fields(world):
    with pytest.raises(ValidationError) as err:
        plan_create(unit=world.units["own"], title="", start_date=D(2025, 5, 1),
                    end_date=D(2025, 1, 1), confidentiality=9)
    fields = err.value.message_dict
    assert {"title", "end_date", "confidentiality"} <= set(fields)


def test_create_refuses_unknown_fields_and_dissolved_units(world):
    with pytest.raises(ValidationError):
        plan_create(unit=world.units["own"], title="X", status="adopted")
    from trienkhai.units.services import unit_merge

    merged = unit_merge(unit=world.units["descendant2"], into=world.units["descendant"],
                        on_date=D(2025, 7, 1))
    with pytest.raises(ValidationError) as err:
        plan_create(unit=merged, title="X")
    assert "unit" in err.value.message_dict


# --- the lifecycle -------------------------------------------------------------------------

TRANSITIONS = {
    "open": lambda p: plan_open_consultation(plan=p),
    "adopt": lambda p: plan_adopt(plan=p, adopted_on=D(2025, 9, 1)),
    "amend": lambda p: plan_amend(plan=p),
    "close": lambda p: plan_close(plan=p),
}
# (state the plan is brought to, transition) -> status after, or None when illegal.
STATES = ["draft", "consultation", "adopted", "amending", "amended", "closed"]
LEGAL = {
    ("draft", "open"): "consultation", ("draft", "adopt"): "adopted",
    ("consultation", "adopt"): "adopted",
    ("adopted", "amend"): "adopted", ("adopted", "close"): "closed",
    ("amending", "adopt"): "amended",
    ("amended", "amend"): "amended", ("amended", "close"): "closed",
}


def _bring(world, state):
    unit = world.units["own"]
    if state == "amending":
        plan = make_plan(unit, status=PlanStatus.ADOPTED, sections=1)
        return plan_amend(plan=plan)
    return make_plan(unit, status=state, sections=1)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_every_transition(world, state, transition):
    plan = _bring(world, state)
    expected = LEGAL.get((state, transition))
    if expected is None:
        with pytest.raises(ValidationError) as err:
            TRANSITIONS[transition](plan)
        assert err.value.messages and all(m for m in err.value.messages)
        plan.refresh_from_db()
        return
    after = TRANSITIONS[transition](plan)
    assert after.status == expected
    after.refresh_from_db()
    assert after.status == expected


def test_adopt_freezes_sections_and_tasks(world):
    plan = make_plan(world.units["own"], sections=2)
    task = make_task(plan, world.units["descendant"], title="Xây dựng mô hình",
                     indicator_type="count", target_value=2, recurrence="yearly")
    plan = plan_adopt(plan=plan, adopted_on=D(2025, 3, 1), note="Ban hành")
    assert (plan.status, plan.adopted_version) == (PlanStatus.ADOPTED, 1)
    version = PlanVersion.objects.get(plan=plan, number=1)
    assert [s["heading"] for s in version.content["sections"]] == ["Phần 1", "Phần 2"]
    [frozen] = version.content["tasks"]
    assert frozen["id"] == task.pk and frozen["target_value"] == "2.00"
    assert frozen["owner_unit"] == world.units["descendant"].name


def test_frozen_versions_never_change(world):
    plan = make_plan(world.units["own"], status=PlanStatus.ADOPTED, sections=1)
    version = plan.versions.get()
    version.note = "changed"
    with pytest.raises(ValueError):
        version.save()
    # Amending and adopting again adds a version; the first stays as it was.
    before = PlanVersion.objects.get(pk=version.pk).content
    plan = plan_amend(plan=plan)
    section_update(section=plan.sections.get(), body="Nội dung mới hoàn toàn.")
    plan = plan_adopt(plan=plan, adopted_on=D(2025, 6, 1), note="Bổ sung")
    assert plan.status == PlanStatus.AMENDED and plan.adopted_version == 2
    assert PlanVersion.objects.get(pk=version.pk).content == before
    assert plan.versions.get(number=2).content["sections"][0]["body"] == "Nội dung mới hoàn toàn."


def test_amendment_cannot_be_adopted_before_the_previous_version(world):
    plan = make_plan(world.units["own"], status=PlanStatus.ADOPTED)  # adopted 01/03/2025
    plan = plan_amend(plan=plan)
    with pytest.raises(ValidationError) as err:
        plan_adopt(plan=plan, adopted_on=D(2025, 1, 1))
    assert "adopted_on" in err.value.message_dict


def test_amend_twice_is_refused_with_a_clear_message(world):
    plan = _bring(world, "amending")
    with pytest.raises(ValidationError) as err:
        plan_amend(plan=plan)
    assert err.value.code == "invalid_transition" and err.value.messages[0]


def test_content_changes_only_while_editable(world):
    plan = make_plan(world.units["own"], status=PlanStatus.ADOPTED, sections=1)
    with pytest.raises(ValidationError):
        plan_update(plan=plan, title="Tên khác")
    with pytest.raises(ValidationError):
        section_add(plan=plan, heading="Phần mới")
    with pytest.raises(ValidationError):
        section_update(section=plan.sections.get(), body="x")
    # Working settings still change after adoption.
    plan = plan_update(plan=plan, remind_days_before=3)
    assert plan.remind_days_before == 3
    plan = plan_amend(plan=plan)
    plan = plan_update(plan=plan, title="Tên khác")
    assert plan.title == "Tên khác"
    closed = plan_close(plan=plan_adopt(plan=plan, adopted_on=D(2025, 9, 1)))
    with pytest.raises(ValidationError):
        plan_update(plan=closed, remind_days_before=1)


def test_stale_version_is_a_conflict(world):
    plan = make_plan(world.units["own"])
    plan_update(plan=plan, version=plan.version, title="Lần 1")
    with pytest.raises(ConflictError):
        plan_update(plan=plan, version=plan.version, title="Lần 2")
    with pytest.raises(ConflictError):
        plan_open_consultation(plan=plan, version=plan.version)


def test_documents_are_set_and_audited(world):
    from trienkhai.documents.services import document_create

    document = document_create(issuer=world.units["root"], symbol="01-KL/TW",
                               signed_on=D(2021, 5, 18), title="Kết luận 01")
    plan = make_plan(world.units["own"])
    plan = plan_update(plan=plan, documents=[document])
    assert list(plan.documents.all()) == [document]
    entry = AuditEntry.objects.filter(object_type="plans.plan", action="update").last()
    assert entry.changes["documents"] == [[], [document.pk]]


def test_sections_add_insert_swap_remove(world):
    plan = make_plan(world.units["own"], sections=3)
    section_add(plan=plan, heading="Chèn", position=2)
    assert list(plan.sections.values_list("heading", flat=True)) == [
        "Phần 1", "Chèn", "Phần 2", "Phần 3"]
    first = plan.sections.get(position=1)
    section_update(section=first, position=4)
    assert list(plan.sections.values_list("heading", flat=True)) == [
        "Phần 3", "Chèn", "Phần 2", "Phần 1"]
    section_remove(section=plan.sections.get(heading="Chèn"))
    assert list(plan.sections.values_list("position", "heading")) == [
        (1, "Phần 3"), (2, "Phần 2"), (3, "Phần 1")]


def test_section_conflict_and_validation(world):
    plan = make_plan(world.units["own"], sections=1)
    section = plan.sections.get()
    section_update(section=section, version=1, heading="Mới")
    with pytest.raises(ConflictError):
        section_update(section=section, version=1, heading="Cũ")
    with pytest.raises(ValidationError) as err:
        section_update(section=section, heading="")
    assert "heading" in err.value.message_dict


def test_section_with_comments_stays(world):
    from trienkhai.plans.services.consultation import comment_add

    plan = make_plan(world.units["own"], status=PlanStatus.CONSULTATION, sections=1)
    comment_add(plan=plan, section=plan.sections.get(), author="Hội đồng Lý luận",
                text="Góp ý")
    with pytest.raises(ValidationError):
        section_remove(section=plan.sections.get())


def test_audit_keeps_the_plans_confidentiality(world):
    make_plan(world.units["own"], confidentiality=1, sections=1)
    entries = AuditEntry.objects.filter(object_type__in=["plans.plan", "plans.plansection"])
    assert entries.count() == 2 and all(e.confidentiality == 1 for e in entries)
