"""Annual themes (chủ đề năm) set under a document, and the units' yearly registrations."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.units.models import Unit


class AnnualTheme(models.Model):
    """E.g. the city's 2022 theme under Conclusion 01-KL/TW. Flows down like the document."""

    document = models.ForeignKey(
        "documents.Document", verbose_name=_("document"), on_delete=models.PROTECT,
        related_name="annual_themes",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="annual_themes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("theme"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("annual theme")
        verbose_name_plural = _("annual themes")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit", "year"],
                                    name="theme_document_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    @property
    def confidentiality(self) -> int:
        return self.document.confidentiality


class ThemeRegistration(models.Model):
    """What one unit registers to do under the year's theme."""

    theme = models.ForeignKey(AnnualTheme, verbose_name=_("annual theme"),
                              on_delete=models.PROTECT, related_name="registrations")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="theme_registrations")
    province_key = models.CharField(max_length=8, editable=False)
    content = models.TextField(_("registered content"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theme registration")
        verbose_name_plural = _("theme registrations")
        ordering = ["theme", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "unit"], name="registration_theme_unit"),
        ]
        indexes = [models.Index(fields=["province_key", "theme"], name="registration_province")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.theme}"

    @property
    def confidentiality(self) -> int:
        return self.theme.document.confidentiality
