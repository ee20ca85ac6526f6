"""The database side of document search: the SQLite FTS5 table's sync triggers.

The PostgreSQL side needs no triggers: `search_vector` is a generated column (migration 0003).
On SQLite the FTS5 table is an external-content index over documents_document, kept in sync
by triggers, so every write path (services, bulk imports, deletes, test flushes) updates it.
SQLite drops a table's triggers whenever a migration rebuilds the table, so they are
re-installed after every migrate (see apps.py), like the audit triggers.
"""
from __future__ import annotations

from typing import Any

FTS_TABLE = "documents_search"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS documents_search_insert AFTER INSERT ON documents_document
    BEGIN
      INSERT INTO {FTS_TABLE}(rowid, search_title, search_text)
      VALUES (new.id, new.search_title, new.search_text);
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_search_delete AFTER DELETE ON documents_document
    BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_text)
      VALUES ('delete', old.id, old.search_title, old.search_text);
    END;""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_search_update
    AFTER UPDATE OF search_title, search_text ON documents_document
    WHEN old.search_title IS NOT new.search_title OR old.search_text IS NOT new.search_text
    BEGIN
      INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_text)
      VALUES ('delete', old.id, old.search_title, old.search_text);
      INSERT INTO {FTS_TABLE}(rowid, search_title, search_text)
      VALUES (new.id, new.search_title, new.search_text);
    END;""",
]
SQLITE_TRIGGER_NAMES = ["documents_search_insert", "documents_search_delete",
                        "documents_search_update"]


def _fts_exists(cursor: Any) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
    return cursor.fetchone() is not None


def install_triggers(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if not _fts_exists(cursor):  # migrating backwards, or before migration 0003
            return
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def remove_triggers(connection: Any) -> None:
    """Before a bulk load (the benchmark): load, then `rebuild_index`, then install again."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild_index(connection: Any) -> None:
    """Re-read every document into the index (SQLite); PostgreSQL keeps its column current."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
