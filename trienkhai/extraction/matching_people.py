"""Names of an article matched to the people registry, and their titles checked on a date.

Matching, for each name as written (NFC, spaces collapsed):
1. exact: the registered full name equals it, case aside;
2. otherwise TONE_MARKS: the folded names are equal (only tone marks, other diacritics or đ
   differ: "Nguyễn Văn Hiệu" / "Nguyễn Văn Hiếu");
3. otherwise ONE_LETTER: the lower-cased names are at Levenshtein distance 1.
One candidate at the best level is the match; several are AMBIGUOUS unless exactly one of them
holds one of the written titles on the article's date; none is UNKNOWN_PERSON (proposed).

Only people the user may read are candidates (`people_for(user)`), and their titles come only
from positions the user may read, so nothing outside the user's scope shows in a candidate
list or a message. All names of an article cost two queries: one for the candidates, one for
their positions.

Titles: a written title is checked against the titles the person held on the article's date
(see extraction.titles for how the press's variants are compared). No title is flagged when the
article's date is unknown, when the person has no readable position at all (the registry is
silent, which is not a contradiction: `positions_known` is False), or for a former office
("nguyên ...", "cựu ..."). Otherwise each written title not held on that date is a
TITLE_MISMATCH whose message lists the registry's titles on that day.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz.distance import Levenshtein

from trienkhai.access.policy import Action, restrict
from trienkhai.core.text import collation_key, fold, nfc
from trienkhai.documents.symbols_grammar import old_style_tones
from trienkhai.extraction.evidence import Sentences
from trienkhai.extraction.match_types import (
    AMBIGUOUS,
    EXACT,
    ONE_LETTER,
    SPELLED_TWO_WAYS,
    TITLE_MISMATCH,
    TONE_MARKS,
    UNKNOWN_PERSON,
    Flag,
    PersonMatch,
)
from trienkhai.extraction.model import Person as ExtractedPerson
from trienkhai.extraction.titles import fits_any, is_former
from trienkhai.units.models import Person, Position
from trienkhai.units.selectors import people_for

MAX_CANDIDATES = 2000  # rows read for one article's names, whatever the registry's size


def spelling(name: str) -> str:
    """A name as compared: NFC, one tone style ("Thuỷ" = "Thủy"), single spaces, lower case."""
    return " ".join(old_style_tones(nfc(name)).split()).casefold()


def _halves(word: str) -> tuple[str, str]:
    """A word cut in two: one edit leaves at least one of the halves in place."""
    h = len(word) // 2
    return word[:h], word[h:]


def _starts(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, in a form the engine answers from the column's index.
    PostgreSQL does so for LIKE 'x%' (Django adds a pattern-ops index); SQLite's LIKE ignores
    case and so never uses an index: there the same rows are also bounded as a range, which
    under SQLite's binary collation is exactly the prefix."""
    q = Q(**{f"{field}__startswith": prefix})
    if prefix and connection.vendor == "sqlite":
        q &= Q(**{f"{field}__gte": prefix,
                  f"{field}__lt": prefix[:-1] + chr(ord(prefix[-1]) + 1)})
    return q


def _near_q(name: str) -> Q:
    """Rows that may be one edit away from `name`: the edit is either in the given name (the
    rest is then unchanged) or in the rest (the given name is then unchanged). Both cases use an
    indexed prefix (search_text, sort_key), narrowed by length and by a half of the edited part.
    """
    folded = fold(name)
    words = folded.split(" ")
    if len(words) < 2:
        return Q(pk__in=[])
    rest, given = " ".join(words[:-1]), words[-1]
    length = Q(name_length__gte=len(folded) - 1, name_length__lte=len(folded) + 1)
    head, tail = _halves(given)
    given_written = nfc(name).split()[-1]
    rest_head, rest_tail = _halves(rest)
    # Each term leads with an indexed range so that SQLite answers the OR of all the names'
    # terms index by index instead of scanning the people table.
    return (
        (_starts("search_text", f"{rest} {head}") & length)
        | (_starts("search_text", f"{rest} ") & Q(search_text__endswith=tail) & length)
        | (_starts("sort_key", collation_key(given_written) + "  ") & length & (
            _starts("search_text", rest_head)
            | Q(search_text__endswith=f"{rest_tail} {given}")))
    )


def find_candidates(names: Iterable[str], user: Any) -> dict[str, list[Person]]:
    """For each name, the readable people it may denote (exact, tone marks or one letter)."""
    names = list(dict.fromkeys(names))
    if not names:
        return {}
    condition = Q(search_text__in=[fold(n) for n in names])
    for name in names:
        condition |= _near_q(name)
    # Candidates first, on the people table alone (its indexes), then the access rule: joined
    # to the units at once, the planner walks every readable unit's people instead.
    near = Person.objects.annotate(name_length=Length("search_text")).filter(condition)
    rows = list(
        people_for(user).filter(pk__in=near.values("pk"))
        .select_related("unit").order_by("sort_key", "id")[:MAX_CANDIDATES]
    )
    out: dict[str, list[Person]] = {}
    for name in names:
        out[name] = [p for p in rows if _level(name, p.full_name) is not None]
    return out


