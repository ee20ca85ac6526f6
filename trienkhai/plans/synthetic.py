"""A deterministic synthetic country (`trienkhai synth`), for load tests and benchmarks.

The 34 provinces and 3,321 communes with their real names (units.administrative), then
grassroots organisations and party cells up to the unit count, through units.bulk (one audit
entry per unit, as any import). A few central resolutions; each province a plan document
implementing each of them; plans at the centre, in every province and in every commune, each
implementing its level's document; ten tasks per unit spread over the documents (a commune's
organisations and cells work under the commune's plan, their tasks cascaded from its tasks);
one quarterly report per task for each of the last quarters (older ones approved, the last one
partly approved, sent, in draft or returned). Same seed, same data.

Tasks, reports and task states are written straight to the tables in batches (COPY on
PostgreSQL, executemany on SQLite), one province at a time, without a per-row audit entry: the
command writes ONE audit entry summarising the load instead. Then the roll-ups are rebuilt
set-based and the past quarters frozen as snapshots from the approved reports.
"""
from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record
from trienkhai.core.context import acting_as
from trienkhai.documents.models import Document, DocumentType, RelationKind
from trienkhai.documents.services import document_create, relation_add
from trienkhai.units.administrative import administrative_import
from trienkhai.units.bulk import units_bulk_create
from trienkhai.units.models import Unit, UnitKind

from .fastload import Loader, Row, next_id, reset_sequences
from .models import (
    AggregationRule,
    Plan,
    PlanKind,
    PlanStatus,
    ProgressReport,
    Recurrence,
    Task,
    TaskProgress,
)
from .periods import Period, ended_periods
from .services.rollup import rollup_recompute
from .services.snapshots import snapshot_backfill

D = datetime.date
DEFAULT_TODAY = D(2026, 4, 8)  # 2026-Q1 has ended and is still open for late reports
SKELETON = 1 + 34 + 3321
BATCH = 50_000


@dataclass(frozen=True)
class Scale:
    units: int
    tasks_per_unit: int = 10
    reports_per_task: int = 5


SCALES = {"national": Scale(units=100_000), "small": Scale(units=5_000)}

# (symbol, date signed, title): central resolutions (titles as published; synthetic use).
CENTRAL = [
    ("57-NQ/TW", D(2024, 12, 22), "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi "
     "mới sáng tạo và chuyển đổi số quốc gia", "khoa học, công nghệ và chuyển đổi số"),
    ("45-NQ/TW", D(2023, 11, 24), "Nghị quyết về tiếp tục xây dựng và phát huy vai trò của "
     "đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững",
     "phát huy vai trò đội ngũ trí thức"),
    ("35-CT/TW", D(2024, 6, 14), "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại "
     "biểu toàn quốc lần thứ XIV của Đảng", "chuẩn bị đại hội đảng bộ các cấp"),
    ("05-CT/TW", D(2016, 5, 15), "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
     "phong cách Hồ Chí Minh", "học tập và làm theo Bác"),
]
TASK_TITLES = [
    "Tổ chức học tập, quán triệt {symbol} cho cán bộ, đảng viên",
    "Xây dựng mô hình điểm về {topic}",
    "Tuyên truyền về {topic} trên các phương tiện thông tin",
    "Kiểm tra, giám sát việc thực hiện {symbol}",
    "Sơ kết việc thực hiện {symbol}",
    "Rà soát, tháo gỡ vướng mắc về {topic}",
    "Biểu dương, nhân rộng điển hình về {topic}",
    "Cụ thể hóa {symbol} vào chương trình công tác năm",
]
NARRATIVES = ["", "Đã triển khai theo kế hoạch.", "Đã tổ chức hội nghị quán triệt.",
              "Đang hoàn thiện hồ sơ, minh chứng."]
BEHIND_NARRATIVES = ["Thiếu kinh phí thực hiện.", "Nhân sự thay đổi sau sắp xếp đơn vị.",
                     "Vướng mắc trong phối hợp với các ngành."]
DEADLINES = [(D(2026, 3, 31), 25), (D(2026, 6, 30), 25), (D(2026, 12, 31), 35),
             (D(2027, 12, 31), 15)]
START = D(2025, 1, 1)
TASK_COLUMNS = ["id", "plan_id", "parent_id", "owner_unit_id", "title", "description", "kind",
                "start_date", "deadline", "recurrence", "indicator_type", "target_value",
                "measure", "weight", "province_path", "version", "created_at"]
REPORT_COLUMNS = ["id", "task_id", "unit_id", "period_start", "period_end", "period_label",
                  "status", "percent", "value", "narrative", "state", "return_reason",
                  "submitted_at", "approved_at", "province_path", "version", "created_at"]
