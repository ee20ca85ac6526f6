"""The two search engines behind documents.search, and the bounded plan they share.

Ranking every match of a common word ('dang' is in most documents) costs time in proportion to
the matches: ~200 ms for 80,000 on either engine. So each engine first picks a WINDOW of at most
RANK_WINDOW + 1 matching documents the user may read, newest first, and ranks only those; the
statement that ranks them also counts them. A selective query (the usual case) fits the window
whole: exact ranking, exact total. An unselective one reports "more than RANK_WINDOW" and ranks
the newest. The window is a subquery of the ranking statement, and the access policy's
conditions are inside it: nothing unreadable is ranked, returned or counted.

- PostgreSQL: `search_vector @@ to_tsquery('simple', ...)` (GIN) picks the window, which the
  planner walks by date (document_signed index) or by the user's units as their scope warrants;
  ts_rank (title A, body D) orders it. Near matches: pg_trgm word similarity on the title.
- SQLite: the FTS5 table `documents_search` (bm25 as its rank column, title 10:1). SQLite cannot
  tell a province's scope from the whole tree, so the plan is chosen here: a broad scope walks
  the index's matches newest-registered first; a narrow one walks the user's documents and
  probes the matches. Near matches: substrings of the title. A plain listing (no words) is
  planned the same way: for a broad scope the filters' own index drives (`listing`).
"""
from __future__ import annotations

import time
from typing import Any, Protocol

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .indexing import ParsedQuery
from .models import Document
from .search_index import FTS_TABLE
from .selectors import apply_filters
from .services import allowed_types

DOC = '"documents_document"'
FTS = f'"{FTS_TABLE}"'
RANK_WINDOW = 1000  # matches ranked at most; a query matching more is "more than" this
LIST_CAP = 10_000  # documents counted at most in a plain listing (no words): "more than" this
BROAD_SCOPE = 10 * RANK_WINDOW  # SQLite: from this many readable documents, let the index drive
SYMBOL_BOOST = 100.0  # an exact symbol match outranks any text match


class Engine(Protocol):
    def match(self, scoped: QuerySet[Document], query: ParsedQuery, *,
              readable: QuerySet[Document]) -> QuerySet[Document]:
        """The window of `scoped` matching `query`, each row with `search_rank` (higher first).

        `readable` is the user's documents before the filters (`scoped` is it filtered).
        """

    def near(self, scoped: QuerySet[Document], query: ParsedQuery) -> QuerySet[Document] | None:
        """Near matches for a query that matched nothing (or None), ranked the same way."""

    def listing(self, readable: QuerySet[Document], **filters: Any) -> QuerySet[Document]:
        """The readable documents passing the filters, shaped for a newest-first page."""


class JoinListing:
    """Let the database plan the listing: the access conditions joined to the filters."""

    def listing(self, readable: QuerySet[Document], **filters: Any) -> QuerySet[Document]:
        return apply_filters(readable, **filters)


