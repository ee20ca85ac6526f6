"""Writes on the registry: documents and the relations between them, each with its audit entry.

Keyword-only, one transaction each, validated like a form would (full_clean) and audited in the
same transaction. Access is the caller's business (views and the API check can_write_unit).
"""
from __future__ import annotations

import copy
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trienkhai.audit.models import AuditAction
from trienkhai.audit.services import audit_record, diff, snapshot
from trienkhai.core.errors import ConflictError
from trienkhai.core.text import nfc

from .indexing import search_fields
from .models import Attachment, Document, DocumentRelation, DocumentType, RelationKind
from .symbols import DocumentSymbol, SymbolError, parse_symbol, symbol_key

DOCUMENT_FIELDS = (
    "doc_type", "number", "symbol", "issuer", "signed_on", "signer", "signer_name", "term",
    "title", "excerpt", "full_text", "confidentiality", "status",
)
# Kept whole in the audit trail; the full text is recorded by its length only.
AUDITED_FIELDS = tuple(name for name in DOCUMENT_FIELDS if name != "full_text")
TEXT_FIELDS = ("number", "symbol", "signer_name", "term", "title", "excerpt", "full_text")
MULTILINE_FIELDS = ("excerpt", "full_text")  # their line breaks are kept
# Relations that must not loop back: a document cannot (indirectly) implement itself.
ACYCLIC_KINDS = (RelationKind.IMPLEMENTS, RelationKind.CONTINUES, RelationKind.REPLACES)
MAX_CHAIN = 1000  # levels walked when looking for a cycle; far beyond any real cascade

# Symbol type code → the registry types it may be. Where the code names one type it is that
# type; 'QĐ' is also the Politburo's quy định, 'CTr' an action programme, and laws and National
# Assembly resolutions print no type code at all ('202/2025/QH15').
SYMBOL_TYPES: dict[str, tuple[str, ...]] = {
    "QĐ": (DocumentType.DECISION, DocumentType.REGULATION),
    "CTr": (DocumentType.PROGRAMME, DocumentType.ACTION_PROGRAMME),
    "TB": (DocumentType.NOTICE, DocumentType.CONCLUSION_NOTICE),
    "": (DocumentType.LAW, DocumentType.RESOLUTION),
    "NQLT": (DocumentType.RESOLUTION,),
    "TTLT": (DocumentType.CIRCULAR,),
}


def allowed_types(type_code: str) -> tuple[str, ...]:
    if type_code in SYMBOL_TYPES:
        return SYMBOL_TYPES[type_code]
    if type_code in DocumentType.values:
        return (type_code,)
    return (DocumentType.OTHER,)  # bản sao, công điện, phương án: no type of their own here


def symbol_reason(error: SymbolError) -> str:
    """The parser's reason, translated (symbols.py marks the message ids)."""
    return _(error.template) % error.params if error.params else _(error.template)


def _clean_text(fields: dict[str, Any]) -> None:
    for name in TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            value = nfc(value).strip()
            fields[name] = value if name in MULTILINE_FIELDS else " ".join(value.split())
    if isinstance(fields.get("term"), str):
        fields["term"] = fields["term"].upper()  # 'xiii' and 'XIII' are one term


def _parsed_symbol(document: Document) -> DocumentSymbol | None:
    """Read the typed symbol, store it normalised, and check type, number and date against it."""
    if not document.symbol:
        document.symbol_key = ""
        if not document.doc_type:
            raise ValidationError({"doc_type": _("Choose the type of document.")})
        return None
    try:
        parsed = parse_symbol(document.symbol)
    except SymbolError as error:
        raise ValidationError(
            {"symbol": _("Not a symbol: %(reason)s") % {"reason": symbol_reason(error)}}
        ) from None
    if parsed.system == "bare":
        raise ValidationError({"symbol": _(
            "Give the whole symbol with the issuer's code, for example 45-NQ/TW."
        )})
    errors: dict[str, str] = {}
    signed_on = document.signed_on
    if parsed.date and isinstance(signed_on, datetime.date) and parsed.date != signed_on:
        errors["signed_on"] = _("The symbol is dated %(date)s, not the date signed.") % {
            "date": parsed.date.strftime("%d/%m/%Y")}
    if (parsed.legal and isinstance(signed_on, datetime.date)
            and parsed.year != signed_on.year):
        errors["signed_on"] = _("The symbol carries the year %(year)s, not the year signed.") % {
            "year": parsed.year}
    parsed = parsed.without_date()
    document.symbol = parsed.normalised()
    document.symbol_key = symbol_key(parsed)
    allowed = allowed_types(parsed.type_code)
    if not document.doc_type:
        document.doc_type = allowed[0]
    elif document.doc_type not in allowed:
        errors["doc_type"] = _("The symbol %(symbol)s is a %(name)s, not a %(type)s.") % {
            "symbol": document.symbol, "name": DocumentType(allowed[0]).label,
            "type": DocumentType(document.doc_type).label}
    if not document.number:
        document.number = parsed.number
    elif (document.number.lstrip("0") or "0") != (parsed.number.lstrip("0") or "0"):
        errors["number"] = _("The number %(number)s is not the number of %(symbol)s.") % {
            "number": document.number, "symbol": document.symbol}
    if errors:
        raise ValidationError(errors)
    return parsed


def _duplicate_error(existing: Document) -> ValidationError:
    # Names the record by type and symbol, which the user has just typed, never by its title:
    # the existing document may be one they are not allowed to read.
    return ValidationError({"symbol": _(
        "%(document)s signed on %(date)s is already registered (record no. %(id)s)."
    ) % {"document": existing, "date": existing.signed_on.strftime("%d/%m/%Y"), "id": existing.pk}})


