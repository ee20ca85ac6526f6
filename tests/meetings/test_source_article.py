"""End to end on the real source article (shared/corpus, never copied here) with the demo's
registry: read it, review it, create the records. And the demo's own working session."""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from trienkhai.accounts.models import Role, User
from trienkhai.audit.models import AuditEntry
from trienkhai.core.context import acting_as
from trienkhai.demo.documents import build_documents
from trienkhai.demo.meetings import build_meetings
from trienkhai.demo.people import build_people
from trienkhai.demo.units import build_units
from trienkhai.meetings.models import Attendee, Conclusion, PressItem, WorkingSession
from trienkhai.meetings.services_review import review_apply, review_start
from trienkhai.plans.models import Task

D = datetime.date
REPO = Path(__file__).resolve().parents[2]
CANDIDATES = [REPO.parent / "shared" / "corpus" / "source-article.txt",
              Path("/work/shared/corpus/source-article.txt")]


def source_article() -> str:
    for path in CANDIDATES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("shared/corpus/source-article.txt is not available on this machine")


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    with acting_as(None, "test:demo"):
        units = build_units()
        people = build_people(units)
        documents = build_documents(units, people)
    return {"units": units, "people": people, "documents": documents}


def test_the_source_article_becomes_a_working_session(demo: Any) -> None:
    text = source_article()
    city = demo["units"]["HCM"]
    user = User.objects.create(username="hcm-reader", unit=city, role=Role.ADMINISTRATOR)
    with acting_as(user, "test:e2e"):
        review = review_start(user=user, unit=city, text=text, on=D(2022, 6, 1))
    proposals = review.proposals
    by_name = {p["name"]: p for p in proposals["people"]}
    people = demo["people"]
    for name in ("Phan Nguyễn Như Khuê", "Dương Anh Đức", "Nguyễn Văn Hiếu"):
        assert by_name[name]["person"] == people[name].pk, name
    symbols = {d["extracted"].get("symbol"): d for d in proposals["documents"]}
    conclusion_01 = next(d for s, d in symbols.items() if s and "01-KL" in s)
    assert conclusion_01["document"] == demo["documents"]["01-KL/TW"].pk
    assert proposals["quotas"], "the article's quota (at least 2 model practices a year)"
    deadlines = {c["values"]["deadline"] for c in proposals["conclusions"]}
    assert "2030-12-31" in deadlines
    for group in ("people", "documents", "conclusions"):
        for item in proposals[group]:
            for evidence in item["evidence"]:
                assert evidence["sentence"] and evidence["sentence"] in review.source_text
    with acting_as(user, "test:e2e"):
        done = review_apply(review=review, user=user, decisions={}, version=review.version)
    session = done.session
    assert session.unit == city and session.held_on == D(2022, 6, 1)
    linked = {a.person_id for a in session.attendees.all()}
    assert {people[n].pk for n in ("Phan Nguyễn Như Khuê", "Nguyễn Văn Hiếu")} <= linked
    assert demo["documents"]["01-KL/TW"] in session.documents.all()
    task = session.conclusions.get(deadline=D(2030, 12, 31)).task
    assert task is not None and task.plan.unit == city
    assert done.press_item.text == review.source_text
    assert AuditEntry.objects.filter(object_type="meetings.workingsession",
                                     object_id=str(session.pk)).exists()


def test_the_demo_session_is_built_once(demo: Any) -> None:
    with acting_as(None, "test:demo"):
        first = build_meetings(demo["units"], demo["people"], demo["documents"])
        counts = (WorkingSession.objects.count(), Attendee.objects.count(),
                  Conclusion.objects.count(), PressItem.objects.count(), Task.objects.count(),
                  AuditEntry.objects.count())
        again = build_meetings(demo["units"], demo["people"], demo["documents"])
    assert again["session"] == first["session"]
    assert counts == (WorkingSession.objects.count(), Attendee.objects.count(),
                      Conclusion.objects.count(), PressItem.objects.count(),
                      Task.objects.count(), AuditEntry.objects.count())
    session = first["session"]
    assert session.unit.code == "HCM-BTV" and session.visiting_unit.code == "BTGTW"
    names = [a.name for a in session.attendees.order_by("order")]
    assert set(names) == {"Nguyễn Văn Hiếu", "Phan Nguyễn Như Khuê", "Dương Anh Đức",
                          "Lại Xuân Môn"}
    assert all(a.person_id for a in session.attendees.all())
    assert demo["documents"]["01-KL/TW"] in session.documents.all()
    conclusion = session.conclusions.get()
    assert "điểm nghẽn" in conclusion.text and conclusion.task is not None
    assert first["press_item"].text == ""
