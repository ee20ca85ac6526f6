"""Registry pages and API lists read a bounded number of queries, whatever the number of rows."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.core.context import acting_as
from trienkhai.documents.attachments import attachment_add
from trienkhai.documents.services import document_create, relation_add


def _grow(world, top, count):
    """`count` more documents under `top`, each with a relation and a file, in several units."""
    units = [world.units["own"], world.units["descendant"], world.units["root"]]
    with acting_as(None, "test"):
        for index in range(count):
            document = document_create(
                issuer=units[index % 3], doc_type="KH", title=f"Kế hoạch học tập số {index}",
                signed_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=index + count),
                excerpt="quán triệt", full_text="toàn văn " * 50)
            relation_add(source=document, target=top, kind="implements")
            attachment_add(document=document, file=b"van ban", name="a.txt")


@pytest.fixture
def top(world):
    with acting_as(None, "test"):
        return document_create(issuer=world.units["root"], symbol="01-KL/TW",
                               signed_on=datetime.date(2021, 5, 18), title="Kết luận")


PAGES = {
    "list": lambda top: reverse("document-list"),
    "search": lambda top: reverse("document-list") + "?q=hoc+tap&year=2022",
    "detail": lambda top: reverse("document-detail", args=[top.pk]),
    "header-search": lambda top: reverse("search") + "?q=ke+hoach",
    "api-list": lambda top: "/api/documents/?q=quan+triet",
    "api-relations": lambda top: f"/api/document-relations/?document={top.pk}",
    "api-attachments": lambda top: "/api/attachments/",
    "api-cascade": lambda top: f"/api/documents/{top.pk}/cascade/",
}


@pytest.mark.urls("tests.documents.urls_for_tests")
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_rows(world, top, client, django_assert_max_num_queries,
                                             page):
    client.force_login(world.user("editor"))
    url = PAGES[page](top)
    _grow(world, top, 3)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _grow(world, top, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
