"""Document symbols: parsing, normalising, finding in running text, and the CLI (no database)."""
from __future__ import annotations

import datetime
import io
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trienkhai.documents import symbols as sym
from trienkhai.documents.symbols import (
    DocumentSymbol,
    SymbolError,
    find_symbols,
    parse_symbol,
    search_variants,
    symbol_key,
)
from trienkhai.documents.symbols_grammar import (
    NUMBERED_ISSUERS,
    PARTY_ISSUER_CODES,
    PARTY_ISSUERS,
    STATE_ISSUER_CODES,
    STATE_ISSUERS,
    TYPE_CODES,
    TYPES,
    CodeTable,
    old_style_tones,
)

D = datetime.date

# input → (normalised, system, number, type code, issuer, year, date)
PARSE_CASES: list[tuple[str, str, str, str, str, str | None, int | None, D | None]] = [
    ("01-KL/TW", "01-KL/TW", "party", "01", "KL", "TW", None, None),
    ("1147-QĐ/BTGDVTW", "1147-QĐ/BTGDVTW", "party", "1147", "QĐ", "BTGDVTW", None, None),
    ("2537-NQ/ĐU", "2537-NQ/ĐU", "party", "2537", "NQ", "ĐU", None, None),
    ("08-QĐi/TW", "08-QĐi/TW", "party", "08", "QĐi", "TW", None, None),
    ("36-HD/VPTW", "36-HD/VPTW", "party", "36", "HD", "VPTW", None, None),
    ("02-KH/BCĐTW", "02-KH/BCĐTW", "party", "02", "KH", "BCĐTW", None, None),
    ("24-BS/UBKTTU", "24-BS/UBKTTU", "party", "24", "BS", "UBKTTU", None, None),
    ("12-CTr/HU", "12-CTr/HU", "party", "12", "CTr", "HU", None, None),
    ("15/CT-TTg", "15/CT-TTg", "state", "15", "CT", "TTg", None, None),
    ("62/QĐ-VPCP", "62/QĐ-VPCP", "state", "62", "QĐ", "VPCP", None, None),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "state", "30", "NĐ", "CP", 2020, None),
    ("202/2025/QH15", "202/2025/QH15", "state", "202", "", "QH15", 2025, None),
    ("07/QĐ-HĐND", "07/QĐ-HĐND", "state", "07", "QĐ", "HĐND", None, None),
    ("731/HĐBCQG-VP", "731/HĐBCQG-VP", "state", "731", "CV", "HĐBCQG-VP", None, None),
    ("12/KH-BCĐ389", "12/KH-BCĐ389", "state", "12", "KH", "BCĐ389", None, None),
    ("Số: 15/QĐ-BNV", "15/QĐ-BNV", "state", "15", "QĐ", "BNV", None, None),
    # Loose press forms.
    ("01/NQ-TU", "01-NQ/TU", "party", "01", "NQ", "TU", None, None),
    ("100 - KL/TW", "100-KL/TW", "party", "100", "KL", "TW", None, None),
    ("25-NQ-TW", "25-NQ/TW", "party", "25", "NQ", "TW", None, None),
    ("42-CT/TƯ", "42-CT/TW", "party", "42", "CT", "TW", None, None),
    ("18 -NQ/TW", "18-NQ/TW", "party", "18", "NQ", "TW", None, None),
    ("64 – KL/TW", "64-KL/TW", "party", "64", "KL", "TW", None, None),
    ("01-KL / TW", "01-KL/TW", "party", "01", "KL", "TW", None, None),
    ("01 KL TW", "01-KL/TW", "party", "01", "KL", "TW", None, None),
    ("01-kl/tư", "01-KL/TW", "party", "01", "KL", "TW", None, None),
    ("15-CT/TTG", "15/CT-TTg", "state", "15", "CT", "TTg", None, None),
    ("45/QD-UBND", "45/QĐ-UBND", "state", "45", "QĐ", "UBND", None, None),  # D for Đ
    ("123-NQ/DUK", "123-NQ/ĐUK", "party", "123", "NQ", "ĐUK", None, None),
    ("30/2020/ND-CP", "30/2020/NĐ-CP", "state", "30", "NĐ", "CP", 2020, None),
    ("01-KL/ÐU", "01-KL/ĐU", "party", "01", "KL", "ĐU", None, None),  # Latin eth for Đ
    ("(01-KL/TW).", "01-KL/TW", "party", "01", "KL", "TW", None, None),
    ("Nghị quyết 45", "NQ 45", "bare", "45", "NQ", None, None, None),
    ("Chỉ thị số 35", "CT 35", "bare", "35", "CT", None, None, None),
    ("quyết định số 721", "QĐ 721", "bare", "721", "QĐ", None, None, None),
    ("Quyết định số 2020", "QĐ 2020", "bare", "2020", "QĐ", None, None, None),
    ("Quy định 08", "QĐi 08", "bare", "08", "QĐi", None, None, None),
    ("NQ 45", "NQ 45", "bare", "45", "NQ", None, None, None),
    (
        "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
        "01-KL/TW", "party", "01", "KL", "TW", 2021, D(2021, 5, 18),
    ),
    ("18 -NQ/TW ngày 25-10-2017", "18-NQ/TW", "party", "18", "NQ", "TW", 2017, D(2017, 10, 25)),
    ("Chỉ thị số 45 ngày 31.7.2019", "CT 45", "bare", "45", "CT", None, 2019, D(2019, 7, 31)),
    (
        "Số 36-HD/VPTW, ngày 03 tháng 4 năm 2018",
        "36-HD/VPTW", "party", "36", "HD", "VPTW", 2018, D(2018, 4, 3),
    ),
    (
        "Nghị định 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư",
        "30/2020/NĐ-CP", "state", "30", "NĐ", "CP", 2020, D(2020, 3, 5),
    ),
]


