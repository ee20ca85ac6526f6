"""Document search: one interface, `search_documents`, over an engine per database.

It reads the query (words, and symbols in any loose form), applies the access policy and the
filters, and hands the readable set to the engine (documents.search_engines), which matches and
ranks inside the same SQL statement as the access conditions: a count can never include a
document the user may not read. Both engines index our own folded text (documents.indexing), so
'dang uy' finds 'Đảng ủy'. Highlighting is done here, on the original accented text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet, Window
from django.db.models.functions import Substr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import search_engines
from .highlight import highlight, plain_snippet, snippet, spans_for
from .indexing import ParsedQuery, parse_query
from .models import Attachment, Document
from .search_engines import engine_for
from .selectors import LIST_DEFERRED, apply_filters, document_list, documents_for

SNIPPET_SOURCE_CHARS = 100_000
BEST_FIRST = ("-search_rank", "-signed_on", "-id")  # search_rank: set by the engine


@dataclass
class SearchResult:
    document: Document
    rank: float | None
    title: SafeString  # the title with the matched words marked
    snippet: SafeString  # a marked stretch of the excerpt, text or attachments


@dataclass
class SearchPage:
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0
    fuzzy: bool = False  # nothing matched exactly: these are near matches
    query: ParsedQuery = field(default_factory=lambda: ParsedQuery(text=""))
    # More matched than are counted (RANK_WINDOW, or LIST_CAP without words): `total` is then
    # one more than that cap, to be shown as "more than".
    capped: bool = False


def _page(qs: QuerySet[Document], limit: int, offset: int) -> tuple[list[Document], int]:
    """One page of a ranked window, best first, and the window's size (a window count)."""
    rows: list[Document] = list(
        qs.select_related("issuer").defer(*LIST_DEFERRED)
        .annotate(total_found=Window(Count("id")))
        .order_by(*BEST_FIRST)[offset : offset + limit]
    )
    if rows:
        return rows, int(getattr(rows[0], "total_found", 0))
    return rows, (qs.count() if offset else 0)


def _texts_of(ids: list[int]) -> dict[int, list[str]]:
    """The long texts of a few documents, for snippets: two bounded queries."""
    texts: dict[int, list[str]] = {pk: [] for pk in ids}
    head = Substr("full_text", 1, SNIPPET_SOURCE_CHARS)
    for pk, text in Document.objects.filter(pk__in=ids).annotate(head=head).values_list(
        "pk", "head"
    ):
        texts[pk].append(text)
    head = Substr("text", 1, SNIPPET_SOURCE_CHARS)
    for pk, text in Attachment.objects.filter(document_id__in=ids).annotate(
        head=head
    ).values_list("document_id", "head"):
        texts[pk].append(text)
    return texts


def _results(rows: list[Document], query: ParsedQuery) -> list[SearchResult]:
    results: list[SearchResult] = []
    unmatched: list[int] = []
    for document in rows:
        rank = getattr(document, "search_rank", None)
        if query.empty:
            results.append(SearchResult(document, None, mark_safe(escape(document.title)),
                                        plain_snippet(document.excerpt)))
            continue
        found = snippet([document.excerpt], query)
        if found is None and not spans_for(document.title, query):
            unmatched.append(len(results))
        results.append(SearchResult(document, rank, highlight(document.title, query),
                                    found or plain_snippet(document.excerpt)))
    if unmatched:
        texts = _texts_of([results[i].document.pk for i in unmatched])
        for index in unmatched:
            result = results[index]
            result.snippet = snippet(texts[result.document.pk], query) or result.snippet
    return results


def search_documents(
    *, user: Any, query: str, limit: int = 20, offset: int = 0, doc_type: str | None = None,
    issuer: Any = None, year: int | None = None, term: str | None = None,
    status: str | None = None, unit: Any = None,
) -> SearchPage:
    """The readable documents matching `query` and the filters, best first, with the total.

    An empty query lists the filtered documents, newest first; the total is exact up to
    LIST_CAP. Otherwise it is exact up to RANK_WINDOW; beyond, `capped` is set and the newest
    matches are ranked. A capped total is one more than the cap: "more than" it.
    """
    parsed = parse_query(query)
    readable = documents_for(user)
    filters = {"doc_type": doc_type, "issuer": issuer, "year": year, "term": term,
               "status": status, "unit": unit}
    limit, offset = max(0, min(limit, 200)), max(0, offset)
    if parsed.empty:
        listed = document_list(user=user, **filters)
        rows = list(listed[offset : offset + limit])
        cap = search_engines.LIST_CAP
        total = listed.order_by().values("pk")[: cap + 1].count()
        return SearchPage(_results(rows, parsed), total, False, parsed, capped=total > cap)
    scoped = apply_filters(readable, **filters)
    engine = engine_for(connections[readable.db].vendor)
    rows, total = _page(engine.match(scoped, parsed, readable=readable), limit, offset)
    fuzzy = False
    if not total and not offset:
        near = engine.near(scoped, parsed)
        if near is not None:
            rows, total = _page(near, limit, offset)
            fuzzy = bool(total)
    return SearchPage(_results(rows, parsed), total, fuzzy, parsed,
                      capped=total > search_engines.RANK_WINDOW)
