"""Dashboard pages (tổng hợp): a unit's figures for a plan or a document, per child unit,
with charts, the overdue list, the trend, and how each figure is computed.

Every page reads precomputed rows (selectors.dashboard): its query count is bounded whatever
the number of units below.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.access.policy import Action, get_for_user, scope_for
from trienkhai.units.models import Unit

from ..charts import Bar, bar_chart, trend_chart
from ..models import AggregationRule
from ..selectors import dashboard as selectors
from ..selectors.explain import explain


def _breadcrumb(user: Any, unit: Unit) -> list[dict[str, Any]]:
    """Ancestors the user reads (a scope is a subtree: they are the top of the list)."""
    scope = scope_for(user)
    rows = Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth").values(
        "pk", "name", "path")
    return [row for row in rows if scope.reads_path(row["path"])]


def _scope_url(name: str, scope: selectors.Scope, unit_id: int) -> str:
    if scope.plan is not None:
        return reverse(f"dashboard-plan{name}", args=[unit_id, scope.plan.pk])
    assert scope.document is not None
    url = reverse(f"dashboard-document{name}", args=[unit_id, scope.document.pk])
    return url + (f"?rule={scope.rule}" if scope.rule != AggregationRule.WEIGHTED else "")


def _render_scope(request: HttpRequest, scope: selectors.Scope) -> HttpResponse:
    page, children = selectors.child_figures(scope, page=request.GET.get("page"))
    kind, points = selectors.trend(scope, kind=request.GET.get("trend", ""))
    bars = [Bar(label=row.unit.name, value=row.figures.bar,
                url=_scope_url("", scope, row.unit.pk),
                note=_("%(done)d of %(total)d done") % {"done": row.figures.tasks_done,
                                                        "total": row.figures.tasks_total})
            for row in children]
    context = {
        "scope": scope,
        "unit": scope.unit,
        "figures": selectors.scope_figures(scope),
        "children": children,
        "page": page,
        "bars": bar_chart(bars, title=_("Progress by unit below")),
        "trend_kind": kind,
        "trend": trend_chart([(p.label, p.figures.bar) for p in points],
                             title=_("Progress over the periods")),
        "overdue": selectors.overdue_list(scope),
        "tasks": selectors.own_tasks(scope, page=request.GET.get("tasks")),
        "breadcrumb": _breadcrumb(request.user, scope.unit),
        "explain_url": _scope_url("-explain", scope, scope.unit.pk),
        "rules": AggregationRule.choices if scope.document is not None else [],
    }
    return render(request, "plans/dashboard_scope.html", context)


@login_required
def dashboard_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_for_user(Unit, request.user, Action.READ, pk=unit_pk)
    documents, plans = selectors.unit_index(user=request.user, unit=unit)
    context = {"unit": unit, "documents": documents, "plans": plans,
               "breadcrumb": _breadcrumb(request.user, unit)}
    return render(request, "plans/dashboard_unit.html", context)


@login_required
def dashboard_plan(request: HttpRequest, unit_pk: int, plan_pk: int) -> HttpResponse:
    return _render_scope(request, selectors.plan_scope(user=request.user, unit_id=unit_pk,
                                                       plan_id=plan_pk))


@login_required
def dashboard_document(request: HttpRequest, unit_pk: int, document_pk: int) -> HttpResponse:
    scope = selectors.document_scope(user=request.user, unit_id=unit_pk,
                                     document_id=document_pk, rule=request.GET.get("rule", ""))
    return _render_scope(request, scope)


def _render_explain(request: HttpRequest, scope: selectors.Scope) -> HttpResponse:
    context = {"scope": scope, "unit": scope.unit,
               "explanation": explain(scope, user=request.user),
               "back_url": _scope_url("", scope, scope.unit.pk)}
    return render(request, "plans/dashboard_explain.html", context)


@login_required
def dashboard_plan_explain(request: HttpRequest, unit_pk: int, plan_pk: int) -> HttpResponse:
    return _render_explain(request, selectors.plan_scope(user=request.user, unit_id=unit_pk,
                                                         plan_id=plan_pk))


@login_required
def dashboard_document_explain(request: HttpRequest, unit_pk: int, document_pk: int
                               ) -> HttpResponse:
    scope = selectors.document_scope(user=request.user, unit_id=unit_pk,
                                     document_id=document_pk, rule=request.GET.get("rule", ""))
    return _render_explain(request, scope)
