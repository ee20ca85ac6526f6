"""The source article (shared/corpus/source-article.txt, read in place, never copied) matched
against the demo registry: the four officials with their 2022 titles, and "Hiệu"/"Hiếu"."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from tests.extraction.conftest import REPO
from trienkhai.accounts.models import User
from trienkhai.demo.loader import load_demo
from trienkhai.extraction.matching import (
    EXACT,
    SPELLED_TWO_WAYS,
    TITLE_MISMATCH,
    TONE_MARKS,
    match_article,
)

DAY = datetime.date(2022, 6, 1)  # the working session took place in 2022
OFFICIALS = ["Phan Nguyễn Như Khuê", "Dương Anh Đức", "Nguyễn Văn Hiếu", "Lại Xuân Môn"]


def source_article() -> str:
    for path in (REPO.parent / "shared" / "corpus" / "source-article.txt",
                 Path("/work/shared/corpus/source-article.txt")):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("the source article (shared/corpus/source-article.txt) is not on this machine")


@pytest.fixture
def matches(db, settings):
    text = source_article()
    load_demo()
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        return match_article(text, user=User.objects.get(username="admin"), on=DAY)


def by_name(matches):
    return {p.name: p for p in matches.people}


def test_the_four_officials_match_with_their_2022_titles(matches):
    people = by_name(matches)
    for name in OFFICIALS:
        found = people[name]
        assert found.person is not None and found.person.full_name == name
        assert found.match == EXACT
        assert found.titles, name
        assert TITLE_MISMATCH not in [f.code for f in found.flags], (name, found.flags)
        assert found.titles_on_date
        assert found.evidence and name in found.evidence[0].sentence


def test_hieu_spelled_two_ways_is_flagged(matches):
    people = by_name(matches)
    typo, right = people["Nguyễn Văn Hiệu"], people["Nguyễn Văn Hiếu"]
    assert typo.person == right.person
    assert {f.code for f in typo.flags} == {TONE_MARKS, SPELLED_TWO_WAYS}
    assert any("Nguyễn Văn Hiếu" in f.message for f in typo.flags if f.code == TONE_MARKS)
    assert [f.code for f in right.flags] == [SPELLED_TWO_WAYS]


def test_documents_of_the_article_are_linked(matches):
    linked = {d.extracted["title"]: d.document for d in matches.documents}
    conclusion = next(d for t, d in linked.items() if "01-KL" in t)
    assert conclusion is not None and conclusion.symbol == "01-KL/TW"
    congress = linked["Nghị quyết Đại hội lần thứ 13 của Đảng"]
    assert congress is not None and congress.term == "XIII"
    city = linked["Nghị quyết Đại hội XI của Đảng bộ thành phố"]
    assert city is not None and city.term == "XI"
