"""Database triggers that refuse UPDATE and DELETE on the audit table."""
from __future__ import annotations

from typing import Any

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are immutable'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_entry_immutable() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are immutable'; END; $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS audit_entry_immutable ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_immutable BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_immutable();""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_immutable ON audit_auditentry;",
    "DROP FUNCTION IF EXISTS audit_entry_immutable();",
]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any) -> None:
    if connection.vendor == "sqlite":
        _run(connection, SQLITE)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES)


def remove(connection: Any) -> None:
    """Only for test teardown (a flush), never in the product."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_REMOVE)
