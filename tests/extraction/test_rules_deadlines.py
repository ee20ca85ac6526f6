"""Deadlines and time windows, on invented sentences."""
from __future__ import annotations

from typing import Any

from trienkhai.extraction import extract


def deadlines(text: str) -> list[dict[str, Any]]:
    return [d.to_dict() for d in extract(text).deadlines]


def test_before_a_full_date():
    assert deadlines("Các xã gửi báo cáo trước ngày 15/9/2025.") == [
        {"text": "trước ngày 15/9/2025", "year": 2025, "date": "2025-09-15", "kind": "deadline"}
    ]


def test_year_from_the_dateline():
    got = deadlines("Thứ Năm, 06/11/2025 09:15\nCác chi bộ hoàn thành trước ngày 20.11.")
    assert got == [
        {"text": "trước ngày 20.11", "year": 2025, "date": "2025-11-20", "kind": "deadline"}
    ]


def test_year_rolls_over_after_a_late_dateline():
    got = deadlines("15/11/2025\nCác đơn vị hoàn thành trước ngày 10/1.")
    assert (got[0]["year"], got[0]["date"]) == (2026, "2026-01-10")


def test_year_from_another_date_in_the_paragraph():
    got = deadlines("Chi bộ hoàn thành trước ngày 20.3; đảng bộ xã hoàn thành trong tháng 5.2026.")
    assert [d["date"] for d in got] == ["2026-03-20", "2026-05"]


def test_no_year_anywhere_gives_null_and_no_year_dates():
    got = deadlines("Đợt kiểm tra dự kiến từ ngày 3-8 đến 9-8.")
    assert got == [{"text": "từ ngày 3-8 đến 9-8", "year": None, "date": "--08-09",
                    "kind": "timeframe", "start": "--08-03"}]


def test_quarter_and_month_completion():
    got = deadlines("Hoàn thành trong quý III.2024; đại hội cơ sở hoàn thành trong tháng 6/2025.")
    assert [(d["text"], d["date"], d["kind"]) for d in got] == [
        ("trong quý III.2024", "2024-Q3", "deadline"),
        ("trong tháng 6/2025", "2025-06", "deadline"),
    ]


def test_month_range_and_start_of_month():
    got = deadlines("12/01/2026\nĐại hội chi bộ dự kiến diễn ra từ tháng 3 - 5; đầu tháng 7 sẽ "
                    "tổ chức tổng kết.")
    assert [(d["text"], d["kind"], d["start"], d["date"]) for d in got] == [
        ("từ tháng 3 - 5", "timeframe", "2026-03", "2026-05"),
        ("đầu tháng 7", "timeframe", "2026-07", "2026-07"),
    ]


def test_year_targets():
    got = deadlines("Phấn đấu đến năm 2030, toàn tỉnh có 80% xã đạt chuẩn; huyện đạt chuẩn vào "
                    "năm 2027.")
    assert [(d["text"], d["kind"], d["year"]) for d in got] == [
        ("đến năm 2030", "year_target", 2030), ("vào năm 2027", "year_target", 2027)
    ]


def test_latest_by_and_a_directive_with_a_month():
    got = deadlines("Ban Thường vụ yêu cầu Văn phòng tham mưu ban hành kế hoạch trong tháng "
                    "9/2025; báo cáo gửi về chậm nhất ngày 5/10/2025.")
    assert [(d["text"], d["kind"]) for d in got] == [
        ("trong tháng 9/2025", "deadline"), ("chậm nhất ngày 5/10/2025", "deadline")
    ]


def test_not_deadlines():
    text = ("Sáng ngày 12/6, hội nghị khai mạc lúc 8 giờ. Hội nghị kéo dài 1/2 ngày, không quá "
            "2 ngày. Từ đầu năm 2024 đến nay, nhiệm kỳ 2020 - 2025, sau 03 năm thực hiện, "
            "trong thời gian tới các xã tiếp tục thực hiện. Trong tháng 3 vừa qua, xã đã họp.")
    assert deadlines(text) == []


def test_past_period_and_open_window():
    got = deadlines("Từ tháng 3.2023 đến nay đã có 20 mô hình; đợt 2 từ ngày 1-9-2025 đến khi "
                    "kết thúc đợt thi.")
    assert got == [{"text": "từ ngày 1-9-2025 đến khi kết thúc đợt thi", "year": 2025,
                    "date": None, "kind": "timeframe", "start": "2025-09-01"}]


def test_clock_time_before_the_day_and_a_limit_written_with_until():
    got = deadlines("Các xã nộp hồ sơ trước 17 giờ ngày 20/3/2025. Thời hạn hoàn thành đến hết "
                    "ngày 31/12/2025. Tính đến ngày 30/6/2025, toàn tỉnh có 200 mô hình.")
    assert [(d["text"], d["date"]) for d in got] == [
        ("trước 17 giờ ngày 20/3/2025", "2025-03-20"), ("đến hết ngày 31/12/2025", "2025-12-31")
    ]
