"""The review's records: what review_apply creates from proposals and decisions, all or
nothing, with its audit entries; drafts and their conflicts."""
from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.core.errors import ConflictError
from trienkhai.documents.models import Document
from trienkhai.meetings.models import (
    ArticleReview,
    Attendee,
    Conclusion,
    PressItem,
    ReviewStatus,
    WorkingSession,
)
from trienkhai.meetings.services_review import review_apply, review_save
from trienkhai.plans.models import Plan, PlanStatus, Task
from trienkhai.plans.services.plans import plan_create
from trienkhai.units.models import Person, Position

from .support import make_review, registered_document

D = datetime.date
MODELS = (PressItem, WorkingSession, Attendee, Conclusion, Person, Position, Document, Plan,
          Task)


@pytest.fixture(autouse=True)
def english(settings: Any) -> Any:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def counts() -> tuple[int, ...]:
    return (AuditEntry.objects.count(), *(m.objects.count() for m in MODELS))


@pytest.fixture
def editor(world: Any) -> Any:
    return world.user("editor")


def apply(review: ArticleReview, user: Any, decisions: dict[str, Any], **kw: Any) -> Any:
    with acting_as(user, "test:meetings"):
        return review_apply(review=review, user=user, decisions=decisions,
                            version=review.version, **kw)


def test_apply_creates_everything_in_one_transaction(world: Any, editor: Any) -> None:
    registered = registered_document(world)
    review = make_review(world, editor, registered=registered)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    new_doc = {"action": "edit", "values": {"signed_on": "05/03/2022",
                                            "issuer": world.units["own"].pk}}
    done = apply(review, editor, {"d1": new_doc, "p2": {"action": "edit",
                                                        "values": {"create": True}}})
    assert done.status == ReviewStatus.DONE
    session = done.session
    assert session is not None and session.unit == world.units["own"]
    assert session.held_on == D(2022, 7, 14)
    assert session.press_item == done.press_item
    assert done.press_item.text.startswith("Thứ Năm")
    attendees = list(session.attendees.order_by("order"))
    assert [a.name for a in attendees] == ["Nguyễn Văn Hiếu", "Trần Mới"]
    assert attendees[0].person == world.people["descendant"]
    created = attendees[1].person
    assert created is not None and created.unit == world.units["own"]
    assert Position.objects.get(person=created).title == "Chánh Văn phòng"
    assert Position.objects.get(person=created).start_date == D(2022, 7, 14)
    docs = set(session.documents.all())
    assert registered in docs and len(docs) == 2
    new = Document.objects.get(symbol="12-KH/TU")
    assert new.issuer == world.units["own"] and new.signed_on == D(2022, 3, 5)
    conclusions = list(session.conclusions.order_by("order"))
    assert [c.deadline for c in conclusions] == [D(2022, 9, 30), None]
    task = conclusions[0].task
    assert task is not None and task.deadline == D(2022, 9, 30)
    assert task.plan.status == PlanStatus.DRAFT and task.plan.unit == world.units["own"]
    assert "13/07/2022" not in task.plan.title and "14/07/2022" in task.plan.title
    assert conclusions[1].task is None
    assert session.organisations == ["Thành ủy"]
    # Every write has its entry, made by the user, in the same transaction.
    entries = list(AuditEntry.objects.filter(pk__gt=last))
    types = {e.object_type for e in entries}
    assert {"meetings.pressitem", "meetings.workingsession", "meetings.attendee",
            "meetings.conclusion", "units.person", "units.position", "documents.document",
            "plans.plan", "plans.task", "meetings.articlereview"} <= types
    assert all(e.actor_id == editor.pk for e in entries)
    assert len({e.request_id for e in entries}) == 1


