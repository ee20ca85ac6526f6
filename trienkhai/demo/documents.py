"""The demo's documents: the cascade the 2022 article describes, through the services.

Symbols, dates and titles of the central documents are the published ones. For the city's own
documents the numbers are not known here, so they carry no symbol, and their dates are
illustrative (marked below); who signed them is not recorded for the same reason.
Idempotent: each document is found by its natural key (symbol + date, or issuer + title + date).
"""
from __future__ import annotations

import datetime
from typing import Any

from trienkhai.documents.models import (
    Confidentiality,
    Document,
    DocumentRelation,
    DocumentType,
    RelationKind,
)
from trienkhai.documents.services import document_create, relation_add
from trienkhai.documents.symbols import symbol_key
from trienkhai.units.models import Person, Unit

D = datetime.date
HO_CHI_MINH_STUDY = "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"

# key: (issuer key, type, symbol, date, term, title, excerpt, extra fields)
DOCUMENTS: dict[str, tuple[str, str, str, datetime.date, str, str, str, dict[str, Any]]] = {
    "05-CT/TW": (
        "BCT", DocumentType.DIRECTIVE, "05-CT/TW", D(2016, 5, 15), "XII",
        f"Chỉ thị về đẩy mạnh {HO_CHI_MINH_STUDY}",
        f"Bộ Chính trị chỉ thị đẩy mạnh {HO_CHI_MINH_STUDY}, gắn với xây dựng, chỉnh đốn Đảng.",
        {},
    ),
    "01-KL/TW": (
        "BCT", DocumentType.CONCLUSION, "01-KL/TW", D(2021, 5, 18), "XIII",
        "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về đẩy "
        f"mạnh {HO_CHI_MINH_STUDY}",
        "Tiếp tục quán triệt, thực hiện Chỉ thị số 05-CT/TW; mỗi năm các cấp ủy xác định chủ "
        "đề năm và nội dung đột phá, xây dựng mô hình điển hình tiên tiến và nhân rộng.",
        {},
    ),
    # Illustrative date: the 13th National Congress closed on 1 February 2021.
    "NQ-DH-XIII": (
        "TW", DocumentType.RESOLUTION, "", D(2021, 2, 1), "XIII",
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "Nghị quyết của Đại hội đại biểu toàn quốc lần thứ XIII của Đảng Cộng sản Việt Nam.",
        {},
    ),
    # Illustrative date: the city's 11th Congress was held in October 2020.
    "NQ-DH-HCM-XI": (
        "HCM", DocumentType.RESOLUTION, "", D(2020, 10, 17), "XI",
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh lần thứ XI, nhiệm kỳ "
        "2020 - 2025",
        "Nghị quyết Đại hội Đảng bộ Thành phố lần thứ XI; 4 chương trình đột phá của Thành phố.",
        {},
    ),
    # Illustrative date; the programme's number is not known here.
    "CTR-HCM-XI": (
        "HCM", DocumentType.ACTION_PROGRAMME, "", D(2021, 3, 1), "XI",
        "Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ Thành phố lần "
        "thứ XI",
        "Ban Chấp hành Đảng bộ Thành phố xây dựng chương trình hành động thực hiện Nghị quyết "
        "Đại hội XI của Đảng bộ Thành phố, với các nội dung chuyên đề theo từng lĩnh vực.",
        {},
    ),
    # Illustrative date and wording: the theme's exact text is not reproduced here.
    "KH-HCM-01": (
        "HCM-BTV", DocumentType.PLAN, "", D(2022, 1, 10), "XI",
        "Kế hoạch thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị năm 2022",
        "Triển khai Kết luận số 01-KL/TW của Bộ Chính trị; xây dựng và thực hiện chủ đề năm "
        "2022 của Thành phố; mỗi cấp ủy, cơ quan, đơn vị mỗi năm phát triển ít nhất 2 mô hình "
        "điển hình tiên tiến của cấp mình.",
        {},
    ),
    # Fictitious, to show confidentiality: readable only with a clearance of "mật" or above.
    "BC-HCM-MAT": (
        "HCM-BTV", DocumentType.REPORT, "", D(2022, 4, 5), "XI",
        "Báo cáo tình hình tư tưởng trong cán bộ, đảng viên Thành phố quý I năm 2022",
        "Báo cáo nội bộ (tài liệu minh họa độ mật trong bản demo).",
        {"confidentiality": Confidentiality.CONFIDENTIAL},
    ),
}
RELATIONS = [
    ("01-KL/TW", RelationKind.CONTINUES, "05-CT/TW"),
    ("NQ-DH-HCM-XI", RelationKind.IMPLEMENTS, "NQ-DH-XIII"),
    ("CTR-HCM-XI", RelationKind.IMPLEMENTS, "NQ-DH-HCM-XI"),
    ("KH-HCM-01", RelationKind.IMPLEMENTS, "01-KL/TW"),
]


def _existing(issuer: Unit, symbol: str, signed_on: datetime.date, title: str) -> Document | None:
    if symbol:
        return Document.objects.filter(symbol_key=symbol_key(symbol), signed_on=signed_on).first()
    return Document.objects.filter(issuer=issuer, title=title, signed_on=signed_on).first()


def build_documents(units: dict[str, Unit], people: dict[str, Person]) -> dict[str, Document]:
    """Create (or find) the demo documents and their relations; running it again changes nothing.

    `people` is accepted for symmetry with the other builders: no signer is recorded, since who
    signed these documents is not known here.
    """
    documents: dict[str, Document] = {}
    for key, (unit_key, doc_type, symbol, signed_on, term, title, excerpt, extra) in (
        DOCUMENTS.items()
    ):
        issuer = units[unit_key]
        document = _existing(issuer, symbol, signed_on, title)
        if document is None:
            document = document_create(
                issuer=issuer, doc_type=doc_type, symbol=symbol, signed_on=signed_on, term=term,
                title=title, excerpt=excerpt, **extra,
            )
        documents[key] = document
    for source, kind, target in RELATIONS:
        if not DocumentRelation.objects.filter(
            source=documents[source], kind=kind, target=documents[target]
        ).exists():
            relation_add(source=documents[source], target=documents[target], kind=kind)
    return documents