def newest(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.order_by("-signed_on", "-id")


def window(qs: QuerySet[Document]) -> tuple[str, tuple[Any, ...]]:
    """SQL of the window's ids: compiled on its own, so its table names bind to itself."""
    try:
        return qs.values("pk")[: RANK_WINDOW + 1].query.sql_with_params()
    except EmptyResultSet:  # a user who reads nothing
        return "SELECT 0 WHERE 1 = 0", ()


def boost(query: ParsedQuery) -> tuple[str, list[Any]]:
    """SQL adding SYMBOL_BOOST for the document whose own symbol was asked for (x2 same date).

    A bare 'Kết luận 01' asks for any conclusion numbered 1, whatever its issuer.
    """
    sql, params = "", list[Any]()
    for symbol, key in zip(query.symbols, query.symbol_keys, strict=True):
        if symbol.system == "bare":
            types = allowed_types(symbol.type_code)
            sql += (f" + CASE WHEN {DOC}.\"doc_type\" IN ({', '.join(['%s'] * len(types))})"
                    f" AND LTRIM({DOC}.\"number\", '0') = %s THEN {SYMBOL_BOOST} ELSE 0 END")
            params += [*types, symbol.number.lstrip("0")]
            continue
        sql += f" + CASE WHEN {DOC}.\"symbol_key\" = %s THEN {SYMBOL_BOOST} ELSE 0 END"
        params.append(key)
        if symbol.date:
            sql += (f" + CASE WHEN {DOC}.\"symbol_key\" = %s AND {DOC}.\"signed_on\" = %s"
                    f" THEN {SYMBOL_BOOST} ELSE 0 END")
            params += [key, symbol.date]
    return sql, params


def near_words(query: ParsedQuery) -> list[str]:
    """The words to look for near matches of: a symbol is exact or nothing."""
    return query.words


def _unranked(scoped: QuerySet[Document], condition: Q) -> QuerySet[Document]:
    sql, params = window(newest(scoped.filter(condition)))
    return Document.objects.filter(pk__in=RawSQL(sql, params)).annotate(
        search_rank=Value(0.0, output_field=FloatField())
    )


class PostgresEngine(JoinListing):
    @staticmethod
    def tsquery(query: ParsedQuery) -> str:
        parts = [f"'{w}'" for w in query.words]
        if query.prefix and parts:
            parts[-1] += ":*"
        parts += [f"'{token}'" for token in query.tokens]
        return " & ".join(parts)

    def match(self, scoped: QuerySet[Document], query: ParsedQuery, *,
              readable: QuerySet[Document]) -> QuerySet[Document]:
        tsquery = self.tsquery(query)
        matches = RawSQL(f"{DOC}.search_vector @@ to_tsquery('simple', %s)", [tsquery],
                         output_field=BooleanField())
        sql, params = window(newest(scoped.filter(matches)))
        extra, extra_params = boost(query)
        rank = RawSQL(f"ts_rank({DOC}.search_vector, to_tsquery('simple', %s)){extra}",
                      [tsquery, *extra_params], output_field=FloatField())
        return Document.objects.filter(pk__in=RawSQL(sql, params)).annotate(search_rank=rank)

    def near(self, scoped: QuerySet[Document], query: ParsedQuery) -> QuerySet[Document] | None:
        text = " ".join(near_words(query))
        if len(text) < 3:
            return None
        # `<%` is word similarity above pg_trgm's threshold, served by the trigram index.
        close = RawSQL(f"%s <%% {DOC}.search_title", [text], output_field=BooleanField())
        sql, params = window(newest(scoped.filter(close)))
        rank = RawSQL(f"word_similarity(%s, {DOC}.search_title)", [text],
                      output_field=FloatField())
        return Document.objects.filter(pk__in=RawSQL(sql, params)).annotate(search_rank=rank)


_BROAD: dict[tuple[str, tuple[Any, ...]], tuple[float, bool]] = {}
BROAD_TTL = 300.0  # seconds a scope's breadth is trusted: it only steers the plan


def _broad(readable: QuerySet[Document]) -> bool:
    """Whether the user reads at least BROAD_SCOPE documents: one capped count, cached briefly.

    The filters are left out: counting through unindexed ones would cost what the choice saves.
    The answer only chooses the plan, never what is returned, so a stale one is harmless.
    """
    try:
        key = readable.query.sql_with_params()
    except EmptyResultSet:
        return False
    now = time.monotonic()
    cached = _BROAD.get(key)
    if cached is not None and now - cached[0] < BROAD_TTL:
        return cached[1]
    broad = readable.order_by().values("pk")[:BROAD_SCOPE].count() >= BROAD_SCOPE
    if len(_BROAD) > 10_000:
        _BROAD.clear()
    _BROAD[key] = (now, broad)
    return broad


class SqliteEngine:
    @staticmethod
    def fts_query(query: ParsedQuery) -> str:
        # Every term is quoted: letters and digits only, so nothing is read as FTS5 syntax.
        parts = [f'"{w}"' for w in query.words]
        if query.prefix and parts:
            parts[-1] += "*"
        parts += [f'"{token}"' for token in query.tokens]
        return " AND ".join(parts)

    def _window(self, scoped: QuerySet[Document], readable: QuerySet[Document],
                fts_query: str) -> tuple[str, tuple[Any, ...]]:
        if _broad(readable):
            # Broad: the index drives, newest registered first, until the window is full.
            # ('+' keeps SQLite from looking the index up once per document instead.)
            return window(scoped.extra(
                tables=[FTS_TABLE],
                where=[f"{FTS} MATCH %s", f"+{FTS}.rowid = {DOC}.id"], params=[fts_query],
                order_by=[f"-{FTS_TABLE}.rowid"],
            ))
        # Narrow: the user's own documents drive; the matches are read once into a probe set.
        return window(newest(scoped.extra(
            where=[f"+{DOC}.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"],
            params=[fts_query],
        )))

    def match(self, scoped: QuerySet[Document], query: ParsedQuery, *,
              readable: QuerySet[Document]) -> QuerySet[Document]:
        fts_query = self.fts_query(query)
        sql, params = self._window(scoped, readable, fts_query)
        extra, extra_params = boost(query)
        # bm25 (the rank column) exists only while the FTS table drives the statement: it walks
        # the matches and ranks just those in the window.
        return Document.objects.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS} MATCH %s", f"+{FTS}.rowid = {DOC}.id", f"+{FTS}.rowid IN ({sql})"],
            params=[fts_query, *params],
            select={"search_rank": f"(-{FTS}.rank){extra}"},
            select_params=extra_params,
        )

    def near(self, scoped: QuerySet[Document], query: ParsedQuery) -> QuerySet[Document] | None:
        words = [w for w in near_words(query) if len(w) >= 3]
        if not words:
            return None
        condition = Q()
        for word in words:
            condition &= Q(search_title__contains=word)
        return _unranked(scoped, condition)


    def listing(self, readable: QuerySet[Document], **filters: Any) -> QuerySet[Document]:
        if not _broad(readable):
            return apply_filters(readable, **filters)
        # A broad scope: SQLite would still start from the user's units and sort everything.
        # Walking the filters' own index (type, issuer or date, newest first) and checking
        # access row by row stops as soon as the page is full.
        allowed = Exists(readable.order_by().filter(pk=OuterRef("pk")))
        return apply_filters(Document.objects.filter(allowed), **filters)


class LikeEngine(JoinListing, SqliteEngine):
    """Any other database: every word somewhere in the folded text, unranked."""

    def match(self, scoped: QuerySet[Document], query: ParsedQuery, *,
              readable: QuerySet[Document]) -> QuerySet[Document]:
        condition = Q()
        for word in [*query.words, *query.tokens]:
            condition &= Q(search_text__contains=word)
        return _unranked(scoped, condition)


def engine_for(vendor: str) -> Engine:
    if vendor == "postgresql":
        return PostgresEngine()
    if vendor == "sqlite":
        return SqliteEngine()
    return LikeEngine()
