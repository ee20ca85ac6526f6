from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.audit.models import AuditAction, AuditEntry
from trienkhai.units.models import Person, Unit

# Which records have a history page, and the URL name of their own page.
HISTORY_TYPES: dict[str, tuple[type[Model], str]] = {
    "unit": (Unit, "unit-detail"),
    "person": (Person, "person-detail"),
}


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = restrict(AuditEntry.objects.all(), request.user, Action.READ).select_related("unit")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"page": page, "action": action, "actions": AuditAction.choices}
    return render(request, "web/audit_list.html", context)


@login_required
def record_history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """History of one record: its own entries, and for a unit everything recorded under it."""
    if kind not in HISTORY_TYPES:
        raise Http404
    model, detail_url = HISTORY_TYPES[kind]
    obj = get_for_user(model, request.user, Action.READ, pk=pk)
    entries = restrict(AuditEntry.objects.all(), request.user, Action.READ)
    if kind == "unit":
        entries = entries.filter(unit_id=obj.pk)
    else:
        entries = entries.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    page = Paginator(entries.select_related("unit"), 50).get_page(request.GET.get("page"))
    return render(request, "web/history.html",
                  {"object": obj, "kind": kind, "detail_url": detail_url, "page": page})