PROGRESS_COLUMNS = ["task_id", "report_id", "status", "percent", "value", "period_end",
                    "approved_at", "overdue", "plan_id", "deadline", "owner_path"]


@dataclass
class SynthResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _stamp(day: datetime.date, hour: int = 2) -> str:
    return f"{day.isoformat()} {hour:02d}:00:00"


def _lognormal_quotas(communes: list[Unit], remaining: int, rng: random.Random) -> list[int]:
    weights = [rng.lognormvariate(0, 0.6) for _ in communes]
    scale = remaining / sum(weights)
    quotas = [int(weight * scale) for weight in weights]
    for index in range(remaining - sum(quotas)):
        quotas[index % len(quotas)] += 1
    return quotas


def _grassroots(total: int, rng: random.Random) -> Iterator[tuple[Unit, Unit]]:
    """(parent, unit): organisations and their cells under the communes, uneven shares."""
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE).order_by("path"))
    remaining = max(0, total - Unit.objects.count())
    for commune, quota in zip(communes, _lognormal_quotas(communes, remaining, rng),
                              strict=True):
        number = 0
        while quota > 0:
            number += 1
            org = Unit(code=f"{commune.code}-G{number:02d}", kind=UnitKind.GRASSROOTS,
                       name=f"Đảng bộ cơ sở {number} {commune.name[8:]}")
            yield commune, org
            quota -= 1
            for cell in range(1, min(quota, rng.randint(2, 9)) + 1):
                yield org, Unit(code=f"{org.code}-C{cell:02d}", kind=UnitKind.PARTY_CELL,
                                name=f"Chi bộ {cell}", party_member_count=rng.randint(3, 40))
                quota -= 1


