"""Benchmark: the national dashboard of one document, and approving a report.

    .venv/bin/python bench/bench_dashboard.py [--scale national|small] [--runs 200]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Without --database-url: a throwaway SQLite file in a temporary directory. With a PostgreSQL URL:
a fresh database `trienkhai_bench_<pid>` is created on that server, migrated, and dropped at the
end. The data is `trienkhai synth --scale …` (timed: target under 10 minutes).

Timed, for the central resolution 57-NQ/TW at the root unit (the whole country):

* ours: what the dashboard page reads (precomputed roll-up rows: the unit's figures, its
  children a page at a time, the trend, the overdue list, its own tasks), p50 / p95, and the
  whole page through Django's test client (templates, SVG charts, middleware);
* (a) a naive per-unit recomputation in Python over the same rows: for the unit and each child,
  load its subtree's tasks of the linked plans with their state and add them up in Python;
* (b) one hand-written SQL aggregate over the same rows (GROUP BY province prefix);
* approving a submitted report (fetching it through the access policy, the state change, the
  audit entry, the task's state and the roll-up update along its path), p50 / p95.

Targets: dashboard p95 < 200 ms; (a) at least 50x slower than ours; ours within 3x of (b);
approval p95 < 50 ms. The three computations are checked to give the same figures.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_tree import timed  # noqa: E402
from common import database, engine, machine, setup_django  # noqa: E402

DOCUMENT = "57-NQ/TW"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=200, help="timed runs of the dashboard")
    parser.add_argument("--approvals", type=int, default=200, help="reports approved, timed")
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20250701)
    parser.add_argument("--existing-url", default="",
                        help="measure an existing database as it is (built by synth when empty)")
    return parser.parse_args()




def build(scale: str, seed: int) -> float:
    from trienkhai.plans.synthetic import SCALES, synth

    started = time.perf_counter()
    result = synth(scale=SCALES[scale], seed=seed, log=lambda line: print(f"  synth {line}"))
    elapsed = time.perf_counter() - started
    print("  " + " · ".join(f"{name} {count:,}" for name, count in result.counts.items()))
    return elapsed


Figures = tuple[int, int, int, int, Decimal, Decimal]


def _key(f: Any) -> Figures:
    return (f.tasks_total, f.tasks_done, f.tasks_overdue, f.tasks_at_risk,
            Decimal(f.weight_total).quantize(Decimal("0.01")),
            Decimal(f.weighted_percent).quantize(Decimal("0.01")))


def dashboard_reads(user: Any, unit: Any, document: Any) -> Callable[[], dict[str, Figures]]:
    """What the dashboard view reads, without rendering."""
    from trienkhai.plans.selectors import dashboard as s

    def read() -> dict[str, Figures]:
        scope = s.document_scope(user=user, unit_id=unit.pk, document_id=document.pk)
        figures = s.scope_figures(scope)
        _page, children = s.child_figures(scope, page=1)
        s.trend(scope)
        s.overdue_list(scope)
        list(s.own_tasks(scope, page=1).object_list)
        out = {row.unit.path: _key(row.figures) for row in children}
        out[unit.path] = _key(figures)
        return out

    return read


def naive(unit: Any, document: Any) -> Callable[[], dict[str, Figures]]:
    """(a) For the unit and each child: its subtree's tasks loaded and added up in Python."""
    from trienkhai.plans.models import RollupLink, Task
    from trienkhai.units.models import Unit
    from trienkhai.units.models.tree import subtree_range

    done, behind = ("done", "done_late"), ("at_risk", "late")

    def recompute() -> dict[str, Figures]:
        plans = list(RollupLink.objects.filter(document=document).values_list("plan_id",
                                                                               flat=True))
        units = [unit, *Unit.objects.filter(subtree_range(unit.path), depth=unit.depth + 1)]
        out = {}
        for target in units:
            total = n_done = overdue = at_risk = 0
            weight = weighted = Decimal(0)
            rows = Task.objects.filter(subtree_range(target.path, "owner_unit__"),
                                       plan_id__in=plans).values_list(
                "weight", "progress__status", "progress__percent", "progress__overdue")
            for w, status, percent, is_overdue in rows.iterator(chunk_size=5000):
                total += 1
                n_done += status in done
                at_risk += status in behind
                overdue += bool(is_overdue)
                weight += w
                weighted += w * (percent or 0)
            if total:
                out[target.path] = (total, n_done, overdue, at_risk,
                                    weight.quantize(Decimal("0.01")),
                                    weighted.quantize(Decimal("0.01")))
        return out

    return recompute


def hand_sql(unit: Any, document: Any) -> Callable[[], dict[str, Figures]]:
    """(b) One aggregate over the same rows, grouped by the child's path prefix."""
    from django.db import connection

    width = len(unit.path) + 4
    sql = f"""
        SELECT SUBSTR(u.path, 1, {width}) AS child, COUNT(*),
            SUM(CASE WHEN p.status IN ('done', 'done_late') THEN 1 ELSE 0 END),
            SUM(CASE WHEN p.overdue THEN 1 ELSE 0 END),
            SUM(CASE WHEN p.status IN ('at_risk', 'late') THEN 1 ELSE 0 END),
            SUM(t.weight), SUM(t.weight * COALESCE(p.percent, 0))
        FROM plans_task t
        JOIN units_unit u ON u.id = t.owner_unit_id
        LEFT JOIN plans_taskprogress p ON p.task_id = t.id
        WHERE t.plan_id IN (SELECT plan_id FROM plans_rolluplink WHERE document_id = %s)
          AND u.path >= %s AND u.path < %s
        GROUP BY SUBSTR(u.path, 1, {width})
    """
    from trienkhai.units.models.tree import next_path

    def aggregate() -> dict[str, Figures]:
        with connection.cursor() as cursor:
            cursor.execute(sql, [document.pk, unit.path, next_path(unit.path)])
            rows = cursor.fetchall()
        out: dict[str, Figures] = {}
        sums = [0, 0, 0, 0, Decimal(0), Decimal(0)]
        for child, *values in rows:
            figures = (int(values[0]), int(values[1]), int(values[2]), int(values[3]),
                       Decimal(str(values[4])).quantize(Decimal("0.01")),
                       Decimal(str(values[5])).quantize(Decimal("0.01")))
            sums = [a + b for a, b in zip(sums, figures, strict=True)]
            if len(child) == width:
                out[child] = figures
        out[unit.path] = tuple(sums)  # type: ignore[assignment]
        return out

    return aggregate


