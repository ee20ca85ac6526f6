"""Quotas and organisations, on invented sentences."""
from __future__ import annotations

from trienkhai.extraction import extract


def test_quota_every_year_at_least():
    (q,) = extract("Mỗi năm, mỗi xã xây dựng ít nhất 3 mô hình dân vận khéo.").quotas
    assert (q.count, q.per) == (3, "year")
    assert q.text.startswith("Mỗi năm")


def test_quota_count_per_period():
    (q,) = extract("Chi bộ sinh hoạt chuyên đề 1 lần/quý.").quotas
    assert (q.count, q.per) == (1, "quarter")


def test_duration_is_not_a_quota():
    assert extract("Mỗi đại hội tổ chức không quá 1 ngày.").quotas == []


def orgs(text: str) -> list[str]:
    return extract(text).organisations


def test_bodies_with_places_levels_and_nesting():
    got = orgs("Ban Thường vụ Huyện ủy Gia Lâm làm việc với Đảng ủy xã Phù Đổng và UBND huyện.")
    assert got == ["Ban Thường vụ Huyện ủy Gia Lâm", "Đảng ủy xã Phù Đổng", "UBND huyện"]


def test_bare_short_form_dropped_when_a_qualified_form_appears():
    got = orgs("Huyện ủy Gia Lâm chỉ đạo. Huyện ủy yêu cầu các chi bộ thực hiện.")
    assert got == ["Huyện ủy Gia Lâm"]


def test_generic_plurals_and_levels_are_not_bodies():
    assert orgs("Các huyện ủy, UBND cấp huyện và Ủy ban MTTQ các xã cùng tham gia.") == []


def test_office_inside_a_title_is_a_body():
    assert orgs("Giám đốc Sở Y tế Lê Thị Hoa báo cáo.") == ["Sở Y tế"]


def test_delegation_of_a_body_lists_both():
    got = orgs("Đoàn giám sát của Ủy ban Kiểm tra Tỉnh ủy làm việc tại xã.")
    assert got == ["Đoàn giám sát của Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"]


def test_coordinated_councils_stay_one_literal():
    assert orgs("Lãnh đạo HĐND, UBND thị xã dự họp.") == ["HĐND, UBND thị xã"]


def test_deputies_of_a_body_are_a_role():
    assert orgs("Cử tri gặp gỡ đại biểu Quốc hội khóa XV.") == []


def test_names_with_lower_case_nouns_and_blocs():
    assert orgs("Bộ Nông nghiệp và Phát triển nông thôn phối hợp với Ngân hàng Chính sách xã "
                "hội tỉnh và Đảng ủy Khối các cơ quan tỉnh.") == [
        "Bộ Nông nghiệp và Phát triển nông thôn", "Ngân hàng Chính sách xã hội tỉnh",
        "Đảng ủy Khối các cơ quan tỉnh",
    ]


def test_heading_words_are_not_bodies():
    assert orgs("THÔNG BÁO KẾT LUẬN\ncủa Ban Thường vụ Đảng ủy phường") == [
        "Ban Thường vụ Đảng ủy phường"
    ]
