"""An article's extraction matched against the registry: people and their titles on the
article's date, documents by symbol. Used by the names and titles check and by the review of
an article (meetings). Reads only what `user` may read.

Contract (meetings.review builds on it; keep these names stable):

    match_article(text, *, user, on=None) -> ArticleMatches

How people are matched and titles checked: extraction.matching_people; documents:
extraction.matching_documents; evidence sentences: extraction.evidence. Nothing is written.
A whole article costs a bounded number of queries (people, positions, documents by symbol and
by title, and the access scope), whatever the number of names or the registry's size.
"""
from __future__ import annotations

import datetime
from typing import Any

from trienkhai.extraction.dates import dateline
from trienkhai.extraction.evidence import Evidence, Sentences, article_text
from trienkhai.extraction.extractor import Extraction, extract
from trienkhai.extraction.match_types import (
    AMBIGUOUS,
    EXACT,
    ONE_LETTER,
    SPELLED_TWO_WAYS,
    TITLE_MISMATCH,
    TONE_MARKS,
    UNKNOWN_DOCUMENT,
    UNKNOWN_PERSON,
    ArticleMatches,
    DocumentMatch,
    Flag,
    ItemEvidence,
    PersonMatch,
)
from trienkhai.extraction.matching_documents import DocumentsMatcher
from trienkhai.extraction.matching_people import PeopleMatcher

__all__ = [
    "AMBIGUOUS", "EXACT", "ONE_LETTER", "SPELLED_TWO_WAYS", "TITLE_MISMATCH", "TONE_MARKS",
    "UNKNOWN_DOCUMENT", "UNKNOWN_PERSON", "ArticleMatches", "DocumentMatch", "Evidence",
    "Extraction", "Flag", "ItemEvidence", "PersonMatch", "match_article", "match_extraction",
]


def match_article(text: str, *, user: Any, on: datetime.date | None = None) -> ArticleMatches:
    """Extract `text` and match it; `on` overrides the article date read from its dateline.

    Without either date no title is checked (and no flag says otherwise): titles on an
    unknown day cannot be compared.
    """
    cleaned = article_text(text)
    return match_extraction(cleaned, extract(cleaned), user=user, on=on)


def match_extraction(
    cleaned: str, extraction: Extraction, *, user: Any, on: datetime.date | None = None
) -> ArticleMatches:
    """Match an extraction already made from `cleaned` (evidence.article_text of the input)."""
    read = dateline(cleaned)
    day = on or read
    sentences = Sentences(cleaned)
    result = ArticleMatches(
        article_date=day, extraction=extraction,
        date_source="given" if on else "dateline" if read else "",
    )
    result.people = PeopleMatcher(user=user, day=day, sentences=sentences).match(
        extraction.people)
    result.documents = DocumentsMatcher(user=user, day=day, sentences=sentences).match(
        extraction.documents)
    result.deadlines = [
        ItemEvidence(d.to_dict(), sentences.evidence([d.span])) for d in extraction.deadlines
    ]
    result.quotas = [
        ItemEvidence(q.to_dict(), sentences.evidence_for(q.text)) for q in extraction.quotas
    ]
    result.organisations = [
        ItemEvidence(name, sentences.evidence_for(name)) for name in extraction.organisations
    ]
    return result
