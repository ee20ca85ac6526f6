"""What every benchmark shares: a throwaway database, Django set up on it, and the labels of
the machine and the engine printed with the figures."""
from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def database(url: str, prefix: str = "bench-") -> Iterator[str]:
    """A throwaway database: a SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if not url:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        return
    import psycopg

    name = f"trienkhai_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(db_url: str, data_dir: str, *, pages: bool = False) -> None:
    """Production settings on `db_url`, migrated. `pages`: also serve pages through Django's
    test client (the testserver host, plain static URLs without collectstatic)."""
    (Path(data_dir) / "static").mkdir(exist_ok=True)  # whitenoise looks for it
    os.environ["DATABASE_URL"] = db_url
    os.environ["TRIENKHAI_DATA_DIR"] = data_dir
    os.environ["TRIENKHAI_HTTPS"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "trienkhai.config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if pages:
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        settings.STORAGES = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("migrate", interactive=False, verbosity=0)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs · {cpu} · Python {platform.python_version()}"


def engine() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
