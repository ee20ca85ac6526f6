"""The demo's plans, through the services: the city's action programme implementing the 11th
Congress resolution (adopted, with its tasks cascaded to the demo wards and the Fatherland Front
and socio-political organisations), and the draft plan for the Ho Chi Minh cultural space in
consultation with the councils the 2022 article names.

The article names the 4 breakthrough programmes, the "at least 2 typical advanced model
practices a year" and the 2030 target; the wording of sections and tasks, and all dates, are
illustrative. Idempotent: each plan is found by its unit and title and left alone once there.
"""
from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import Any

from trienkhai.documents.models import Document
from trienkhai.plans.models import (
    Handling,
    IndicatorType,
    Plan,
    PlanKind,
    PlanStatus,
    Recurrence,
    Task,
    TaskKind,
)
from trienkhai.plans.services.consultation import comment_add, comment_handle, invite_add
from trienkhai.plans.services.plans import (
    plan_adopt,
    plan_create,
    plan_open_consultation,
    section_add,
)
from trienkhai.plans.services.tasks import task_cascade, task_create
from trienkhai.units.models import Person, Unit

logger = logging.getLogger(__name__)
D = datetime.date

PROGRAMME_TITLE = (
    "Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh "
    "lần thứ XI, nhiệm kỳ 2020 - 2025"
)
PROGRAMME_SECTIONS = [
    ("I- MỤC ĐÍCH, YÊU CẦU",
     "Cụ thể hóa các mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp của Nghị quyết Đại hội đại biểu "
     "Đảng bộ Thành phố lần thứ XI; xác định rõ nhiệm vụ trọng tâm, nội dung đột phá, đơn vị "
     "chủ trì, đơn vị phối hợp và thời hạn hoàn thành."),
    ("II- NHIỆM VỤ TRỌNG TÂM",
     "Mỗi cấp ủy, cơ quan, đơn vị, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội xác định "
     "nhiệm vụ trọng tâm, nội dung đột phá; mỗi năm phát triển ít nhất 2 mô hình điển hình "
     "tiên tiến của cấp mình, phát hiện, biểu dương và nhân rộng."),
    ("III- BỐN CHƯƠNG TRÌNH ĐỘT PHÁ",
     "Tập trung lãnh đạo thực hiện 4 chương trình đột phá của Thành phố trong nhiệm kỳ."),
    ("IV- TỔ CHỨC THỰC HIỆN",
     "Các cấp ủy, tổ chức đảng xây dựng kế hoạch thực hiện, báo cáo tiến độ định kỳ; Ban "
     "Thường vụ Thành ủy kiểm tra, giám sát, đôn đốc việc thực hiện."),
]
# Illustrative wording of the city's 4 breakthrough programmes.
BREAKTHROUGHS = [
    "Chương trình đột phá 1: nâng cao chất lượng nguồn nhân lực",
    "Chương trình đột phá 2: cải cách hành chính, xây dựng chính quyền đô thị",
    "Chương trình đột phá 3: chỉnh trang, phát triển đô thị",
    "Chương trình đột phá 4: chuyển đổi số, xây dựng đô thị thông minh",
]
MODEL_PRACTICES = ("Mỗi năm phát triển ít nhất 2 mô hình điển hình tiên tiến của cấp mình, "
                   "phát hiện, biểu dương và nhân rộng")
CULTURAL_SPACE = ("Xây dựng không gian văn hóa Hồ Chí Minh trên địa bàn Thành phố, cơ bản hoàn "
                  "thành vào năm 2030")
WARDS = ["Sài Gòn", "Bến Thành", "Tân Định", "Bàn Cờ", "Xuân Hòa", "Thủ Đức", "Linh Xuân"]
ORGANISATIONS = ["HCM-MTTQ", "HCM-DOAN", "HCM-HLHPN", "HCM-HND", "HCM-HCCB", "HCM-LDLD"]

