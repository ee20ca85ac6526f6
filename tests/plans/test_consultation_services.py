"""Consultation: invitations, comments on sections (only during consultation), handling."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.plans.models import Handling, PlanStatus
from trienkhai.plans.services.consultation import (
    can_add_comments,
    comment_add,
    comment_handle,
    invite_add,
)

from .factories import make_plan

D = datetime.date
pytestmark = pytest.mark.django_db
COUNCILS = ["Hội đồng Lý luận Thành ủy", "Hội đồng Phê bình văn học nghệ thuật",
            "Liên hiệp các Hội Khoa học và Kỹ thuật"]


@pytest.fixture(autouse=True)
def _actor():
    with acting_as(None, "test:consultation"):
        yield


@pytest.fixture
def plan(world):
    return make_plan(world.units["own"], status=PlanStatus.CONSULTATION, sections=2,
                     consultation_deadline=D(2025, 6, 30))


def test_invite_councils_units_and_people(world, plan):
    invites = [invite_add(plan=plan, name=name) for name in COUNCILS]
    assert [i.due_on for i in invites] == [D(2025, 6, 30)] * 3
    ward = invite_add(plan=plan, unit=world.units["descendant"], due_on=D(2025, 6, 15))
    assert ward.name == world.units["descendant"].name
    person = invite_add(plan=plan, person=world.people["ancestor"])
    assert person.name == "Dương Anh Đức"
    with pytest.raises(ValidationError) as err:
        invite_add(plan=plan, name="  hội đồng lý luận thành ủy ")
    assert "name" in err.value.message_dict


def test_invite_needs_a_name_and_a_date(world):
    draft = make_plan(world.units["own"])
    with pytest.raises(ValidationError) as err:
        invite_add(plan=draft, name="")
    assert "name" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        invite_add(plan=draft, name="Hội đồng Lý luận")
    assert "due_on" in err.value.message_dict
    # A draft may prepare its invitations before the consultation opens.
    assert invite_add(plan=draft, name="Hội đồng Lý luận", due_on=D(2025, 5, 1)).pk


def test_no_invitations_after_adoption(world):
    adopted = make_plan(world.units["own"], status=PlanStatus.ADOPTED)
    with pytest.raises(ValidationError):
        invite_add(plan=adopted, name="Hội đồng", due_on=D(2025, 5, 1))


def test_comments_attach_to_sections(plan):
    invite = invite_add(plan=plan, name=COUNCILS[0])
    section = plan.sections.get(position=2)
    comment = comment_add(plan=plan, invite=invite, section=section, text="Cần làm rõ chỉ tiêu.",
                          received_on=D(2025, 6, 1))
    assert comment.author == COUNCILS[0] and comment.section == section
    assert comment.handling == Handling.PENDING
    general = comment_add(plan=plan, author="Hội nghị văn hóa", text="Tán thành.")
    assert general.section is None


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.CLOSED])
def test_comments_only_during_consultation(world, status):
    other = make_plan(world.units["own"], status=status, sections=1)
    allowed, why = can_add_comments(other)
    assert not allowed and why
    with pytest.raises(ValidationError) as err:
        comment_add(plan=other, author="Hội đồng", text="Góp ý")
    assert err.value.messages == [why]


def test_comment_validation(world, plan):
    other = make_plan(world.units["own"], sections=1)
    with pytest.raises(ValidationError) as err:
        comment_add(plan=plan, author="", text="", section=other.sections.get(),
                    received_on=D(2999, 1, 1))
    assert {"author", "section", "received_on", "text"} <= set(err.value.message_dict)


def test_handling_each_way(plan):
    comments = [comment_add(plan=plan, author=name, text=f"Góp ý {i}")
                for i, name in enumerate(COUNCILS)]
    accepted = comment_handle(comment=comments[0], handling=Handling.ACCEPTED)
    assert accepted.handling == Handling.ACCEPTED and accepted.version == 2
    for handling in (Handling.PARTLY, Handling.EXPLAINED):
        with pytest.raises(ValidationError) as err:
            comment_handle(comment=comments[1], handling=handling, response=" ")
        assert "response" in err.value.message_dict
    explained = comment_handle(comment=comments[2], handling=Handling.EXPLAINED,
                               response="Đã có trong Phần 2.")
    assert explained.response == "Đã có trong Phần 2."
    with pytest.raises(ValidationError):
        comment_handle(comment=comments[1], handling="maybe")


def test_handling_conflict_and_after_adoption(plan):
    comment = comment_add(plan=plan, author="Hội đồng", text="Góp ý")
    comment_handle(comment=comment, handling=Handling.ACCEPTED, version=1)
    with pytest.raises(ConflictError):
        comment_handle(comment=comment, handling=Handling.EXPLAINED, response="x", version=1)
    # The table can still be completed after adoption, not after closing.
    from trienkhai.plans.services.plans import plan_adopt, plan_close

    adopted = plan_adopt(plan=plan, adopted_on=D(2025, 7, 1))
    comment_handle(comment=comment, handling=Handling.PARTLY, response="Một phần")
    plan_close(plan=adopted)
    with pytest.raises(ValidationError):
        comment_handle(comment=comment, handling=Handling.ACCEPTED)
