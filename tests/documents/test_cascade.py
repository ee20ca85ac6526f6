"""The cascade on a hand-built chain: up and down, issuers, readable steps only, bounded queries.

    NQ XIII (root)                     <- implemented by
      NQ city XI (own)                 <- implemented by
        programme (own)                <- implemented by
          ward plan (descendant)
    05-CT/TW (root) <- continued by 01-KL/TW (root) <- implemented by city plan (own)
"""
from __future__ import annotations

import datetime

import pytest

from trienkhai.core.context import acting_as
from trienkhai.documents.models import DocumentType
from trienkhai.documents.selectors import document_cascade
from trienkhai.documents.services import document_create, document_update, relation_add

D = datetime.date


def make(world, unit, title, day, **fields):
    return document_create(issuer=world.units[unit], signed_on=day, title=title,
                           doc_type=fields.pop("doc_type", "" if "symbol" in fields else "NQ"),
                           **fields)


@pytest.fixture
def chain(world):
    with acting_as(None, "test:cascade"):
        d = {
            "nq13": make(world, "root", "Nghị quyết Đại hội XIII", D(2021, 2, 1)),
            "nq_city": make(world, "own", "Nghị quyết Đại hội Đảng bộ Thành phố XI",
                            D(2020, 10, 17)),
            "programme": make(world, "own", "Chương trình hành động", D(2021, 3, 1),
                              doc_type=DocumentType.ACTION_PROGRAMME),
            "ward_plan": make(world, "descendant", "Kế hoạch của phường", D(2021, 4, 1),
                              doc_type=DocumentType.PLAN),
            "ct05": make(world, "root", "Chỉ thị 05", D(2016, 5, 15), symbol="05-CT/TW"),
            "kl01": make(world, "root", "Kết luận 01", D(2021, 5, 18), symbol="01-KL/TW"),
            "city_plan": make(world, "own", "Kế hoạch thực hiện Kết luận 01", D(2022, 1, 10),
                              doc_type=DocumentType.PLAN),
        }
        for source, kind, target in [
            ("nq_city", "implements", "nq13"), ("programme", "implements", "nq_city"),
            ("ward_plan", "implements", "programme"), ("kl01", "continues", "ct05"),
            ("city_plan", "implements", "kl01"), ("city_plan", "guides", "programme"),
        ]:
            relation_add(source=d[source], target=d[target], kind=kind)
    return d


def names(steps, chain):
    by_pk = {doc.pk: key for key, doc in chain.items()}
    return [(by_pk[s.document.pk], s.kind, s.depth) for s in steps]


def test_up_and_down_from_the_middle(world, chain):
    cascade = document_cascade(user=world.user("viewer"), document=chain["programme"])
    assert names(cascade.up, chain) == [("nq_city", "implements", 1), ("nq13", "implements", 2)]
    assert names(cascade.down, chain) == [("ward_plan", "implements", 1),
                                          ("city_plan", "guides", 1)]
    assert [s.document.issuer.name for s in cascade.up] == [
        world.units["own"].name, world.units["root"].name]
    assert not cascade.truncated


def test_everything_below_the_top(world, chain):
    cascade = document_cascade(user=world.user("viewer"), document=chain["nq13"])
    assert cascade.up == []
    assert names(cascade.down, chain) == [
        ("nq_city", "implements", 1), ("programme", "implements", 2),
        ("ward_plan", "implements", 3), ("city_plan", "guides", 3),
    ]
    parents = {chain["programme"].pk: chain["nq_city"].pk, chain["ward_plan"].pk:
               chain["programme"].pk}
    for step in cascade.down:
        if step.document.pk in parents:
            assert step.parent_id == parents[step.document.pk]


def test_only_readable_steps_and_nothing_beyond_an_unreadable_one(world, chain):
    with acting_as(None, "test"):
        document_update(document=chain["nq_city"], confidentiality=1)
    cascade = document_cascade(user=world.user("viewer"), document=chain["programme"])
    assert cascade.up == []  # the classified step hides NQ XIII behind it too
    from_the_top = document_cascade(user=world.user("viewer"), document=chain["nq13"])
    assert names(from_the_top.down, chain) == []


def test_a_ward_user_sees_the_chain_above_it_but_not_beside_it(world, chain):
    from tests.conftest import make_user

    ward_user = make_user("ward-viewer", world.units["descendant"], "viewer")
    cascade = document_cascade(user=ward_user, document=chain["ward_plan"])
    assert names(cascade.up, chain) == [("programme", "implements", 1),
                                        ("nq_city", "implements", 2),
                                        ("nq13", "implements", 3)]
    down = document_cascade(user=ward_user, document=chain["kl01"]).down
    assert names(down, chain) == [("city_plan", "implements", 1)]


def test_bounded_breadth(world, chain):
    with acting_as(None, "test"):
        for index in range(5):
            extra = make(world, "own", f"Kế hoạch {index}", D(2023, 1, index + 1))
            relation_add(source=extra, target=chain["nq13"], kind="implements")
    cascade = document_cascade(user=world.user("viewer"), document=chain["nq13"], limit=4)
    assert len(cascade.down) == 4 and cascade.truncated


@pytest.mark.parametrize("length", [3, 12])
def test_one_query_per_level_whatever_the_width(world, django_assert_max_num_queries, length):
    with acting_as(None, "test"):
        docs = [make(world, "own", f"Văn bản {i}", D(2020, 1, 1) + datetime.timedelta(i))
                for i in range(length)]
        for lower, upper in zip(docs[1:], docs[:-1], strict=True):
            relation_add(source=lower, target=upper, kind="implements")
            for j in range(3):  # three more documents at each level
                side = make(world, "own", f"Phụ {lower.pk}-{j}", D(2024, 1, 1 + j))
                relation_add(source=side, target=upper, kind="guides")
    user = world.user("viewer")
    document_cascade(user=user, document=docs[0])  # the user's scope, once per user
    # Each direction: one query per level found, one more that finds nothing.
    with django_assert_max_num_queries(length + 1):
        up = document_cascade(user=user, document=docs[-1])
    with django_assert_max_num_queries(length + 1):
        down = document_cascade(user=user, document=docs[0])
    assert len(up.up) == length - 1
    assert len(down.down) == 4 * (length - 1)
