"""Builders for the reports, roll-up and dashboard tests.

Plans and tasks are made with the ORM directly (as the plans/tasks services would store them),
then counted with `rollup_tasks_added`, the hook those services call; documents go through the
registry's service. Reports go through services.reports.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from trienkhai.accounts.models import Role, User
from trienkhai.core.context import acting_as
from trienkhai.documents.models import Document, DocumentType, RelationKind
from trienkhai.documents.services import document_create, relation_add
from trienkhai.plans.models import (
    FIGURE_COLUMNS,
    IndicatorType,
    Plan,
    PlanStatus,
    ProgressReport,
    Recurrence,
    RollupFigure,
    Task,
)
from trienkhai.plans.services.reports import (
    report_approve,
    report_create,
    report_submit,
)
from trienkhai.plans.services.rollup import rollup_plan_documents_changed, rollup_tasks_added
from trienkhai.units.models import Unit

D = datetime.date
TODAY = D(2025, 4, 5)  # Q1 2025 ended, still within its grace; Q2 under way


def make_document(issuer: Unit, title: str, *, implements: Document | None = None,
                  confidentiality: int = 0, **kw: Any) -> Document:
    with acting_as(None, "test:reports"):
        document = document_create(issuer=issuer, signed_on=kw.pop("signed_on", D(2024, 1, 1)),
                                   title=title, doc_type=DocumentType.RESOLUTION,
                                   confidentiality=confidentiality, **kw)
        if implements is not None:
            relation_add(source=document, target=implements, kind=RelationKind.IMPLEMENTS)
    return document


def make_plan(unit: Unit, *, documents: tuple[Document, ...] = (), **kw: Any) -> Plan:
    kw.setdefault("title", f"Kế hoạch ({unit.name})")
    kw.setdefault("status", PlanStatus.ADOPTED)
    kw.setdefault("start_date", D(2025, 1, 1))
    kw.setdefault("end_date", D(2026, 12, 31))
    plan = Plan.objects.create(unit=unit, province_path=unit.path[:8], **kw)
    if documents:
        plan.documents.set(documents)
        rollup_plan_documents_changed(plan=plan)
    return plan


def make_task(plan: Plan, owner: Unit | None = None, **kw: Any) -> Task:
    owner = owner or plan.unit
    kw.setdefault("title", "Nhiệm vụ thử")
    kw.setdefault("recurrence", Recurrence.QUARTERLY)
    kw.setdefault("deadline", D(2026, 12, 31))
    kw.setdefault("indicator_type", IndicatorType.PERCENT)
    if "weight" in kw:
        kw["weight"] = Decimal(str(kw["weight"]))
    if kw.get("target_value") is not None:
        kw["target_value"] = Decimal(str(kw["target_value"]))
    task = Task.objects.create(plan=plan, owner_unit=owner, province_path=owner.path[:8], **kw)
    rollup_tasks_added(tasks=[task])
    return task


def make_user(username: str, unit: Unit, role: str = Role.EDITOR, **kw: Any) -> User:
    user = User(username=username, unit=unit, role=role, **kw)
    user.set_password("x")
    user.save()
    return user


def approved(task: Task, editor: User, approver: User, *, period: str = "2025-Q1",
             today: datetime.date = TODAY, **fields: Any) -> ProgressReport:
    """A report created, submitted and approved, as those users."""
    fields.setdefault("status", "on_track")
    if task.indicator_type == IndicatorType.PERCENT:
        fields.setdefault("percent", 50)
    else:
        fields.setdefault("value", 1)
    with acting_as(editor, editor.username):
        report = report_create(task=task, period=period, today=today, **fields)
        report = report_submit(report=report, version=report.version, user=editor, today=today)
    with acting_as(approver, approver.username):
        return report_approve(report=report, version=report.version, user=approver)


def rollup_state() -> dict[tuple[int, int | None, int | None], tuple[Any, ...]]:
    """Every roll-up row with something in it, as comparable tuples."""
    out = {}
    for row in RollupFigure.objects.all():
        values = tuple(Decimal(getattr(row, c)).quantize(Decimal("0.01"))
                       for c in FIGURE_COLUMNS)
        if any(values):
            out[row.unit_id, row.plan_id, row.document_id] = values
    return out


def figures(unit: Unit, *, plan: Plan | None = None, document: Document | None = None
            ) -> RollupFigure:
    if plan is not None:
        return RollupFigure.objects.get(unit=unit, plan=plan)
    return RollupFigure.objects.get(unit=unit, document=document)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_report_world(world: Any) -> dict[str, dict[str, Any]]:
    """For each relation of the access matrix: a document and a plan of that unit, a task with
    a submitted report (with an evidence file) and a task with a draft report, both for the
    current quarter (the pages use the real date)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.matrix import RELATIONS, unit_key
    from trienkhai.plans.periods import period_containing

    today = timezone.localdate()
    label = period_containing(Recurrence.QUARTERLY, today).label
    out: dict[str, dict[str, Any]] = {}
    for relation in RELATIONS:
        unit = world.units[unit_key(relation)]
        document = make_document(unit, f"Nghị quyết của {unit.name}")
        plan = make_plan(unit, documents=(document,), title=f"Kế hoạch {relation}",
                         end_date=D(2035, 12, 31))
        task = make_task(plan, unit, title=f"Nhiệm vụ {relation}", deadline=D(2035, 12, 31))
        other = make_task(plan, unit, title=f"Nhiệm vụ khác {relation}",
                          deadline=D(2035, 12, 31))
        with acting_as(None, "test:reports"):
            sent = report_create(task=task, period=label, status="on_track", percent=30,
                                 today=today, evidence=[SimpleUploadedFile("mc.pdf", PDF)])
            sent = report_submit(report=sent, version=1, user=None, today=today)
            draft = report_create(task=other, period=label, status="on_track", percent=35,
                                  today=today)
        out[relation] = {"unit": unit, "document": document, "plan": plan, "task": task,
                         "sent": sent, "draft": draft, "evidence": sent.evidence.get()}
    return out