DRAFT_TITLE = "Kế hoạch xây dựng không gian văn hóa Hồ Chí Minh trên địa bàn Thành phố đến năm 2030"
DRAFT_SECTIONS = [
    ("I- MỤC TIÊU",
     "Đến năm 2030, cơ bản hoàn thành xây dựng không gian văn hóa Hồ Chí Minh trên địa bàn "
     "Thành phố, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    ("II- NHIỆM VỤ, GIẢI PHÁP",
     "Rà soát, quy hoạch các thiết chế văn hóa; xây dựng không gian văn hóa tại cơ quan, đơn "
     "vị, khu dân cư; phát huy vai trò của văn nghệ sĩ, nhà khoa học."),
    ("III- TỔ CHỨC THỰC HIỆN",
     "Ban Tuyên giáo và Dân vận Thành ủy chủ trì, phối hợp Sở Văn hóa và Thể thao tham mưu "
     "triển khai; định kỳ sơ kết, tổng kết."),
]
CONSULTED = ["Hội nghị văn hóa Thành phố", "Hội đồng Lý luận Thành ủy",
             "Hội đồng Phê bình văn học nghệ thuật", "Liên hiệp các Hội Khoa học và Kỹ thuật"]
# (invitee index, section index or None, text, handling, response)
COMMENTS: list[tuple[int, int | None, str, str, str]] = [
    (1, 0, "Cần làm rõ tiêu chí \"cơ bản hoàn thành\" vào năm 2030 để có căn cứ đánh giá.",
     Handling.ACCEPTED, "Đã bổ sung bộ tiêu chí đánh giá tại Mục I."),
    (2, 1, "Đề nghị bổ sung vai trò của đội ngũ văn nghệ sĩ trong xây dựng không gian văn hóa.",
     Handling.PARTLY, "Tiếp thu phần vai trò văn nghệ sĩ; nội dung về cơ chế đặt hàng sẽ "
     "được quy định trong kế hoạch riêng."),
    (3, 1, "Nên có lộ trình số hóa các di tích, tư liệu về Chủ tịch Hồ Chí Minh.",
     Handling.EXPLAINED, "Nội dung số hóa đã có trong Chương trình chuyển đổi số của Thành phố."),
    (0, None, "Thống nhất với dự thảo; đề nghị sớm ban hành.", Handling.PENDING, ""),
]


def find_resolution(documents: dict[str, Any]) -> Document | None:
    """The city's 11th Congress resolution: by its demo key, else by its title ("lần thứ XI",
    not XII or XIII)."""
    document = documents.get("NQ-DH-HCM-XI")
    if isinstance(document, Document):
        return document
    candidates = Document.objects.filter(title__icontains="lần thứ XI").order_by("-signed_on")
    for candidate in candidates:
        rest = candidate.title.split("lần thứ XI", 1)[1]
        if not rest.startswith("I") and "Đảng bộ" in candidate.title:
            return candidate
    return None


