"""Full-text search, per engine (see documents.search).

PostgreSQL: unaccent and pg_trgm; a generated tsvector column weighting the title (A) above the
body (D), GIN-indexed for ts_rank; a trigram GIN index on the title for fuzzy matches.
SQLite: an FTS5 external-content table over the same folded columns, ranked by bm25, kept in
sync by triggers (documents.search_index). Other engines get nothing: search falls back to LIKE.
"""
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE documents_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, search_title), 'A')
         || setweight(to_tsvector('simple'::regconfig, search_text), 'D')) STORED""",
    "CREATE INDEX document_search_vector ON documents_document USING gin (search_vector)",
    """CREATE INDEX document_search_title_trgm ON documents_document
         USING gin (search_title gin_trgm_ops)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS document_search_title_trgm",
    "DROP INDEX IF EXISTS document_search_vector",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE documents_search USING fts5(
         search_title, search_text, content='documents_document', content_rowid='id',
         tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')""",
    # The hidden `rank` column is bm25 with the title weighted 10:1 (an auxiliary function
    # called directly cannot be used next to a window function; the rank column can).
    "INSERT INTO documents_search(documents_search, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
    "INSERT INTO documents_search(documents_search) VALUES ('rebuild')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS documents_search"]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    elif vendor == "sqlite":
        from trienkhai.documents.search_index import install_triggers

        _run(schema_editor, SQLITE_FORWARD)
        install_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        from trienkhai.documents.search_index import remove_triggers

        remove_triggers(schema_editor.connection)
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_title")]
    operations = [migrations.RunPython(forwards, backwards)]
