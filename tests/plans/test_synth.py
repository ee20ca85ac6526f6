"""`trienkhai synth --scale small`: a smoke test of the synthetic country.

The small country's units, documents and plans in full; 4 tasks per unit and 3 reports per
task instead of 10 and 5, to keep the test near 10 s (the full proportions are the same code,
run by bench/bench_dashboard.py)."""
from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from trienkhai.audit.models import AuditEntry
from trienkhai.documents.models import Document
from trienkhai.plans.models import (
    FIGURE_COLUMNS,
    Plan,
    ProgressReport,
    RollupFigure,
    RollupLink,
    Snapshot,
    Task,
    TaskProgress,
)
from trienkhai.plans.periods import task_periods
from trienkhai.plans.services.reports import check_figures
from trienkhai.units.models import Unit


def _rows() -> set[tuple[Any, ...]]:
    return set(RollupFigure.objects.values_list("unit_id", "plan_id", "document_id",
                                                *FIGURE_COLUMNS))


@pytest.mark.django_db
def test_synth_small() -> None:
    out = io.StringIO()
    call_command("synth", "--scale", "small", "--seed", "7", "--tasks-per-unit", "4",
                 "--reports-per-task", "3", stdout=out)
    assert Unit.objects.count() == 5000
    assert Unit.objects.filter(depth=2).count() == 34 and Unit.objects.filter(depth=3).count() \
        == 3321
    assert Unit.objects.filter(name="Đảng bộ Thành phố Hà Nội").exists()
    assert Task.objects.count() == 20_000 and TaskProgress.objects.count() == 20_000
    assert ProgressReport.objects.count() == 60_000
    assert Document.objects.count() == 4 + 34 * 4
    assert Plan.objects.count() == 4 + (34 + 3321) * 4
    # The cascade: a central resolution counts every plan below it, classified ones apart.
    central = Document.objects.get(symbol="57-NQ/TW")
    reach = RollupLink.objects.filter(document=central).count()
    assert reach == Plan.objects.filter(documents__relations_out__target=central,
                                        confidentiality=0).count() + 1
    root = Unit.objects.get(depth=1)
    national = RollupFigure.objects.get(unit=root, document=central)
    assert national.tasks_total > 4_000 and national.tasks_overdue > 0
    assert Snapshot.objects.filter(unit=root, document=central).count() == 2
    # One audit entry says the synthetic load happened.
    entry = AuditEntry.objects.get(changes__has_key="synthetic_load")
    assert entry.changes["synthetic_load"][1]["reports"] == 60_000
    # The generated reports pass the service's own checks; the roll-ups are the full recompute.
    for task in Task.objects.select_related("plan").order_by("pk")[::397]:
        labels = {p.label for p in task_periods(task)}
        for report in task.reports.all():
            assert report.period_label in labels
            *_values, errors = check_figures(task=task, status=report.status,
                                             percent=report.percent, value=report.value,
                                             narrative=report.narrative)
            assert not errors
    before = _rows()
    call_command("plans", "recompute", stdout=io.StringIO())
    assert _rows() == before
    assert "reports: 60,000" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("synth", "--scale", "small", stdout=io.StringIO())
