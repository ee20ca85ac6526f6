"""Working sessions between levels (buổi làm việc), the press items that report them (tin bài)
and the reviews that turn a pasted article into both (phiên xem xét bài viết).

A session belongs to its host unit: the units above read it, siblings and the units below do
not (access_rules). Attendees and conclusions belong to their session. A conclusion with a
deadline may carry the task created for it in one of the host unit's plans.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.accounts.models import Clearance


class PressItem(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("recorded by unit"), on_delete=models.PROTECT,
        related_name="press_items",
    )
    title = models.CharField(pgettext_lazy("press item", "title"), max_length=500)
    outlet = models.CharField(_("newspaper or website"), max_length=200, blank=True)
    url = models.URLField(_("address (URL)"), max_length=1000, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    text = models.TextField(_("text of the article"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["unit", "-published_on"], name="press_unit_date")]

    def __str__(self) -> str:
        return self.title[:200]


class WorkingSession(models.Model):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("host unit"), on_delete=models.PROTECT,
        related_name="working_sessions",
    )
    visiting_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("visiting unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="working_sessions_visited",
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    title = models.CharField(pgettext_lazy("working session", "title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    press_item = models.ForeignKey(
        PressItem, verbose_name=_("press item"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="sessions",
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents discussed"), blank=True,
        related_name="working_sessions",
    )
    # Organisations the report names, as written (kept so nothing read is lost).
    organisations = models.JSONField(_("organisations named"), default=list, blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working session")
        verbose_name_plural = _("working sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "-held_on"], name="wsession_unit_date")]

    def __str__(self) -> str:
        return f"{self.title[:200]} ({self.held_on:%d/%m/%Y})"


class Attendee(models.Model):
    session = models.ForeignKey(
        WorkingSession, verbose_name=_("working session"), on_delete=models.CASCADE,
        related_name="attendees",
    )
    person = models.ForeignKey(
        "units.Person", verbose_name=_("person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="sessions_attended",
    )
    name = models.CharField(_("name as written"), max_length=200)
    title = models.CharField(_("title as written"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["session", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    @property
    def confidentiality(self) -> int:
        """The session's level: this record's history is as classified as the session."""
        return int(self.session.confidentiality)


class Conclusion(models.Model):
    session = models.ForeignKey(
        WorkingSession, verbose_name=_("working session"), on_delete=models.CASCADE,
        related_name="conclusions",
    )
    text = models.TextField(_("conclusion"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    owner_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit in charge"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="session_conclusions",
    )
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="session_conclusions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["session", "order", "id"]

    def __str__(self) -> str:
        return self.text[:120]

    @property
    def confidentiality(self) -> int:
        return int(self.session.confidentiality)


class ReviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("article review", "Open")
    DONE = "done", pgettext_lazy("article review", "Records created")
    DISCARDED = "discarded", pgettext_lazy("article review", "Discarded")


class ArticleReview(models.Model):
    """One article read into proposals, and the user's decisions on them while they work.

    `proposals` is what the extraction and matching found (services_review documents its
    shape); `decisions` the user's confirm / edit / reject per proposal, saved as a draft until
    the records are created.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="article_reviews",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    source_text = models.TextField(_("text of the article"))
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    article_date = models.DateField(_("date of the article"), null=True, blank=True)
    status = models.CharField(pgettext_lazy("article review", "status"), max_length=20,
                              choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    proposals = models.JSONField(_("proposals"), default=dict)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    press_item = models.ForeignKey(
        PressItem, verbose_name=_("press item"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    session = models.ForeignKey(
        WorkingSession, verbose_name=_("working session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("article review")
        verbose_name_plural = _("article reviews")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="review_unit_status")]

    def __str__(self) -> str:
        title = str(self.proposals.get("press", {}).get("title", "")) if self.proposals else ""
        return title[:200] or self.source_name or str(_("Article review"))
