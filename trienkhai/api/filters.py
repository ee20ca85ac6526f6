"""Query-string filters for the list endpoints (they never widen the user's scope)."""
from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.core.text import words_q
from trienkhai.units.models import OversightAssignment, Person, Position, Unit, UnitKind
from trienkhai.units.models.people import held_on
from trienkhai.units.models.tree import subtree_range


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number in the database's range (not NumberFilter's decimal), so a
    malformed or huge value is a 400 on the parameter rather than a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def _folded_words(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    return queryset.filter(words_q(value))


class UnitFilter(django_filters.FilterSet):
    parent = IdFilter(
        method="filter_parent", label=_("Direct sub-units of this unit id")
    )
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    include_dissolved = django_filters.BooleanFilter(
        method="filter_include_dissolved", label=_("Include dissolved and merged units")
    )

    class Meta:
        model = Unit
        fields = ["parent", "kind", "q", "include_dissolved"]

    def filter_parent(self, queryset: QuerySet[Unit], name: str, value: Any) -> QuerySet[Unit]:
        # The parent's position only bounds the range; the rows are still the user's own scope.
        parent = Unit.objects.filter(pk=value).values("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(subtree_range(parent["path"]), depth=parent["depth"] + 1)

    def filter_q(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return _folded_words(queryset, value)

    def filter_include_dissolved(
        self, queryset: QuerySet[Unit], name: str, value: bool
    ) -> QuerySet[Unit]:
        return queryset  # applied in filter_queryset, because the default must hide them

    def filter_queryset(self, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_dissolved"):
            queryset = queryset.filter(merged_into__isnull=True, dissolved_on__isnull=True)
        return queryset


class PersonFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="unit", label=_("Unit id"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = Person
        fields = ["unit", "q"]

    def filter_q(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return _folded_words(queryset, value)


class PositionFilter(django_filters.FilterSet):
    person = IdFilter(field_name="person", label=_("Person id"))
    unit = IdFilter(field_name="unit", label=_("Unit id"))
    on = django_filters.DateFilter(method="filter_on", label=_("Held on this date"))

    class Meta:
        model = Position
        fields = ["person", "unit", "on"]

    def filter_on(
        self, queryset: QuerySet[Position], name: str, value: datetime.date
    ) -> QuerySet[Position]:
        return queryset.filter(held_on(value))


class OversightFilter(django_filters.FilterSet):
    person = IdFilter(field_name="person", label=_("Person id"))
    unit = IdFilter(field_name="unit", label=_("Unit id"))

    class Meta:
        model = OversightAssignment
        fields = ["person", "unit"]
