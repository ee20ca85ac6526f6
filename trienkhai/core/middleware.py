from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting_as, new_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives each request an id (kept from X-Request-ID when sane) and records the actor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        # DRF token users are only known inside the view; see api.views.ActorMixin.
        authenticated = user is not None and user.is_authenticated
        label = user.get_username() if authenticated and user is not None else "anonymous"
        with acting_as(user if authenticated else None, label, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
