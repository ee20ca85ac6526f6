"""People and titles, on invented sentences."""
from __future__ import annotations

from trienkhai.extraction import extract


def people(text: str) -> dict[str, list[str]]:
    return {p.name: p.titles for p in extract(text).people}


def test_title_before_name():
    got = people("Phát biểu tại hội nghị, Phó Chủ tịch UBND tỉnh Trần Minh Khoa nhấn mạnh yêu cầu.")
    assert got == {"Trần Minh Khoa": ["Phó Chủ tịch UBND tỉnh"]}


def test_apposition_titles_split_at_commas_and_stop_at_the_verb():
    got = people(
        "Ông Lý Quang Vinh, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy phát biểu."
    )
    assert got == {
        "Lý Quang Vinh": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"]
    }


def test_dash_separated_lower_case_titles():
    got = people(
        "Dự có đ/c Đinh Công Sơn- phó bí thư- chủ tịch UBND huyện, Mai Thị Lan – Bí thư huyện ủy."
    )
    assert got["Đinh Công Sơn"] == ["phó bí thư", "chủ tịch UBND huyện"]
    assert got["Mai Thị Lan"] == ["Bí thư huyện ủy"]


def test_honorific_only_gives_no_title_and_predicate_roles_are_not_titles():
    got = people("Đoàn do bà Hà Thu Trang làm trưởng đoàn. Đồng chí Cao Văn Tú phát biểu.")
    assert got == {"Hà Thu Trang": [], "Cao Văn Tú": []}


def test_title_then_comma_then_honorific():
    got = people("Chủ tịch HĐND tỉnh, đồng chí Vương Đình Huệ đã chủ trì hội nghị.")
    assert got == {"Vương Đình Huệ": ["Chủ tịch HĐND tỉnh"]}


def test_name_glued_to_the_next_word_is_cut():
    got = people("Phó Trưởng Ban Tuyên giáo Tỉnh ủy Hồ Thị Mailưu ý các đơn vị.")
    assert list(got) == ["Hồ Thị Mai"]


def test_place_names_and_bylines_are_not_people():
    text = (
        "Đoàn công tác làm việc tại huyện Võ Nhai và Thành phố Hồ Chí Minh; học tập tư tưởng "
        "Hồ Chí Minh.\n\nLê Minh Tâm\n"
    )
    assert people(text) == {}


def test_photo_credit_is_not_a_person():
    assert people("Quang cảnh hội nghị. (Ảnh: Nguyễn Văn Bình)") == {}


def test_title_of_the_next_person_is_not_taken():
    got = people("Có ông Lò Văn Páo, Phó Bí thư Huyện ủy Trịnh Xuân Dũng và nhiều đại biểu.")
    assert got.get("Trịnh Xuân Dũng") == ["Phó Bí thư Huyện ủy"]
    assert got.get("Lò Văn Páo") == []


def test_each_spelling_is_its_own_entry():
    got = people("Đồng chí Bùi Văn Hải phát biểu. Bí thư Đảng ủy Bùi Văn Hài kết luận.")
    assert got == {"Bùi Văn Hải": [], "Bùi Văn Hài": ["Bí thư Đảng ủy"]}


def test_minority_names_military_ranks_and_former_offices():
    got = people(
        "Dự có đồng chí Giàng A Páo - Bí thư Đảng ủy xã; Thiếu tướng Đoàn Văn Lực, Chỉ huy "
        "trưởng Bộ Chỉ huy Quân sự tỉnh; nguyên Bí thư Tỉnh ủy Hà Văn Khiêm."
    )
    assert got == {
        "Giàng A Páo": ["Bí thư Đảng ủy xã"],
        "Đoàn Văn Lực": ["Thiếu tướng", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"],
        "Hà Văn Khiêm": ["nguyên Bí thư Tỉnh ủy"],
    }


def test_a_caption_line_with_an_honorific_is_not_a_byline():
    assert people("Quang cảnh hội nghị.\nĐồng chí Trịnh Văn An\n\nTrần Hải\n") == {
        "Trịnh Văn An": []
    }


def test_abbreviated_city_with_a_full_stop_stays_in_the_title():
    got = people("Dự có đồng chí Lê Minh Tâm, Phó Chủ tịch UBND TP. Cần Thơ. "
                 "Chủ tịch UBND TX. Sơn Tây Đỗ Văn Hà cho biết kế hoạch đã xong.")
    assert got == {"Lê Minh Tâm": ["Phó Chủ tịch UBND TP. Cần Thơ"],
                   "Đỗ Văn Hà": ["Chủ tịch UBND TX. Sơn Tây"]}
    # A full stop after an ordinary word still ends the sentence.
    assert people("Ông Lê Minh Tâm, Bí thư Đảng ủy xã. Ông phát biểu.") == {
        "Lê Minh Tâm": ["Bí thư Đảng ủy xã"]}
