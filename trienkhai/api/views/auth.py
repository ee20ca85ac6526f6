"""/api/token/: a token for scripts and apps, through the same sign-in (and lockout) as the web."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from trienkhai.accounts.services import SignInError, sign_in
from trienkhai.core.context import acting_as

from ..authentication import token_for
from ..serializers import ErrorSerializer, TokenRequestSerializer, TokenSerializer


class TokenObtainView(APIView):
    # Credentials are in the body; a session cookie must not make this a CSRF-checked call.
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer, 423: ErrorSerializer},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username = serializer.validated_data["username"]
        # Like the web sign-in: the attempt is recorded under the name that was tried.
        with acting_as(None, f"sign-in:{username[:100]}", getattr(request, "request_id", None)):
            try:
                user = sign_in(
                    username=username,
                    password=serializer.validated_data["password"],
                    request=request._request,
                )
            except SignInError as exc:
                code = status.HTTP_423_LOCKED if exc.locked_until else status.HTTP_400_BAD_REQUEST
                return Response({"detail": exc.message}, status=code)
        token = token_for(user)
        return Response({"token": token.key})
