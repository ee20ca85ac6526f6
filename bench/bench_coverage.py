"""Benchmark: coverage roll-up of one study campaign across a synthetic 100,000-unit tree.

    .venv/bin/python bench/bench_coverage.py [--units 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Without --database-url: a throwaway SQLite file in a temporary directory. With a PostgreSQL URL:
a fresh database `trienkhai_bench_<pid>` is created on that server and dropped at the end.

Measured, in the same run, on the same data:
- roll-up: every unit's subtree figures computed by the set-based SQL (studies.coverage), and
  the full recompute that also rewrites the aggregate table;
- incremental: one session changed, the unit and its ancestor chain refreshed (p50/p95), alone
  and through the session_update service (validation, audit entry);
- the campaign overview a page reads (figures, children, lagging counts);
- the naive baseline: one query per unit for its sessions, then Python loops adding each unit
  into its ancestors; its result is checked against the SQL result.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import database, setup_django  # noqa: E402

PROVINCES = 34
COMMUNE_SHARE = 3321 / 100_000  # communes per unit, as in the 2025 hierarchy
CELLS_PER_GRASSROOTS = 8


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each full roll-up timing")
    parser.add_argument("--updates", type=int, default=200, help="incremental updates timed")
    parser.add_argument("--seed", type=int, default=20220101)
    parser.add_argument("--naive-limit", type=int, default=0,
                        help="time the naive baseline on this many units and extrapolate (0: all)")
    return parser.parse_args()






def build_tree(total: int, rng: random.Random) -> dict[str, int]:
    """Root → 34 provinces → communes → grassroots → cells, paths computed here.

    treebeard's add_child costs four queries a node; the paths of a freshly built tree are
    just the children's numbers in base 36, so they are computed in memory and inserted in
    batches (the bench measures roll-ups, not inserts).
    """
    from trienkhai.units.models import Unit, UnitKind
    from trienkhai.units.models.tree import unit_search_text

    communes = max(PROVINCES, round(total * COMMUNE_SHARE))
    rest = max(0, total - 1 - PROVINCES - communes)
    grassroots = rest // (CELLS_PER_GRASSROOTS + 1)
    cells = rest - grassroots
    units: list[Unit] = []
    children: dict[str, int] = defaultdict(int)

    def add(parent: str, kind: str, code: str, members: int) -> str:
        children[parent] += 1
        path = Unit._get_path(parent, len(parent) // 4 + 1, children[parent])
        name = f"{kind} {code}"
        units.append(Unit(path=path, depth=len(path) // 4, numchild=0, kind=kind, name=name,
                          code=code, party_member_count=members,
                          search_text=unit_search_text(name, "", code)))
        return path

    root = add("", UnitKind.CENTRAL_BODY, "TW", 0)
    provinces = [add(root, UnitKind.PROVINCIAL_COMMITTEE, f"P{i}", 0) for i in range(PROVINCES)]
    commune_paths = [
        add(provinces[i % PROVINCES], UnitKind.COMMUNE_COMMITTEE, f"C{i}", rng.randint(20, 120))
        for i in range(communes)
    ]
    grassroots_paths = [
        add(commune_paths[i % communes], UnitKind.GRASSROOTS, f"G{i}", rng.randint(0, 15))
        for i in range(grassroots)
    ]
    for i in range(cells):
        add(grassroots_paths[i % grassroots] if grassroots else commune_paths[i % communes],
            UnitKind.PARTY_CELL, f"K{i}", rng.randint(8, 60))
    for unit in units:
        unit.numchild = children.get(unit.path, 0)
    Unit.objects.bulk_create(units, batch_size=2000)
    return {"units": len(units), "communes": communes, "grassroots": grassroots, "cells": cells}


def build_campaign(rng: random.Random) -> tuple[Any, dict[str, int]]:
    """One campaign for 01-KL/TW over the whole tree, and sessions for most units."""
    from trienkhai.documents.models import Document, DocumentType
    from trienkhai.studies.models import (
        Audience,
        ConferenceLevel,
        SessionForm,
        StudyCampaign,
        StudySession,
    )
    from trienkhai.units.models import Unit, UnitKind

    root = Unit.objects.get(depth=1)
    document = Document.objects.create(
        doc_type=DocumentType.CONCLUSION, number="01", symbol="01-KL/TW", symbol_key="1-KL/TW",
        issuer=root, signed_on=datetime.date(2021, 5, 18),
        title="Kết luận của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW",
    )
    campaign = StudyCampaign.objects.create(
        document=document, launched_by=root, title="Học tập, quán triệt Kết luận 01-KL/TW",
        required_kinds=[UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS, UnitKind.PARTY_CELL],
        audiences=[Audience.PARTY_MEMBERS], launched_on=datetime.date(2021, 6, 1),
        deadline=datetime.date(2021, 9, 30),
    )
    campaign = StudyCampaign.objects.select_related("launched_by").get(pk=campaign.pk)
    in_scope = list(Unit.objects.filter(campaign.scope_q()).values_list(
        "id", "path", "party_member_count"))
    sessions: list[StudySession] = []
    for unit_id, path, members in in_scope:
        if rng.random() < 0.04:  # 4% hold no session
            continue
        absent = rng.randint(0, max(1, members // 8)) if members else 0
        absent = min(absent, members)
        late = rng.random() < 0.05
        held = datetime.date(2021, 10, 15) if late else datetime.date(2021, 7, rng.randint(1, 31))
        sessions.append(StudySession(
            campaign=campaign, unit_id=unit_id, province_key=path[:8], held_on=held,
            form=SessionForm.IN_PERSON, conference_level=ConferenceLevel.CELL,
            members_attended=members - absent, members_absent=absent,
            cadres_attended=rng.randint(0, 3), assessments_count=members - absent,
        ))
    StudySession.objects.bulk_create(sessions, batch_size=2000)
    originals = [s for s in sessions if s.members_absent and rng.random() < 0.3]
    make_ups = [
        StudySession(
            campaign=campaign, unit_id=o.unit_id, province_key=o.province_key,
            held_on=o.held_on + datetime.timedelta(days=7), form=SessionForm.IN_PERSON,
            conference_level=ConferenceLevel.CELL, is_make_up=True, make_up_of=o,
            members_attended=rng.randint(1, o.members_absent + 1),  # sometimes one too many
        )
        for o in originals
    ]
    StudySession.objects.bulk_create(make_ups, batch_size=2000)
    return campaign, {"in_scope": len(in_scope), "sessions": len(sessions),
                      "make_ups": len(make_ups)}


def cpu_ms() -> float:
    """CPU time used so far by this process and, on PostgreSQL, by its server backend (read
    from /proc: the server runs on this machine). Unlike wall time it does not grow while
    other jobs hold the two cores; /proc counts in 10 ms ticks, fine for 100 ms figures."""
    from django.db import connection

    used = time.process_time() * 1000
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        used += ticks * 1000 / os.sysconf("SC_CLK_TCK")
    return used


CPU: dict[str, list[float]] = defaultdict(list)


def timed(fn: Callable[[], Any], repeat: int, label: str = "") -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        cpu_start = cpu_ms()
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        if label:
            CPU[label].append(cpu_ms() - cpu_start)
    return times, result


def rollup_select(campaign: Any, *, stored: bool) -> int:
    """Every unit's subtree figures by the set-based SQL, read but not written.

    stored: rolled up from the units' own figures kept in the aggregate table (the roll-up
    proper); otherwise from the raw sessions (own figures computed too).
    """
    from django.db import connection, transaction

    from trienkhai.studies.coverage import rollup_sql, stored_rollup_sql, tune_for_rollup

    sql, params = stored_rollup_sql(campaign) if stored else rollup_sql(campaign)
    with transaction.atomic(), connection.cursor() as cursor:
        tune_for_rollup()
        cursor.execute("SELECT COUNT(*), SUM(sub_members), SUM(sub_attended), SUM(sub_below)"
                       f" FROM ({sql}) r", params)
        count = cursor.fetchone()[0]
    return int(count)


def naive_rollup(campaign: Any, limit: int) -> tuple[dict[int, tuple[int, int]], int]:
    """What one writes without set-based SQL: a query per unit, Python loops over ancestors."""
    from trienkhai.studies.models import StudySession
    from trienkhai.units.models import Unit

    units = list(Unit.objects.values_list("id", "path", "kind", "depth", "party_member_count",
                                          "dissolved_on"))
    by_path = {path: uid for uid, path, *_rest in units}
    kinds = set(campaign.required_kinds)
    sub: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    visited = 0
    for uid, path, kind, _depth, members, _dissolved in units:
        if kind not in kinds:
            continue
        if limit and visited >= limit:
            break
        visited += 1
        sessions = list(StudySession.objects.filter(campaign=campaign, unit_id=uid).values(
            "id", "is_make_up", "make_up_of_id", "members_attended", "members_absent"))
        regular = sum(s["members_attended"] for s in sessions if not s["is_make_up"])
        absent = {s["id"]: s["members_absent"] for s in sessions if not s["is_make_up"]}
        made_up: dict[int, int] = defaultdict(int)
        for s in sessions:
            if s["is_make_up"]:
                made_up[s["make_up_of_id"]] += s["members_attended"]
        credit = sum(min(total, absent.get(orig, 0)) for orig, total in made_up.items())
        attended = min(members, regular + credit)
        for end in range(4, len(path) + 1, 4):
            row = sub[by_path[path[:end]]]
            row[0] += members
            row[1] += attended
    return {uid: (row[0], row[1]) for uid, row in sub.items()}, visited


def incremental(campaign: Any, rng: random.Random, count: int) -> dict[str, list[float]]:
    from django.db import transaction

    from trienkhai.core.context import acting_as
    from trienkhai.studies.coverage import coverage_refresh_unit
    from trienkhai.studies.models import StudySession
    from trienkhai.studies.services import session_update

    # Sessions that attended someone: lowered by one, then raised back through the service.
    ids = list(StudySession.objects.filter(campaign=campaign, is_make_up=False,
                                           members_attended__gt=0)
               .values_list("id", flat=True))
    picks = rng.sample(ids, min(count, len(ids)))
    refresh, service = [], []
    for session_id in picks:
        session = StudySession.objects.select_related("unit", "campaign__launched_by").get(
            pk=session_id)
        start = time.perf_counter()
        with transaction.atomic():
            StudySession.objects.filter(pk=session_id).update(
                members_attended=max(0, session.members_attended - 1))
            coverage_refresh_unit(campaign=session.campaign, unit=session.unit)
        refresh.append((time.perf_counter() - start) * 1000)
    with acting_as(None, "bench"):
        for session_id in picks:
            session = StudySession.objects.select_related("unit", "campaign__launched_by").get(
                pk=session_id)
            start = time.perf_counter()
            session_update(user=None, session=session, version=session.version,
                           members_attended=session.members_attended + 1)
            service.append((time.perf_counter() - start) * 1000)
    return {"refresh": refresh, "service": service}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{platform.node()} · {cpu} · {os.cpu_count()} CPUs · {platform.system()} " \
           f"{platform.release()} · Python {platform.python_version()}"


def main() -> None:
    args = parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-data-") as data_dir, \
            database(args.database_url) as db_url:
        setup_django(db_url, data_dir)
        run(args, rng)


def run(args: argparse.Namespace, rng: random.Random) -> None:
    from django.db import connection

    from trienkhai.accounts.models import User
    from trienkhai.studies.coverage import coverage_check, coverage_recompute
    from trienkhai.studies.models import StudyCoverage
    from trienkhai.studies.selectors import campaign_overview
    from trienkhai.units.models import Unit

    start = time.perf_counter()
    shape = build_tree(args.units, rng)
    campaign, data = build_campaign(rng)
    setup_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    engine = connection.vendor
    version = ".".join(map(str, connection.Database.sqlite_version_info)) \
        if engine == "sqlite" else str(connection.cursor().connection.info.server_version)

    print(f"engine      {engine} {version}")
    print(f"date        {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"machine     {machine()}")
    print(f"load        {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min) at start")
    print(f"tree        {shape['units']:,} units (34 provinces, {shape['communes']:,} communes, "
          f"{shape['grassroots']:,} grassroots, {shape['cells']:,} cells), depth "
          f"{Unit.objects.order_by('-depth').values_list('depth', flat=True).first()}")
    print(f"campaign    {data['in_scope']:,} units in scope, {data['sessions']:,} sessions, "
          f"{data['make_ups']:,} make-ups (setup {setup_s:.1f} s)")

    full_times, rows = timed(lambda: coverage_recompute(campaign=campaign), args.repeat,
                             "full")
    with connection.cursor() as cursor:
        # The rebuilds above left 100,000 dead rows per run on PostgreSQL; autovacuum would
        # clear them in production, before the reads are timed here.
        cursor.execute("VACUUM ANALYZE" if engine == "postgresql" else "ANALYZE")
    select_times, _n = timed(lambda: rollup_select(campaign, stored=True), args.repeat,
                           "rollup")
    raw_times, _n = timed(lambda: rollup_select(campaign, stored=False), args.repeat,
                        "raw")
    check_times, differing = timed(lambda: coverage_check(campaign=campaign), 3)
    root = Unit.objects.get(depth=1)
    admin = User.objects.create_superuser("bench", password=None)
    overview_times, _ov = timed(
        lambda: campaign_overview(user=admin, campaign=campaign, unit=root), args.repeat)
    inc = incremental(campaign, rng, args.updates)
    coverage_recompute(campaign=campaign)  # back to a clean state for the comparison

    naive_start = time.perf_counter()
    naive, visited = naive_rollup(campaign, args.naive_limit)
    naive_ms = (time.perf_counter() - naive_start) * 1000
    if args.naive_limit:
        naive_ms *= data["in_scope"] / max(1, visited)
        check = "not checked (sampled)"
    else:
        sql = dict((uid, (m, a)) for uid, m, a in StudyCoverage.objects.filter(
            campaign=campaign).values_list("unit_id", "sub_members", "sub_attended"))
        check = "identical" if sql == naive else "DIFFERENT"

    full_p50 = statistics.median(full_times)
    select_p50 = statistics.median(select_times)
    print()
    def cpu(label: str) -> str:
        return f"cpu p50 {statistics.median(CPU[label]):7.1f} ms"

    print(f"roll-up to every ancestor   p50 {select_p50:8.1f} ms  {cpu('rollup')}  (min "
          f"{min(select_times):.1f}, max {max(select_times):.1f}; {args.repeat} runs; from the "
          f"units' own figures)")
    print(f"same, from raw sessions     p50 {statistics.median(raw_times):8.1f} ms  {cpu('raw')}"
          f"  (own figures by GROUP BY over the sessions, then the roll-up; not written)")
    print(f"full recompute (rewrite)    p50 {full_p50:8.1f} ms  {cpu('full')}  (min "
          f"{min(full_times):.1f}, max {max(full_times):.1f}; {rows:,} rows deleted and "
          f"inserted)")
    print(f"coverage_check              p50 {statistics.median(check_times):8.1f} ms  "
          f"(roll-up compared with the table: {len(differing)} rows differ)")
    print(f"overview read (root)        p50 {statistics.median(overview_times):8.1f} ms")
    print(f"incremental, refresh only   p50 {pct(inc['refresh'], .5):8.2f} ms  "
          f"p95 {pct(inc['refresh'], .95):.2f} ms  ({len(inc['refresh'])} updates)")
    print(f"incremental, session_update p50 {pct(inc['service'], .5):8.2f} ms  "
          f"p95 {pct(inc['service'], .95):.2f} ms  (validation, audit, refresh)")
    label = "naive per-unit Python" + (f" (extrapolated from {visited:,})"
                                       if args.naive_limit else "")
    print(f"{label:27s} {naive_ms:12.1f} ms  result vs SQL: {check}")
    print(f"ratio naive / roll-up          {naive_ms / select_p50:8.0f}x")
    print(f"ratio naive / full recompute   {naive_ms / full_p50:8.0f}x")
    print(f"load        {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    cpu_p50 = statistics.median(CPU["rollup"])
    wall_ok, cpu_ok = ("met" if x < 200 else "NOT met" for x in (select_p50, cpu_p50))
    print(f"target < 200 ms (roll-up across the whole tree): wall {wall_ok}, cpu {cpu_ok}")


if __name__ == "__main__":
    main()
