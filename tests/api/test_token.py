"""POST /api/token/: the same sign-in, lockout and audit as the web form."""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from trienkhai.accounts.models import User
from trienkhai.audit.models import AuditEntry

from ..conftest import PASSWORD

URL = "/api/token/"


def obtain(username: str, password: str, **extra):
    return APIClient().post(URL, {"username": username, "password": password}, format="json",
                            **extra)


def test_url_name():
    assert reverse("api:token") == URL


def test_token_opens_the_api(world):
    response = obtain("viewer-user", PASSWORD, HTTP_X_REQUEST_ID="req-token")
    assert response.status_code == 200
    token = response.json()["token"]
    assert obtain("viewer-user", PASSWORD).json()["token"] == token  # one token per user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api:unit-list")).status_code == 200
    entry = AuditEntry.objects.get(action="login", request_id="req-token")
    assert entry.object_id == str(world.user("viewer").pk)
    assert entry.actor_label == "sign-in:viewer-user"


def test_bad_credentials_are_400_with_one_message_for_both_cases(world):
    wrong = obtain("viewer-user", "nope")
    unknown = obtain("nobody", "nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert "token" not in wrong.json()


def test_missing_fields(world):
    response = APIClient().post(URL, {}, format="json")
    assert response.status_code == 400
    assert {"username", "password"} <= set(response.json()["fields"])


def test_lockout_after_the_failure_limit(world):
    limit = settings.LOGIN_FAILURE_LIMIT
    answers = [obtain("editor-user", "wrong").status_code for _ in range(limit)]
    assert answers[:-1] == [400] * (limit - 1)
    assert answers[-1] == 423  # the attempt that locks says so at once
    user = User.objects.get(username="editor-user")
    assert user.locked_until is not None
    # Even the right password is refused while locked, with the time it ends.
    locked = obtain("editor-user", PASSWORD)
    assert locked.status_code == 423
    assert "bị khóa đến" in locked.json()["detail"]
    assert "token" not in locked.json()
    assert AuditEntry.objects.filter(action="locked", object_id=str(user.pk)).count() == 1


def test_a_session_cookie_does_not_make_token_requests_need_csrf(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.user("viewer"))
    response = client.post(URL, {"username": "viewer-user", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_expired_token_is_refused_and_replaced_at_sign_in(world, settings):
    import datetime

    from django.utils import timezone
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    first = client.post("/api/token/", {"username": "viewer-user", "password": PASSWORD}).json()
    Token.objects.filter(key=first["token"]).update(
        created=timezone.now() - datetime.timedelta(days=settings.TRIENKHAI_TOKEN_DAYS + 1)
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {first['token']}")
    assert client.get("/api/units/").status_code == 401
    client.credentials()
    second = client.post("/api/token/", {"username": "viewer-user", "password": PASSWORD}).json()
    assert second["token"] != first["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {second['token']}")
    assert client.get("/api/units/").status_code == 200
