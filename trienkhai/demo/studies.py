"""The demo's study campaign: Conclusion 01-KL/TW studied in the city's wards in 2022, and the
city's 2022 annual theme with the wards' registrations.

Attendance, dates, presenters and the theme's wording are illustrative (the article gives none
of them); the figures are chosen so that the pages have something to show: two wards below
95%, one late, one without its session. Built through the services; running it again changes
nothing.
"""
from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import Any

from trienkhai.documents.models import Document
from trienkhai.studies import services
from trienkhai.studies.models import AnnualTheme, StudyCampaign, StudySession
from trienkhai.units.models import Unit, UnitKind

logger = logging.getLogger(__name__)
D = datetime.date
SYMBOL_KEY = "1-KL/TW"
TITLE = "Học tập, quán triệt Kết luận số 01-KL/TW của Bộ Chính trị (năm 2022)"

# ward: (date, form, connection points, attended, absences by reason, make-up attended)
# None: the ward has not held its session (it shows in the "no session" list).
WARD_SESSIONS: dict[str, tuple[datetime.date, str, int, int, dict[str, int], int] | None] = {
    "Sài Gòn": (D(2022, 2, 18), "combined", 12, 1790, {"illness": 25, "on_duty": 30,
                                                        "other": 5}, 45),
    "Bến Thành": (D(2022, 2, 22), "in_person", 1, 1520, {"illness": 40, "on_duty": 45,
                                                         "exempt": 15}, 0),
    "Tân Định": (D(2022, 3, 2), "online", 6, 960, {"illness": 12, "family": 8}, 0),
    "Bàn Cờ": (D(2022, 3, 10), "in_person", 1, 1100, {"illness": 50, "on_duty": 40,
                                                      "exempt": 20}, 40),
    "Xuân Hòa": None,
    "Thủ Đức": (D(2022, 4, 8), "combined", 9, 2250, {"illness": 30, "on_duty": 20}, 0),
    "Linh Xuân": (D(2022, 3, 15), "in_person", 1, 1400, {"illness": 30, "family": 20}, 0),
}
PRESENTERS = ("Bí thư Đảng ủy phường; báo cáo viên Ban Tuyên giáo và Dân vận Thành ủy "
              "(minh họa)")
THEME_2022 = ("Năm 2022: đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
              "gắn với trách nhiệm nêu gương, gần dân, vì dân (diễn đạt minh họa)")
REGISTRATIONS = {
    "Sài Gòn": "Mô hình “Dân vận khéo” trong cải cách thủ tục hành chính tại phường.",
    "Bến Thành": "Chợ Bến Thành văn minh, thân thiện; mỗi đảng viên nhận giúp đỡ một hộ kinh "
                 "doanh.",
    "Tân Định": "Chi bộ khu phố kiểu mẫu: sinh hoạt chuyên đề hằng quý về nêu gương.",
    "Bàn Cờ": "Lãnh đạo phường tiếp dân định kỳ tại khu phố mỗi tháng.",
    "Thủ Đức": "Chuyển đổi số trong sinh hoạt chi bộ và tiếp nhận phản ánh của người dân.",
}


def _document(documents: dict[str, Any]) -> Document | None:
    """01-KL/TW from the documents builder, or found by its symbol (the oldest, 2021)."""
    document = documents.get("01-KL/TW")
    if isinstance(document, Document):
        return document
    return Document.objects.filter(symbol_key=SYMBOL_KEY).order_by("signed_on").first()


def build_studies(units: dict[str, Unit], documents: dict[str, Any]) -> None:
    document = _document(documents)
    city = units.get("HCM")
    if document is None or city is None:
        logger.warning("Demo study campaign skipped: document 01-KL/TW or the city is missing.")
        return
    campaign = StudyCampaign.objects.filter(document=document, launched_by=city,
                                            title=TITLE).first()
    if campaign is None:
        campaign = services.campaign_launch(
            user=None, document=document, launched_by=city, title=TITLE,
            required_kinds=[UnitKind.COMMUNE_COMMITTEE, UnitKind.PARTY_CELL],
            audiences=["key_cadres", "party_members", "mass_organisations"],
            launched_on=D(2022, 1, 15), deadline=D(2022, 3, 31), threshold=Decimal("0.950"),
            guidance="Các đảng ủy phường, xã tổ chức hội nghị học tập, quán triệt cho cán bộ "
                     "chủ chốt và toàn thể đảng viên; chi bộ khu phố tổ chức học bù cho đảng "
                     "viên vắng mặt; đảng viên viết bài thu hoạch.",
        )
    for name, plan in WARD_SESSIONS.items():
        ward = units.get(f"ward:{name}")
        if ward is None:
            continue
        ward = Unit.objects.get(pk=ward.pk)
        if plan is not None:
            _ward_session(campaign, ward, plan)
        _cell_sessions(campaign, ward, skip_last=plan is None)
    _theme(document, city, units)


def _ward_session(campaign: StudyCampaign, ward: Unit,
                  plan: tuple[datetime.date, str, int, int, dict[str, int], int]) -> None:
    held_on, form, points, attended, absences, make_up = plan
    if StudySession.objects.filter(campaign=campaign, unit=ward).exists():
        return
    session = services.session_record(
        user=None, campaign=campaign, unit=ward, held_on=held_on, form=form,
        connection_points=points, conference_level="commune", presenters=PRESENTERS,
        cadres_attended=45, members_attended=attended, invited_attended=30,
        absences=[{"reason": r, "count": c} for r, c in absences.items()],
        assessments_count=attended * 9 // 10,
    )
    if make_up:
        services.session_record(
            user=None, campaign=campaign, unit=ward, held_on=held_on + datetime.timedelta(14),
            conference_level="commune", members_attended=make_up, make_up_of=session,
            assessments_count=make_up, presenters="Phó Bí thư Thường trực Đảng ủy phường",
        )


def _cell_sessions(campaign: StudyCampaign, ward: Unit, skip_last: bool) -> None:
    """Each party cell of the ward studies at its monthly meeting (one stays behind where the
    ward itself has not met)."""
    cells = list(Unit.objects.filter(ward.subtree_q(), kind=UnitKind.PARTY_CELL,
                                     code__startswith=f"{ward.code}-KP").order_by("code"))
    if skip_last:
        cells = cells[:-1]
    for number, cell in enumerate(cells, start=1):
        if StudySession.objects.filter(campaign=campaign, unit=cell).exists():
            continue
        absent = number % 3
        members = cell.party_member_count
        services.session_record(
            user=None, campaign=campaign, unit=cell, held_on=D(2022, 3, 5 + number),
            conference_level="cell", presenters="Bí thư chi bộ",
            cadres_attended=3, members_attended=max(0, members - absent),
            absences=[{"reason": "on_duty", "count": min(absent, members)}],
            assessments_count=max(0, members - absent),
        )


def _theme(document: Document, city: Unit, units: dict[str, Unit]) -> None:
    theme = AnnualTheme.objects.filter(document=document, unit=city, year=2022).first()
    if theme is None:
        theme = services.theme_create(user=None, document=document, unit=city, year=2022,
                                      title=THEME_2022)
    for name, content in REGISTRATIONS.items():
        ward = units.get(f"ward:{name}")
        if ward is not None:
            services.theme_register(user=None, theme=theme, unit=ward, content=content)
