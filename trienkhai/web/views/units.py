from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trienkhai.access.policy import Action, can_write_unit, get_for_user
from trienkhai.units import selectors
from trienkhai.units.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = getattr(request.user, "unit", None)
    if unit is not None:
        return redirect("unit-detail", pk=unit.pk)
    return redirect("unit-tree")


def _breadcrumb(user: object, unit: Unit) -> list[dict[str, object]]:
    """Ancestors by name; only those in the user's scope are links."""
    paths = unit.ancestor_paths()
    readable = set(
        selectors.units_for(user).filter(path__in=paths).values_list("path", flat=True)
    )
    rows = Unit.objects.filter(path__in=paths).order_by("depth").values("pk", "name", "path")
    return [{**row, "link": row["path"] in readable} for row in rows]


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    roots = selectors.unit_roots_for(request.user)
    return render(request, "web/unit_tree.html", {"roots": roots})


@login_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment that opens one branch of the tree browser."""
    unit = get_for_user(Unit, request.user, Action.READ, pk=pk)
    children = selectors.unit_children(user=request.user, unit=unit)[:500]
    return render(request, "web/_unit_branch.html", {"children": children})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(Unit, request.user, Action.READ, pk=pk)
    show_dissolved = request.GET.get("dissolved") == "1"
    children = selectors.unit_children(
        user=request.user, unit=unit, include_dissolved=show_dissolved
    )
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "breadcrumb": _breadcrumb(request.user, unit),
        "page": page,
        "show_dissolved": show_dissolved,
        "stats": selectors.subtree_stats(unit=unit),
        "positions": selectors.current_positions(user=request.user, unit=unit),
        "in_charge": selectors.oversight_of_unit(user=request.user, unit=unit),
        "assignments": selectors.oversight_by_assigner(user=request.user, unit=unit),
        "merged": selectors.merged_units(user=request.user, unit=unit),
        "can_write": can_write_unit(request.user, unit),
    }
    return render(request, "web/unit_detail.html", context)