def _check_unique(document: Document) -> None:
    if not document.symbol_key or not isinstance(document.signed_on, datetime.date):
        return
    existing = (
        Document.objects.filter(symbol_key=document.symbol_key, signed_on=document.signed_on)
        .exclude(pk=document.pk).first()
    )
    if existing is not None:
        raise _duplicate_error(existing)


def _validate(document: Document) -> None:
    errors: dict[str, list[str]] = {}
    try:
        _parsed_symbol(document)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        # The constraints are checked by _check_unique with a better message, then by the
        # database itself (see _save) against a concurrent insert.
        document.full_clean(exclude=["search_text", "search_title", "symbol_key"],
                            validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if "symbol" in errors and not document.doc_type:
        errors.pop("doc_type", None)  # it would have come from the symbol: one error is enough
    if errors:
        raise ValidationError(errors)
    _check_unique(document)


def refresh_search_fields(document: Document) -> None:
    """Recompute the folded search columns from the fields and the attachments' text."""
    texts = Attachment.objects.filter(document_id=document.pk).values_list("text", flat=True)
    document.search_title, document.search_text = search_fields(
        symbol=document.symbol, title=document.title, excerpt=document.excerpt,
        full_text=document.full_text, attachment_texts=list(texts) if document.pk else [],
    )


def _save(document: Document, **kwargs: Any) -> None:
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL needs it to carry on after an error
            document.save(**kwargs)
    except IntegrityError:
        existing = Document.objects.filter(
            symbol_key=document.symbol_key, signed_on=document.signed_on
        ).exclude(pk=document.pk).first()
        if existing is None:
            raise
        raise _duplicate_error(existing) from None


def _audited(document: Document) -> dict[str, Any]:
    return {**snapshot(document, AUDITED_FIELDS), "full_text_length": len(document.full_text)}


@transaction.atomic
def document_create(
    *, issuer: Any, signed_on: datetime.date, title: str, symbol: str = "", doc_type: str = "",
    **fields: Any,
) -> Document:
    """Register a document. `symbol` may be typed in any loose form; it is stored normalised."""
    values = {"symbol": symbol, "title": title, "doc_type": doc_type, **fields}
    for name in values:
        if name not in DOCUMENT_FIELDS:
            raise ValidationError({name: _("This field cannot be set here.")})
    _clean_text(values)
    document = Document(issuer=issuer, signed_on=signed_on, **values)
    _validate(document)
    refresh_search_fields(document)
    _save(document)
    audit_record(action=AuditAction.CREATE, obj=document, unit_id=document.issuer_id,
                 changes=diff({}, _audited(document)))
    return document


@transaction.atomic
def document_update(*, document: Document, version: int | None = None, **fields: Any) -> Document:
    """Change a document. `version`, when given, must be the one the user started from."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone else saved this document after you opened it."))
    for name in fields:
        if name not in DOCUMENT_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
    _clean_text(fields)
    before = _audited(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    _validate(locked)
    changes = diff(before, _audited(locked))
    if changes:
        refresh_search_fields(locked)
        locked.version += 1
        _save(locked)
        audit_record(action=AuditAction.UPDATE, obj=locked, unit_id=locked.issuer_id,
                     changes=changes)
    return locked


# --- relations --------------------------------------------------------------------------------


def _reaches(start: int, goal: int) -> bool:
    """Whether `goal` is reachable from `start` along acyclic-kind relations (one query a level)."""
    seen, frontier = {start}, {start}
    for _level in range(MAX_CHAIN):
        if not frontier:
            return False
        targets = set(
            DocumentRelation.objects.filter(source_id__in=frontier, kind__in=ACYCLIC_KINDS)
            .values_list("target_id", flat=True)
        )
        if goal in targets:
            return True
        frontier = targets - seen
        seen |= frontier
    return True  # a chain this long is a loop in all but name


def _record_on_both(relation: DocumentRelation, before: str | None, after: str | None) -> None:
    """One entry in each document's history, as classified as the more classified end."""
    level = max(relation.source.confidentiality, relation.target.confidentiality)
    for document in (relation.source, relation.target):
        seen_as = copy.copy(document)  # audit_record copies obj.confidentiality onto the entry
        seen_as.confidentiality = level
        audit_record(action=AuditAction.UPDATE, obj=seen_as, unit_id=document.issuer_id,
                     changes={"relation": [before, after]})


@transaction.atomic
def relation_add(*, source: Document, target: Document, kind: str) -> DocumentRelation:
    """Record that `source` <kind> `target` (the city's plan implements 01-KL/TW)."""
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Choose a kind of relation.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document cannot be related to itself.")})
    # Lock both ends, in a fixed order, so two opposite relations cannot cross into a cycle.
    locked = {d.pk: d for d in Document.objects.select_for_update().filter(
        pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    if DocumentRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("This relation is already recorded.")})
    if kind in ACYCLIC_KINDS and _reaches(target.pk, source.pk):
        raise ValidationError({"target": _(
            "%(target)s already leads back to %(source)s: this relation would make a loop."
        ) % {"target": target, "source": source}})
    relation = DocumentRelation(source=source, target=target, kind=kind)
    relation.full_clean(validate_constraints=False)
    relation.save()
    _record_on_both(relation, None, str(relation))
    return relation


@transaction.atomic
def relation_remove(*, relation: DocumentRelation) -> None:
    relation = DocumentRelation.objects.select_related("source", "target").get(pk=relation.pk)
    text = str(relation)
    _record_on_both(relation, text, None)
    relation.delete()
