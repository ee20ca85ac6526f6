"""The demo's documents: built through the services, idempotent, with their cascade."""
from __future__ import annotations

import pytest

from trienkhai.accounts.models import Clearance
from trienkhai.core.context import acting_as
from trienkhai.demo.documents import build_documents
from trienkhai.documents.models import Document, DocumentRelation
from trienkhai.documents.search import search_documents
from trienkhai.documents.selectors import document_cascade
from trienkhai.units.models import UnitKind
from trienkhai.units.services import unit_create

from ..conftest import make_user


@pytest.fixture
def units(db):
    with acting_as(None, "test:demo"):
        tw = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, code="TW",
                         name="Ban Chấp hành Trung ương")
        bct = unit_create(parent=tw, kind=UnitKind.CENTRAL_BODY, code="BCT", name="Bộ Chính trị")
        hcm = unit_create(parent=tw, kind=UnitKind.PROVINCIAL_COMMITTEE, code="HCM",
                          name="Đảng bộ Thành phố Hồ Chí Minh")
        btv = unit_create(parent=hcm, kind=UnitKind.STANDING_COMMITTEE, code="HCM-BTV",
                          name="Ban Thường vụ Thành ủy")
    return {"TW": tw, "BCT": bct, "HCM": hcm, "HCM-BTV": btv}


def test_build_twice_changes_nothing(units):
    with acting_as(None, "test:demo"):
        first = build_documents(units, {})
        counts = (Document.objects.count(), DocumentRelation.objects.count())
        second = build_documents(units, {})
    assert counts == (7, 4)
    assert (Document.objects.count(), DocumentRelation.objects.count()) == counts
    assert {k: d.pk for k, d in first.items()} == {k: d.pk for k, d in second.items()}


def test_the_cascade_of_the_article(units):
    with acting_as(None, "test:demo"):
        docs = build_documents(units, {})
    kl01 = docs["01-KL/TW"]
    assert (kl01.symbol, kl01.signed_on.isoformat(), kl01.issuer.code) == (
        "01-KL/TW", "2021-05-18", "BCT")
    city = make_user("city-admin", units["HCM"], "administrator")
    down = document_cascade(user=city, document=docs["NQ-DH-XIII"]).down
    assert [(s.document.pk, s.depth) for s in down] == [
        (docs["NQ-DH-HCM-XI"].pk, 1), (docs["CTR-HCM-XI"].pk, 2)]
    central = make_user("central", units["TW"], "viewer")
    up = document_cascade(user=central, document=docs["KH-HCM-01"]).up
    assert [(s.document.pk, s.kind, s.document.issuer.code) for s in up] == [
        (kl01.pk, "implements", "BCT"), (docs["05-CT/TW"].pk, "continues", "BCT")]


def test_the_classified_report_needs_clearance(units):
    with acting_as(None, "test:demo"):
        build_documents(units, {})
    plain = make_user("city-viewer", units["HCM"], "viewer")
    cleared = make_user("city-cleared", units["HCM"], "viewer", clearance=Clearance.CONFIDENTIAL)
    assert search_documents(user=plain, query="tinh hinh tu tuong").total == 0
    assert search_documents(user=cleared, query="tinh hinh tu tuong").total == 1
    central = make_user("central", units["TW"], "viewer")
    assert search_documents(user=central, query="01-KL/TW").results[0].document.symbol == (
        "01-KL/TW")
