"""Benchmark document search on a throwaway database: SQLite (default) or PostgreSQL.

    .venv/bin/python bench/bench_search.py [--docs 100000] [--queries 200]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Builds a synthetic tree (central bodies, 34 provinces, communes, Party cells) and N documents
with Vietnamese titles and excerpts, bulk-inserted with the same search columns the services
write, then the engine's index built. Then times `search_documents` (one page of 20, with
highlighted snippets) over varied queries (accent-free words, symbols in loose forms, with and
without filters) for a commune user and a central user, next to a naive baseline run in the same
process: LIKE '%word%' on search_text for every word, in scope, ranked in Python.
The SQLite file lives in a temporary directory; a PostgreSQL database is created and dropped.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROVINCES, COMMUNES_PER_PROVINCE, CELLS_PER_COMMUNE = 34, 100, 3
SEED = 20260525

TOPICS = [
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị", "chuyển đổi số trong cơ quan Đảng",
    "phòng, chống tham nhũng, tiêu cực", "phát triển kinh tế - xã hội", "công tác dân vận",
    "xây dựng văn hóa, con người Việt Nam", "bảo vệ nền tảng tư tưởng của Đảng",
    "công tác cán bộ", "trách nhiệm nêu gương của cán bộ, đảng viên",
    "kiểm tra, giám sát, đôn đốc", "cải cách hành chính", "quốc phòng, an ninh",
    "bảo vệ môi trường và ứng phó biến đổi khí hậu", "phát triển nông nghiệp, nông thôn mới",
    "giáo dục và đào tạo", "chăm sóc sức khỏe nhân dân", "khoa học, công nghệ và đổi mới sáng tạo",
    "công tác tuyên truyền", "mô hình điển hình tiên tiến và nhân rộng",
    "tháo gỡ điểm nghẽn, vướng mắc", "thu hút đầu tư", "xây dựng tổ chức cơ sở đảng",
    "công tác thông tin đối ngoại", "phát triển đảng viên", "sắp xếp tổ chức bộ máy",
]
OPENINGS = ["về", "về việc", "triển khai", "thực hiện", "tăng cường", "đẩy mạnh",
            "nâng cao hiệu quả", "tổ chức quán triệt"]
FILLER_TEXT = ("các cấp ủy, tổ chức đảng quán triệt sâu sắc nội dung, xây dựng chương trình "
               "hành động cụ thể, phân công phụ trách, báo cáo sơ kết tổng kết định kỳ, biểu "
               "dương khen thưởng tập thể cá nhân tiêu biểu, chủ đề năm, nhiệm vụ trọng tâm đột "
               "phá, Đảng ủy phường xã, Ban Thường vụ Thành ủy Tỉnh ủy, Mặt trận Tổ quốc và các "
               "đoàn thể")
FILLER = FILLER_TEXT.split(" ")
# (type code, registry type, weight)
TYPES = [("NQ", "NQ", 3), ("CT", "CT", 2), ("KL", "KL", 2), ("KH", "KH", 6), ("HD", "HD", 3),
         ("BC", "BC", 5), ("TB", "TB", 3), ("CTr", "CTrHĐ", 1), ("QĐ", "QĐ", 2)]
TYPE_NAMES = {"NQ": "Nghị quyết", "CT": "Chỉ thị", "KL": "Kết luận", "KH": "Kế hoạch",
              "HD": "Hướng dẫn", "BC": "Báo cáo", "TB": "Thông báo", "CTr": "Chương trình",
              "QĐ": "Quyết định"}


# --- set-up -----------------------------------------------------------------------------------


def setup_django(database_url: str | None, workdir: Path) -> tuple[str, Callable[[], None]]:
    """Point Django at a throwaway database; return (label, cleanup)."""
    os.environ["TRIENKHAI_DATA_DIR"] = str(workdir)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["TRIENKHAI_HTTPS"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "trienkhai.config.settings"
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    if database_url:
        import psycopg

        name = f"trienkhai_bench_{os.getpid()}"
        parts = urlsplit(database_url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def cleanup() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        label = f"PostgreSQL database {name} (dropped afterwards)"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        label = f"SQLite file {workdir / 'bench.sqlite3'} (removed afterwards)"
    import django

    django.setup()
    return label, cleanup


def build_tree() -> dict[str, list[Any]]:
    """A tree like the real one, inserted with computed materialized paths."""
    from trienkhai.units.models import Unit, UnitKind
    from trienkhai.units.models.tree import PATH_ALPHABET, PATH_STEP, unit_search_text

    def step(number: int) -> str:
        out = ""
        for _ in range(PATH_STEP):
            number, digit = divmod(number, len(PATH_ALPHABET))
            out = PATH_ALPHABET[digit] + out
        return out

    rows: list[Unit] = []
    levels: dict[str, list[Unit]] = {"root": [], "central": [], "province": [], "commune": [],
                                     "cell": []}

    def add(parent: Unit | None, index: int, kind: str, name: str, code: str, level: str,
            children: int) -> Unit:
        path = (parent.path if parent else "") + step(index)
        unit = Unit(path=path, depth=len(path) // PATH_STEP, numchild=children, kind=kind,
                    name=name, code=code, search_text=unit_search_text(name, "", code))
        rows.append(unit)
        levels[level].append(unit)
        return unit

    central = ["Bộ Chính trị", "Ban Bí thư", "Ban Tuyên giáo và Dân vận Trung ương",
               "Ban Tổ chức Trung ương", "Ủy ban Kiểm tra Trung ương", "Văn phòng Trung ương Đảng"]
    root = add(None, 1, UnitKind.CENTRAL_BODY, "Ban Chấp hành Trung ương", "TW", "root",
               len(central) + PROVINCES)
    for i, name in enumerate(central, start=1):
        add(root, i, UnitKind.CENTRAL_COMMISSION, name, f"C{i}", "central", 0)
    for p in range(1, PROVINCES + 1):
        province = add(root, len(central) + p, UnitKind.PROVINCIAL_COMMITTEE,
                       f"Đảng bộ tỉnh thứ {p}", f"P{p}", "province", COMMUNES_PER_PROVINCE)
        for c in range(1, COMMUNES_PER_PROVINCE + 1):
            commune = add(province, c, UnitKind.COMMUNE_COMMITTEE, f"Đảng ủy xã {c} tỉnh {p}",
                          f"P{p}-X{c}", "commune", CELLS_PER_COMMUNE)
            for k in range(1, CELLS_PER_COMMUNE + 1):
                add(commune, k, UnitKind.PARTY_CELL, f"Chi bộ {k} xã {c} tỉnh {p}",
                    f"P{p}-X{c}-CB{k}", "cell", 0)
    Unit.objects.bulk_create(rows, batch_size=5000)
    by_code = {u.code: u.pk for u in Unit.objects.only("pk", "code")}
    for units in levels.values():
        for unit in units:
            unit.pk = by_code[unit.code]
    return levels


def synthetic_documents(count: int, levels: dict[str, list[Any]], rng: random.Random
                        ) -> list[Any]:
    from trienkhai.documents.indexing import search_fields
    from trienkhai.documents.models import Document

    # Who issues: the centre a little, provinces more, communes and cells most.
    pools = [(levels["root"], "TW", 2), (levels["central"], "TW", 3),
             (levels["province"], "TU", 20), (levels["commune"], "ĐU", 60),
             (levels["cell"], "CB", 15)]
    weights = [w for _, _, w in pools]
    type_weights = [w for _, _, w in TYPES]
    counters: dict[tuple[str, str, int], int] = {}
    cited: list[str] = ["01-KL/TW", "05-CT/TW", "35-NQ/TW"]
    documents = []
    for _ in range(count):
        units, issuer_code, _w = rng.choices(pools, weights)[0]
        issuer = rng.choice(units)
        code, doc_type, _tw = rng.choices(TYPES, type_weights)[0]
        year = rng.randint(2016, 2025)
        signed_on = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        key = (code, issuer_code, year)
        counters[key] = counters.get(key, 0) + 1
        number = f"{counters[key]:02d}"
        symbol = f"{number}-{code}/{issuer_code}"
        topic = rng.choice(TOPICS)
        title = f"{TYPE_NAMES[code]} {rng.choice(OPENINGS)} {topic}"
        if rng.random() < 0.3:
            title += f" giai đoạn {year}-{year + 5}"
        mention = f"Thực hiện {rng.choice(cited)}; " if rng.random() < 0.2 else ""
        words = rng.sample(FILLER, k=min(len(FILLER), rng.randint(20, 45)))
        excerpt = mention + f"{rng.choice(TOPICS).capitalize()}; " + " ".join(words) + "."
        search_title, search_text = search_fields(symbol=symbol, title=title, excerpt=excerpt)
        documents.append(Document(
            doc_type=doc_type, number=number, symbol=symbol, symbol_key=_key(symbol),
            issuer_id=issuer.pk, signed_on=signed_on, term=rng.choice(["XII", "XIII", "XIV"]),
            title=title, excerpt=excerpt, status=rng.choices(
                ["in_force", "superseded", "expired"], [8, 1, 1])[0],
            confidentiality=1 if rng.random() < 0.02 else 0,
            search_title=search_title, search_text=search_text,
        ))
        if rng.random() < 0.001:
            cited.append(symbol)
    return documents


def _key(symbol: str) -> str:
    from trienkhai.documents.symbols import symbol_key

    return symbol_key(symbol)


PG_INDEXES = {
    "document_search_vector":
        "CREATE INDEX document_search_vector ON documents_document USING gin (search_vector)",
    "document_search_title_trgm": "CREATE INDEX document_search_title_trgm ON "
                                  "documents_document USING gin (search_title gin_trgm_ops)",
}


def load(documents: list[Any]) -> tuple[float, float]:
    """Bulk insert, then build the search index; return (insert seconds, index seconds)."""
    from django.db import connection

    from trienkhai.documents.models import Document
    from trienkhai.documents.search_index import install_triggers, rebuild_index, remove_triggers

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        remove_triggers(connection)
    started = time.perf_counter()
    Document.objects.bulk_create(documents, batch_size=2000)
    inserted = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in PG_INDEXES.values():
                cursor.execute(statement)
            cursor.execute("ANALYZE")
        else:
            rebuild_index(connection)
            cursor.execute("INSERT INTO documents_search(documents_search) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    install_triggers(connection)
    return inserted - started, time.perf_counter() - inserted


# --- queries ----------------------------------------------------------------------------------


def fold_plain(text: str) -> str:
    from trienkhai.core.text import fold

    return fold(text)


def make_queries(rng: random.Random, province: Any, commune: Any, count: int
                 ) -> list[tuple[str, str, dict[str, Any]]]:
    """(category, query, filters): words without accents, symbols in loose forms, filters."""
    phrases = [fold_plain(t) for t in TOPICS]
    words = sorted({w for p in phrases for w in re.findall(r"\w+", p) if len(w) > 2})
    symbols = ["01-KL/TW", "1/KL-TW", "01-KL / TƯ", "05-CT/TW", "5-ct/tw", "Kết luận 01",
               "35-NQ/TW", "12-KH/TU", "3/NQ-TU", "07-BC / ĐU", "Chỉ thị 05", "15 - KH/TƯ"]
    out: list[tuple[str, str, dict[str, Any]]] = []
    while len(out) < count:
        roll = rng.random()
        if roll < 0.35:
            phrase = rng.choice(phrases).split()
            start = rng.randrange(max(1, len(phrase) - 2))
            out.append(("words", " ".join(phrase[start:start + rng.randint(1, 3)]), {}))
        elif roll < 0.5:
            out.append(("words", " ".join(rng.sample(words, 2)), {}))
        elif roll < 0.7:
            out.append(("symbol", rng.choice(symbols), {}))
        else:
            filters = rng.choice([
                {"year": rng.randint(2016, 2025)}, {"doc_type": rng.choice(["NQ", "KH", "BC"])},
                {"status": "in_force", "year": rng.randint(2018, 2025)},
                {"unit": province}, {"issuer": commune}, {"doc_type": "KL", "term": "XIII"},
            ])
            query = rng.choice(["", rng.choice(phrases).split()[0] + " " + rng.choice(words),
                                rng.choice(symbols)])
            out.append(("filtered", query, filters))
    return out


def naive(user: Any, query: str, filters: dict[str, Any], limit: int = 20) -> tuple[list, int]:
    """The baseline: LIKE on every folded word, in scope, ranked in Python by occurrences."""
    from trienkhai.documents.indexing import terms
    from trienkhai.documents.selectors import apply_filters, documents_for

    qs = apply_filters(documents_for(user), **filters)
    words = terms(query)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    rows = list(qs.values_list("pk", "search_text"))
    ranked = sorted(rows, key=lambda row: -sum(row[1].count(w) for w in words))
    return ranked[:limit], len(rows)


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="trienkhai-bench-"))
    label, cleanup = setup_django(args.database_url, workdir)
    try:
        measure(args, label)
    finally:
        cleanup()
        shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace, label: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from trienkhai.accounts.models import User
    from trienkhai.documents.models import Document
    from trienkhai.documents.search import search_documents
    from trienkhai.documents.selectors import documents_for

    rng = random.Random(SEED)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    levels = build_tree()
    tree_seconds = time.perf_counter() - started
    documents = synthetic_documents(args.docs, levels, rng)
    insert_seconds, index_seconds = load(documents)
    province = levels["province"][7]
    commune = next(u for u in levels["commune"] if u.path.startswith(province.path))
    users = {
        "commune viewer": User.objects.create(username="xa", unit_id=commune.pk, role="viewer"),
        "central viewer": User.objects.create(username="tw", unit_id=levels["root"][0].pk,
                                              role="viewer"),
    }
    queries = make_queries(rng, province, commune, args.queries)
    version = (connection.cursor().connection.info.server_version
               if connection.vendor == "postgresql" else __import__("sqlite3").sqlite_version)
    print(f"engine: {connection.vendor} {version} — {label}")
    print(f"units: {sum(len(v) for v in levels.values()):,}  documents: "
          f"{Document.objects.count():,}  (tree {tree_seconds:.1f} s, insert "
          f"{insert_seconds:.1f} s, index build {index_seconds:.1f} s)")
    print(f"queries: {len(queries)} per user (words {sum(c == 'words' for c, _, _ in queries)}, "
          f"symbols {sum(c == 'symbol' for c, _, _ in queries)}, with filters "
          f"{sum(c == 'filtered' for c, _, _ in queries)}); one page of 20 with snippets")
    header = (f"{'user':<16}{'scope':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
              f"{'naive p50':>11}{'naive p95':>11}{'p95 ratio':>11}")
    print(header)
    for name, user in users.items():
        scope = documents_for(user).count()
        for _category, query, filters in queries[:10]:  # warm caches
            search_documents(user=user, query=query, limit=20, **filters)
        fast, slow, by_category, worst = [], [], {}, []
        for category, query, filters in queries:
            elapsed = timed(lambda u=user, q=query, f=filters: search_documents(
                user=u, query=q, limit=20, **f))
            fast.append(elapsed)
            worst.append((elapsed, query, {k: str(v) for k, v in filters.items()}))
            by_category.setdefault(category, []).append(elapsed)
            slow.append(timed(lambda u=user, q=query, f=filters: naive(u, q, f)))
        print(f"{name:<16}{scope:>9,}{percentile(fast, .5):>9.1f}{percentile(fast, .95):>9.1f}"
              f"{max(fast):>9.1f}{percentile(slow, .5):>11.1f}{percentile(slow, .95):>11.1f}"
              f"{percentile(slow, .95) / percentile(fast, .95):>10.1f}x")
        detail = ", ".join(f"{c} p95 {percentile(v, .95):.1f}" for c, v in by_category.items())
        print(f"{'':<16}{'':>9}  by kind: {detail}; mean {statistics.mean(fast):.1f} ms")
        if args.verbose:
            for elapsed, query, filters in sorted(worst, key=lambda w: -w[0])[:8]:
                print(f"{'':<27}{elapsed:7.1f} ms  {query!r} {filters}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="a PostgreSQL server (a database is created)")
    parser.add_argument("--verbose", action="store_true", help="also list the slowest queries")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
