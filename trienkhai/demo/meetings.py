"""The demo's working session: the 2022 session between the Central Propaganda Commission and
the Standing Committee of the Ho Chi Minh City Party Committee, through the services.

The attendees, the documents discussed and the gist of the conclusion come from the article;
the wording here is the demo's own (nothing of the article's text is copied), and the date and
place are illustrative. The press item only describes the article (title, date); its body is
left empty. Idempotent: the session is found by its host unit, date and title, and left alone
once there.
"""
from __future__ import annotations

import datetime
from typing import Any

from trienkhai.documents.models import Document
from trienkhai.meetings.models import PressItem, WorkingSession
from trienkhai.meetings.services import (
    attendee_add,
    conclusion_add,
    press_item_create,
    session_create,
)
from trienkhai.plans.models import Plan, Recurrence, TaskKind
from trienkhai.plans.services.plans import plan_create
from trienkhai.plans.services.tasks import task_create
from trienkhai.units.models import Person, Unit

from .people import OFFICIALS

D = datetime.date
HELD_ON = D(2022, 6, 1)  # illustrative: the article is from 2022, its exact day is not used here
SESSION_TITLE = ("Ban Tuyên giáo Trung ương làm việc với Ban Thường vụ Thành ủy Thành phố Hồ "
                 "Chí Minh về quán triệt, triển khai các nghị quyết, chỉ thị")
SUMMARY = (
    "Ban Thường vụ Thành ủy báo cáo việc tổ chức học tập, quán triệt Nghị quyết Đại hội XIII "
    "của Đảng và Nghị quyết Đại hội XI của Đảng bộ Thành phố, chương trình hành động và các "
    "chuyên đề theo lĩnh vực, việc thực hiện Kết luận số 01-KL/TW với chủ đề năm 2022, 4 "
    "chương trình đột phá, mô hình điển hình tiên tiến và công tác kiểm tra, giám sát. "
    "(Tóm tắt của bản demo.)"
)
PRESS_TITLE = "Tin bài về buổi làm việc của Ban Tuyên giáo Trung ương với Thành ủy TPHCM"
CONCLUSION = (
    "Thành phố tiếp tục rà soát, tổng hợp các bất cập, điểm nghẽn trong thực hiện nghị quyết, "
    "chỉ thị để Ban Tuyên giáo Trung ương báo cáo Bộ Chính trị xem xét, tháo gỡ kịp thời."
)
CONCLUSION_DEADLINE = D(2022, 12, 31)  # illustrative
PLAN_TITLE = "Thực hiện kết luận buổi làm việc ngày 01/06/2022 với Ban Tuyên giáo Trung ương"
DOCUMENT_KEYS = ("NQ-DH-XIII", "NQ-DH-HCM-XI", "CTR-HCM-XI", "01-KL/TW", "KH-HCM-01")
# Who sat where: the city's three leaders, then the visiting commission's.
ATTENDEES = ("Nguyễn Văn Hiếu", "Phan Nguyễn Như Khuê", "Dương Anh Đức", "Lại Xuân Môn")


def _titles() -> dict[str, str]:
    return {name: ", ".join(title for _code, title in titles) for name, _k, titles in OFFICIALS}


def _press(host: Unit) -> PressItem:
    existing = PressItem.objects.filter(unit=host, title=PRESS_TITLE).first()
    if existing is not None:
        return existing
    return press_item_create(unit=host, title=PRESS_TITLE, published_on=HELD_ON)


def _plan(host: Unit) -> Plan:
    existing = Plan.objects.filter(unit=host, title=PLAN_TITLE).first()
    if existing is not None:
        return existing
    return plan_create(unit=host, title=PLAN_TITLE, start_date=HELD_ON)


def build_meetings(units: dict[str, Unit], people: dict[str, Person],
                   documents: dict[str, Document]) -> dict[str, Any]:
    """Create (or find) the demo's working session, its press item and the task of its
    conclusion. Returns {"session", "press_item", "plan"}."""
    host, visiting = units["HCM-BTV"], units["BTGTW"]
    session = WorkingSession.objects.filter(unit=host, held_on=HELD_ON,
                                            title=SESSION_TITLE).first()
    if session is not None:
        return {"session": session, "press_item": session.press_item,
                "plan": Plan.objects.filter(unit=host, title=PLAN_TITLE).first()}
    press = _press(host)
    session = session_create(
        unit=host, visiting_unit=visiting, held_on=HELD_ON, title=SESSION_TITLE,
        summary=SUMMARY, press_item=press,
        documents=[documents[key] for key in DOCUMENT_KEYS if key in documents],
        organisations=[visiting.name, host.name])
    titles = _titles()
    for order, name in enumerate(ATTENDEES, start=1):
        attendee_add(session=session, name=name, title=titles.get(name, ""),
                     person=people.get(name), order=order)
    plan = _plan(host)
    task = task_create(plan=plan, owner_unit=host, title=CONCLUSION, kind=TaskKind.KEY,
                       deadline=CONCLUSION_DEADLINE, recurrence=Recurrence.NONE)
    conclusion_add(session=session, text=CONCLUSION, deadline=CONCLUSION_DEADLINE,
                   owner_unit=host, task=task, order=1)
    return {"session": session, "press_item": press, "plan": plan}
