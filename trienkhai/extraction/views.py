"""The names and titles check page: a thin view over extraction.names_check."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import NamesCheckForm
from .names_check import names_check as run_check


@login_required
@require_http_methods(["GET", "POST"])
def names_check(request: HttpRequest) -> HttpResponse:
    """Paste or upload an article; see its people matched to the registry. Writes nothing."""
    form = NamesCheckForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_check(data["article"], user=request.user, on=data.get("date"))
    return render(request, "extraction/names_check.html", {"form": form, "result": result})