def _level(written: str, registered: str) -> str | None:
    a, b = spelling(written), spelling(registered)
    if a == b:
        return EXACT
    if fold(a) == fold(b):
        return TONE_MARKS
    if Levenshtein.distance(a, b, score_cutoff=1) == 1:
        return ONE_LETTER
    return None


def positions_of(people: Iterable[Person], user: Any) -> dict[int, list[Position]]:
    """Readable positions of these people, all dates, in one query."""
    ids = {p.pk for p in people}
    out: dict[int, list[Position]] = defaultdict(list)
    if not ids:
        return out
    rows = restrict(Position.objects.all(), user, Action.READ).filter(person_id__in=ids)
    for position in rows.order_by("start_date", "id"):
        out[position.person_id].append(position)
    return out


def titles_on(positions: list[Position], day: datetime.date) -> list[str]:
    return list(dict.fromkeys(
        p.title for p in positions
        if p.start_date <= day and (p.end_date is None or p.end_date >= day)
    ))


def _date_text(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class PeopleMatcher:
    def __init__(self, *, user: Any, day: datetime.date | None, sentences: Sentences) -> None:
        self.user, self.day, self.sentences = user, day, sentences

    def match(self, people: list[ExtractedPerson]) -> list[PersonMatch]:
        names = [" ".join(p.name.split()) for p in people]
        candidates = find_candidates(names, self.user)
        found = {p.pk: p for group in candidates.values() for p in group}
        positions = positions_of(found.values(), self.user)
        out = []
        for person, name in zip(people, names, strict=True):
            match = PersonMatch(name=person.name, titles=list(person.titles))
            self._choose(match, candidates.get(name, []), positions)
            match.evidence = self.sentences.evidence_for(person.name)
            out.append(match)
        self._spelled_two_ways(out)
        return out

    def _choose(self, match: PersonMatch, candidates: list[Person],
                positions: dict[int, list[Position]]) -> None:
        by_level: dict[str, list[Person]] = defaultdict(list)
        for person in candidates:
            level = _level(match.name, person.full_name)
            if level:
                by_level[level].append(person)
        level = next((lv for lv in (EXACT, TONE_MARKS, ONE_LETTER) if by_level[lv]), "")
        chosen = by_level[level] if level else []
        if len(chosen) > 1 and self.day and match.titles:
            fitting = [p for p in chosen if any(
                fits_any(t, titles_on(positions[p.pk], self.day)) for t in match.titles)]
            if len(fitting) == 1:
                chosen = fitting
        match.match = level
        if not chosen:
            match.flags.append(Flag(UNKNOWN_PERSON, gettext_noop(
                "Nobody by this name is in the registry: a new person is proposed.")))
            return
        if len(chosen) > 1:
            match.candidates = chosen
            match.flags.append(Flag(AMBIGUOUS, gettext_noop(
                "Several registered people fit this name: %(names)s. Choose one."
            ), {"names": _names(chosen)}, {"names": [p.full_name for p in chosen]}))
            return
        person = match.person = chosen[0]
        params = {"name": person.full_name}
        if level == TONE_MARKS:
            match.flags.append(Flag(TONE_MARKS, gettext_noop(
                "Differs only by tone marks from the registered name %(name)s."), params, params))
        elif level == ONE_LETTER:
            match.flags.append(Flag(ONE_LETTER, gettext_noop(
                "Differs by one letter from the registered name %(name)s."), params, params))
        self._check_titles(match, positions[person.pk])

    def _check_titles(self, match: PersonMatch, positions: list[Position]) -> None:
        match.positions_known = bool(positions)
        if self.day is None:
            return
        match.titles_on_date = titles_on(positions, self.day)
        if not positions:
            return
        held = match.titles_on_date
        for title in match.titles:
            if is_former(title) or fits_any(title, held):
                continue
            params = {"title": title, "date": _date_text(self.day), "titles": "; ".join(held)}
            if held:
                template = gettext_noop(
                    "The title “%(title)s” does not match the positions on %(date)s: "
                    "%(titles)s."
                )
            else:
                template = gettext_noop(
                    "The title “%(title)s” does not match the registry: no position is held "
                    "on %(date)s."
                )
            match.flags.append(Flag(TITLE_MISMATCH, template, params, params))

    @staticmethod
    def _spelled_two_ways(matches: list[PersonMatch]) -> None:
        for i, a in enumerate(matches):
            for b in matches[i + 1:]:
                if spelling(a.name) == spelling(b.name):
                    continue
                if _level(a.name, b.name) in (TONE_MARKS, ONE_LETTER):
                    for this, other in ((a, b), (b, a)):
                        params = {"name": other.name}
                        this.flags.append(Flag(SPELLED_TWO_WAYS, gettext_noop(
                            "The article also writes this name as %(name)s."
                        ), params, params))


def _names(people: list[Person], shown: int = 5) -> str:
    listed = "; ".join(f"{p.full_name} ({p.unit.name})" for p in people[:shown])
    if len(people) > shown:
        listed += " " + _("and %(count)s more") % {"count": len(people) - shown}
    return listed
