"""Any text: the extractor never raises, and every literal it returns is a slice of the text."""
from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from trienkhai.extraction import extract

WORDS = [
    "Nghị quyết", "số", "18-NQ/TW", "ngày", "25/10/2017", "của", "Ban", "Thường vụ", "Tỉnh ủy",
    "Huyện ủy", "Đảng bộ", "xã", "tỉnh", "Bí thư", "Phó Chủ tịch", "UBND", "HĐND", "Nguyễn",
    "Văn", "An", "Lê", "Thị", "Hoa", "trước", "từ", "đến", "tháng", "quý", "IV.2024", "năm",
    "2030", "mỗi", "ít nhất", "2", "mô hình", "“", "”", ",", ".", ";", "-", "–", "\n", "đồng chí",
    "về", "kế hoạch", "các", "dự thảo", "báo cáo", "hoàn thành", "trong", "Đoàn", "kiểm tra",
]


def literals(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for p in result["people"]:
        out += [p["name"], *p["titles"]]
    for d in result["documents"]:
        out += [d[k] for k in ("symbol", "number", "title", "issuer") if d[k]] + d["mentions"]
    out += [d["text"] for d in result["deadlines"]] + [q["text"] for q in result["quotas"]]
    return out + result["organisations"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_vocabulary_soup(text: str):
    result = extract(text).to_dict()
    assert all(s in text for s in literals(result))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str):
    import unicodedata

    result = extract(text).to_dict()
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    assert all(s in normal for s in literals(result))