@pytest.mark.parametrize(
    ("text", "normalised", "system", "number", "type_code", "issuer", "year", "date"),
    PARSE_CASES,
    ids=[case[0] for case in PARSE_CASES],
)
def test_parse_symbol(
    text: str, normalised: str, system: str, number: str, type_code: str,
    issuer: str | None, year: int | None, date: D | None,
) -> None:
    parsed = parse_symbol(text)
    assert parsed.normalised() == normalised
    assert (parsed.system, parsed.number, parsed.type_code, parsed.issuer) == (
        system, number, type_code, issuer,
    )
    assert (parsed.year, parsed.date) == (year, date)
    assert parse_symbol(parsed.normalised()) == parsed.without_date()


ERROR_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("", sym.EMPTY_TEXT, {}, "empty text"),
    ("   ", sym.EMPTY_TEXT, {}, "empty text"),
    ("01", sym.NO_TYPE, {}, "no type code"),
    ("KL/TW", sym.NO_NUMBER, {}, "no number"),
    ("Nghị quyết", sym.NO_NUMBER, {}, "no number"),
    ("Số", sym.NO_NUMBER, {}, "no number"),
    ("01-KL", sym.NO_ISSUER, {}, "no issuer code"),
    ("01-ZZ/TW", sym.UNKNOWN_TYPE, {"code": "ZZ"}, "unknown type code 'ZZ'"),
    ("01-KL/XY", sym.UNKNOWN_ISSUER, {"code": "XY"}, "unknown issuer code 'XY'"),
    ("15/CT-XY", sym.UNKNOWN_ISSUER, {"code": "XY"}, "unknown issuer code 'XY'"),
    ("01-KL/TW15", sym.UNKNOWN_ISSUER, {"code": "TW15"}, "unknown issuer code 'TW15'"),
    ("ZZ 45", sym.UNKNOWN_TYPE, {"code": "ZZ"}, "unknown type code 'ZZ'"),
    ("KL-01/TW", sym.NUMBER_NOT_FIRST, {}, "the number must come before the codes"),
    ("123456-KL/TW", sym.NUMBER_TOO_LONG, {"number": "123456"}, "number '123456' is too long"),
    ("Nghị quyết năm 2020", sym.YEAR_OR_DATE, {}, "a year or a date is not a document number"),
    ("Kế hoạch 2021", sym.YEAR_OR_DATE, {}, "a year or a date is not a document number"),
    ("ngày 31.7.2019", sym.YEAR_OR_DATE, {}, "a year or a date is not a document number"),
    ("18/5/2021", sym.YEAR_OR_DATE, {}, "a year or a date is not a document number"),
    ("30/20/NĐ-CP", sym.NOT_A_YEAR, {"value": "20"}, "'20' is not a year"),
    ("30/2020/NĐ", sym.NO_ISSUER, {}, "no issuer code"),
    ("30/2020/NĐ-CP-VP", sym.TOO_MANY_PARTS, {}, "too many parts after the number"),
    ("01-KL/TW/VP/X", sym.TOO_MANY_PARTS, {}, "too many parts after the number"),
    ("01-KL-7", sym.MISPLACED_NUMBER, {"value": "7"}, "unexpected number '7'"),
    ("01--KL/TW", sym.MISPLACED_SEPARATOR, {"sep": "-"}, "misplaced separator '-'"),
    ("01-KL/", sym.MISPLACED_SEPARATOR, {"sep": "/"}, "misplaced separator '/'"),
    ("01KL/TW", sym.MISSING_SEPARATOR, {"part": "KL"}, "no separator before 'KL'"),
    ("01-KL/TW#", sym.UNEXPECTED_CHARACTER, {"char": "#"}, "unexpected character '#'"),
    (
        "18-NQ/TW, 19-NQ/TW", sym.TRAILING_TEXT, {"rest": "19-NQ/TW"},
        "unexpected text after the symbol: '19-NQ/TW'",
    ),
    (
        "01-KL/TW ngày 31/2/2020", sym.INVALID_DATE, {"date": "ngày 31/2/2020"},
        "invalid date 'ngày 31/2/2020'",
    ),
    ("01/TW", sym.NO_TYPE, {}, "no type code"),
]


