"""Documents, on invented sentences."""
from __future__ import annotations

from trienkhai.extraction import extract
from trienkhai.extraction.model import Document


def docs(text: str) -> list[Document]:
    return extract(text).documents


def test_party_symbol_with_odd_spacing_is_kept_as_printed():
    (d,) = docs(
        "Quán triệt Chỉ thị số 07 - CT/TW ngày 3/2/2022 của Ban Bí thư về công tác dân vận."
    )
    assert d.symbol == "07 - CT/TW"
    assert d.number == "07"
    assert d.type == "Chỉ thị"
    assert d.date == "2022-02-03"
    assert d.issuer == "Ban Bí thư"
    assert d.title == "Chỉ thị số 07 - CT/TW ngày 3/2/2022 của Ban Bí thư về công tác dân vận"


def test_state_symbol_and_a_later_short_mention_are_one_document():
    found = docs("Theo Quyết định số 215/QĐ-UBND của UBND tỉnh, việc này do Sở Tài chính chủ trì. "
                 "Quyết định số 215/QĐ-UBND có hiệu lực ngay.")
    assert len(found) == 1
    assert found[0].symbol == "215/QĐ-UBND"


def test_number_only():
    (d,) = docs("Thực hiện Kế hoạch số 88 ngày 12.4.2021 của Huyện ủy Tam Nông, các chi bộ đã họp.")
    assert (d.symbol, d.number, d.type, d.date) == (None, "88", "Kế hoạch", "2021-04-12")
    assert d.issuer == "Huyện ủy Tam Nông"


def test_quoted_title_ends_the_mention():
    (d,) = docs("Chỉ thị số 12-CT/TW của Bộ Chính trị “Về tăng cường công tác tuyên truyền” và "
                "các văn bản khác.")
    assert d.title.endswith("“Về tăng cường công tác tuyên truyền”")


def test_congress_resolution_and_its_short_remention():
    found = docs(
        "Thảo luận kết quả thực hiện Nghị quyết Đại hội lần thứ XVII của Đảng bộ tỉnh. Việc thực "
        "hiện Nghị quyết Đại hội Đảng bộ tỉnh còn một số hạn chế."
    )
    assert len(found) == 1
    assert found[0].mentions == [
        "Nghị quyết Đại hội lần thứ XVII của Đảng bộ tỉnh", "Nghị quyết Đại hội Đảng bộ tỉnh"
    ]


def test_generic_plurals_and_bare_words_are_not_documents():
    text = ("Các đơn vị triển khai các nghị quyết, chỉ thị của cấp trên. Theo kế hoạch, đoàn sẽ "
            "làm việc. Kết luận buổi làm việc, đồng chí Trưởng ban biểu dương các đơn vị.")
    assert docs(text) == []


def test_draft_and_a_body_own_plan():
    found = docs("Ban Thường vụ Thị ủy Sơn Tây đã ban hành kế hoạch tổ chức hội nghị sơ kết. "
                 "Hội nghị góp ý dự thảo báo cáo chính trị trình đại hội.")
    assert [d.type for d in found] == ["Kế hoạch", "Báo cáo"]
    assert found[1].title == "dự thảo báo cáo chính trị"


def test_plan_implementing_a_named_resolution_is_a_separate_document():
    found = docs("Tỉnh ủy xây dựng Chương trình hành động thực hiện Nghị quyết số 18-NQ/TW.")
    assert [d.type for d in found] == ["Chương trình hành động", "Nghị quyết"]


def test_capitalised_type_word_inside_a_body_name_is_not_a_document():
    assert docs("Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở.") == []


def test_time_inside_a_title_is_not_a_deadline():
    result = extract("Quán triệt Nghị quyết số 39-NQ/TW của Bộ Chính trị về phát triển vùng "
                     "đến năm 2030, tầm nhìn đến năm 2045.")
    assert len(result.documents) == 1
    assert result.deadlines == []


def test_short_number_and_full_symbol_in_either_order_are_one_document():
    found = docs("Thực hiện Chỉ thị 08 của Ban Bí thư. Chỉ thị số 08-CT/TW đã được quán triệt.")
    assert len(found) == 1
    assert found[0].symbol == "08-CT/TW"


def test_numbered_mention_stops_where_the_clause_goes_on():
    (d,) = docs("Thông báo kết luận số 41-TB/TU của Ban Thường vụ Tỉnh ủy yêu cầu các huyện "
                "rà soát.")
    assert d.title == "Thông báo kết luận số 41-TB/TU của Ban Thường vụ Tỉnh ủy"
    assert d.type == "Thông báo"
