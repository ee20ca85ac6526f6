"""A study campaign: which units must study a document, for whom, by when."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trienkhai.documents.models import Confidentiality
from trienkhai.units.models import Unit, UnitKind
from trienkhai.units.models.tree import PATH_STEP, subtree_range


class Audience(models.TextChoices):
    KEY_CADRES = "key_cadres", _("Key cadres")
    PARTY_MEMBERS = "party_members", _("All party members")
    MASS_ORGANISATIONS = "mass_organisations", _("Mass organisations")


class StudyCampaign(models.Model):
    """Launched by the issuer of a document or by a unit above the units that implement it.

    The units in scope are the launching unit's subtree, narrowed by kind and by level below the
    launching unit (0 = the launching unit itself), without the units dissolved before the
    launch. A unit merged into another one after the launch stays in scope: it was moved under
    the receiving unit, so its sessions and members count there.
    """

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("document"), on_delete=models.PROTECT,
        related_name="study_campaigns",
    )
    launched_by = models.ForeignKey(
        Unit, verbose_name=_("launched by"), on_delete=models.PROTECT,
        related_name="study_campaigns_launched",
    )
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    # Empty list: every kind of unit.
    required_kinds = models.JSONField(_("kinds of units that must study"), default=list,
                                      blank=True)
    min_level = models.PositiveSmallIntegerField(
        _("from level"), null=True, blank=True,
        help_text=_("Levels below the launching unit; 0 is the launching unit itself."),
    )
    max_level = models.PositiveSmallIntegerField(_("to level"), null=True, blank=True)
    audiences = models.JSONField(_("audiences"), default=list)
    launched_on = models.DateField(_("launched on"))
    deadline = models.DateField(_("deadline"))
    threshold = models.DecimalField(
        _("coverage threshold"), max_digits=4, decimal_places=3, default=Decimal("0.950"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    # Copied from the document at launch, never lower: a campaign reveals what it studies.
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("study campaign")
        verbose_name_plural = _("study campaigns")
        ordering = ["-deadline", "-id"]
        indexes = [
            models.Index(fields=["launched_by", "-deadline"], name="campaign_launcher_deadline"),
            models.Index(fields=["document"], name="campaign_document"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def threshold_percent(self) -> Decimal:
        return Decimal(self.threshold) * 100

    @property
    def threshold_permille(self) -> int:
        """The threshold as an integer, so comparisons stay exact in SQL."""
        return int(Decimal(self.threshold) * 1000)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        kinds = set(UnitKind.values)
        if not isinstance(self.required_kinds, list) or any(
            k not in kinds for k in self.required_kinds
        ):
            errors["required_kinds"] = gettext("Choose kinds of units from the list.")
        if (
            not isinstance(self.audiences, list)
            or not self.audiences
            or any(a not in Audience.values for a in self.audiences)
        ):
            errors["audiences"] = gettext("Choose at least one audience from the list.")
        if (
            self.min_level is not None
            and self.max_level is not None
            and self.min_level > self.max_level
        ):
            errors["max_level"] = gettext("The last level is above the first level.")
        if self.deadline and self.launched_on and self.deadline < self.launched_on:
            errors["deadline"] = gettext("The deadline is before the launch date.")
        document = self.document if self.document_id else None
        if document is not None and self.launched_on and self.launched_on < document.signed_on:
            errors["launched_on"] = gettext(
                "The campaign cannot start before the document is signed."
            )
        if errors:
            raise ValidationError(errors)

    def scope_q(self, prefix: str = "") -> Q:
        """Q on Unit (through `prefix`) for the units that must hold study sessions."""
        launcher: Unit = self.launched_by
        q = subtree_range(launcher.path, prefix)
        if self.required_kinds:
            q &= Q(**{f"{prefix}kind__in": list(self.required_kinds)})
        if self.min_level is not None:
            q &= Q(**{f"{prefix}depth__gte": launcher.depth + self.min_level})
        if self.max_level is not None:
            q &= Q(**{f"{prefix}depth__lte": launcher.depth + self.max_level})
        q &= Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(
            **{f"{prefix}dissolved_on__gt": self.launched_on}
        )
        # A unit formed after the deadline could not have studied in time: not in scope. Units
        # with no party members recorded stay in scope (0 in the denominator, listed as not
        # held): that is how their clerk learns the count is missing.
        q &= Q(**{f"{prefix}active_from__isnull": True}) | Q(
            **{f"{prefix}active_from__lte": self.deadline}
        )
        return q

    def covers(self, unit: Unit) -> bool:
        """The same test as `scope_q`, on one unit already in memory."""
        launcher: Unit = self.launched_by
        level = (len(unit.path) - len(launcher.path)) // PATH_STEP
        return (
            unit.path.startswith(launcher.path)
            and (not self.required_kinds or unit.kind in self.required_kinds)
            and (self.min_level is None or level >= self.min_level)
            and (self.max_level is None or level <= self.max_level)
            and (unit.dissolved_on is None or unit.dissolved_on > self.launched_on)
            and (unit.active_from is None or unit.active_from <= self.deadline)
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (today or datetime.date.today()) > self.deadline
