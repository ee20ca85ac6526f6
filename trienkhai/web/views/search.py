from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trienkhai.documents.search import search_documents
from trienkhai.units.selectors import search_units_and_people

HEADER_DOCUMENTS = 8


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if query:
        results = search_units_and_people(user=request.user, query=query)
        # The same access-checked search as the registry page, best matches first.
        found = search_documents(user=request.user, query=query, limit=HEADER_DOCUMENTS)
        results["documents"] = found.results
        results["documents_total"] = found.total  # type: ignore[assignment]
    template = "web/_search_results.html" if request.htmx else "web/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"query": query, "results": results})
