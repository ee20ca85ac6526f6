"""Sign-in with lockout, password changes and account creation, each audited."""
from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record

from .models import Role, User


class SignInError(Exception):
    def __init__(self, message: str, locked_until: datetime.datetime | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.locked_until = locked_until


def _locked_message(until: datetime.datetime) -> str:
    local = timezone.localtime(until)
    return _("Too many failed attempts. This account is locked until %(time)s.") % {
        "time": local.strftime("%H:%M %d/%m/%Y")
    }


def sign_in(*, username: str, password: str, request: HttpRequest | None = None) -> User:
    """Check the credentials; lock the account after repeated failures.

    Unknown usernames and wrong passwords get the same message, so accounts cannot be probed.
    """
    invalid = _("The username or password is not correct.")
    user = User.objects.filter(username=username).first()
    now = timezone.now()
    if user is not None and user.locked_until and user.locked_until > now:
        raise SignInError(_locked_message(user.locked_until), user.locked_until)
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        if user is not None:
            _record_failure(user)
            user.refresh_from_db(fields=["locked_until"])
            if user.locked_until and user.locked_until > now:
                raise SignInError(_locked_message(user.locked_until), user.locked_until)
        raise SignInError(invalid)
    assert isinstance(authenticated, User)
    with transaction.atomic():
        User.objects.filter(pk=authenticated.pk).update(failed_logins=0, locked_until=None)
        audit_record(action=AuditAction.LOGIN, obj=authenticated, unit_id=authenticated.unit_id)
    return authenticated


@transaction.atomic
def _record_failure(user: User) -> None:
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.failed_logins += 1
    changes: dict[str, list[Any]] = {
        "failed_logins": [locked.failed_logins - 1, locked.failed_logins]
    }
    action = AuditAction.LOGIN_FAILED
    if locked.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
        locked.locked_until = timezone.now() + datetime.timedelta(
            minutes=settings.LOGIN_LOCKOUT_MINUTES
        )
        locked.failed_logins = 0
        action = AuditAction.LOCKED
        changes["locked_until"] = [None, locked.locked_until.isoformat()]
    locked.save(update_fields=["failed_logins", "locked_until"])
    audit_record(action=action, obj=locked, unit_id=locked.unit_id, changes=changes)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your old password was entered incorrectly.")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(action=AuditAction.PASSWORD_CHANGE, obj=user, unit_id=user.unit_id)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    unit: Any,
    role: str = Role.VIEWER,
    full_name: str = "",
    person: Any = None,
    clearance: int = 0,
    email: str = "",
    check_password_strength: bool = True,
) -> User:
    """Create an account. Only the demo skips the strength check (its password is fixed)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    user = User(
        username=username, unit=unit, role=role, person=person, clearance=clearance, email=email,
        first_name=full_name,
    )
    if password:
        if check_password_strength:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=user,
        unit_id=unit.pk if unit else None,
        changes={"username": [None, username], "role": [None, role],
                 "unit": [None, unit.pk if unit else None]},
    )
    return user
