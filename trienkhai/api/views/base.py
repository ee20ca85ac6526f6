"""What every API view shares: the actor for the audit trail, scoped querysets, write checks."""
from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from trienkhai.access.policy import can_create_root, can_write_unit
from trienkhai.core.context import acting_as

from ..pagination import ApiPagination

NOT_WRITABLE = _("You may read this unit's records but not change them.")


class ActorMixin(APIView):
    """Runs the view as the authenticated user, so audit entries name them.

    The request middleware only knows session users; a token user is authenticated by DRF
    inside the view, so the actor is (re)set here, right after authentication, for the rest of
    the request, with the request id the middleware took from X-Request-ID.
    """

    _actor_stack: contextlib.ExitStack

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with contextlib.ExitStack() as stack:
            self._actor_stack = stack
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authenticates and checks permissions
        user = request.user
        if user is not None and user.is_authenticated:
            request_id = getattr(request, "request_id", None)
            self._actor_stack.enter_context(acting_as(user, user.get_username(), request_id))


def require_write(user: Any, unit: Any) -> None:
    """403 unless the access policy lets `user` change records owned by `unit`.

    Only called on records the user can already read (or on ids validated against the read
    scope), so "may not change" never reveals a record that should answer 404.
    """
    if not can_write_unit(user, unit):
        raise PermissionDenied(NOT_WRITABLE)


def require_write_root(user: Any) -> None:
    """A top-level unit has no parent to decide by; only an unrestricted scope may add one."""
    if not can_create_root(user):
        raise PermissionDenied(NOT_WRITABLE)


class ScopedViewSet(ActorMixin, viewsets.GenericViewSet):
    """A viewset whose rows all come from the access policy's read scope (see get_queryset).

    Writes are explicit methods that validate with an input serializer, check write access
    through the access module and call a service; the answer is read back through the scoped
    queryset, so it has the same shape (and annotations) as the list.
    """

    pagination_class = ApiPagination

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Filters narrow lists only: a record is reachable by id whatever the list filters say
        # (a dissolved unit is hidden from lists by default but still has its own page).
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def validated(
        self, serializer_class: type[BaseSerializer[Any]], instance: Any = None,
        partial: bool = False,
    ) -> dict[str, Any]:
        serializer = serializer_class(
            instance, data=self.request.data, partial=partial,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def respond(self, obj: Model, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)
