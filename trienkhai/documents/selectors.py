"""Reads on the registry, always through the access policy (restrict / get_for_user).

A relation is shown only when both of its documents are readable: the cascade walks only
through documents the user may read, so an unreadable link in a chain hides what lies beyond.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from trienkhai.access.policy import Action, get_for_user, restrict
from trienkhai.audit.models import AuditEntry
from trienkhai.units.models import Unit
from trienkhai.units.models.tree import subtree_range

from .models import Attachment, Document, DocumentRelation, RelationKind
from .services import symbol_reason
from .symbols import SymbolError, parse_symbol, symbol_key

# Columns a list never shows: long texts stay in the database.
LIST_DEFERRED = ("full_text", "search_text", "search_title")
CASCADE_MAX_DEPTH = 12
CASCADE_MAX_NODES = 300


def documents_for(user: Any, action: Action = Action.READ) -> QuerySet[Document]:
    return restrict(Document.objects.all(), user, action)


def _unit_path(unit: Unit | int | str) -> str | None:
    if isinstance(unit, Unit):
        return unit.path
    return Unit.objects.filter(pk=unit).values_list("path", flat=True).first()


def apply_filters(
    qs: QuerySet[Document], *, doc_type: str | None = None, issuer: Unit | int | None = None,
    year: int | None = None, term: str | None = None, status: str | None = None,
    unit: Unit | int | None = None,
) -> QuerySet[Document]:
    """The registry's filters: type, issuing unit, year signed, term, status, unit subtree."""
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer:
        qs = qs.filter(issuer_id=issuer.pk if isinstance(issuer, Unit) else issuer)
    if year:
        # A range, not __year, so the (type|issuer, -signed_on) indexes can serve it.
        qs = qs.filter(signed_on__gte=datetime.date(year, 1, 1),
                       signed_on__lt=datetime.date(year + 1, 1, 1))
    if term:
        qs = qs.filter(term=term.strip().upper())  # stored upper case (services)
    if status:
        qs = qs.filter(status=status)
    if unit:
        path = _unit_path(unit)
        qs = qs.filter(subtree_range(path, "issuer__")) if path else qs.none()
    return qs


def document_list(*, user: Any, **filters: Any) -> QuerySet[Document]:
    """The readable documents passing the filters, newest first, planned for the database."""
    from .search_engines import engine_for  # it builds on apply_filters above

    readable = documents_for(user)
    listed = engine_for(connections[readable.db].vendor).listing(readable, **filters)
    return listed.select_related("issuer").defer(*LIST_DEFERRED).order_by("-signed_on", "-id")


def document_get(*, user: Any, pk: Any, action: Action = Action.READ) -> Document:
    """One document the user may reach, or 404 (the same for missing and forbidden)."""
    return get_for_user(
        Document.objects.select_related("issuer", "signer"), user, action, pk=pk
    )


def document_attachments(*, user: Any, document: Document) -> QuerySet[Attachment]:
    return restrict(Attachment.objects.all(), user, Action.READ).filter(
        document=document
    ).defer("text")


def attachment_get(*, user: Any, pk: Any) -> Attachment:
    return get_for_user(Attachment.objects.select_related("document"), user, Action.READ, pk=pk)


def relation_get(*, user: Any, pk: Any, action: Action = Action.READ) -> DocumentRelation:
    """A relation whose both ends the user reads (and, for WRITE, whose source they write)."""
    qs = restrict(DocumentRelation.objects.select_related("source__issuer", "target__issuer"),
                  user, action).filter(target__in=documents_for(user).values("pk"))
    return get_for_user(qs, user, action, pk=pk)


def relations_for(user: Any) -> QuerySet[DocumentRelation]:
    return (
        restrict(DocumentRelation.objects.all(), user, Action.READ)
        .filter(target__in=documents_for(user).values("pk"))
        .select_related("source__issuer", "target__issuer")
        .order_by("id")
    )


