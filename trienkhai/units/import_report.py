"""What an import did, or would do: changes and problems, as data and in plain words."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_LISTED = 50  # changes listed one by one in the text report, per kind


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as numbered in the file (None for the whole file), `code` for programs."""

    row: int | None
    field: str
    column: str
    value: str
    code: str
    reason: str

    @property
    def message(self) -> str:
        params = {"row": self.row, "column": self.column, "value": self.value,
                  "reason": self.reason}
        if self.row is None:
            return self.reason
        if self.value:
            return _('Row %(row)d, column "%(column)s", value "%(value)s": %(reason)s') % params
        return _('Row %(row)d, column "%(column)s": %(reason)s') % params


@dataclass(frozen=True)
class Change:
    row: int
    code: str
    name: str
    fields: dict[str, list[Any]]  # field -> [before, after]; "parent" holds codes


@dataclass
class ImportReport:
    filename: str
    dry_run: bool
    partial: bool
    file_type: str = ""
    encoding: str | None = None
    rows: int = 0
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["errors"] = [{**asdict(error), "message": error.message} for error in self.errors]
        return data

    def lines(self) -> list[str]:
        """The report in plain words, for a terminal or a page."""
        out = [_("File %(name)s: %(type)s%(encoding)s, %(rows)d rows after the header.") % {
            "name": self.filename, "type": self.file_type.upper() or "?", "rows": self.rows,
            "encoding": f" ({self.encoding})" if self.encoding else ""}]
        if self.ignored_columns:
            out.append(_("Columns not read: %(columns)s.") % {
                "columns": ", ".join(self.ignored_columns)})
        for changes, done, planned in (
            (self.created, _("Created: %(count)d"), _("To create: %(count)d")),
            (self.updated, _("Updated: %(count)d"), _("To update: %(count)d")),
            (self.moved, _("Moved: %(count)d"), _("To move: %(count)d")),
        ):
            if changes:
                out.append((done if self.written else planned) % {"count": len(changes)})
                out.extend(_describe(change) for change in changes[:_LISTED])
                if len(changes) > _LISTED:
                    more = _("and %(count)d more") % {"count": len(changes) - _LISTED}
                    out.append(f"  … {more}")
        if self.unchanged:
            out.append(_("Unchanged: %(count)d") % {"count": self.unchanged})
        if self.errors:
            out.append(ngettext("%(count)d problem:", "%(count)d problems:", len(self.errors))
                       % {"count": len(self.errors)})
            out.extend("  " + error.message for error in self.errors)
        if self.dry_run:
            out.append(_("Dry run: nothing was written."))
        elif self.errors and self.written:
            out.append(_("The rows without problems were written."))
        elif self.errors and self.partial:
            out.append(_("Nothing was written."))
        elif self.errors:
            out.append(_("Nothing was written. Correct the rows above and import the file again, "
                         "or use --partial to import the rows without problems."))
        return out


def _describe(change: Change) -> str:
    parts = [f"{name}: {_shown(before)} → {_shown(after)}"
             for name, (before, after) in change.fields.items()]
    return "  " + _("row %(row)d") % {"row": change.row} + f": {change.code} {change.name}" + (
        f" ({'; '.join(parts)})" if parts else "")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":  # an ISO date
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return str(value)
