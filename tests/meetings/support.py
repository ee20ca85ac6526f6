"""Builders for the meetings tests: hand-made matches (as extraction.matching returns them), a
review stored from them, and a session with its attendees and conclusions, via the services."""
from __future__ import annotations

import datetime
from typing import Any

from trienkhai.core.context import acting_as
from trienkhai.documents.models import Document, DocumentType
from trienkhai.documents.services import document_create
from trienkhai.extraction.extractor import Extraction
from trienkhai.extraction.matching import (
    UNKNOWN_DOCUMENT,
    UNKNOWN_PERSON,
    ArticleMatches,
    DocumentMatch,
    Evidence,
    Flag,
    ItemEvidence,
    PersonMatch,
)
from trienkhai.meetings.models import ArticleReview, WorkingSession
from trienkhai.meetings.proposals import build_proposals
from trienkhai.meetings.services import (
    attendee_add,
    conclusion_add,
    press_item_create,
    session_create,
)
from trienkhai.meetings.services_review import review_create
from trienkhai.units.models import Person, Unit

D = datetime.date
# An invented article (not the source article), with HTML that must be escaped on the page.
TEXT = (
    "Thứ Năm, 14/07/2022 10:00\n"
    "Đoàn công tác Trung ương làm việc với Thành ủy <b>về</b> học tập nghị quyết\n"
    "Tiếp đoàn có đồng chí Nguyễn Văn Hiếu, Phó Bí thư Thành ủy, và đồng chí Trần Mới, "
    "Chánh Văn phòng.\n"
    "Thành ủy đã ban hành Kế hoạch số 12-KH/TU triển khai Kết luận số 77-KL/TW.\n"
    "Đồng chí đề nghị Thành ủy rà soát các bất cập, hoàn thành báo cáo trước ngày 30/9/2022.\n"
    "Mỗi năm mỗi cấp ủy xây dựng ít nhất 2 mô hình điển hình.\n"
)


def ev(sentence: str, literal: str) -> Evidence:
    start = sentence.index(literal)
    return Evidence(sentence, [(start, start + len(literal))])


def matches(world: Any, *, registered: Document | None = None) -> ArticleMatches:
    """What matching would return for TEXT in the world fixture."""
    lines = TEXT.split("\n")
    hieu = world.people["descendant"]  # "Nguyễn Văn Hiếu", kept by the ward
    return ArticleMatches(
        article_date=D(2022, 7, 14), extraction=Extraction(),
        people=[
            PersonMatch(name="Nguyễn Văn Hiếu", titles=["Phó Bí thư Thành ủy"], person=hieu,
                        evidence=[ev(lines[2], "Nguyễn Văn Hiếu")]),
            PersonMatch(name="Trần Mới", titles=["Chánh Văn phòng"],
                        flags=[Flag(UNKNOWN_PERSON, "Không có trong danh bạ")],
                        evidence=[ev(lines[2], "Trần Mới")]),
        ],
        documents=[
            DocumentMatch(extracted={"symbol": "12-KH/TU", "number": "12", "type": "Kế hoạch",
                                     "title": "Kế hoạch số 12-KH/TU", "issuer": None,
                                     "date": None, "mentions": []},
                          flags=[Flag(UNKNOWN_DOCUMENT, "Chưa có trong sổ")],
                          evidence=[ev(lines[3], "Kế hoạch số 12-KH/TU")]),
            DocumentMatch(extracted={"symbol": "77-KL/TW", "number": "77", "type": "Kết luận",
                                     "title": "Kết luận số 77-KL/TW", "issuer": None,
                                     "date": None, "mentions": []},
                          document=registered, evidence=[ev(lines[3], "Kết luận số 77-KL/TW")]),
        ],
        deadlines=[ItemEvidence({"text": "trước ngày 30/9/2022", "year": 2022,
                                 "date": "2022-09-30", "kind": "deadline"},
                                [ev(lines[4], "trước ngày 30/9/2022")])],
        quotas=[ItemEvidence({"text": "ít nhất 2 mô hình", "count": 2, "per": "năm"},
                             [ev(lines[5], "ít nhất 2 mô hình")])],
        organisations=[ItemEvidence("Thành ủy", [ev(lines[3], "Thành ủy")])],
    )


def registered_document(world: Any) -> Document:
    with acting_as(None, "test:meetings"):
        return document_create(issuer=world.units["root"], signed_on=D(2022, 1, 5),
                               title="Kết luận thử", symbol="77-KL/TW",
                               doc_type=DocumentType.CONCLUSION)


def make_review(world: Any, user: Any, unit: Unit | None = None, *,
                registered: Document | None = None) -> ArticleReview:
    unit = unit or world.units["own"]
    with acting_as(user, "test:meetings"):
        proposals = build_proposals(matches(world, registered=registered), text=TEXT,
                                    unit=unit, user=user)
        return review_create(user=user, unit=unit, text=TEXT, proposals=proposals,
                             article_date=D(2022, 7, 14))


def make_session(unit: Unit, *, title: str = "Buổi làm việc thử", confidentiality: int = 0,
                 person: Person | None = None) -> WorkingSession:
    with acting_as(None, "test:meetings"):
        press = press_item_create(unit=unit, title=f"Tin: {title}", outlet="Báo thử",
                                  published_on=D(2022, 7, 14), confidentiality=confidentiality)
        session = session_create(unit=unit, title=title, held_on=D(2022, 7, 13),
                                 press_item=press, confidentiality=confidentiality)
        attendee_add(session=session, name=person.full_name if person else "Người dự",
                     person=person, title="Phó Bí thư")
        conclusion_add(session=session, text="Tiếp tục rà soát vướng mắc",
                       deadline=D(2022, 12, 31))
    return session