def test_any_invalid_row_creates_nothing(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    before = counts()
    # The new document has no date: its row is named, nothing at all is created.
    with pytest.raises(ValidationError) as info:
        apply(review, editor, {"d1": {"action": "confirm",
                                      "values": {"issuer": world.units["own"].pk}}})
    errors = info.value.message_dict
    assert list(errors) == ["d1.signed_on"]
    assert "Kế hoạch số 12-KH/TU" in errors["d1.signed_on"][0]
    assert "without its date" in errors["d1.signed_on"][0]
    assert counts() == before
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_an_error_inside_a_service_rolls_everything_back(world: Any, editor: Any) -> None:
    """A duplicate document is found only by document_create, after the press item, people
    and others were written: all of it is undone, and the error names the row."""
    review = make_review(world, editor)
    with acting_as(None, "test"):
        from trienkhai.documents.services import document_create
        document_create(issuer=world.units["own"], signed_on=D(2022, 3, 5), title="Đã có",
                        symbol="12-KH/TU")
    before = counts()
    with pytest.raises(ValidationError) as info:
        apply(review, editor, {"d1": {"action": "edit", "values": {
            "signed_on": "2022-03-05", "issuer": world.units["own"].pk}}})
    assert list(info.value.message_dict) == ["d1.symbol"]
    assert "already registered" in info.value.message_dict["d1.symbol"][0]
    assert counts() == before


def test_reject_excludes_and_edit_values_are_used(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    done = apply(review, editor, {
        "p2": {"action": "reject"},
        "q1": "reject",
        "o1": "reject",
        "p1": {"action": "edit", "values": {"title": "Phó Bí thư Thường trực"}},
        "c1": {"action": "edit", "values": {"text": "Rà soát bất cập", "deadline": "31/10/2022",
                                            "owner_unit": world.units["descendant"].pk}},
        "session": {"action": "edit", "values": {"title": "Làm việc về nghị quyết",
                                                 "held_on": "13/07/2022", "place": "Hội trường"}},
        "press": {"action": "edit", "values": {"outlet": "Báo Thử", "url": "https://example.org/a"}},
    })
    session = done.session
    assert (session.title, session.held_on, session.place) == (
        "Làm việc về nghị quyết", D(2022, 7, 13), "Hội trường")
    assert session.organisations == []
    assert [(a.name, a.title) for a in session.attendees.all()] == [
        ("Nguyễn Văn Hiếu", "Phó Bí thư Thường trực")]
    assert not Person.objects.filter(full_name="Trần Mới").exists()
    conclusion = session.conclusions.get()
    assert (conclusion.text, conclusion.deadline) == ("Rà soát bất cập", D(2022, 10, 31))
    assert conclusion.task.owner_unit == world.units["descendant"]
    assert conclusion.task.plan.title.endswith("13/07/2022")
    assert (done.press_item.outlet, done.press_item.url) == ("Báo Thử", "https://example.org/a")
    assert not Document.objects.filter(symbol="12-KH/TU").exists()  # rejected by default


def test_tasks_go_to_the_chosen_plan(world: Any, editor: Any) -> None:
    with acting_as(None, "test"):
        plan = plan_create(unit=world.units["own"], title="Kế hoạch đang soạn")
    review = make_review(world, editor)
    plans = Plan.objects.count()
    done = apply(review, editor, {}, plan=plan)
    assert Plan.objects.count() == plans
    assert done.session.conclusions.get(task__isnull=False).task.plan == plan


def test_a_plan_that_cannot_take_tasks_is_refused(world: Any, editor: Any) -> None:
    with acting_as(None, "test"):
        plan = plan_create(unit=world.units["own"], title="Kế hoạch đã thông qua")
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
    plan.refresh_from_db()
    review = make_review(world, editor)
    before = counts()
    with pytest.raises(ValidationError) as info:
        apply(review, editor, {}, plan=plan)
    assert "plan" in info.value.message_dict
    assert counts() == before


def test_rejected_session_keeps_only_the_press_item(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    done = apply(review, editor, {"session": "reject", "p2": "reject"})
    assert done.session is None and done.press_item is not None
    assert not WorkingSession.objects.exists() and not Conclusion.objects.exists()


def test_creating_people_needs_a_unit_the_user_writes(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    before = counts()
    with pytest.raises(ValidationError) as info:
        apply(review, editor, {"p2": {"action": "edit", "values": {
            "create": "on", "create_unit": world.units["descendant"].pk}}})
    assert list(info.value.message_dict) == ["p2.create_unit"]
    assert "Trần Mới" in info.value.message_dict["p2.create_unit"][0]
    assert counts() == before


def test_save_keeps_decisions_and_a_stale_version_is_a_conflict(world: Any,
                                                                editor: Any) -> None:
    review = make_review(world, editor)
    mine = {"p2": {"action": "reject", "values": {}}}
    with acting_as(editor, "test"):
        saved = review_save(review=review, decisions=mine, version=review.version)
    assert saved.decisions == mine and saved.version == review.version + 1
    assert not WorkingSession.objects.exists()
    theirs = {"p1": {"action": "reject", "values": {}}}
    with acting_as(editor, "test"), pytest.raises(ConflictError) as info:
        review_save(review=review, decisions=theirs, version=review.version)
    assert "Your choices are kept" in str(info.value)
    saved.refresh_from_db()
    assert saved.decisions == mine
    with acting_as(editor, "test"), pytest.raises(ConflictError):
        review_apply(review=review, user=editor, decisions={}, version=review.version)
    assert not WorkingSession.objects.exists()


def test_unknown_keys_and_actions_are_refused(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    with acting_as(editor, "test"), pytest.raises(ValidationError) as info:
        review_save(review=review, decisions={"x9": "confirm", "p1": "maybe"},
                    version=review.version)
    assert set(info.value.message_dict) == {"x9.action", "p1.action"}


def test_a_done_review_cannot_be_applied_again(world: Any, editor: Any) -> None:
    review = make_review(world, editor)
    done = apply(review, editor, {})
    before = counts()
    with pytest.raises(ValidationError):
        apply(done, editor, {})
    assert counts() == before
