from .registry import (
    Attachment,
    Confidentiality,
    Document,
    DocumentRelation,
    DocumentStatus,
    DocumentType,
    RelationKind,
)

__all__ = [
    "Attachment",
    "Confidentiality",
    "Document",
    "DocumentRelation",
    "DocumentStatus",
    "DocumentType",
    "RelationKind",
]