@pytest.mark.parametrize(
    ("text", "template", "params", "reason"),
    ERROR_CASES,
    ids=[c[0] or "<empty>" for c in ERROR_CASES],
)
def test_parse_symbol_reasons(
    text: str, template: str, params: dict[str, Any], reason: str
) -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol(text)
    err = caught.value
    assert (err.template, err.params, err.reason) == (template, params, reason)
    assert str(err) == reason and err.text == text


def test_reason_templates_are_plain_message_ids() -> None:
    templates = [v for k, v in vars(sym).items() if k.isupper() and isinstance(v, str)
                 and k not in {"__all__"}]
    assert len(templates) >= 15
    for template in templates:
        assert "{" not in template  # %-style parameters only, so gettext can take them


# text → [(printed text, normalised, date)]
FIND_CASES: list[tuple[str, list[tuple[str, str, D | None]]]] = [
    (
        "Nghị quyết số 18 -NQ/TW ngày 25-10-2017 và Nghị quyết số 19 - NQ/TW, ngày 25-10-2017",
        [("18 -NQ/TW", "18-NQ/TW", D(2017, 10, 25)), ("19 - NQ/TW", "19-NQ/TW", D(2017, 10, 25))],
    ),
    ("Kết luận số 64 – KL/TW ngày 28-5-2013 của BCH", [("64 – KL/TW", "64-KL/TW", D(2013, 5, 28))]),
    ("Kết luận số 01-KL / TW của Bộ Chính trị", [("01-KL / TW", "01-KL/TW", None)]),
    ("theo 42-CT/TƯ và 25-NQ-TW.", [
        ("42-CT/TƯ", "42-CT/TW", None), ("25-NQ-TW", "25-NQ/TW", None),
    ]),
    ("Nghị quyết 01/NQ-TU của Tỉnh ủy", [("01/NQ-TU", "01-NQ/TU", None)]),
    ("Theo Quyết định 100 - KL/TW", [("100 - KL/TW", "100-KL/TW", None)]),
    ("Nghị định 30/2020/NĐ-CP, Nghị quyết 202/2025/QH15.", [
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP", None), ("202/2025/QH15", "202/2025/QH15", None),
    ]),
    ("Công văn số 731/HĐBCQG-VP ngày 29/5/2021 của Hội đồng", [
        ("731/HĐBCQG-VP", "731/HĐBCQG-VP", D(2021, 5, 29)),
    ]),
    ("Quyết định số 07/QĐ-HĐND về thành lập", [("07/QĐ-HĐND", "07/QĐ-HĐND", None)]),
    ("Chỉ thị 15/CT-TTg và 62/QĐ-VPCP", [("15/CT-TTg", "15/CT-TTg", None),
                                          ("62/QĐ-VPCP", "62/QĐ-VPCP", None)]),
    ("thực hiện Nghị quyết 45, Chỉ thị số 35 ngày 31.7.2019.", [
        ("Nghị quyết 45", "NQ 45", None), ("Chỉ thị số 35", "CT 35", D(2019, 7, 31)),
    ]),
    ("Quyết định số 721 ngày 29/3/2018 của Ban Bí thư", [("Quyết định số 721", "QĐ 721",
                                                          D(2018, 3, 29))]),
    ("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị", [
        ("01-KL/TW", "01-KL/TW", D(2021, 5, 18)),
    ]),
    ("Số 1147-QĐ/BTGDVTW; 2537-NQ/ĐU; 08-QĐi/TW; 36-HD/VPTW; 02-KH/BCĐTW", [
        ("1147-QĐ/BTGDVTW", "1147-QĐ/BTGDVTW", None), ("2537-NQ/ĐU", "2537-NQ/ĐU", None),
        ("08-QĐi/TW", "08-QĐi/TW", None), ("36-HD/VPTW", "36-HD/VPTW", None),
        ("02-KH/BCĐTW", "02-KH/BCĐTW", None),
    ]),
    ("Nghị quyết 45. Khoá XII, Tỉnh uỷ", [("Nghị quyết 45", "NQ 45", None)]),
    ("NGHỊ QUYẾT SỐ 12 của Đảng ủy", [("NGHỊ QUYẾT SỐ 12", "NQ 12", None)]),
    ("theo kế hoạch số 5 năm 2020", [("kế hoạch số 5", "KH 5", None)]),
    ("Chỉ thị 35 ngày 31.7.2019", [("Chỉ thị 35", "CT 35", D(2019, 7, 31))]),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES, ids=[c[0][:40] for c in FIND_CASES])
