"""Result records of the extractor; `to_dict` gives the corpus schema (corpus/dev/README.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DeadlineKind = Literal["deadline", "timeframe", "year_target"]


@dataclass
class Person:
    name: str
    titles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "titles": list(self.titles)}


@dataclass
class Document:
    type: str
    title: str
    symbol: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    mentions: list[str] = field(default_factory=list)
    start: int = 0  # offset of the first mention, for ordering
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol, "number": self.number, "type": self.type, "title": self.title,
            "issuer": self.issuer, "date": self.date, "mentions": list(self.mentions),
        }


@dataclass
class Deadline:
    text: str
    year: int | None
    date: str | None
    kind: DeadlineKind
    begin: str | None = None  # schema key "start": the beginning of a timeframe
    span: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text, "year": self.year, "date": self.date, "kind": self.kind,
        }
        if self.kind == "timeframe":
            out["start"] = self.begin
        return out


@dataclass
class Quota:
    text: str
    count: int
    per: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "per": self.per}
