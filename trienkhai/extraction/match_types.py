"""The records `match_article` returns (re-exported by extraction.matching, the contract)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from trienkhai.extraction.evidence import Evidence
from trienkhai.extraction.extractor import Extraction

# Flag codes (stable; messages are translated where they are shown).
TONE_MARKS = "tone_marks"          # differs from a registered person only by tone marks
ONE_LETTER = "one_letter"          # differs from a registered person by one letter
SPELLED_TWO_WAYS = "spelled_two_ways"  # the article writes the same person two ways
TITLE_MISMATCH = "title_mismatch"  # a title not held by the person on the article's date
UNKNOWN_PERSON = "unknown_person"  # nobody in the registry by that name: proposed
AMBIGUOUS = "ambiguous"            # several registered people fit: the user chooses
UNKNOWN_DOCUMENT = "unknown_document"  # not in the registry: proposed

# How a name was matched (PersonMatch.match).
EXACT = "exact"


@dataclass
class Flag:
    """A finding on one proposal. The message is translated when it is read, not when it was
    found: a review stored in one language is shown in the reader's."""
    code: str
    template: str  # the English message id (marked with gettext_noop)
    values: dict[str, str] = field(default_factory=dict)  # what the message names, written out
    params: dict[str, Any] = field(default_factory=dict)  # the same values, for programs

    @property
    def message(self) -> str:
        return flag_message(self.template, self.values)


def flag_message(template: str, values: dict[str, str] | None = None) -> str:
    """A flag's message in the active language."""
    text = gettext(template)
    return text % values if values else text


@dataclass
class PersonMatch:
    name: str                     # as written
    titles: list[str]             # as written
    person: Any | None = None     # units.Person matched (exact, or the near-match flagged)
    candidates: list[Any] = field(default_factory=list)  # units.Person, when ambiguous
    titles_on_date: list[str] = field(default_factory=list)  # registry, on the article date
    flags: list[Flag] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # "exact", TONE_MARKS or ONE_LETTER when `person` or `candidates` were found, else "".
    match: str = ""
    # Whether the matched person has any registered position (the title check needs one).
    positions_known: bool = False

    @property
    def proposed(self) -> bool:
        """Nobody in the registry (that the user may read) fits: a new person is proposed."""
        return self.person is None and not self.candidates

    def has(self, code: str) -> bool:
        return any(flag.code == code for flag in self.flags)


@dataclass
class DocumentMatch:
    extracted: dict[str, Any]     # model.Document.to_dict() of the extractor
    document: Any | None = None   # documents.Document linked, when it exists and is readable
    candidates: list[Any] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def proposed(self) -> bool:
        return self.document is None and not self.candidates


@dataclass
class ItemEvidence:
    """A deadline, quota or organisation with its evidence."""
    extracted: dict[str, Any] | str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ArticleMatches:
    article_date: datetime.date | None
    extraction: Extraction
    people: list[PersonMatch] = field(default_factory=list)
    documents: list[DocumentMatch] = field(default_factory=list)
    deadlines: list[ItemEvidence] = field(default_factory=list)
    quotas: list[ItemEvidence] = field(default_factory=list)
    organisations: list[ItemEvidence] = field(default_factory=list)
    # Where the date came from: "given" (the caller's override), "dateline" or "" (unknown).
    date_source: str = ""