def test_find_symbols(text: str, expected: list[tuple[str, str, D | None]]) -> None:
    matches = find_symbols(text)
    assert [(m.text, m.symbol.normalised(), m.symbol.date) for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết năm 2020 đã đề ra", "Kế hoạch 2021 của huyện", "nhiệm kỳ 2020 - 2025",
        "1/2 ngày làm việc", "ngày 18/5/2021", "Nghị quyết Đại hội 13 Đảng bộ thành phố",
        "từ tháng 4 - 6", "đến năm 2030", "Nghị quyết ngày 18/5/2021", "COVID-19 và 5-XY/ZZ",
        "Chỉ thị 18/5/2021", "tổ 5 - khu phố 3", "Điều 2/Khoản 3", "Kế hoạch 5 năm",
        "theo kế hoạch 2 đợt", "Chương trình 3 ngày", "Đề án 30%", "Nghị quyết 123456",
    ],
)
def test_find_symbols_ignores_non_symbols(text: str) -> None:
    assert find_symbols(text) == []


def test_find_symbols_no_bare_match_for_the_number_of_a_full_symbol() -> None:
    matches = find_symbols("Nghị quyết số 18 -NQ/TW và Chỉ thị số 45/XY-ZZ")
    assert [m.text for m in matches] == ["18 -NQ/TW"]


def test_find_symbols_mention_and_type_word() -> None:
    text = "Theo Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
    (match,) = find_symbols(text)
    assert match.symbol.type_code == "" and match.type_word == "NQ"
    assert match.mention is not None
    assert text[match.mention[0] : match.mention[1]] == (
        "Nghị quyết số 202/2025/QH15 ngày 12/6/2025"
    )
    assert match.symbol.year == 2025 and match.symbol.date == D(2025, 6, 12)


