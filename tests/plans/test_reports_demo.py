"""The demo's progress reports: through the services, idempotent, showing the whole workflow."""
from __future__ import annotations

from typing import Any

import pytest

from trienkhai.core.context import acting_as
from trienkhai.demo.reports import build_reports
from trienkhai.plans.models import ProgressReport, ReportState, RollupFigure, Snapshot

from .test_plans_demo import _build, demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_demo_reports(demo: Any) -> None:  # noqa: F811
    units, people, resolution = demo
    plans = _build(units, people, {})
    with acting_as(None, "command:demo"):
        counts = build_reports(plans)
    assert counts["reports"] > 20 and counts["snapshot_rows"] > 0
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == {ReportState.APPROVED, ReportState.SUBMITTED, ReportState.RETURNED}
    for returned in ProgressReport.objects.filter(state=ReportState.RETURNED):
        assert "minh chứng" in returned.return_reason
        assert returned.unit.name.endswith("Bàn Cờ")
    city = RollupFigure.objects.get(unit=units["HCM"], plan=plans["programme"])
    assert city.tasks_total == plans["programme"].tasks.count() and city.percent_sum > 0
    assert RollupFigure.objects.get(unit=units["HCM"], document=resolution).tasks_total == \
        city.tasks_total
    assert Snapshot.objects.filter(unit=units["HCM"], plan=plans["programme"]).count() >= 4
    with acting_as(None, "command:demo"):
        assert build_reports(plans) == {}
