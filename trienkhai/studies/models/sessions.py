"""Study sessions (hội nghị học tập, quán triệt) held by a unit, with attendance and absences."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.units.models import Unit

from .campaigns import StudyCampaign


class SessionForm(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    COMBINED = "combined", _("Combined (in person and online)")


class ConferenceLevel(models.TextChoices):
    CENTRAL = "central", _("Central conference")
    PROVINCIAL = "provincial", _("Provincial conference")
    DISTRICT = "district", _("District conference (before 2025)")
    COMMUNE = "commune", _("Commune conference")
    GRASSROOTS = "grassroots", _("Grassroots conference")
    CELL = "cell", _("Party cell meeting")


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    ON_DUTY = "on_duty", _("On duty or on a work trip")
    EXEMPT = "exempt", _("Exempt from activities (old age, poor health)")
    FAMILY = "family", _("Family matters")
    OTHER = "other", _("Other reason")


class StudySession(models.Model):
    """One conference of one unit for one campaign.

    A make-up session (học bù) is held for the party members absent from one original session
    of the same unit; see studies.coverage for how it counts towards coverage.
    """

    campaign = models.ForeignKey(
        StudyCampaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
        related_name="sessions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="study_sessions"
    )
    # The unit's top-level subtree path: the partition key (see Unit.province_path).
    province_key = models.CharField(max_length=8, editable=False)
    held_on = models.DateField(_("date held"))
    form = models.CharField(_("form"), max_length=16, choices=SessionForm.choices,
                            default=SessionForm.IN_PERSON)
    connection_points = models.PositiveSmallIntegerField(_("connection points"), default=1)
    conference_level = models.CharField(_("level of the conference"), max_length=16,
                                        choices=ConferenceLevel.choices)
    presenters = models.TextField(_("presenters"), blank=True)
    cadres_attended = models.PositiveIntegerField(_("key cadres attending"), default=0)
    members_attended = models.PositiveIntegerField(_("party members attending"), default=0)
    invited_attended = models.PositiveIntegerField(_("invited guests attending"), default=0)
    # The sum of the absence lines, kept here so coverage SQL reads one table.
    members_absent = models.PositiveIntegerField(_("party members absent"), default=0,
                                                 editable=False)
    is_make_up = models.BooleanField(_("make-up session"), default=False)
    make_up_of = models.ForeignKey(
        "self", verbose_name=_("make-up for the session of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="make_ups",
    )
    assessments_count = models.PositiveIntegerField(_("written assessments (thu hoạch)"),
                                                    default=0)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["campaign", "unit", "held_on"], name="session_campaign_unit"),
            models.Index(fields=["unit", "-held_on"], name="session_unit_date"),
            models.Index(fields=["province_key", "campaign"], name="session_province"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_make_up=False, make_up_of__isnull=True)
                | models.Q(is_make_up=True, make_up_of__isnull=False),
                name="session_make_up_has_original",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on:%d/%m/%Y}" if self.unit_id else str(self.held_on)

    @property
    def confidentiality(self) -> int:
        return self.campaign.confidentiality


class StudyAbsence(models.Model):
    """Absent party members of one session for one reason.

    A table rather than JSON on the session: absences by reason are added up over a subtree
    with one indexed GROUP BY on both engines, and every line is validated like any field.
    """

    session = models.ForeignKey(
        StudySession, verbose_name=_("study session"), on_delete=models.CASCADE,
        related_name="absences",
    )
    province_key = models.CharField(max_length=8, editable=False)
    reason = models.CharField(_("reason"), max_length=16, choices=AbsenceReason.choices)
    count = models.PositiveIntegerField(_("number absent"))
    note = models.CharField(_("details"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["session", "reason"]
        constraints = [
            models.UniqueConstraint(fields=["session", "reason"], name="absence_session_reason"),
        ]
        indexes = [models.Index(fields=["province_key", "reason"], name="absence_province")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.count}"