def document_history(*, user: Any, document: Document) -> QuerySet[AuditEntry]:
    """The document's audit entries the user may read (unit scope and clearance)."""
    return (
        restrict(AuditEntry.objects.all(), user, Action.READ)
        .filter(object_type=Document._meta.label_lower, object_id=str(document.pk))
        .select_related("unit")
    )


# --- the cascade ------------------------------------------------------------------------------


@dataclass
class CascadeStep:
    document: Document
    kind: str  # the relation between this step and the one it was reached from
    parent_id: int  # the document it was reached from
    relation_id: int
    depth: int  # 1 = directly related
    removable: bool = False  # set by a page: whether the user may remove this relation

    @property
    def kind_label(self) -> str:
        return str(RelationKind(self.kind).label)


@dataclass
class Cascade:
    """Up: what the document carries out, recursively. Down: what carries it out, recursively."""

    up: list[CascadeStep] = field(default_factory=list)
    down: list[CascadeStep] = field(default_factory=list)
    truncated: bool = False


def _level(user: Any, frontier: set[int], *, upward: bool) -> list[CascadeStep]:
    """The readable documents one relation away from `frontier`: one query, issuers joined."""
    link = "relations_in" if upward else "relations_out"
    other = "source_id" if upward else "target_id"
    rows = (
        documents_for(user)
        .filter(**{f"{link}__{other}__in": frontier})
        .annotate(link_kind=F(f"{link}__kind"), link_from=F(f"{link}__{other}"),
                  link_id=F(f"{link}__id"))
        .select_related("issuer")
        .defer(*LIST_DEFERRED)
        .order_by("signed_on", "id")
    )
    return [CascadeStep(document=d, kind=d.link_kind, parent_id=d.link_from,
                        relation_id=d.link_id, depth=0) for d in rows]


def _walk(
    user: Any, start: Document, *, upward: bool, limit: int
) -> tuple[list[CascadeStep], bool]:
    """Breadth first, one query per level, each document once, within the bounds."""
    steps: list[CascadeStep] = []
    seen, frontier = {start.pk}, {start.pk}
    for depth in range(1, CASCADE_MAX_DEPTH + 1):
        if not frontier:
            return steps, False
        found = []
        for step in _level(user, frontier, upward=upward):
            if step.document.pk in seen:
                continue
            seen.add(step.document.pk)
            step.depth = depth
            found.append(step)
        if len(steps) + len(found) > limit:
            steps += found[: limit - len(steps)]
            return steps, True
        steps += found
        frontier = {step.document.pk for step in found}
    return steps, bool(frontier)


def document_cascade(*, user: Any, document: Document, limit: int = CASCADE_MAX_NODES) -> Cascade:
    up, up_cut = _walk(user, document, upward=True, limit=limit)
    down, down_cut = _walk(user, document, upward=False, limit=limit)
    return Cascade(up=up, down=down, truncated=up_cut or down_cut)


def document_by_reference(*, user: Any, text: str, signed_on: datetime.date | None = None
                          ) -> Document:
    """The readable document named by its symbol (any loose form) or record number ('#12').

    Raises ValidationError on the `target` field when none, or more than one, fits.
    """
    text = text.strip()
    readable = documents_for(user).select_related("issuer")
    if text.lstrip("#").isdigit() and (text.startswith("#") or len(text) > 5):
        found = list(readable.filter(pk=int(text.lstrip("#"))))
    else:
        try:
            parsed = parse_symbol(text)
        except SymbolError as error:
            raise ValidationError({"target": _("Not a symbol: %(reason)s")
                                   % {"reason": symbol_reason(error)}}) from None
        found = list(readable.filter(symbol_key=symbol_key(parsed))[:20])
        day = signed_on or parsed.date
        if day is not None:
            found = [d for d in found if d.signed_on == day]
    if not found:
        raise ValidationError({"target": _("No document you can read has this symbol or number.")})
    if len(found) > 1:
        dates = ", ".join(d.signed_on.strftime("%d/%m/%Y") for d in found)
        raise ValidationError({"target": _(
            "Several documents have this symbol (issued on %(dates)s): give the date."
        ) % {"dates": dates}})
    return found[0]
