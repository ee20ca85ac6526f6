"""Search on whichever engine the suite runs on (SQLite FTS5 by default, PostgreSQL in CI's
second run): diacritics and đ, symbols in loose forms, ranking, filters, snippets, access."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection

from trienkhai.core.context import acting_as
from trienkhai.documents.attachments import attachment_add
from trienkhai.documents.indexing import parse_query
from trienkhai.documents.models import DocumentStatus, DocumentType
from trienkhai.documents.search import search_documents
from trienkhai.documents.search_engines import PostgresEngine, SqliteEngine
from trienkhai.documents.services import document_create, document_update

from ..matrix import RELATIONS
from .conftest import MARK, doc_expected

D = datetime.date


@pytest.fixture
def library(world):
    """A few documents of the root unit (readable by every user of "own")."""
    root, own = world.units["root"], world.units["own"]
    with acting_as(None, "test:search"):
        docs = {
            "kl01": document_create(
                issuer=root, symbol="01-KL/TW", signed_on=D(2021, 5, 18), term="XIII",
                title="Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và "
                      "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                excerpt="Các cấp ủy quán triệt sâu sắc, Đảng ủy cơ sở xây dựng chủ đề năm."),
            "ct05": document_create(
                issuer=root, symbol="05-CT/TW", signed_on=D(2016, 5, 15), term="XII",
                title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh"),
            "plan": document_create(
                issuer=own, symbol="15-KH/TU", signed_on=D(2022, 1, 10), term="XI",
                doc_type=DocumentType.PLAN,
                title="Kế hoạch thực hiện Kết luận số 01-KL/TW năm 2022",
                excerpt="Chủ đề năm 2022 của Thành phố."),
            "digital": document_create(
                issuer=own, signed_on=D(2023, 3, 2), term="XI", doc_type=DocumentType.RESOLUTION,
                title="Nghị quyết về chuyển đổi số trong công tác tuyên giáo",
                status=DocumentStatus.SUPERSEDED),
            "mention": document_create(
                issuer=own, signed_on=D(2023, 4, 2), term="XI", doc_type=DocumentType.REPORT,
                title="Báo cáo sơ kết công tác tuyên giáo",
                full_text=("Mở đầu. " * 80) + "Về chuyển đổi số, các đơn vị còn lúng túng. "
                          + ("Kết thúc. " * 80)),
        }
    return docs


def found(user, query, **kwargs):
    return [r.document.pk for r in search_documents(user=user, query=query, **kwargs).results]


@pytest.mark.parametrize(("query", "key"), [
    ("quan triet", "kl01"),  # no diacritics
    ("QUÁN TRIỆT", "kl01"),  # accents and case
    ("dang uy", "kl01"),  # đ written as d
    ("đảng ủy", "kl01"),
    ("phong cach ho chi minh", "kl01"),
    ("chuyen doi so", "digital"),
    ("chuyen doi s", "digital"),  # the last word may be unfinished
])
def test_diacritic_and_case_free_words(world, library, query, key):
    assert library[key].pk in found(world.user("viewer"), query)


@pytest.mark.parametrize("query", [
    "01-KL/TW", "01/KL-TW", "1-KL/TW", "01-KL / TƯ", "01 - KL/TW", "Kết luận số 01-KL/TW",
    "Kết luận 01", "kl 01-kl/tw", "01-KL/TW ngày 18/5/2021",
])
def test_symbol_in_any_loose_form_puts_the_document_first(world, library, query):
    results = found(world.user("viewer"), query)
    assert results[0] == library["kl01"].pk
    # The plan citing it comes too, after it.
    if "kl 01" not in query:
        assert library["plan"].pk in results[1:]


def test_bare_directive_number_finds_the_directive_and_what_cites_it(world, library):
    results = found(world.user("viewer"), "Chỉ thị 05")
    assert results[0] == library["ct05"].pk
    assert library["kl01"].pk in results


def test_title_match_outranks_a_mention_deep_in_the_text(world, library):
    results = found(world.user("viewer"), "chuyen doi so")
    assert results[:2] == [library["digital"].pk, library["mention"].pk]


def test_every_word_must_match(world, library):
    page = search_documents(user=world.user("viewer"), query="chuyen doi so ket luan")
    assert page.total == 0 or page.fuzzy  # only near matches, on PostgreSQL


@pytest.mark.parametrize(("filters", "keys"), [
    ({"doc_type": DocumentType.PLAN}, {"plan"}),
    ({"year": 2023}, {"digital", "mention"}),
    ({"term": "xi"}, {"plan", "digital", "mention"}),
    ({"status": DocumentStatus.SUPERSEDED}, {"digital"}),
    ({"issuer": "root"}, {"kl01", "ct05"}),
    ({"unit": "own"}, {"plan", "digital", "mention"}),
    ({"unit": "root"}, {"kl01", "ct05", "plan", "digital", "mention"}),
    ({"unit": "descendant"}, set()),
])
def test_filters_with_and_without_words(world, library, filters, keys):
    filters = {k: world.units[v] if k in ("issuer", "unit") else v for k, v in filters.items()}
    user = world.user("viewer")
    assert set(found(user, "", **filters)) == {library[k].pk for k in keys}
    with_words = {k for k in keys if k != "ct05"}  # every document but 05-CT/TW says "năm"
    expected = {library[k].pk for k in with_words if k in ("kl01", "plan")}
    assert set(found(user, "chu de nam", **filters)) == expected


def test_snippets_mark_the_original_accented_words(world, library):
    page = search_documents(user=world.user("viewer"), query="quan triet dang uy")
    result = page.results[0]
    assert "<mark>quán</mark> <mark>triệt</mark>" in result.snippet
    assert "<mark>Đảng</mark> <mark>ủy</mark>" in result.snippet
    deep = search_documents(user=world.user("viewer"), query="lung tung").results[0]
    assert deep.document.pk == library["mention"].pk
    assert "<mark>lúng</mark> <mark>túng</mark>" in deep.snippet
    assert deep.snippet.startswith("…") and deep.snippet.endswith("…")
    assert len(deep.snippet) < 400


def test_symbol_is_marked_whole_in_a_citing_title(world, library):
    page = search_documents(user=world.user("viewer"), query="1-KL/TƯ")
    plan = next(r for r in page.results if r.document.pk == library["plan"].pk)
    assert "<mark>01-KL/TW</mark>" in plan.title


def test_titles_are_escaped(world):
    with acting_as(None, "test"):
        document_create(issuer=world.units["own"], signed_on=D(2024, 1, 1),
                        doc_type=DocumentType.NOTICE, title="<script>alert(1)</script> Đảng ủy")
    title = search_documents(user=world.user("viewer"), query="dang").results[0].title
    assert "<script>" not in title and "&lt;script&gt;" in title and "<mark>Đảng</mark>" in title


def test_attachment_text_is_searched_and_quoted(world, library, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with acting_as(None, "test"):
        attachment_add(document=library["ct05"], file="Phụ lục: xây dựng điểm nghẽn".encode(),
                       name="phu-luc.txt")
    page = search_documents(user=world.user("viewer"), query="diem nghen")
    assert [r.document.pk for r in page.results] == [library["ct05"].pk]
    assert "<mark>điểm</mark> <mark>nghẽn</mark>" in page.results[0].snippet


def test_editing_a_document_reindexes_it(world, library):
    with acting_as(None, "test"):
        document_update(document=library["ct05"], title="Chỉ thị về công tác dân vận")
    assert found(world.user("viewer"), "dan van") == [library["ct05"].pk]
    assert library["ct05"].pk not in found(world.user("viewer"), "lam theo")


def test_pages_and_total(world, library):
    user = world.user("viewer")
    first = search_documents(user=user, query="", limit=2)
    second = search_documents(user=user, query="", limit=2, offset=2)
    beyond = search_documents(user=user, query="", limit=2, offset=50)
    assert first.total == second.total == beyond.total == 5
    assert len({r.document.pk for r in first.results + second.results}) == 4
    assert beyond.results == []


def test_near_matches_when_nothing_matches_exactly(world, library):
    user = world.user("viewer")
    assert search_documents(user=user, query='") OR * NEAR(:').total == 0
    if connection.vendor == "postgresql":
        page = search_documents(user=user, query="chuyen doi sso")  # a typo
    else:
        page = search_documents(user=user, query="uyen doi")  # inside words: a substring
    assert page.fuzzy and page.results[0].document.pk == library["digital"].pk
    assert search_documents(user=user, query="zzzz qqqq").total == 0


def test_query_reading():
    query = parse_query("quán triệt 01-KL / TƯ Đảng ủy")
    assert query.words == ["quan", "triet", "dang", "uy"] and query.symbol_keys == ["1-KL/TW"]
    assert query.prefix
    assert not parse_query("dang uy ").prefix and not parse_query("hoc t").prefix
    assert parse_query("Kết luận số 01").symbol_keys == ["KL 1"]
    assert SqliteEngine.fts_query(query) == '"quan" AND "triet" AND "dang" AND "uy"* AND "sym1kltw"'
    assert PostgresEngine.tsquery(query) == "'quan' & 'triet' & 'dang' & 'uy':* & 'sym1kltw'"
    # Nothing typed can become search syntax: only quoted letters and digits reach the engine.
    hostile = parse_query('") OR * NEAR(:  \' & | !')
    assert SqliteEngine.fts_query(hostile) == '"or" AND "near"*'
    assert PostgresEngine.tsquery(hostile) == "'or' & 'near':*"


# --- access inside the query -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "editor", "supervisor", "administrator"])
def test_total_counts_only_readable_documents(world, registry, role):
    user = world.user(role)
    readable = {rel for rel in RELATIONS if doc_expected(world, role, rel)[0]}
    page = search_documents(user=user, query="quan triet chi bo")
    assert page.total == len(readable)
    assert {r.document.pk for r in page.results} == {registry.docs[r].pk for r in readable}
    for relation in RELATIONS:
        assert (search_documents(user=user, query=MARK[relation]).total > 0) == (
            relation in readable)


def test_a_user_without_unit_finds_nothing(world, registry):
    assert search_documents(user=world.users["nounit"], query="quan triet").total == 0


def test_search_reads_a_fixed_number_of_queries(world, library, django_assert_max_num_queries):
    user = world.user("viewer")
    search_documents(user=user, query="")  # the user's scope is computed once per user
    # The ranked page with its count; SQLite first sizes the user's scope to pick its plan.
    with django_assert_max_num_queries(2):
        search_documents(user=user, query="hoc tap")
    with django_assert_max_num_queries(2):  # a page and the exact count
        search_documents(user=user, query="", year=2023)


def test_an_unselective_query_ranks_a_bounded_window(world, library, monkeypatch):
    from trienkhai.documents import search_engines

    monkeypatch.setattr(search_engines, "RANK_WINDOW", 2)
    monkeypatch.setattr(search_engines, "BROAD_SCOPE", 3)  # SQLite: try the broad plan too
    monkeypatch.setattr(search_engines, "_BROAD", {})
    with acting_as(None, "test"):
        for day in (1, 2, 3, 4):
            document_create(issuer=world.units["own"], signed_on=D(2024, 1, day),
                            doc_type=DocumentType.NOTICE, title=f"Thông báo số {day}")
    page = search_documents(user=world.user("viewer"), query="thong bao")
    assert page.capped and page.total == 3  # "more than 2": the newest 3 are ranked
    assert {r.document.title for r in page.results} == {f"Thông báo số {d}" for d in (2, 3, 4)}
    narrow = search_documents(user=world.user("viewer"), query="chuyen doi so")
    assert not narrow.capped and narrow.total == 2
    # Listing without words: on SQLite a broad scope walks the filter's index instead.
    listed = search_documents(user=world.user("viewer"), query="", doc_type=DocumentType.NOTICE)
    assert [r.document.title for r in listed.results] == [
        f"Thông báo số {d}" for d in (4, 3, 2, 1)]
    assert listed.total == 4 and not listed.capped
    monkeypatch.setattr(search_engines, "LIST_CAP", 3)
    assert search_documents(user=world.user("viewer"), query="").capped
