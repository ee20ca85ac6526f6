"""REST endpoints of the registry. `register(router)` adds them to the project's router.

Built like the other API views (api.views.base): rows come from the access policy, writes
validate an input serializer, check write access and call a service as the requesting user.
The document list is the same search as the registry page (`?q=` ranks, highlights and counts
inside one query); service errors become 400 {"fields": ...} and 409 via api.errors.
"""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.utils.urls import remove_query_param, replace_query_param

from trienkhai.access.policy import Action, restrict
from trienkhai.api.filters import IdFilter
from trienkhai.api.pagination import ApiPagination
from trienkhai.api.serializers import ErrorSerializer
from trienkhai.api.views.base import ScopedViewSet, require_write
from trienkhai.units.models import Person, Unit

from . import selectors
from .attachments import attachment_add, file_response
from .forms import confidentiality_choices
from .models import (
    Attachment,
    Confidentiality,
    Document,
    DocumentRelation,
    DocumentStatus,
    DocumentType,
)
from .search import SearchResult, search_documents
from .services import document_create, document_update, relation_add, relation_remove

WRITE_ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
LIST_FIELDS = ["id", "doc_type", "number", "symbol", "symbol_key", "issuer", "issuer_name",
               "signed_on", "signer", "signer_name", "term", "title", "excerpt",
               "confidentiality", "status", "version", "created_at"]


def _scoped(serializer: serializers.Serializer[Any], name: str, queryset: QuerySet[Any]) -> None:
    """Only what the requesting user may use is a valid choice: others read as missing."""
    field: Any = serializer.fields[name]  # the stubs type `queryset` as a manager descriptor
    field.queryset = queryset


# --- serializers ------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer[Document]):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = Document
        fields = [*LIST_FIELDS, "full_text"]
        read_only_fields = fields


class DocumentListSerializer(serializers.ModelSerializer[Document]):
    """A list row; for a search also its rank and the title and snippet with <mark> tags."""

    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    rank = serializers.FloatField(read_only=True, allow_null=True)
    title_html = serializers.CharField(read_only=True)
    snippet_html = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [*LIST_FIELDS, "rank", "title_html", "snippet_html"]
        read_only_fields = fields


class _Listed:
    """A search result read like its document, with the rank and marked text beside it."""

    def __init__(self, result: SearchResult) -> None:
        self._document = result.document
        self.rank = result.rank
        self.title_html = str(result.title)
        self.snippet_html = str(result.snippet)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._document, name)


class DocumentPageSerializer(serializers.Serializer[Any]):
    """A page of the list (the shape of every paginated list, plus `capped`)."""

    count = serializers.IntegerField(help_text=_("Exact unless `capped`: then \"more than\" "
                                                 "count - 1, and the newest matches are ranked"))
    capped = serializers.BooleanField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DocumentListSerializer(many=True)


class DocumentWriteSerializer(serializers.Serializer[Any]):
    """Input only: types and scope are checked here, everything else by the services."""

    doc_type = serializers.ChoiceField(choices=DocumentType.choices, required=False,
                                       allow_blank=True)
    number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    symbol = serializers.CharField(required=False, allow_blank=True, max_length=120)
    issuer = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    signed_on = serializers.DateField()
    signer = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False,
                                                allow_null=True)
    signer_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    term = serializers.CharField(required=False, allow_blank=True, max_length=20)
    title = serializers.CharField(max_length=1000)
    excerpt = serializers.CharField(required=False, allow_blank=True)
    full_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    # Every level for the schema; each user may pick up to their own clearance (see __init__).
    confidentiality = serializers.ChoiceField(choices=Confidentiality.choices, required=False)
    status = serializers.ChoiceField(choices=DocumentStatus.choices, required=False)
    version = serializers.IntegerField(
        required=False, write_only=True,
        help_text=_("The version you read; if someone saved since, the answer is 409."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # the schema generator: no user, no choices
            return
        user = request.user
        _scoped(self, "issuer", restrict(Unit.objects.all(), user, Action.WRITE))
        _scoped(self, "signer", restrict(Person.objects.all(), user, Action.READ))
        level = self.fields["confidentiality"]
        assert isinstance(level, serializers.ChoiceField)
        level.choices = confidentiality_choices(user)


class RelationSerializer(serializers.ModelSerializer[DocumentRelation]):
    source_repr = serializers.CharField(source="source.__str__", read_only=True)
    target_repr = serializers.CharField(source="target.__str__", read_only=True)

    class Meta:
        model = DocumentRelation
        fields = ["id", "source", "source_repr", "kind", "target", "target_repr"]
        validators: list[Any] = []  # the service says why a relation is refused

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        readable = selectors.documents_for(request.user if request else None)
        _scoped(self, "source", readable)
        _scoped(self, "target", readable)


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "document", "original_name", "content_type", "size", "uploaded_at",
                  "download"]
        read_only_fields = fields

    def get_download(self, obj: Attachment) -> str | None:
        """The access-checked download URL (files have no public address)."""
        path = reverse("api:attachment-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class CascadeStepSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="document.pk")
    symbol = serializers.CharField(source="document.symbol")
    title = serializers.CharField(source="document.title")
    doc_type = serializers.CharField(source="document.doc_type")
    signed_on = serializers.DateField(source="document.signed_on")
    issuer = serializers.IntegerField(source="document.issuer_id")
    issuer_name = serializers.CharField(source="document.issuer.name")
    relation = serializers.CharField(source="kind")
    relation_id = serializers.IntegerField()
    reached_from = serializers.IntegerField(source="parent_id")
    depth = serializers.IntegerField()


class CascadeSerializer(serializers.Serializer[Any]):
    up = CascadeStepSerializer(many=True)
    down = CascadeStepSerializer(many=True)
    truncated = serializers.BooleanField()


class DocumentQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text=_("Words or a symbol in any loose form"))
    type = serializers.ChoiceField(choices=DocumentType.choices, required=False)
    issuer = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(required=False, min_value=1930, max_value=2100)
    term = serializers.CharField(required=False, max_length=20)
    status = serializers.ChoiceField(choices=DocumentStatus.choices, required=False)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                    help_text=_("Issued within this unit's subtree"))
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1,
                                         max_value=ApiPagination.max_page_size,
                                         default=ApiPagination.page_size)