def test_find_symbols_keeps_offsets_of_decomposed_text() -> None:
    printed = "Theo Nghị quyết số 2537-NQ/ĐU và Chỉ thị số 35 của Đảng ủy"
    text = unicodedata.normalize("NFD", printed)
    matches = find_symbols(text)
    assert [m.symbol.normalised() for m in matches] == ["2537-NQ/ĐU", "CT 35"]
    for m in matches:
        assert text[m.start : m.end] == m.text
    assert unicodedata.normalize("NFC", matches[1].text) == "Chỉ thị số 35"


def test_tone_placement_is_folded() -> None:
    assert old_style_tones("hoá thuỷ khoẻ quý") == "hóa thủy khỏe qúy"
    assert old_style_tones("hoàng khoán") == "hoàng khoán"  # closed syllables keep their tone
    assert len(old_style_tones("Tỉnh uỷ khoá")) == len("Tỉnh uỷ khoá")


def test_symbol_key_and_variants() -> None:
    assert symbol_key("01-KL/TƯ") == symbol_key("1-kl/tw") == symbol_key("01/KL-TW") == "1-KL/TW"
    assert symbol_key("15/CT-TTg") == "15/CT-TTG"
    assert symbol_key(parse_symbol("30/2020/NĐ-CP")) == "30/2020/NĐ-CP"
    assert symbol_key("01-KL/TW") != symbol_key("01-NQ/TW")
    variants = search_variants("01-KL/TW")
    assert variants[0] == "01-KL/TW"
    for expected in ("01/KL-TW", "01 KL TW", "1-KL/TW", "01-KL-TW", "01-KL/TƯ"):
        assert expected in variants
    legal = set(search_variants("30/2020/NĐ-CP"))
    assert {"30/2020/NĐ-CP", "30/2020/ND-CP", "30 2020 NĐ CP"} <= legal
    assert {"15/CT-TTg", "15-CT/TTg", "15 CT TTg"} <= set(search_variants("15/CT-TTg"))
    letter = set(search_variants("731/HĐBCQG-VP"))
    assert {"731/HĐBCQG-VP", "731 HĐBCQG VP", "731/HDBCQG-VP"} <= letter
    assert {"Nghị quyết 45", "Nghị quyết số 45", "NQ 45"} <= set(search_variants("Nghị quyết 45"))
    assert "02-KH/BCĐTW" in search_variants("2-KH/BCĐTW")
    for variant in search_variants("2537-NQ/ĐU"):
        if any(ch.isalpha() for ch in variant) and "/" in variant:
            assert symbol_key(variant) == symbol_key("2537-NQ/ĐU")


def test_type_names() -> None:
    assert parse_symbol("01-KL/TW").type_name == "Kết luận"
    assert parse_symbol("08-QĐi/TW").type_name == "Quy định"
    assert parse_symbol("Chương trình hành động số 12").type_name == "Chương trình"
    assert parse_symbol("202/2025/QH15").type_name == "Văn bản"
    assert set(TYPE_CODES) >= {"NQ", "CT", "KL", "QĐ", "QĐi", "QC", "HD", "TB", "BC", "KH",
                               "CTr", "ĐA", "TTr", "CV", "NĐ", "TT"}


def test_code_tables_are_unambiguous() -> None:
    party = {"TW", "VPTW", "BTCTW", "BTGDVTW", "UBKTTW", "BCĐTW", "TU", "UBKTTU", "HU", "ĐU", "ĐUK"}
    assert party <= PARTY_ISSUER_CODES
    assert {"TTg", "CP", "VPCP", "HĐND", "UBND", "QH"} <= STATE_ISSUER_CODES
    assert not PARTY_ISSUER_CODES & STATE_ISSUER_CODES
    assert not set(TYPE_CODES) & (PARTY_ISSUER_CODES | STATE_ISSUER_CODES)
    for table in (TYPES, PARTY_ISSUERS, STATE_ISSUERS):
        assert table.ambiguous() == []
    assert CodeTable(["HD", "HĐ"]).get("hd") == "HD"
    assert CodeTable(["HD", "HĐ"]).get("Hđ") == "HĐ"
    with pytest.raises(ValueError, match="collide"):
        CodeTable(["TTg", "TTG"])


# --- properties -----------------------------------------------------------------------------

