from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trienkhai.units.selectors import search_units_and_people


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = search_units_and_people(user=request.user, query=query) if query else None
    template = "web/_search_results.html" if request.htmx else "web/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"query": query, "results": results})