class ByDocumentFilter(django_filters.FilterSet):
    document = IdFilter(method="filter_document", label=_("Of this document id"))

    def filter_document(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if queryset.model is DocumentRelation:
            return queryset.filter(Q(source_id=value) | Q(target_id=value))
        return queryset.filter(document_id=value)


class RelationFilter(ByDocumentFilter):
    class Meta:
        model = DocumentRelation
        fields = ["document"]


class AttachmentFilter(ByDocumentFilter):
    class Meta:
        model = Attachment
        fields = ["document"]


# --- views ------------------------------------------------------------------------------------


class DocumentViewSet(ScopedViewSet):
    serializer_class = DocumentSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Document]:
        return selectors.documents_for(self.request.user).select_related("issuer")

    def get_object(self) -> Document:
        return selectors.document_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[DocumentQuerySerializer], responses=DocumentPageSerializer)
    def list(self, request: Request) -> Response:
        params = DocumentQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        number, size = data.pop("page"), data.pop("page_size")
        data["doc_type"] = data.pop("type", None)
        found = search_documents(user=request.user, query=data.pop("q", ""), limit=size,
                                 offset=(number - 1) * size, **data)
        url = request.build_absolute_uri()
        previous = None
        if number > 1:
            previous = (replace_query_param(url, "page", number - 1) if number > 2
                        else remove_query_param(url, "page"))
        rows: list[Any] = [_Listed(result) for result in found.results]
        return Response({
            "count": found.total,
            "capped": found.capped,
            "next": replace_query_param(url, "page", number + 1)
            if number * size < found.total else None,
            "previous": previous,
            "results": DocumentListSerializer(rows, many=True).data,
        })

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=DocumentWriteSerializer,
                   responses={201: DocumentSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(DocumentWriteSerializer)
        data.pop("version", None)
        require_write(request.user, data["issuer"])
        return self.respond(document_create(**data), status.HTTP_201_CREATED)

    @extend_schema(request=DocumentWriteSerializer,
                   responses={200: DocumentSerializer, 409: ErrorSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        document = self.get_object()
        require_write(request.user, document.issuer)
        data = self.validated(DocumentWriteSerializer, partial=True)
        version = data.pop("version", None)
        return self.respond(document_update(document=document, version=version, **data))

    @extend_schema(responses={200: CascadeSerializer, 404: ErrorSerializer})
    @action(detail=True, filter_backends=[], pagination_class=None)
    def cascade(self, request: Request, pk: Any = None) -> Response:
        """The chain up (what it carries out) and down (what carries it out), readable steps."""
        cascade = selectors.document_cascade(user=request.user, document=self.get_object())
        return Response(CascadeSerializer(cascade).data)

    @extend_schema(methods=["GET"], responses=AttachmentSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": AttachmentUploadSerializer},
                   responses={201: AttachmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def attachments(self, request: Request, pk: Any = None) -> Response:
        """The document's files; POST one (PDF, DOCX or text; the type is read from the bytes)."""
        document = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            rows = selectors.document_attachments(user=request.user, document=document)
            return Response(AttachmentSerializer(rows, many=True, context=context).data)
        require_write(request.user, document.issuer)
        file = self.validated(AttachmentUploadSerializer)["file"]
        attachment = attachment_add(document=document, file=file, name=file.name)
        return Response(AttachmentSerializer(attachment, context=context).data,
                        status=status.HTTP_201_CREATED)


class DocumentRelationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Relations whose both documents are readable; `?document=` for those of one document."""

    serializer_class = RelationSerializer
    filterset_class = RelationFilter

    def get_queryset(self) -> QuerySet[DocumentRelation]:
        return selectors.relations_for(self.request.user)

    def get_object(self) -> DocumentRelation:
        return selectors.relation_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=RelationSerializer,
                   responses={201: RelationSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(RelationSerializer)
        require_write(request.user, data["source"].issuer)
        relation = relation_add(source=data["source"], target=data["target"], kind=data["kind"])
        return self.respond(relation, status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def destroy(self, request: Request, pk: Any = None) -> Response:
        relation = self.get_object()
        require_write(request.user, relation.source.issuer)
        relation_remove(relation=relation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttachmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilter

    def get_queryset(self) -> QuerySet[Attachment]:
        return restrict(Attachment.objects.all(), self.request.user, Action.READ).defer(
            "text").order_by("id")

    def get_object(self) -> Attachment:
        return selectors.attachment_get(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(
        response=OpenApiTypes.BINARY), 404: ErrorSerializer})
    @action(detail=True, filter_backends=[], pagination_class=None)
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        """The file itself, after the access check: attachments have no public address."""
        return file_response(self.get_object())


def register(router: BaseRouter) -> None:
    """Add the registry's endpoints to the project's (namespaced "api") router."""
    router.register("documents", DocumentViewSet, basename="document")
    router.register("document-relations", DocumentRelationViewSet, basename="document-relation")
    router.register("attachments", AttachmentViewSet, basename="attachment")
