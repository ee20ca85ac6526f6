"""Facade: article text → people, documents, deadlines, quotas and organisations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trienkhai.extraction.cleaning import clean, normalise
from trienkhai.extraction.dates import dateline
from trienkhai.extraction.deadlines import find_deadlines
from trienkhai.extraction.documents import find_documents
from trienkhai.extraction.grammar import Grammar
from trienkhai.extraction.model import Deadline, Document, Person, Quota
from trienkhai.extraction.organisations import find_bodies, find_organisations
from trienkhai.extraction.people import find_people
from trienkhai.extraction.quotas import find_quotas

SCHEMA_KEYS = ("people", "documents", "deadlines", "quotas", "organisations")


@dataclass
class Extraction:
    people: list[Person] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the schema keys of corpus/dev/README.md."""
        return {
            "people": [p.to_dict() for p in self.people],
            "documents": [d.to_dict() for d in self.documents],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "quotas": [q.to_dict() for q in self.quotas],
            "organisations": list(self.organisations),
        }


def extract(text: str) -> Extraction:
    """Extract everything from one article. Literal fields are substrings of `text` in NFC."""
    text = clean(normalise(text))
    if not text.strip():
        return Extraction()
    grammar = Grammar(text)
    bodies = find_bodies(grammar)
    documents = find_documents(grammar, bodies)
    title_spans = [span for d in documents for span in d.spans]
    # Every literal is a slice of `text` by construction (tests check it on the corpus).
    return Extraction(
        people=find_people(grammar),
        documents=documents,
        deadlines=find_deadlines(text, title_spans, dateline(text), grammar.tokens),
        quotas=find_quotas(text, title_spans, grammar.tokens),
        organisations=find_organisations(grammar, bodies),
    )
