"""People, the positions they hold in units, and who is in charge of which unit (phụ trách)."""
from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.core.text import fold, nfc, person_sort_key


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    # The unit that keeps this person's record (access is decided by it).
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = nfc(" ".join(self.full_name.split()))
        self.sort_key = person_sort_key(self.full_name)
        self.search_text = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def given_name(self) -> str:
        return self.full_name.split(" ")[-1]


def held_on(day: datetime.date, prefix: str = "") -> Q:
    """Q for a dated relation (position, assignment) in force on `day`."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class Position(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date", "id"]
        indexes = [models.Index(fields=["person", "start_date"], name="position_person_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.person})"


class OversightAssignment(models.Model):
    """A standing-committee member in charge of (phụ trách) a unit and its subtree."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="oversights"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit in charge of"),
        on_delete=models.PROTECT,
        related_name="oversight_assignments",
    )
    # The unit that made the assignment (its standing committee); access is decided by it.
    assigned_by = models.ForeignKey(
        "units.Unit",
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="oversight_assignments_made",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("oversight assignment")
        verbose_name_plural = _("oversight assignments")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="oversight_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"
