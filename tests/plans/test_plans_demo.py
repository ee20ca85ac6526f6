"""The demo's plans: built through the services, idempotent, with what the article describes."""
from __future__ import annotations

import datetime
import logging

import pytest

from trienkhai.core.context import acting_as
from trienkhai.demo.plans import (
    BREAKTHROUGHS,
    CONSULTED,
    MODEL_PRACTICES,
    ORGANISATIONS,
    WARDS,
    build_plans,
)
from trienkhai.documents.models import DocumentType
from trienkhai.documents.services import document_create
from trienkhai.plans.models import (
    ConsultationComment,
    Handling,
    IndicatorType,
    Plan,
    PlanStatus,
    Task,
    TaskKind,
)
from trienkhai.units.models import UnitKind
from trienkhai.units.people_services import person_create
from trienkhai.units.services import unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The part of the demo tree the plans use."""
    with acting_as(None, "test:demo"):
        tw = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, code="TW",
                         name="Ban Chấp hành Trung ương")
        hcm = unit_create(parent=tw, kind=UnitKind.PROVINCIAL_COMMITTEE, code="HCM",
                          name="Đảng bộ Thành phố Hồ Chí Minh")
        units = {"TW": tw, "HCM": hcm}
        for i, name in enumerate(WARDS):
            units[f"ward:{name}"] = unit_create(parent=hcm, kind=UnitKind.COMMUNE_COMMITTEE,
                                                code=f"W{i}", name=f"Đảng ủy Phường {name}")
        for code in [*ORGANISATIONS, "HCM-BTGDV", "HCM-SVHTT"]:
            units[code] = unit_create(parent=hcm, kind=UnitKind.SOCIO_POLITICAL, code=code,
                                      name=f"Tổ chức {code}")
        people = {"Phan Nguyễn Như Khuê": person_create(full_name="Phan Nguyễn Như Khuê",
                                                        unit=units["HCM-BTGDV"])}
        resolution = document_create(
            issuer=hcm, doc_type=DocumentType.RESOLUTION, signed_on=datetime.date(2020, 10, 17),
            title="Nghị quyết Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh lần thứ XI, nhiệm kỳ "
                  "2020 - 2025")
        document_create(issuer=tw, doc_type=DocumentType.RESOLUTION,
                        signed_on=datetime.date(2021, 2, 1),
                        title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")
    return units, people, resolution


def _build(units, people, documents):
    with acting_as(None, "command:demo"):
        return build_plans(units, people, documents)


def test_programme_and_draft(demo):
    units, people, resolution = demo
    out = _build(units, people, {})  # found by title, not by key
    programme = out["programme"]
    assert programme.status == PlanStatus.ADOPTED and programme.adopted_version == 1
    assert list(programme.documents.all()) == [resolution]
    own = Task.objects.filter(plan=programme, parent__isnull=True)
    breakthroughs = own.filter(kind=TaskKind.BREAKTHROUGH)
    assert sorted(breakthroughs.values_list("title", flat=True)) == sorted(BREAKTHROUGHS)
    model = own.get(title=MODEL_PRACTICES)
    assert (model.indicator_type, model.target_value, model.recurrence) == (
        IndicatorType.COUNT, 2, "yearly")
    milestone = own.get(indicator_type=IndicatorType.MILESTONE)
    assert milestone.deadline == datetime.date(2030, 12, 31)
    assert milestone.lead_person == people["Phan Nguyễn Như Khuê"]
    subs = model.subtasks.select_related("owner_unit")
    assert {t.owner_unit.code for t in subs} >= {"W0", "HCM-MTTQ", "HCM-DOAN"}
    assert subs.count() == len(WARDS) + len(ORGANISATIONS)
    assert len(programme.versions.get().content["tasks"]) == 6
    draft = out["cultural_space"]
    assert draft.status == PlanStatus.CONSULTATION
    assert sorted(draft.invites.values_list("name", flat=True)) == sorted(CONSULTED)
    handled = ConsultationComment.objects.filter(plan=draft).exclude(handling=Handling.PENDING)
    assert handled.count() == 3 and draft.comments.count() == 4


def test_idempotent(demo):
    units, people, resolution = demo
    _build(units, people, {"NQ-DH-HCM-XI": resolution})
    counts = (Plan.objects.count(), Task.objects.count(), ConsultationComment.objects.count())
    _build(units, people, {"NQ-DH-HCM-XI": resolution})
    assert (Plan.objects.count(), Task.objects.count(),
            ConsultationComment.objects.count()) == counts


def test_missing_resolution_is_skipped(demo, caplog):
    units, people, resolution = demo
    with acting_as(None, "test"):
        from trienkhai.documents.services import document_update

        document_update(document=resolution, title="Một nghị quyết khác")
    with caplog.at_level(logging.WARNING):
        out = _build(units, people, {})
    assert out["programme"] is None and out["cultural_space"] is not None
    assert "skipped" in caplog.text
