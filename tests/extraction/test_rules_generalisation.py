"""Patterns met on articles outside the dev set, each on an invented sentence."""
from __future__ import annotations

from trienkhai.extraction import extract
from trienkhai.extraction.textutil import tokenize


def people(text: str) -> dict[str, list[str]]:
    return {p.name: p.titles for p in extract(text).people}


# --- people and titles ------------------------------------------------------------------------


def test_name_glued_to_a_hyphen_and_old_style_tones_in_the_title():
    got = people(
        "Phát biểu có đồng chí Lưu Quang Minh-Uỷ viên Ban Thường vụ Huyện uỷ, Chủ tịch UBND huyện."
    )
    assert got == {"Lưu Quang Minh": ["Uỷ viên Ban Thường vụ Huyện uỷ", "Chủ tịch UBND huyện"]}


def test_glued_hyphen_split_keeps_abbreviations_and_numbers_whole():
    words = [t.text for t in tokenize("Đài PT-TH tỉnh, ngày 16-7, ông Hà Văn Tư-Phó")]
    assert "PT-TH" in words and "16-7" in words
    assert words[-2:] == ["Tư", "Phó"]


def test_abbreviated_membership_ranks_are_titles():
    got = people("Đồng chí Đặng Văn Khôi – HUV, Bí thư Đảng ủy xã dự họp; "
                 "đồng chí Mạc Thị Lan, UVT.Ư Đảng, Bí thư Tỉnh ủy phát biểu.")
    assert got["Đặng Văn Khôi"] == ["HUV", "Bí thư Đảng ủy xã"]
    assert got["Mạc Thị Lan"] == ["UVT.Ư Đảng", "Bí thư Tỉnh ủy"]


def test_lower_case_modifier_between_rank_and_office():
    got = people("Dự họp có bà Phí Thị Hoa, Phó Bí thư chuyên trách Đảng ủy UBND huyện.")
    assert got == {"Phí Thị Hoa": ["Phó Bí thư chuyên trách Đảng ủy UBND huyện"]}


def test_head_of_a_subcommittee_named_after_a_congress():
    got = people("Ông Kiều Văn Long, Trưởng Tiểu ban Tổ chức Đại hội Đảng bộ huyện lần thứ XXII "
                 "chủ trì cuộc họp.")
    assert got == {"Kiều Văn Long": ["Trưởng Tiểu ban Tổ chức Đại hội Đảng bộ huyện lần thứ XXII"]}
    got = people("Bà Lò Thị Mai, Phó Trưởng Tiểu ban Văn kiện Đại hội Đảng bộ xã lần thứ X nói.")
    assert got == {"Lò Thị Mai": ["Phó Trưởng Tiểu ban Văn kiện Đại hội Đảng bộ xã lần thứ X"]}


def test_commission_name_written_in_lower_case_after_ban():
    result = extract("Bà Vi Thị Nga, Trưởng Ban tuyên giáo Huyện ủy Lạc Sơn dự hội nghị.")
    assert {p.name: p.titles for p in result.people} == {
        "Vi Thị Nga": ["Trưởng Ban tuyên giáo Huyện ủy Lạc Sơn"]
    }
    assert "Ban tuyên giáo Huyện ủy Lạc Sơn" in result.organisations


# --- documents --------------------------------------------------------------------------------


def titles(text: str) -> list[str]:
    return [d.title for d in extract(text).documents]


def test_resolution_with_only_a_year_is_not_a_document():
    assert titles("Cán bộ quyết tâm hoàn thành Nghị quyết năm 2024 đã đề ra.") == []


def test_each_units_own_plan_is_not_a_document_but_the_resolution_is():
    got = titles("Các chi bộ rà soát kế hoạch hành động thực hiện Nghị quyết Đại hội Đảng bộ "
                 "huyện lần thứ XX của các chi bộ trực thuộc.")
    assert got == ["Nghị quyết Đại hội Đảng bộ huyện lần thứ XX"]


def test_type_word_as_one_item_of_a_list_is_not_a_document():
    assert titles("Các chi bộ bám sát nghị quyết, chỉ tiêu của Đảng ủy xã Tân Lập.") == []


