from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from trienkhai.accounts.models import User
from trienkhai.audit.models import AuditEntry

from ..conftest import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_lands_on_own_unit(world, client):
    response = sign_in(client, "viewer-user", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("unit-detail", args=[world.units["own"].pk])
    viewer_id = str(world.user("viewer").pk)
    assert AuditEntry.objects.filter(action="login", object_id=viewer_id).exists()


def test_wrong_password_and_unknown_user_get_the_same_message(world, client):
    wrong = sign_in(client, "viewer-user", "nope").content.decode()
    unknown = sign_in(client, "nobody", "nope").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown


def test_lockout_after_repeated_failures(world, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "editor-user", "wrong")
    user = User.objects.get(username="editor-user")
    assert user.locked_until is not None and user.locked_until > timezone.now()
    # Even the right password is refused while locked, with a message saying until when.
    response = sign_in(client, "editor-user", PASSWORD)
    assert response.status_code == 200
    assert "bị khóa đến" in response.content.decode()
    assert AuditEntry.objects.filter(action="locked", object_id=str(user.pk)).count() == 1


def test_lock_expires(world, client):
    user = world.user("editor")
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert sign_in(client, "editor-user", PASSWORD).status_code == 302


def test_sign_in_redirects_only_to_own_host(world, client):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "viewer-user", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_password_change(world, client):
    client.force_login(world.user("viewer"))
    response = client.post(reverse("password-change"), {
        "old_password": PASSWORD, "new_password": "a much better passphrase 42",
        "new_password_again": "a much better passphrase 42",
    })
    assert response.status_code == 302
    user = User.objects.get(pk=world.user("viewer").pk)
    assert user.check_password("a much better passphrase 42")
    assert AuditEntry.objects.filter(action="password_change", object_id=str(user.pk)).exists()
    # Still signed in after the change.
    assert client.get(reverse("person-list")).status_code == 200


@pytest.mark.parametrize("old, new, again, field", [
    ("wrong", "a much better passphrase 42", "a much better passphrase 42", "old_password"),
    (PASSWORD, "a much better passphrase 42", "different passphrase 42", "new_password_again"),
    (PASSWORD, "123", "123", "new_password"),
])
def test_password_change_errors_keep_the_form(world, client, old, new, again, field):
    client.force_login(world.user("viewer"))
    response = client.post(reverse("password-change"), {
        "old_password": old, "new_password": new, "new_password_again": again,
    })
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert User.objects.get(pk=world.user("viewer").pk).check_password(PASSWORD)


def test_sign_out_needs_post(world, client):
    client.force_login(world.user("viewer"))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("person-list")).status_code == 302
