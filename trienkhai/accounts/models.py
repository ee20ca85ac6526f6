from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver (leader)")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Clearance(models.IntegerChoices):
    """Confidentiality levels a user may read (thường < mật < tối mật < tuyệt mật)."""

    NORMAL = 0, _("Normal")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Top confidential")
    TOP_SECRET = 3, _("Absolutely confidential")


class User(AbstractUser):
    """An account belongs to one unit with one role; access.policy decides what it reaches."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # The person behind the account: a supervisor reads the units this person is in charge of.
    person = models.OneToOneField(
        "units.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=Clearance.choices, default=Clearance.NORMAL
    )
    failed_logins = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
