"""The organisation tree, stored as a materialized path (treebeard MP_Node).

A subtree is one indexed range scan: `path >= p AND path < next_path(p)` (see `subtree_range`).
"""
from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from trienkhai.core.text import collation_key, fold

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEP = 4


class UnitKind(models.TextChoices):
    CENTRAL_BODY = "central_body", _("Central body")
    CENTRAL_COMMISSION = "central_commission", _("Central commission")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial or city Party committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    ADVISORY_COMMISSION = "advisory_commission", _("Advisory commission")
    DISTRICT_COMMITTEE = "district_committee", _("District Party committee (before 2025)")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune or ward Party committee")
    DIRECTLY_UNDER = "directly_under", _("Party committee directly under")
    GRASSROOTS = "grassroots", _("Grassroots Party organisation")
    PARTY_CELL = "party_cell", _("Party cell")
    PARTY_DELEGATION = "party_delegation", _("Party delegation or personnel committee")
    STATE_AGENCY = "state_agency", _("State agency")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
    SOCIO_POLITICAL = "socio_political", _("Socio-political organisation")


# How a unit's sub-units are listed: its own bodies first, then the units below it.
KIND_LISTING_ORDER = [
    UnitKind.CENTRAL_BODY, UnitKind.STANDING_COMMITTEE, UnitKind.CENTRAL_COMMISSION,
    UnitKind.ADVISORY_COMMISSION, UnitKind.PARTY_DELEGATION, UnitKind.DIRECTLY_UNDER,
    UnitKind.STATE_AGENCY, UnitKind.FATHERLAND_FRONT, UnitKind.SOCIO_POLITICAL,
    UnitKind.PROVINCIAL_COMMITTEE, UnitKind.DISTRICT_COMMITTEE, UnitKind.COMMUNE_COMMITTEE,
    UnitKind.GRASSROOTS, UnitKind.PARTY_CELL,
]


def listing_order() -> list[Any]:
    """ORDER BY for sub-unit lists: kind (KIND_LISTING_ORDER), then name the Vietnamese way."""
    rank = models.Case(
        *[models.When(kind=kind, then=index) for index, kind in enumerate(KIND_LISTING_ORDER)],
        default=len(KIND_LISTING_ORDER),
        output_field=models.IntegerField(),
    )
    return [rank.asc(), "sort_key", "path"]


def next_path(path: str) -> str:
    """The smallest path greater than every path that starts with `path`."""
    chars = list(path)
    for index in range(len(chars) - 1, -1, -1):
        position = PATH_ALPHABET.index(chars[index])
        if position + 1 < len(PATH_ALPHABET):
            chars[index] = PATH_ALPHABET[position + 1]
            return "".join(chars[: index + 1])
        chars[index] = PATH_ALPHABET[0]
    # Only an all-'Z' path gets here: nothing in the alphabet is above it.
    return path + "~"


def subtree_range(path: str, prefix: str = "") -> models.Q:
    """Q for the unit at `path` and all its descendants, as an index range."""
    return models.Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": next_path(path)})


class Unit(MP_Node):
    steplen = PATH_STEP
    alphabet = PATH_ALPHABET
    node_order_by: list[str] = []

    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=64, unique=True)
    party_member_count = models.PositiveIntegerField(_("party members"), default=0)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    # Folded name, short name and code, for diacritic-free search.
    search_text = models.CharField(max_length=500, editable=False, db_index=True)
    # The name in Vietnamese dictionary order (core.text.collation_key), for listings.
    sort_key = models.CharField(max_length=600, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["kind", "path"], name="unit_kind_path")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = unit_search_text(self.name, self.short_name, self.code)
        self.sort_key = collation_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None or self.dissolved_on > datetime.date.today()

    @property
    def province_path(self) -> str:
        """The path of this unit's top-level subtree below the root (the partition key)."""
        return self.path[: PATH_STEP * 2]

    def subtree_q(self, prefix: str = "") -> models.Q:
        return subtree_range(self.path, prefix)

    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(PATH_STEP, len(self.path), PATH_STEP)]


def unit_search_text(name: str, short_name: str, code: str) -> str:
    return " ".join(part for part in (fold(name), fold(short_name), fold(code)) if part)