def approvals(count: int, seed: int) -> tuple[float, float, int]:
    """Approve `count` submitted reports, each as an approver of its unit; p50, p95 (ms)."""
    from trienkhai.accounts.models import Role, User
    from trienkhai.core.context import acting_as
    from trienkhai.plans.models import ProgressReport, ReportState
    from trienkhai.plans.selectors.reports import report_get
    from trienkhai.plans.services.reports import report_approve

    ids = list(ProgressReport.objects.filter(
        state=ReportState.SUBMITTED, task__plan__confidentiality=0).values_list("pk", "unit_id"))
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))
    users = {unit_id: User(username=f"bench-approver-{unit_id}", unit_id=unit_id,
                           role=Role.APPROVER) for _pk, unit_id in chosen}
    for user in users.values():
        user.set_unusable_password()
    User.objects.bulk_create(users.values(), batch_size=1000, ignore_conflicts=True)
    users = {u.unit_id: u for u in User.objects.filter(username__startswith="bench-approver-")}
    samples = []
    for pk, unit_id in chosen:
        user = users[unit_id]
        with acting_as(user, user.username):
            started = time.perf_counter()
            report = report_get(user=user, pk=pk)
            report_approve(report=report, version=report.version, user=user)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.95) - 1], len(samples)


def run(args: argparse.Namespace) -> None:
    from django.test import Client
    from django.urls import reverse

    from trienkhai.accounts.models import Role, User
    from trienkhai.documents.models import Document
    from trienkhai.plans.models import ProgressReport, RollupFigure, Task
    from trienkhai.units.models import Unit

    print(f"Dashboard benchmark · {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · "
          f"{engine()}")
    print(f"machine: {machine()} · load average {os.getloadavg()[0]:.2f}", flush=True)
    if Task.objects.exists():
        print("synth: skipped, the database has data")
    else:
        synth_seconds = build(args.scale, args.seed)
        print(f"synth --scale {args.scale}: {synth_seconds:.0f} s   (target < 600 s)")
    print(f"units {Unit.objects.count():,} · tasks {Task.objects.count():,} · reports "
          f"{ProgressReport.objects.count():,} · roll-up rows {RollupFigure.objects.count():,}")

    root = Unit.objects.get(depth=1)
    document = Document.objects.get(symbol=DOCUMENT)
    user, _created = User.objects.get_or_create(username="bench-viewer",
                                                defaults={"unit": root, "role": Role.VIEWER})
    ours = dashboard_reads(user, root, document)
    client = Client()
    client.force_login(user)
    url = reverse("dashboard-document", args=[root.pk, document.pk])

    def page() -> int:
        response = client.get(url)
        assert response.status_code == 200
        return len(response.content)

    o50, o95, our_figures = timed(args.runs, ours)
    p50, p95, size = timed(args.runs, page)
    national = our_figures[root.path]
    print(f"document {DOCUMENT} at {root.name}: {national[0]:,} tasks, "
          f"{len(our_figures) - 1} child units; page {size / 1024:.0f} KB")
    print(f"{'':<46}{'p50 ms':>9}{'p95 ms':>9}")
    print(f"{'ours: dashboard reads (precomputed rows)':<46}{o50:>9.2f}{o95:>9.2f}"
          "   (target p95 < 200)")
    print(f"{'ours: whole page (client, templates, SVG)':<46}{p50:>9.2f}{p95:>9.2f}"
          "   (target p95 < 200)", flush=True)
    s50, _s95, sql_figures = timed(max(5, args.naive_runs), hand_sql(root, document))
    print(f"{'(b) one hand-written SQL aggregate':<46}{s50:>9.1f}{'':>9}"
          f"   ours = {o50 / s50:.3f}x of it (target <= 3x)", flush=True)
    n50, _n95, naive_figures = timed(args.naive_runs, naive(root, document))
    print(f"{'(a) naive per-unit recomputation in Python':<46}{n50:>9.1f}{'':>9}"
          f"   {n50 / o50:,.0f}x ours (target >= 50x)", flush=True)
    assert naive_figures == our_figures, "naive != ours"
    assert sql_figures == our_figures, "hand SQL != ours"
    print("figures of ours, (a) and (b) are identical for the unit and its "
          f"{len(our_figures) - 1} children", flush=True)
    a50, a95, approved = approvals(args.approvals, args.seed)
    print(f"{'report approval incl. roll-up (' + str(approved) + ' reports)':<46}"
          f"{a50:>9.2f}{a95:>9.2f}   (target p95 < 50)")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-data-") as data_dir:
        if args.existing_url:
            setup_django(args.existing_url, data_dir, pages=True)
            run(args)
            return
        with database(args.database_url) as db_url:
            setup_django(db_url, data_dir, pages=True)
            run(args)


if __name__ == "__main__":
    main()
