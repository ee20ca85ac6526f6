"""Write many rows of one table fast: COPY on PostgreSQL, executemany on SQLite.

For generated data only (synth): rows skip the ORM, its validation and its signals. Values are
given as str, int, float or None, already in the database's text form: dates 'YYYY-MM-DD',
times 'YYYY-MM-DD HH:MM:SS' in UTC (both engines read them so under USE_TZ), booleans 0/1.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

Row = tuple[Any, ...]


class Loader:
    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_list = ", ".join(quote(c) for c in self.columns)
        self.written = 0

    def write(self, rows: Iterable[Row]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._executemany(rows)
        self.written += len(rows)
        return len(rows)

    def _copy(self, rows: list[Row]) -> None:
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {self.table} ({self.column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def _executemany(self, rows: list[Row]) -> None:
        connection.ensure_connection()
        marks = ", ".join("?" for _ in self.columns)
        raw: Any = connection.connection
        raw.executemany(f"INSERT INTO {self.table} ({self.column_list}) VALUES ({marks})",
                        rows)


def next_id(model: type[Model]) -> int:
    from django.db.models import Max

    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """After explicit ids: move PostgreSQL's sequences past them (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)
