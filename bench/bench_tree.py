"""Benchmark: building a 100,000-unit tree and querying one province's subtree.

    .venv/bin/python bench/bench_tree.py [--units 100000] [--runs 200]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Without --database-url: a throwaway SQLite file in a temporary directory. With a PostgreSQL URL:
a fresh database `trienkhai_bench_<pid>` is created on that server, migrated, and dropped at the
end.

The tree is built the way the product builds it: `units import-administrative` (root, 34
provinces, 3,321 communes from vietnam-provinces), then grassroots organisations and party cells
under the communes through units.bulk, with an audit entry per unit, deterministic for a seed.
Then, on the largest province, the subtree count and the subtree aggregate (SUM of party
members, COUNT of active units) are timed with the index range `path >= p AND path < next(p)`
(models.tree.subtree_range) and with `LIKE 'p%'` (Django's path__startswith).
"""
from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import database, engine, machine, setup_django  # noqa: E402

SKELETON = 1 + 34 + 3321


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=200, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=20250701)
    return parser.parse_args()






def grassroots_items(total: int, rng: random.Random) -> Iterator[tuple[Any, Any]]:
    """(parent, unit) pairs: grassroots organisations and their cells under every commune.

    Communes get uneven shares (log-normal weights), so provinces differ in size as they do.
    """
    from trienkhai.units.models import Unit, UnitKind

    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE).order_by("path"))
    remaining = total - Unit.objects.count()
    weights = [rng.lognormvariate(0, 0.6) for _ in communes]
    scale = remaining / sum(weights)
    quotas = [int(weight * scale) for weight in weights]
    for index in range(remaining - sum(quotas)):  # rounding leftovers, one each
        quotas[index % len(quotas)] += 1
    for commune, quota in zip(communes, quotas, strict=True):
        number = 0
        while quota > 0:
            number += 1
            org = Unit(code=f"{commune.code}-G{number:02d}", kind=UnitKind.GRASSROOTS,
                       name=f"Đảng bộ cơ sở {number} {commune.name[8:]}")
            yield commune, org
            quota -= 1
            for cell in range(1, min(quota, rng.randint(2, 9)) + 1):
                dissolved = datetime.date(2025, 7, 1) if rng.random() < 0.03 else None
                yield org, Unit(code=f"{org.code}-C{cell:02d}", kind=UnitKind.PARTY_CELL,
                                name=f"Chi bộ {cell}", party_member_count=rng.randint(3, 40),
                                dissolved_on=dissolved)
                quota -= 1


def timed(runs: int, query: Callable[[], object]) -> tuple[float, float, object]:
    """Median and p95 in milliseconds, and the query's result."""
    result = None
    for _ in range(5):  # warm the caches and the connection
        result = query()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], result






def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.db.models import Count, Q, Sum
    from django.db.models.functions import Substr

    from trienkhai.audit.models import AuditEntry
    from trienkhai.core.context import acting_as
    from trienkhai.units.administrative import administrative_import
    from trienkhai.units.bulk import units_bulk_create
    from trienkhai.units.models import Unit
    from trienkhai.units.models.tree import PATH_STEP, next_path, subtree_range

    rng = random.Random(args.seed)
    with acting_as(None, "bench"):
        started = time.perf_counter()
        administrative_import()
        skeleton = time.perf_counter() - started
        units_bulk_create(items=grassroots_items(args.units, rng))
        build = time.perf_counter() - started
    # Planner statistics (and PostgreSQL's visibility map), as autovacuum keeps them in use.
    maintenance = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(maintenance)
    total = Unit.objects.count()
    audited = AuditEntry.objects.count()

    province_path, size = (
        Unit.objects.filter(depth__gt=1)
        .annotate(province=Substr("path", 1, PATH_STEP * 2))
        .values_list("province")
        .annotate(size=Count("id"))
        .order_by("-size")
        .first()
    )
    province = Unit.objects.get(path=province_path)
    aggregate = {"members": Sum("party_member_count", filter=Q(dissolved_on__isnull=True)),
                 "active": Count("id", filter=Q(dissolved_on__isnull=True))}
    by_range = Unit.objects.filter(subtree_range(province_path))
    by_like = Unit.objects.filter(path__startswith=province_path)
    queries = [
        ("subtree count", lambda: by_range.all().count(), lambda: by_like.all().count()),
        ("subtree aggregate", lambda: by_range.all().aggregate(**aggregate),
         lambda: by_like.all().aggregate(**aggregate)),
    ]

    print(f"Tree benchmark · {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {engine()}")
    print(f"machine: {machine()}")
    print(f"units: {total:,} (seed {args.seed}) · audit entries: {audited:,}")
    print(f"administrative skeleton ({SKELETON:,} units): {skeleton:6.2f} s   (target < 5 s)")
    print(f"total build:                          {build:6.2f} s   (then {maintenance})")
    print(f"largest province: {province.code} {province.name} · path {province_path} · "
          f"{size:,} units")
    print(f"range: path >= '{province_path}' AND path < '{next_path(province_path)}' · "
          f"LIKE: path LIKE '{province_path}%' · {args.runs} runs, ms")
    print(f"{'query':<19}{'range p50':>10}{'p95':>8}{'LIKE p50':>10}{'p95':>8}{'LIKE/range':>12}")
    for label, ranged, like in queries:
        r50, r95, r_result = timed(args.runs, ranged)
        l50, l95, l_result = timed(args.runs, like)
        assert r_result == l_result, (r_result, l_result)
        print(f"{label:<19}{r50:>10.2f}{r95:>8.2f}{l50:>10.2f}{l95:>8.2f}{l50 / r50:>11.1f}x")
    print(f"result: {r_result}   (target: range median < 5 ms)")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-data-") as data_dir, \
            database(args.database_url) as db_url:
        setup_django(db_url, data_dir)
        run(args)


if __name__ == "__main__":
    main()