def test_pointing_back_is_not_a_new_document():
    got = titles("Ban Thường vụ Huyện ủy ban hành Chỉ thị số 09 về phòng chống thiên tai. "
                 "Nội dung Chỉ thị như sau:")
    assert got == ["Chỉ thị số 09 về phòng chống thiên tai"]


def test_subject_starting_with_a_stop_word_and_its_years_stay_in_the_title():
    result = extract("Triển khai Nghị quyết số 81-NQ/TW về bảo đảm an toàn giao thông đến năm "
                     "2035, tầm nhìn đến năm 2050.")
    (d,) = result.documents
    assert d.title.endswith("đến năm 2035, tầm nhìn đến năm 2050")
    assert result.deadlines == []


def test_two_drafts_joined_by_and_are_two_documents():
    got = titles("Hội nghị cho ý kiến dự thảo Báo cáo kiểm điểm Ban Chấp hành nhiệm kỳ 2020-2025 "
                 "và dự thảo Báo cáo chính trị của Ban Chấp hành Đảng bộ xã.")
    assert len(got) == 2


def test_re_mention_with_the_place_name_added_is_the_same_plan():
    result = extract(
        "Đảng ủy xã triển khai kế hoạch tổ chức Đại hội Đảng bộ xã khóa IX, nhiệm kỳ 2025 - 2030.\n"
        "Hội nghị triển khai kế hoạch tổ chức Đại hội Đảng bộ xã Tân Lập khóa IX, nhiệm kỳ "
        "2025 - 2030."
    )
    assert len(result.documents) == 1
    assert len(result.documents[0].mentions) == 2


# --- deadlines --------------------------------------------------------------------------------


def test_month_windows_of_a_plan_without_tu():
    got = [(d.text, d.kind, d.date) for d in extract(
        "Theo kế hoạch, tháng 3-2025, tiến hành đại hội chi bộ; tháng 5 đến tháng 7-2025 tổ chức "
        "đại hội đảng bộ cơ sở."
    ).deadlines]
    assert got == [("tháng 3-2025", "timeframe", "2025-03"),
                   ("tháng 5 đến tháng 7-2025", "timeframe", "2025-07")]


def test_event_month_is_not_a_window():
    assert extract("Hội nghị giao ban tháng 2-2025 đã diễn ra sáng nay.").deadlines == []


def test_within_a_month_followed_by_will():
    (d,) = extract("Ủy ban cho biết, ngay trong tháng 4, sẽ thành lập các tổ công tác.").deadlines
    assert (d.text, d.kind) == ("ngay trong tháng 4", "timeframe")


# --- organisations ----------------------------------------------------------------------------


def orgs(text: str) -> list[str]:
    return extract(text).organisations


def test_commune_named_like_a_person():
    got = orgs("Đảng ủy xã Lê Hữu Trác tổ chức hội nghị sơ kết.")
    assert got == ["Đảng ủy xã Lê Hữu Trác"]


def test_a_bare_party_branch_with_only_its_term_is_dropped_beside_the_named_one():
    got = orgs("Đại hội Đảng bộ xã khóa IX sắp diễn ra. Đảng bộ xã Tân Lập khóa IX chuẩn bị.")
    assert got == ["Đảng bộ xã Tân Lập khóa IX"]


def test_two_field_ministry_name_with_a_dash():
    got = orgs("Làm việc với Bộ Văn hóa - Thể thao và Du lịch về lễ hội.")
    assert got == ["Bộ Văn hóa - Thể thao và Du lịch"]


def test_numbered_delegation_and_committee_of_central_agencies():
    got = orgs("Đoàn giám sát số 4 làm việc với Ban Thường vụ Đảng ủy các cơ quan Đảng tỉnh.")
    assert "Đoàn giám sát số 4" in got
    assert "Ban Thường vụ Đảng ủy các cơ quan Đảng tỉnh" in got


def test_newspaper_alone_on_a_line_is_a_credit():
    assert orgs("Tỉnh ủy Lai Châu họp phiên thường kỳ.\n\nBáo Lai Châu\n") == ["Tỉnh ủy Lai Châu"]
