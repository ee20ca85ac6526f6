"""Benchmark: the names and titles check against a registry of 100,000 people.

    .venv/bin/python bench/bench_matching.py [--people 100000] [--runs 20]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Builds a throwaway registry (34 provinces, seeded Vietnamese names with one dated position
each, plus the officials of the source article), then checks the articles of
../shared/corpus/dev/ (skipped with a message if absent) as a central administrator, who reads
the whole registry:

* ours: `names_check` (extraction + matching: candidates by indexed prefixes, two queries);
* naive: the same extraction, then every registered name loaded and compared in Python with
  each name of the article (the same exact / tone marks / one letter rules).

Both must find the same registered people for every article.
"""
from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, database, engine, machine, setup_django

CORPUS = ROOT.parent / "shared" / "corpus"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lại", "Đinh", "Trịnh", "Mai"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Anh", "Như",
          "Hoài", "Công", "Thành", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hiếu", "Hiệu", "Hoa",
         "Hùng", "Huy", "Khuê", "Lan", "Linh", "Long", "Mai", "Môn", "Nam", "Nga", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến"]
TITLES = ["Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ", "Trưởng ban", "Phó Trưởng ban",
          "Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng"]
OFFICIALS = [  # the source article's officials, with their titles in 2022 (domain.md)
    ("Phan Nguyễn Như Khuê", "Trưởng Ban Tuyên giáo Thành ủy TPHCM"),
    ("Dương Anh Đức", "Phó Chủ tịch UBND Thành phố"),
    ("Nguyễn Văn Hiếu", "Phó Bí thư Thành ủy"),
    ("Lại Xuân Môn", "Phó trưởng Ban Thường trực Ban Tuyên giáo Trung ương"),
]
ARTICLE_DAY = datetime.date(2022, 6, 1)


def build(people: int, seed: int) -> Any:
    """The registry and a central administrator; returns the user."""
    from trienkhai.accounts.models import Role, User
    from trienkhai.core.context import acting_as
    from trienkhai.core.text import fold, nfc, person_sort_key
    from trienkhai.units.models import Person, Position, UnitKind
    from trienkhai.units.services import unit_create

    rng = random.Random(seed)
    with acting_as(None, "bench"):
        root = unit_create(parent=None, kind=UnitKind.CENTRAL_BODY, code="TW",
                           name="Ban Chấp hành Trung ương")
        provinces = [unit_create(parent=root, kind=UnitKind.PROVINCIAL_COMMITTEE, code=f"P{i}",
                                 name=f"Đảng bộ tỉnh {i}") for i in range(34)]
    names = [(name, title) for name, title in OFFICIALS]
    while len(names) < people:
        middle = " ".join(rng.sample(MIDDLE, rng.choice((1, 1, 2))))
        names.append((f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}", rng.choice(TITLES)))
    batch = 5000
    for start in range(0, len(names), batch):
        rows = []
        for index, (name, _title) in enumerate(names[start:start + batch], start):
            full = nfc(name)
            rows.append(Person(full_name=full, unit=provinces[index % 34],
                               sort_key=person_sort_key(full), search_text=fold(full)))
        created = Person.objects.bulk_create(rows)
        Position.objects.bulk_create([
            Position(person=person, unit=person.unit, title=names[start + offset][1],
                     start_date=datetime.date(2020, 10, 1))
            for offset, person in enumerate(created)])
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load; without statistics the planner
        # takes the fresh table for a tiny one and walks it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = User(username="bench-admin", unit=root, role=Role.ADMINISTRATOR)
    user.set_unusable_password()
    user.save()
    return user


def naive_people(text: str, user: Any) -> dict[str, set[str]]:
    """The extraction, then each name compared with every readable registered name in Python."""
    from trienkhai.core.text import fold
    from trienkhai.extraction.evidence import article_text
    from trienkhai.extraction.extractor import extract
    from trienkhai.extraction.matching_people import spelling
    from trienkhai.units.selectors import people_for

    extracted = extract(article_text(text)).people
    registry = list(people_for(user).values_list("full_name", flat=True))
    out: dict[str, set[str]] = {}
    for person in extracted:
        a = spelling(person.name)
        found = {"exact": set(), "tone": set(), "letter": set()}  # type: dict[str, set[str]]
        for name in registry:
            b = spelling(name)
            if a == b:
                found["exact"].add(name)
            elif fold(a) == fold(b):
                found["tone"].add(name)
            elif _one_edit(a, b):
                found["letter"].add(name)
        best = found["exact"] or found["tone"] or found["letter"]
        out[person.name] = best
    return out


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1, in plain Python (no index, no library)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def ours_people(text: str, user: Any) -> dict[str, set[str]]:
    from trienkhai.extraction.names_check import names_check

    result = names_check(text, user=user, on=ARTICLE_DAY)
    return {m.name: ({m.person.full_name} if m.person is not None
                     else {c.full_name for c in m.candidates}) for m in result.people}


def timed(fn: Any, runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per article")
    parser.add_argument("--naive-runs", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=20220601)
    args = parser.parse_args()
    texts = [*sorted((CORPUS / "dev").glob("*.txt")), CORPUS / "source-article.txt"]
    texts = [path for path in texts if path.exists()]
    if not texts:
        sys.exit(f"No articles: {CORPUS} is absent (the shared corpus sits beside the project).")
    with tempfile.TemporaryDirectory(prefix="bench-data-") as data_dir, \
            database(args.database_url) as db_url:
        setup_django(db_url, data_dir)
        started = time.perf_counter()
        user = build(args.people, args.seed)
        print(f"Names check benchmark · {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
              f" · {engine()}\nmachine: {machine()}")
        print(f"registry: {args.people:,} people with positions, built in "
              f"{time.perf_counter() - started:.1f} s; {len(texts)} articles\n")
        print(f"{'article':22} {'names':>5} {'ours p50':>9} {'p95':>7} {'naive p50':>10}  ratio")
        ours_all, naive_all = [], []
        for path in texts:
            text = path.read_text(encoding="utf-8")
            ours = ours_people(text, user)
            naive = naive_people(text, user)
            if ours != naive:
                sys.exit(f"{path.name}: ours and naive disagree:\n{ours}\n{naive}")
            p50, p95 = timed(lambda text=text: ours_people(text, user), args.runs)
            n50, _ = timed(lambda text=text: naive_people(text, user), args.naive_runs)
            ours_all.append(p50)
            naive_all.append(n50)
            print(f"{path.name:22} {len(ours):5} {p50:8.1f}ms {p95:6.1f}ms {n50:9.0f}ms"
                  f" {n50 / p50:6.0f}x")
        print(f"\nmedian over articles: ours {statistics.median(ours_all):.1f} ms, naive "
              f"{statistics.median(naive_all):.0f} ms "
              f"({statistics.median(naive_all) / statistics.median(ours_all):.0f}x); "
              "both find the same registered people")


if __name__ == "__main__":
    main()