def _programme(units: dict[str, Unit], people: dict[str, Person], resolution: Document,
               documents: dict[str, Any]) -> Plan:
    city = units["HCM"]
    existing = Plan.objects.filter(unit=city, title=PROGRAMME_TITLE).first()
    if existing is not None:
        return existing
    issued = documents.get("CTR-HCM-XI")
    plan = plan_create(unit=city, title=PROGRAMME_TITLE, kind=PlanKind.ACTION_PROGRAMME,
                       documents=[resolution], start_date=D(2021, 3, 1), end_date=D(2030, 12, 31),
                       issued_as=issued if isinstance(issued, Document) else None)
    for heading, body in PROGRAMME_SECTIONS:
        section_add(plan=plan, heading=heading, body=body)
    for title in BREAKTHROUGHS:
        task_create(plan=plan, owner_unit=city, title=title, kind=TaskKind.BREAKTHROUGH,
                    start_date=D(2021, 3, 1), deadline=D(2025, 12, 31),
                    recurrence=Recurrence.SIX_MONTHLY, indicator_type=IndicatorType.PERCENT,
                    weight=Decimal(2))
    task_create(plan=plan, owner_unit=city, title=MODEL_PRACTICES, kind=TaskKind.KEY,
                start_date=D(2021, 3, 1), deadline=D(2025, 12, 31),
                recurrence=Recurrence.YEARLY, indicator_type=IndicatorType.COUNT,
                target_value=Decimal(2), measure="mô hình")
    owner = units.get("HCM-BTGDV", city)
    coordinating = [units[key] for key in ("HCM-SVHTT",) if key in units]
    task_create(plan=plan, owner_unit=owner, title=CULTURAL_SPACE, kind=TaskKind.KEY,
                start_date=D(2022, 1, 1), deadline=D(2030, 12, 31),
                indicator_type=IndicatorType.MILESTONE, coordinating_units=coordinating,
                lead_person=people.get("Phan Nguyễn Như Khuê"))
    return plan_adopt(plan=plan, adopted_on=D(2021, 3, 15),
                      note="Ban hành kèm theo Nghị quyết Đại hội XI")


def _cascade(plan: Plan, units: dict[str, Unit]) -> list[Task]:
    """The model-practice task and the first breakthrough go to the wards and organisations."""
    targets = [units[f"ward:{name}"] for name in WARDS if f"ward:{name}" in units]
    organisations = [units[key] for key in ORGANISATIONS if key in units]
    subtasks: list[Task] = []
    model = Task.objects.filter(plan=plan, parent__isnull=True, title=MODEL_PRACTICES).first()
    if model is not None:
        subtasks += task_cascade(model, [*targets, *organisations])
    first = Task.objects.filter(plan=plan, parent__isnull=True, title=BREAKTHROUGHS[0]).first()
    if first is not None and targets:
        subtasks += task_cascade(first, targets)
    return subtasks


def _draft(units: dict[str, Unit]) -> Plan:
    city = units["HCM"]
    existing = Plan.objects.filter(unit=city, title=DRAFT_TITLE).first()
    if existing is not None:
        return existing
    plan = plan_create(unit=city, title=DRAFT_TITLE, kind=PlanKind.PLAN,
                       start_date=D(2022, 7, 1), end_date=D(2030, 12, 31),
                       consultation_deadline=D(2022, 6, 30))
    sections = [section_add(plan=plan, heading=h, body=b) for h, b in DRAFT_SECTIONS]
    plan = plan_open_consultation(plan=plan)
    invites = [invite_add(plan=plan, name=name, due_on=D(2022, 6, 30)) for name in CONSULTED]
    for invitee, section, text, handling, response in COMMENTS:
        comment = comment_add(plan=plan, invite=invites[invitee],
                              section=sections[section] if section is not None else None,
                              text=text, received_on=D(2022, 6, 20))
        if handling != Handling.PENDING:
            comment_handle(comment=comment, handling=handling, response=response)
    return plan


def build_plans(units: dict[str, Unit], people: dict[str, Person],
                documents: dict[str, Any]) -> dict[str, Any]:
    """Create (or find) the demo plans; returns {"programme", "cultural_space", "subtasks"}."""
    out: dict[str, Any] = {"programme": None, "cultural_space": None, "subtasks": []}
    if "HCM" not in units:
        logger.warning("Demo plans skipped: the city is missing.")
        return out
    resolution = find_resolution(documents)
    if resolution is None:
        logger.warning("Demo action programme skipped: the 11th Congress resolution is missing.")
    else:
        programme = _programme(units, people, resolution, documents)
        out["programme"] = programme
        if programme.status in (PlanStatus.ADOPTED, PlanStatus.AMENDED):
            out["subtasks"] = _cascade(programme, units)
    out["cultural_space"] = _draft(units)
    return out