NUMBERS = st.from_regex(r"[0-9]{1,5}", fullmatch=True)
TYPE_LIST = sorted(TYPE_CODES)
UNITS = ["VP", "KTTH", "KGVX", "TCCB", "CQĐP"]


@st.composite
def state_issuers(draw: st.DrawFn) -> str:
    code = draw(st.sampled_from(sorted(STATE_ISSUER_CODES)))
    if code in NUMBERED_ISSUERS and draw(st.booleans()):
        code += str(draw(st.integers(1, 999)))
    return code


party_symbols = st.builds(
    DocumentSymbol, st.just("party"), NUMBERS, st.sampled_from(TYPE_LIST),
    st.sampled_from(sorted(PARTY_ISSUER_CODES)),
)
state_symbols = st.builds(
    DocumentSymbol, st.just("state"), NUMBERS, st.sampled_from(TYPE_LIST), state_issuers(),
)
legal_symbols = st.builds(
    DocumentSymbol, st.just("state"), NUMBERS, st.sampled_from(["", *TYPE_LIST]), state_issuers(),
    st.integers(1945, 2100), legal=st.just(True),
)
letter_symbols = st.builds(
    lambda n, issuer, unit: DocumentSymbol("state", n, "CV", f"{issuer}-{unit}"),
    NUMBERS, state_issuers(), st.sampled_from(UNITS),
)
bare_symbols = st.builds(
    DocumentSymbol, st.just("bare"), NUMBERS, st.sampled_from(TYPE_LIST), st.none(),
)
full_symbols = st.one_of(party_symbols, state_symbols, legal_symbols, letter_symbols)
all_symbols = st.one_of(full_symbols, bare_symbols)


@given(all_symbols)
def test_round_trip_of_normalised_form(symbol: DocumentSymbol) -> None:
    assert parse_symbol(symbol.normalised()) == symbol
    assert symbol_key(symbol.normalised()) == symbol_key(symbol)


DASH_VARIANTS = ["-", " -", "- ", " - ", "–", " – ", "—", "‐"]
SLASH_VARIANTS = ["/", " /", "/ ", " / "]


def _render_code(code: str, draw: st.DrawFn) -> str:
    """A code as the press may print it: other case, D for Đ, TƯ for TW."""
    if draw(st.booleans()):
        code = code.replace("Đ", "D")
    if code.endswith("TW") and draw(st.booleans()):
        code = code[:-2] + "TƯ"
    return draw(st.sampled_from([code, code.upper(), code.lower()]))


@st.composite
def loose_renderings(draw: st.DrawFn) -> tuple[str, DocumentSymbol]:
    symbol = draw(st.one_of(party_symbols, state_symbols, legal_symbols))
    seps = st.sampled_from(DASH_VARIANTS + SLASH_VARIANTS)
    number = symbol.number
    issuer_letters = (symbol.issuer or "").rstrip("0123456789")
    issuer = _render_code(issuer_letters, draw) + (symbol.issuer or "")[len(issuer_letters) :]
    code = _render_code(symbol.type_code, draw) if symbol.type_code else ""
    if symbol.legal:
        head = f"{number}{draw(st.sampled_from(SLASH_VARIANTS))}{symbol.year}"
        head += draw(st.sampled_from(SLASH_VARIANTS))
        text = f"{head}{code}{draw(seps)}{issuer}" if code else head + issuer
    else:
        text = f"{number}{draw(seps)}{code}{draw(seps)}{issuer}"
    return text, symbol


@given(loose_renderings())
def test_loose_renderings_normalise_to_the_same_symbol(case: tuple[str, DocumentSymbol]) -> None:
    text, symbol = case
    assert parse_symbol(text).normalised() == symbol.normalised()


FILLER = st.lists(
    st.sampled_from(["Theo", "của", "Ban", "Thường", "vụ", "Tỉnh", "ủy", "về", "việc", "khoá",
                     "triển", "khai", "và", "các", "năm", "hoá", "quán", "triệt,", "(", ")"]),
    max_size=6,
).map(" ".join)


