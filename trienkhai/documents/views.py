"""Registry pages: list and search, detail with the cascade, and the writing forms.

Thin views: reads go through selectors/search, writes through services; an unreadable document
is a 404 like a missing one, a readable one the user may not change is a 403.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.access.policy import Action, can_write_unit, restrict
from trienkhai.core.errors import ConflictError
from trienkhai.units.models import Unit
from trienkhai.web.formtools import add_service_errors, conflict_rows, keep_typing_after_conflict

from . import selectors
from .attachments import attachment_add, file_response, max_upload_bytes
from .forms import (
    AttachmentForm,
    DocumentFilterForm,
    DocumentForm,
    RelationForm,
    issuer_choices,
)
from .models import Document
from .search import search_documents
from .services import (
    DOCUMENT_FIELDS,
    document_create,
    document_update,
    relation_add,
    relation_remove,
)

PER_PAGE = 25
HISTORY_ROWS = 30


@dataclass
class ResultsPage:
    """What the pager needs, for a page whose total came with the rows (search_documents)."""

    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _writable(request: HttpRequest, document: Document) -> None:
    if not can_write_unit(request.user, document.issuer):
        raise PermissionDenied


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None)
    filters = form.filters()
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    number = _page_number(request)
    found = search_documents(user=request.user, query=query, limit=PER_PAGE,
                             offset=(number - 1) * PER_PAGE, **filters)
    # Name the unit an issuer/unit filter narrows to (when the user may see that unit).
    narrowed = filters.get("issuer") or filters.get("unit")
    context = {
        "form": form, "query": query, "found": found, "cap": found.total - 1,
        "page": ResultsPage(number=number, total=found.total),
        "can_create": issuer_choices(request.user).exists(),
        "narrowed_to": restrict(Unit.objects.filter(pk=narrowed), request.user, Action.READ)
        .first() if narrowed else None,
        "below": bool(filters.get("unit")),
    }
    return render(request, "documents/document_list.html", context)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    cascade = selectors.document_cascade(user=request.user, document=document)
    can_write = can_write_unit(request.user, document.issuer)
    # Direct relations are the cascade's first level; a relation belongs to its source.
    outgoing = [s for s in cascade.up if s.depth == 1]
    incoming = [s for s in cascade.down if s.depth == 1]
    for step in incoming:
        step.removable = can_write_unit(request.user, step.document.issuer)
    context = {
        "document": document,
        "attachments": selectors.document_attachments(user=request.user, document=document),
        "cascade": cascade,
        "outgoing": outgoing,
        "incoming": incoming,
        "history": selectors.document_history(user=request.user, document=document)[
            :HISTORY_ROWS],
        "can_write": can_write,
    }
    return render(request, "documents/document_detail.html", context)




@login_required
@require_http_methods(["GET", "POST"])
def document_create_view(request: HttpRequest) -> HttpResponse:
    if not issuer_choices(request.user).exists():
        raise PermissionDenied
    initial = {"issuer": getattr(request.user, "unit", None)}
    form = DocumentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_create(**form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been registered."))
            return redirect("document-detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": None})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    _writable(request, document)
    initial = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    initial["version"] = document.version
    form = DocumentForm(request.POST or None, user=request.user, initial=initial,
                        current_issuer=document.issuer_id)
    conflict: list[tuple[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        if not can_write_unit(request.user, form.cleaned_data["issuer"]):
            raise PermissionDenied
        try:
            document = document_update(document=document, version=form.cleaned_data["version"],
                                       **form.service_fields())
        except ConflictError as error:
            current = selectors.document_get(user=request.user, pk=pk)
            conflict = conflict_rows(form, current, DOCUMENT_FIELDS)
            keep_typing_after_conflict(request, form, error, current.version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been saved."))
            return redirect("document-detail", pk=document.pk)
    context = {"form": form, "document": document, "conflict": conflict}
    return render(request, "documents/document_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def relation_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    _writable(request, document)
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = selectors.document_by_reference(
                user=request.user, text=form.cleaned_data["target"],
                signed_on=form.cleaned_data.get("target_date"),
            )
            relation_add(source=document, target=target, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The relation has been recorded."))
            return redirect("document-detail", pk=document.pk)
    return render(request, "documents/relation_form.html", {"form": form, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def relation_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    relation = selectors.relation_get(user=request.user, pk=pk)
    if not can_write_unit(request.user, relation.source.issuer):
        raise PermissionDenied
    if request.method == "POST":
        relation_remove(relation=relation)
        messages.success(request, _("The relation has been removed."))
        return redirect("document-detail", pk=relation.source_id)
    return render(request, "documents/relation_confirm_remove.html", {"relation": relation})


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    _writable(request, document)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment_add(document=document, file=upload, name=upload.name)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect("document-detail", pk=document.pk)
    context = {"form": form, "document": document, "limit": max_upload_bytes()}
    return render(request, "documents/attachment_form.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served only through here, after the access check: never from a media URL."""
    return file_response(selectors.attachment_get(user=request.user, pk=pk))