class Country:
    """Builds the country step by step; `run` does it all."""

    def __init__(self, *, scale: Scale, seed: int, today: datetime.date,
                 log: Callable[[str], None]) -> None:
        self.scale, self.seed, self.today, self.log = scale, seed, today, log
        self.rng = random.Random(seed)
        self.result = SynthResult()
        self.quarters: list[Period] = list(reversed(
            ended_periods(Recurrence.QUARTERLY, today, scale.reports_per_task)))
        self.now = _stamp(today)

    def _timed(self, name: str, step: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        value = step()
        self.result.seconds[name] = round(time.perf_counter() - started, 1)
        self.log(f"{name}: {self.result.seconds[name]} s")
        return value

    def run(self) -> SynthResult:
        if Plan.objects.exists() or Task.objects.exists():
            raise ValueError("synth needs a database without plans or tasks")
        with acting_as(None, "command:synth"):
            self._timed("units", self.units)
            self._timed("documents", self.documents)
            self._timed("plans", self.plans)
            self._timed("tasks and reports", self.tasks_and_reports)
            self._timed("roll-up recompute", self.rollups)
            self._timed("snapshots", self.snapshots)
            self._timed("statistics", self.statistics)
            with transaction.atomic():
                root = Unit.objects.get(depth=1, code="TW")
                audit_record(action=AuditAction.CREATE, obj=root, unit_id=root.pk, changes={
                    "synthetic_load": [None, {
                        "scale": self.scale.units, "seed": self.seed,
                        "today": self.today.isoformat(), **self.result.counts}]})
        return self.result

    def units(self) -> None:
        with transaction.atomic():
            administrative_import()
            units_bulk_create(items=_grassroots(self.scale.units, self.rng))
        self.result.counts["units"] = Unit.objects.count()

    def documents(self) -> None:
        root = Unit.objects.get(depth=1, code="TW")
        provinces = list(Unit.objects.filter(depth=2).order_by("path"))
        self.central: list[Document] = []
        self.provincial: dict[tuple[str, int], Document] = {}
        with transaction.atomic():
            for symbol, signed, title, _topic in CENTRAL:
                doc_type = DocumentType.RESOLUTION if "NQ" in symbol else DocumentType.DIRECTIVE
                self.central.append(document_create(
                    issuer=root, signed_on=signed, title=title, symbol=symbol, term="XIII",
                    doc_type=doc_type, excerpt="Dữ liệu tổng hợp để thử tải."))
            for province in provinces:
                for index, central in enumerate(self.central):
                    document = document_create(
                        issuer=province, signed_on=D(2025, 1, 15), doc_type=DocumentType.PLAN,
                        title=f"Kế hoạch thực hiện {central} ({province.short_name})")
                    relation_add(source=document, target=central, kind=RelationKind.IMPLEMENTS)
                    self.provincial[province.path, index] = document
        self.result.counts["documents"] = Document.objects.count()

    def plans(self) -> None:
        """A plan per document at the centre, per province and per commune (bulk)."""
        rows: list[tuple[str, int, Plan, Document]] = []  # unit path, document index, ...
        root = Unit.objects.get(depth=1, code="TW")
        for index, document in enumerate(self.central):
            rows.append((root.path, index, self._plan(
                root, f"Chương trình hành động thực hiện {document}"), document))
        names = [str(document) for document in self.central]  # str() translates: once
        for unit in Unit.objects.filter(depth__in=(2, 3)).order_by("path").only(
                "pk", "path", "name", "depth"):
            for index, name in enumerate(names):
                plan = self._plan(unit, f"Kế hoạch thực hiện {name} của {unit.name}")
                if self.rng.random() < 0.005:
                    plan.confidentiality = 1  # a few classified plans
                rows.append((unit.path, index, plan, self.provincial[unit.path[:8], index]))
        with transaction.atomic():
            Plan.objects.bulk_create([plan for _p, _i, plan, _d in rows], batch_size=2000)
            through = Plan.documents.through
            through.objects.bulk_create(
                [through(plan_id=plan.pk, document_id=document.pk)
                 for _p, _i, plan, document in rows], batch_size=5000)
        self.plan_of = {(path, index): plan.pk for path, index, plan, _d in rows}
        self.result.counts["plans"] = len(rows)

    def _plan(self, unit: Unit, title: str) -> Plan:
        rule = (AggregationRule.WEIGHTED if self.rng.random() < 0.8
                else AggregationRule.AVERAGE)
        return Plan(unit=unit, kind=PlanKind.PLAN, title=title[:500], status=PlanStatus.ADOPTED,
                    aggregation_rule=rule, start_date=START, end_date=D(2027, 12, 31),
                    adopted_version=1, province_path=unit.path[:8])

    # --- tasks, reports, task states ---------------------------------------------------------

    def tasks_and_reports(self) -> None:
        self.task_loader = Loader(Task, TASK_COLUMNS)
        self.report_loader = Loader(ProgressReport, REPORT_COLUMNS)
        self.progress_loader = Loader(TaskProgress, PROGRESS_COLUMNS)
        self.next_task, self.next_report = next_id(Task), next_id(ProgressReport)
        self.titles = [[t.format(symbol=symbol, topic=topic) for t in TASK_TITLES]
                       for symbol, _d, _t, topic in CENTRAL]
        self.deadlines = [d for d, _ in DEADLINES]
        self.deadline_weights = [w for _, w in DEADLINES]
        self.task_ids: dict[str, list[list[int]]] = {}  # unit path -> per document: task ids
        units = Unit.objects.order_by("path").values_list("pk", "path", "depth")
        batch: list[tuple[int, str, int]] = []
        for unit in units.iterator(chunk_size=5000):
            if unit[2] <= 2 and batch:  # the root or a new province: write what came before
                self._write_province(batch)
                batch = []
            batch.append(unit)
        if batch:
            self._write_province(batch)
        with transaction.atomic():
            reset_sequences([Task, ProgressReport])
        self.result.counts.update(tasks=self.task_loader.written,
                                  reports=self.report_loader.written)

    def _write_province(self, units: list[tuple[int, str, int]]) -> None:
        tasks: list[Row] = []
        reports: list[Row] = []
        progress: list[Row] = []
        with transaction.atomic():
            for unit_id, path, depth in units:
                self._unit_tasks(unit_id, path, depth, tasks, reports, progress)
                if len(reports) >= BATCH:
                    self._flush(tasks, reports, progress)
            self._flush(tasks, reports, progress)
        # Keep only what later provinces cascade from: the root's tasks.
        self.task_ids = {p: ids for p, ids in self.task_ids.items() if len(p) <= 4}

    def _flush(self, tasks: list[Row], reports: list[Row], progress: list[Row]) -> None:
        self.task_loader.write(tasks)
        self.report_loader.write(reports)
        self.progress_loader.write(progress)
        tasks.clear()
        reports.clear()
        progress.clear()

    def _plan_for(self, path: str, depth: int, index: int) -> int:
        owner = path if depth <= 3 else path[:12]
        return self.plan_of[owner, index]

    def _unit_tasks(self, unit_id: int, path: str, depth: int, tasks: list[Row],
                    reports: list[Row], progress: list[Row]) -> None:
        per_unit = self.scale.tasks_per_unit
        parent_path = path[:-4] if depth <= 4 else path[:12]
        parents = self.task_ids.get(parent_path)
        mine: list[list[int]] = []
        for index in range(len(CENTRAL)):
            count = per_unit // len(CENTRAL) + (1 if index < per_unit % len(CENTRAL) else 0)
            ids = []
            for number in range(count):
                task_id = self.next_task
                self.next_task += 1
                ids.append(task_id)
                parent = None
                if parents and parents[index]:
                    parent = parents[index][number % len(parents[index])]
                self._task(task_id, unit_id, path, depth, index, number, parent, tasks,
                           reports, progress)
            mine.append(ids)
        if depth <= 3:
            self.task_ids[path] = mine

    def _task(self, task_id: int, unit_id: int, path: str, depth: int, index: int,
              number: int, parent: int | None, tasks: list[Row], reports: list[Row],
              progress: list[Row]) -> None:
        rng = self.rng
        roll = rng.random()
        kind = "percent" if roll < 0.85 else ("count" if roll < 0.95 else "milestone")
        target = rng.randint(2, 5) if kind == "count" else None
        deadline = rng.choices(self.deadlines, self.deadline_weights)[0]
        weight = rng.choice((1, 1, 1, 2, 3))
        title = self.titles[index][(number + depth) % len(TASK_TITLES)]
        plan_id = self._plan_for(path, depth, index)
        tasks.append((task_id, plan_id, parent, unit_id, title, "",
                      "key" if number == 0 else "regular", START.isoformat(),
                      deadline.isoformat(), Recurrence.QUARTERLY, kind, target,
                      "mô hình" if kind == "count" else "", weight, path[:8], 1, self.now))
        speed = rng.uniform(5.0, 32.0)
        span = (deadline - START).days
        last: tuple[Any, ...] | None = None
        final = len(self.quarters) - 1
        for k, quarter in enumerate(self.quarters):
            percent = max(0, min(100, int(speed * (k + 1) + rng.uniform(-6, 6))))
            expected = min(100.0, 100.0 * (quarter.end - START).days / span)
            status = ("done" if percent >= 100 else "not_started" if percent == 0
                      else "late" if percent < expected - 30
                      else "at_risk" if percent < expected - 15 else "on_track")
            narrative = (rng.choice(BEHIND_NARRATIVES) if status in ("late", "at_risk")
                         else NARRATIVES[k % len(NARRATIVES)])
            value = None
            shown: int | None = percent
            if kind == "count":
                assert target is not None
                value, shown = round(target * percent / 100), None
            elif kind == "milestone":
                value, shown = (1 if percent >= 100 else 0), None
            state, reason = "approved", ""
            if k == final:
                draw = rng.random()
                state = ("approved" if draw < 0.55 else "submitted" if draw < 0.75
                         else "draft" if draw < 0.90 else "returned")
                reason = "Bổ sung minh chứng." if state == "returned" else ""
            sent = _stamp(quarter.end + datetime.timedelta(days=1 + k % 7), 3)
            approved_at = (_stamp(quarter.end + datetime.timedelta(days=2 + k % 7), 8)
                           if state == "approved" else None)
            report_id = self.next_report
            self.next_report += 1
            reports.append((report_id, task_id, unit_id, quarter.start.isoformat(),
                            quarter.end.isoformat(), quarter.label, status, shown, value,
                            narrative, state, reason, None if state == "draft" else sent,
                            approved_at, path[:8], 1 if state == "draft" else 3, sent))
            if state == "approved":
                last = (report_id, status, percent, value or 0, quarter.end.isoformat(),
                        approved_at)
        copies = (plan_id, deadline.isoformat(), path)
        if last is None:
            progress.append((task_id, None, "not_started", 0, 0, None, None,
                             int(deadline < self.today), *copies))
            return
        report_id, status, percent, value, period_end, approved_at = last
        effective = percent if status != "done" else 100
        if kind == "count" and target:
            effective = min(100, round(float(Decimal(value) * 100 / target), 2))
        elif kind == "milestone":
            effective = 100 if value >= 1 else 0
        overdue = int(deadline < self.today and status != "done")
        progress.append((task_id, report_id, status, effective, value, period_end, approved_at,
                         overdue, *copies))

    # --- after the load ----------------------------------------------------------------------

    def rollups(self) -> None:
        result = rollup_recompute(refresh_progress=False)  # the load wrote the copies
        self.result.counts.update(rollup_rows=result.plan_rows + result.document_rows)

    def statistics(self) -> None:
        """Planner statistics for the new rows, as autovacuum / a nightly ANALYZE would keep."""
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")

    def snapshots(self) -> None:
        rows = 0
        for quarter in self.quarters:
            if quarter.is_closed(self.today):
                rows += snapshot_backfill(period=quarter)
        self.result.counts["snapshot_rows"] = rows


def synth(*, scale: Scale, seed: int, today: datetime.date = DEFAULT_TODAY,
          log: Callable[[str], None] = print) -> SynthResult:
    return Country(scale=scale, seed=seed, today=today, log=log).run()