@settings(max_examples=200)
@given(loose_renderings(), FILLER, FILLER, st.booleans())
def test_find_symbols_in_running_text(
    case: tuple[str, DocumentSymbol], before: str, after: str, decompose: bool
) -> None:
    printed, symbol = case
    text = f"{before} {printed} {after}"
    if decompose:
        text = unicodedata.normalize("NFD", text)
    matches = find_symbols(text)
    assert len(matches) == 1
    (match,) = matches
    assert text[match.start : match.end] == match.text
    assert unicodedata.normalize("NFC", match.text) == unicodedata.normalize("NFC", printed)
    assert match.symbol.normalised() == symbol.normalised()


@given(st.text(max_size=80))
def test_find_symbols_spans_on_any_text(text: str) -> None:
    for match in find_symbols(text):
        assert text[match.start : match.end] == match.text
        assert parse_symbol(match.symbol.normalised()) == match.symbol.without_date()


@given(st.text(max_size=40))
def test_parse_symbol_fails_only_with_symbol_error(text: str) -> None:
    try:
        parsed = parse_symbol(text)
    except SymbolError as err:
        assert err.reason
    else:
        assert parse_symbol(parsed.normalised()) == parsed.without_date()


# --- the labelled development corpus ----------------------------------------------------------

# The shared folder sits beside the project (../shared); TRIENKHAI_SHARED_DIR overrides it.
SHARED = Path(
    os.environ.get("TRIENKHAI_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared"
)
CORPUS = SHARED / "corpus" / "dev"


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.expected.json")) if CORPUS.is_dir() else []


def _article(labels: Path) -> str:
    name = labels.name.removesuffix(".expected.json")
    if name == "source-article":
        return (CORPUS.parent / "source-article.txt").read_text(encoding="utf-8")
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("labels", _corpus_files() or [None], ids=lambda p: p.name if p else "none")
def test_corpus_symbols_are_found_as_printed(labels: Path | None) -> None:
    if labels is None:
        pytest.skip(f"development corpus not found at {CORPUS}")
    text = _article(labels)
    matches = find_symbols(text)
    for document in json.loads(labels.read_text(encoding="utf-8"))["documents"]:
        printed = document.get("symbol")
        if printed:
            normalised = parse_symbol(printed).normalised()
            assert any(m.text == printed and m.symbol.normalised() == normalised
                       for m in matches), printed
        elif document.get("number"):
            # Only a number printed ("Chỉ thị số 45"): found as a bare symbol.
            assert any(m.symbol.system == "bare" and m.symbol.number == document["number"]
                       for m in matches), document["number"]
    labelled = {d["symbol"] for d in json.loads(labels.read_text(encoding="utf-8"))["documents"]}
    for m in matches:
        if m.symbol.system != "bare":
            assert m.text in labelled  # no full symbol the labellers did not see


# --- the CLI ----------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.utils import translation

    if not apps.ready:
        pytest.skip("Django is not set up (run with pytest-django)")
    from trienkhai.documents.management.commands.symbols import Command

    out = io.StringIO()
    with translation.override("en"):
        try:
            call_command(Command(), "parse", *args, stdout=out)
        except CommandError as err:
            return err.returncode, out.getvalue()
    return 0, out.getvalue()


def test_cli_parse_text() -> None:
    code, out = _run("01-KL / TW", "Kết luận số 64 – KL/TW ngày 28-5-2013")
    assert code == 0
    assert "01-KL / TW → 01-KL/TW" in out
    assert "type: KL (Kết luận)" in out and "issuer: TW" in out
    assert "date: 28/05/2013" in out


def test_cli_running_text_and_failures() -> None:
    code, out = _run("Nghị quyết số 18 -NQ/TW và Chỉ thị số 35", "01-ZZ/TW")
    assert code == 1
    assert "2 symbols found" in out and "18 -NQ/TW → 18-NQ/TW" in out and "CT 35" in out
    assert "01-ZZ/TW: not a symbol: unknown type code 'ZZ'" in out


def test_cli_json() -> None:
    code, out = _run("15/CT-TTg", "Nghị quyết năm 2020", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data[0]["ok"] and data[0]["symbols"][0]["normalised"] == "15/CT-TTg"
    assert data[0]["symbols"][0]["key"] == "15/CT-TTG"
    assert not data[1]["ok"] and data[1]["reason_id"] == sym.YEAR_OR_DATE
