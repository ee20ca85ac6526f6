"""match_article: people matched to the registry, titles checked on the article's date, and
only what the user may read. Registry rows are created through the services, as users would."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from trienkhai.core.context import acting_as
from trienkhai.extraction.matching import (
    AMBIGUOUS,
    EXACT,
    ONE_LETTER,
    SPELLED_TWO_WAYS,
    TITLE_MISMATCH,
    TONE_MARKS,
    UNKNOWN_PERSON,
    match_article,
)
from trienkhai.extraction.matching_people import find_candidates
from trienkhai.extraction.titles import titles_fit
from trienkhai.units.people_services import person_create, position_create

D = datetime.date
DAY = D(2022, 6, 1)
TERM_START = D(2020, 10, 17)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def add_person(unit, name, *titles, start=TERM_START, end=None):
    with acting_as(None, "test:matching"):
        person = person_create(full_name=name, unit=unit)
        for title in titles:
            position_create(person=person, unit=unit, title=title, start_date=start,
                            end_date=end)
    return person


@pytest.fixture
def tam(world):
    return add_person(world.units["own"], "Võ Minh Tâm", "Thành ủy viên",
                      "Phó Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh")


@pytest.fixture
def viewer(world):
    return world.user("viewer")


def only(matches, name=None):
    people = [p for p in matches.people if name is None or p.name == name]
    assert len(people) == 1, [p.name for p in matches.people]
    return people[0]


def codes(person_match):
    return [flag.code for flag in person_match.flags]


def test_exact_name_with_abbreviated_titles(world, tam, viewer):
    text = "Đồng chí Võ Minh Tâm, Thành ủy viên, Phó Chủ tịch UBND TP.HCM, phát biểu."
    found = only(match_article(text, user=viewer, on=DAY))
    assert found.person == tam and found.match == EXACT
    assert found.titles == ["Thành ủy viên", "Phó Chủ tịch UBND TP.HCM"]
    assert found.flags == []
    assert found.titles_on_date == ["Thành ủy viên",
                                    "Phó Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh"]


@pytest.mark.parametrize("written", [
    "Phó Chủ tịch Ủy ban nhân dân TPHCM", "Phó Chủ tịch UBND Thành phố",
    "Phó Chủ tịch UBND TP.HCM", "Phó Chủ tịch UBND Thành phố Hồ Chí Minh",
])
def test_title_variants_of_the_press_fit(world, tam, viewer, written):
    text = f"Đồng chí Võ Minh Tâm, {written}, phát biểu."
    found = only(match_article(text, user=viewer, on=DAY))
    assert found.person == tam and found.titles == [written]
    assert TITLE_MISMATCH not in codes(found), found.flags


@pytest.mark.parametrize(("written", "registered", "fits"), [
    ("Phó Chủ tịch UBND TP. Hồ Chí Minh", "Phó Chủ tịch Ủy ban nhân dân TPHCM", True),
    ("phó chủ tịch ubnd thành phố hồ chí minh", "Phó Chủ tịch UBND TP.HCM", True),
    ("Trưởng Ban Tuyên giáo Thành ủy TPHCM", "Trưởng Ban Tuyên giáo Thành ủy", True),
    ("Phó trưởng Ban Thường trực Ban Tuyên giáo TW",
     "Phó trưởng Ban Thường trực Ban Tuyên giáo Trung ương", True),
    ("Ủy viên BTV Thành ủy", "Uỷ viên Ban Thường vụ Thành ủy", True),
    ("Bí thư Thành ủy", "Phó Bí thư Thành ủy", False),
    ("Phó Bí thư Thành ủy", "Bí thư Thành ủy", False),
    ("Chủ tịch UBND Thành phố", "Phó Chủ tịch Ủy ban nhân dân Thành phố", False),
    ("Trưởng Ban Tổ chức Thành ủy", "Trưởng Ban Tuyên giáo Thành ủy", False),
])
def test_titles_fit(written, registered, fits):
    assert titles_fit(written, registered) is fits


def test_name_differing_by_tone_marks_is_flagged_with_the_registered_spelling(world, viewer):
    hieu = world.people["descendant"]  # Nguyễn Văn Hiếu, in a ward of the user's unit
    found = only(match_article("Đồng chí Nguyễn Văn Hiệu phát biểu.", user=viewer, on=DAY))
    assert found.person == hieu and found.match == TONE_MARKS
    assert codes(found) == [TONE_MARKS]
    assert "Nguyễn Văn Hiếu" in found.flags[0].message
    assert found.flags[0].params == {"name": "Nguyễn Văn Hiếu"}


def test_name_differing_by_one_letter_in_the_given_name(world, viewer):
    found = only(match_article("Đồng chí Nguyễn Văn Hiến, Phó Bí thư Thành ủy, dự họp.",
                               user=viewer, on=DAY))
    assert found.person == world.people["descendant"] and codes(found) == [ONE_LETTER]
    assert "Nguyễn Văn Hiếu" in found.flags[0].message


def test_name_differing_by_one_letter_in_the_middle_name(world, viewer):
    text = "Trưởng Ban Tuyên giáo Thành ủy TP.HCM Phan Nguyễn Nhơ Khuê cho biết."
    found = only(match_article(text, user=viewer, on=DAY))
    assert found.person == world.people["own"] and ONE_LETTER in codes(found)


@pytest.mark.parametrize(("written", "level"), [
    ("Nguyễn Văn Hiếu", EXACT), ("nguyễn văn hiếu", EXACT), ("Nguyễn Văn Hiệu", TONE_MARKS),
    ("Nguyen Van Hieu", TONE_MARKS), ("Nguyễn Văn Hiến", ONE_LETTER),
    ("Nguyễn Vă Hiếu", ONE_LETTER), ("Nguyễn Văn Hiếuu", ONE_LETTER),
    ("Ngyễn Văn Hiếu", ONE_LETTER), ("Nguyễn Văn Hiến Anh", None), ("Nguyễn Thị Hiền", None),
])
def test_candidate_search_finds_exactly_the_near_names(world, written, level):
    found = find_candidates([written], world.user("superuser"))[written]
    expected = [world.people["descendant"]] if level else []
    assert found == expected


def test_several_registered_people_are_ambiguous_unless_a_title_decides(world, viewer):
    other = add_person(world.units["descendant2"], "Nguyễn Văn Hiếu", "Bí thư Đảng ủy phường")
    with acting_as(None, "test:matching"):
        position_create(person=world.people["descendant"], unit=world.units["descendant"],
                        title="Phó Bí thư Thành ủy", start_date=D(2020, 1, 1))
    plain = only(match_article("Ông Nguyễn Văn Hiếu phát biểu.", user=viewer, on=DAY))
    assert plain.person is None and codes(plain) == [AMBIGUOUS]
    assert set(plain.candidates) == {other, world.people["descendant"]}
    titled = only(match_article("Bí thư Đảng ủy phường Nguyễn Văn Hiếu phát biểu.",
                                user=viewer, on=DAY))
    assert titled.person == other and titled.flags == []


def test_unknown_name_is_proposed(world, viewer):
    found = only(match_article("Tham dự có đồng chí Trần Thị Mới, Chủ tịch Hội Phụ nữ.",
                               user=viewer, on=DAY))
    assert found.proposed and codes(found) == [UNKNOWN_PERSON]


def test_title_not_held_on_the_article_date_is_flagged(world, viewer):
    person = add_person(world.units["own"], "Võ Minh Tâm", "Phó Chủ tịch UBND Thành phố",
                        start=D(2016, 1, 1), end=D(2021, 12, 31))
    with acting_as(None, "test:matching"):
        position_create(person=person, unit=world.units["own"], title="Thành ủy viên",
                        start_date=D(2020, 10, 17))
    text = "Phó Chủ tịch UBND Thành phố Võ Minh Tâm phát biểu."
    found = only(match_article(text, user=viewer, on=DAY))
    assert codes(found) == [TITLE_MISMATCH]
    assert found.titles_on_date == ["Thành ủy viên"]
    message = found.flags[0].message
    assert "Phó Chủ tịch UBND Thành phố" in message and "Thành ủy viên" in message
    assert "01/06/2022" in message
    # While the position was held, the same article is fine.
    earlier = only(match_article(text, user=viewer, on=D(2021, 6, 1)))
    assert earlier.flags == [] and "Phó Chủ tịch UBND Thành phố" in earlier.titles_on_date


def test_no_title_check_without_a_date_or_without_positions(world, tam, viewer):
    text = "Bí thư Thành ủy Võ Minh Tâm phát biểu."
    undated = match_article(text, user=viewer)
    assert undated.article_date is None and only(undated).flags == []
    dated = only(match_article(text, user=viewer, on=DAY))
    assert codes(dated) == [TITLE_MISMATCH]
    # Khuê has no position in the registry: nothing contradicts the article.
    bare = only(match_article("Bí thư Thành ủy Phan Nguyễn Như Khuê phát biểu.", user=viewer,
                              on=DAY))
    assert bare.person == world.people["own"] and bare.flags == []
    assert bare.positions_known is False


def test_article_date_from_the_dateline_or_the_override(world, tam, viewer):
    text = ("Thứ Tư, 01/06/2022 08:00\n"
            "Bí thư Thành ủy Võ Minh Tâm phát biểu.\n")
    from_dateline = match_article(text, user=viewer)
    assert from_dateline.article_date == DAY and from_dateline.date_source == "dateline"
    assert codes(only(from_dateline)) == [TITLE_MISMATCH]
    before = match_article(text, user=viewer, on=D(2019, 1, 1))
    assert before.article_date == D(2019, 1, 1) and before.date_source == "given"
    # In 2019 Tâm held nothing: the message says so, without listing titles.
    flag = only(before).flags[0]
    assert flag.code == TITLE_MISMATCH and "no position is held on 01/01/2019" in flag.message


def test_same_person_spelled_two_ways_in_one_article(world, viewer):
    text = ("Phó Bí thư Thành ủy Nguyễn Văn Hiếu chủ trì.\n"
            "Đồng chí Nguyễn Văn Hiệu đề nghị các cấp ủy quán triệt.\n")
    matches = match_article(text, user=viewer, on=DAY)
    hieu, hieu_typo = only(matches, "Nguyễn Văn Hiếu"), only(matches, "Nguyễn Văn Hiệu")
    assert SPELLED_TWO_WAYS in codes(hieu) and SPELLED_TWO_WAYS in codes(hieu_typo)
    assert "Nguyễn Văn Hiệu" in hieu.flags[-1].message
    assert hieu_typo.person == hieu.person == world.people["descendant"]


def test_evidence_sentence_highlights_the_name(world, tam, viewer):
    text = ("Sáng 1/6, Thành ủy TP.HCM làm việc với đoàn công tác. "
            "Đồng chí Võ Minh Tâm, Phó Chủ tịch UBND TP.HCM, báo cáo kết quả.\n"
            "Ông Võ Minh Tâm đề nghị hoàn thành trước ngày 30/6/2025. Hội nghị kết thúc.")
    found = only(match_article(text, user=viewer, on=DAY))
    assert [e.sentence for e in found.evidence] == [
        "Đồng chí Võ Minh Tâm, Phó Chủ tịch UBND TP.HCM, báo cáo kết quả.",
        "Ông Võ Minh Tâm đề nghị hoàn thành trước ngày 30/6/2025.",
    ]
    for evidence in found.evidence:
        assert [evidence.sentence[a:b] for a, b in evidence.spans] == ["Võ Minh Tâm"]
        assert [piece for piece, marked in evidence.parts() if marked] == ["Võ Minh Tâm"]


def test_people_beyond_the_users_scope_are_neither_matched_nor_named(world, viewer):
    # Trần Văn An belongs to the sibling province; a one-letter variant must not reveal him.
    for written in ("Trần Văn An", "Trần Văn Ân", "Trần Văn Anh"):
        found = only(match_article(f"Đồng chí {written}, Bí thư Tỉnh ủy, phát biểu.",
                                   user=viewer, on=DAY))
        assert found.proposed and codes(found) == [UNKNOWN_PERSON]
        assert all("Cà Mau" not in f.message and "Trần Văn An" not in f.message
                   for f in found.flags if written != "Trần Văn An")
    admin = world.user("superuser")
    found = only(match_article("Đồng chí Trần Văn An, Bí thư Tỉnh ủy, phát biểu.", user=admin,
                               on=DAY))
    assert found.person == world.people["sibling"]


def test_query_count_does_not_grow_with_the_names(world, viewer):
    for index, given in enumerate(["Tâm", "Hùng", "Lan", "Minh", "Nga", "Phúc"]):
        add_person(world.units["own"], f"Võ Văn {given}", "Thành ủy viên",
                   start=D(2020, 1, index + 1))
    one = "Đồng chí Võ Văn Tâm, Thành ủy viên, phát biểu."
    many = " ".join(f"Đồng chí Võ Văn {g}, Thành ủy viên, phát biểu."
                    for g in ["Tâm", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Hiệu", "Tý"])
    counts = []
    for text in (one, many):
        with CaptureQueriesContext(connection) as ctx:
            matches = match_article(text, user=viewer, on=DAY)
        counts.append(len(ctx.captured_queries))
    assert len(matches.people) == 8
    assert counts[0] == counts[1] <= 6


def test_query_count_bound(world, viewer, django_assert_max_num_queries):
    text = " ".join(f"Đồng chí Võ Văn {g}, Thành ủy viên, phát biểu. Theo Kết luận số "
                    f"{n}-KL/TW và Nghị quyết Đại hội lần thứ {n} của Đảng."
                    for n, g in enumerate(["Tâm", "Hùng", "Lan", "Minh"], start=10))
    with django_assert_max_num_queries(6):
        matches = match_article(text, user=viewer, on=DAY)
    assert len(matches.people) == 4 and len(matches.documents) >= 4


def test_abbreviation_full_stops_do_not_end_an_evidence_sentence():
    from trienkhai.extraction.evidence import sentences

    text = "Đoàn làm việc tại TX. Sơn Tây và TP. Cần Thơ. Sau đó đoàn về Hà Nội."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Đoàn làm việc tại TX. Sơn Tây và TP. Cần Thơ.", "Sau đó đoàn về Hà Nội."]
