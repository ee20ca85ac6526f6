"""REST endpoint of the names and titles check: POST /api/names-check/.

JSON {"text": ..., "date": "YYYY-MM-DD"?} or multipart with a `file` (text, .docx, PDF or saved
page). Answers the people with their matches, flags and evidence, and the documents with their
link or "proposed". Nothing is written. Unreadable input is a 400 naming the field.
"""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from trienkhai.api.serializers import ErrorSerializer
from trienkhai.api.views.base import ActorMixin

from .errors import ExtractionInputError
from .names_check import as_data, input_message, names_check, text_from_paste, text_from_upload


class NamesCheckInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text=_("The article's text (or send a file)."))
    file = serializers.FileField(required=False,
                                 help_text=_("Text, Word .docx, PDF or saved web page."))
    date = serializers.DateField(required=False, allow_null=True,
                                 help_text=_("The article's date; default: its dateline."))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        upload = attrs.get("file")
        field = "file" if upload else "text"
        try:
            attrs["article"] = (text_from_upload(upload) if upload
                                else text_from_paste(attrs.get("text") or ""))
        except ExtractionInputError as err:
            raise serializers.ValidationError({field: [input_message(err)]}) from None
        return attrs


class NamesCheckJsonSerializer(serializers.Serializer[Any]):
    """The JSON form of the input (the schema's view of it)."""

    text = serializers.CharField()
    date = serializers.DateField(required=False, allow_null=True)


class CheckFlagSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    params = serializers.DictField(child=serializers.JSONField())


class CheckEvidenceSerializer(serializers.Serializer[Any]):
    sentence = serializers.CharField()
    spans = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2,
                                    max_length=2),
        help_text=_("Highlighted [start, end) offsets in the sentence."),
    )


class CheckRegisteredPersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    unit = serializers.CharField()


class CheckPersonResultSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    titles = serializers.ListField(child=serializers.CharField())
    match = serializers.CharField(help_text=_("exact, tone_marks, one_letter or empty"))
    person = CheckRegisteredPersonSerializer(allow_null=True)
    candidates = CheckRegisteredPersonSerializer(many=True)
    titles_on_date = serializers.ListField(child=serializers.CharField())
    positions_known = serializers.BooleanField()
    proposed = serializers.BooleanField()
    flags = CheckFlagSerializer(many=True)
    evidence = CheckEvidenceSerializer(many=True)


class CheckExtractedDocumentSerializer(serializers.Serializer[Any]):
    symbol = serializers.CharField(allow_null=True)
    number = serializers.CharField(allow_null=True)
    type = serializers.CharField()
    title = serializers.CharField()
    issuer = serializers.CharField(allow_null=True)
    date = serializers.CharField(allow_null=True)
    mentions = serializers.ListField(child=serializers.CharField())


class CheckRegisteredDocumentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    symbol = serializers.CharField()
    title = serializers.CharField()
    signed_on = serializers.DateField()
    name = serializers.CharField(help_text=_("Type and symbol, or the title"))


class CheckDocumentResultSerializer(serializers.Serializer[Any]):
    extracted = CheckExtractedDocumentSerializer()
    document = CheckRegisteredDocumentSerializer(allow_null=True)
    candidates = CheckRegisteredDocumentSerializer(many=True)
    proposed = serializers.BooleanField()
    flags = CheckFlagSerializer(many=True)
    evidence = CheckEvidenceSerializer(many=True)


class NamesCheckResultSerializer(serializers.Serializer[Any]):
    article_date = serializers.DateField(allow_null=True)
    date_source = serializers.CharField(help_text=_("given, dateline or empty (unknown)"))
    people = CheckPersonResultSerializer(many=True)
    documents = CheckDocumentResultSerializer(many=True)


class NamesCheckViewSet(ActorMixin, viewsets.ViewSet):
    """The names and titles check of a draft or published article (reads only)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = NamesCheckInputSerializer

    @extend_schema(
        operation_id="names_check",
        request={"application/json": NamesCheckJsonSerializer,
                 "multipart/form-data": NamesCheckInputSerializer},
        responses={200: NamesCheckResultSerializer, 400: ErrorSerializer},
    )
    def create(self, request: Request) -> Response:
        """Match the people and documents of an article against the registry."""
        serializer = NamesCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = names_check(data["article"], user=request.user, on=data.get("date"))
        return Response(NamesCheckResultSerializer(as_data(result)).data)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the project's API router."""
    router.register("names-check", NamesCheckViewSet, basename="names-check")
