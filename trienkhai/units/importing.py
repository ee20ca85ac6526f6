"""Import units from a CSV or XLSX file: new codes are created, known codes updated and moved.

`units_import` checks every row before anything is written, then writes in one transaction:
attribute changes through `unit_update`, new units through bulk.py, moves through `unit_move`,
each with its audit entries. The command, the web upload and the API all call it.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from trienkhai.core.text import fold

from .bulk import units_bulk_create
from .import_report import Change, ImportReport, RowError
from .models import Unit, UnitKind
from .models.tree import PATH_STEP
from .services import unit_move, unit_update
from .tabular import Cell, CellError, TableError, cell_text, parse_count, parse_date, read_table

FIELDS = (
    "code", "name", "short_name", "kind", "parent_code", "party_member_count", "active_from",
    "dissolved_on",
)
# Header names, folded (no case, no diacritics); English names may use spaces or underscores.
_HEADERS = {
    "code": ("code", "ma", "ma don vi"),
    "name": ("name", "ten", "ten don vi"),
    "short_name": ("short name", "ten viet tat"),
    "kind": ("kind", "loai", "loai don vi"),
    "parent_code": ("parent code", "ma don vi cap tren", "ma cap tren"),
    "party_member_count": ("party member count", "party members", "so dang vien"),
    "active_from": ("active from", "tu ngay"),
    "dissolved_on": ("dissolved on", "giai the ngay", "ngay giai the"),
}
VIETNAMESE_HEADERS = (
    "mã, tên, tên viết tắt, loại, mã đơn vị cấp trên, số đảng viên, từ ngày, giải thể ngày"
)
_HEADER_FIELD = {alias: name for name, aliases in _HEADERS.items() for alias in aliases}
_MAX_LENGTH = {"code": 64, "name": 255, "short_name": 100}
_CHUNK = 500


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def units_import(
    *, data: bytes, filename: str, dry_run: bool = False, partial: bool = False
) -> ImportReport:
    """Check the file's rows, then (unless `dry_run`) write them all in one transaction.

    With errors nothing is written, unless `partial`: then the rows without problems whose
    parent resolves are written, and the others reported. The audit entries carry the current
    actor (see core.context.acting_as).
    """
    report = ImportReport(filename=filename, dry_run=dry_run, partial=partial)
    try:
        table = read_table(data)
    except TableError as exc:
        report.errors.append(RowError(None, "", "", "", exc.code, exc.message))
        return report
    report.file_type, report.encoding, report.rows = table.kind, table.encoding, len(table.rows)
    columns = _columns(table.header, table.header_row, report)
    if columns is None:
        return report
    kinds = _kind_names()
    rows = [_parse_row(number, cells, columns, kinds, report) for number, cells in table.rows]
    if dry_run:
        _Plan(rows, columns, report).build()
        report.errors.sort(key=lambda error: error.row or 0)
        return report
    try:
        with transaction.atomic():
            plan = _Plan(rows, columns, report)
            plan.build()
            if plan.has_writes():
                plan.write()
                report.written = True
    except _WriteError as exc:
        report.written = False
        report.created, report.updated, report.moved = [], [], []
        report.errors.append(RowError(exc.row, "", "", "", "not_saved",
                                      _("could not be saved: %(why)s") % {"why": exc.why}))
    report.errors.sort(key=lambda error: error.row or 0)  # stable: a row's problems stay in order
    return report


class _WriteError(Exception):
    def __init__(self, row: int, why: str) -> None:
        super().__init__(why)
        self.row, self.why = row, why


def _header_key(title: str) -> str:
    return " ".join(fold(title).replace("_", " ").strip(" :*").split())


def _columns(
    header: list[str], header_row: int, report: ImportReport
) -> dict[str, tuple[int, str]] | None:
    """Field -> (column index, the header as written), or None when the header is unusable."""
    columns: dict[str, tuple[int, str]] = {}
    for index, title in enumerate(header):
        name = _HEADER_FIELD.get(_header_key(title))
        if name is None:
            if title:
                report.ignored_columns.append(title)
        elif name in columns:
            report.errors.append(RowError(header_row, name, title, "", "duplicate_column", _(
                'this column holds the same thing as column "%(other)s"'
            ) % {"other": columns[name][1]}))
        else:
            columns[name] = (index, title)
    missing = [name for name in ("code", "name") if name not in columns]
    if missing:
        report.errors.append(RowError(header_row, "", "", "", "no_header", _(
            "Row %(row)d should name the columns, and it has no column for: %(missing)s. The "
            "columns are: %(english)s; or in Vietnamese: %(vietnamese)s."
        ) % {"row": header_row, "missing": ", ".join(missing), "english": ", ".join(FIELDS),
             "vietnamese": VIETNAMESE_HEADERS}))
    return None if report.errors else columns


def _kind_names() -> dict[str, str]:
    """Folded code, English and Vietnamese label -> kind code."""
    names: dict[str, str] = {}
    for kind in UnitKind:
        names[fold(kind.value)] = names[fold(kind.value.replace("_", " "))] = kind.value
        for language in ("en", "vi"):
            with translation.override(language):
                names[fold(str(kind.label))] = kind.value
    return names


@dataclass
class _Row:
    number: int
    code: str
    parent_code: str
    raw: dict[str, str]  # each cell as text, for messages
    values: dict[str, Any] = field(default_factory=dict)  # parsed, non-empty cells only
    ok: bool = True


def _fail(
    report: ImportReport, columns: dict[str, tuple[int, str]], row: _Row, name: str, code: str,
    reason: str,
) -> None:
    column = columns[name][1] if name in columns else name
    report.errors.append(RowError(row.number, name, column, row.raw.get(name, ""), code, reason))
    row.ok = False


def _parse_row(
    number: int, cells: list[Cell], columns: dict[str, tuple[int, str]], kinds: dict[str, str],
    report: ImportReport,
) -> _Row:
    cell = {name: cells[index] if index < len(cells) else None
            for name, (index, _title) in columns.items()}
    raw = {name: cell_text(value) for name, value in cell.items()}
    row = _Row(number, raw.get("code", ""), raw.get("parent_code", ""), raw)

    def fail(name: str, code: str, reason: str) -> None:
        _fail(report, columns, row, name, code, reason)

    if not row.code:
        fail("code", "missing_code", _("the code is missing: every unit needs one"))
    if not raw.get("name"):
        fail("name", "missing_name", _("the name is missing"))
    for name, limit in _MAX_LENGTH.items():
        if len(raw.get(name, "")) > limit:
            fail(name, "too_long", _("is longer than %(limit)d characters") % {"limit": limit})
        elif raw.get(name) and name != "code":
            row.values[name] = raw[name]
    if raw.get("kind"):
        kind = kinds.get(fold(raw["kind"]))
        if kind is None:
            fail("kind", "unknown_kind", _("is not a kind of unit; write one of: %(kinds)s")
                 % {"kinds": ", ".join(UnitKind.values)})
        else:
            row.values["kind"] = kind
    if raw.get("party_member_count"):
        try:
            row.values["party_member_count"] = parse_count(cell["party_member_count"])
        except CellError as exc:
            fail("party_member_count", "bad_number", str(exc))
    for name in ("active_from", "dissolved_on"):
        if raw.get(name):
            try:
                row.values[name] = parse_date(cell[name])
            except CellError as exc:
                fail(name, "bad_date", str(exc))
    return row


class _Plan:
    """Resolve the rows against the database, check the tree they make, and write them."""

    def __init__(
        self, rows: list[_Row], columns: dict[str, tuple[int, str]], report: ImportReport
    ) -> None:
        self.rows, self.columns, self.report = rows, columns, report
        self.by_code: dict[str, _Row] = {}
        self.stored: dict[str, Unit] = {}
        self.code_at: dict[str, str] = {}  # path -> code, for stored units and their ancestors
        self.path_of: dict[str, str] = {}  # code -> path, the same units
        self.depth: dict[str, int] = {}  # code -> depth in the tree after the import, -1 if none
        self.skipped: set[str] = set()  # rows left out of a partial import
        self.in_cycle: set[str] = set()
        self.updates: list[tuple[_Row, Unit, dict[str, Any]]] = []
        self.creations: list[_Row] = []
        self.moves: list[tuple[_Row, Unit, str]] = []

    def fail(self, row: _Row, name: str, code: str, reason: str) -> None:
        _fail(self.report, self.columns, row, name, code, reason)

    def has_writes(self) -> bool:
        return bool(self.updates or self.creations or self.moves)

    def build(self) -> None:
        same_code: dict[str, list[_Row]] = {}
        for row in self.rows:
            if row.code:
                same_code.setdefault(row.code, []).append(row)
        for code, rows in same_code.items():
            self.by_code[code] = rows[0]
            if len(rows) == 1:
                continue
            for row in rows:  # which one is meant? neither is written
                others = ", ".join(str(other.number) for other in rows if other is not row)
                self.fail(row, "code", "duplicate_code",
                          _("the same code is also on row %(rows)s") % {"rows": others})
        self._load()
        for row in self.by_code.values():
            self._check(row)
        writable = self._settle()
        if self.report.errors and not self.report.partial:
            return
        for row in writable:
            self._classify(row)

    def _load(self) -> None:
        parents = {row.parent_code for row in self.rows if row.parent_code}
        codes = sorted(set(self.by_code) | parents)
        for chunk in _chunks(codes):
            for unit in Unit.objects.filter(code__in=chunk):
                self.stored[unit.code] = unit
                self.code_at[unit.path] = unit.code
        ancestors = {unit.path[:end] for unit in self.stored.values()
                     for end in range(PATH_STEP, len(unit.path), PATH_STEP)}
        for chunk in _chunks(sorted(ancestors - set(self.code_at))):
            self.code_at.update(Unit.objects.filter(path__in=chunk).values_list("path", "code"))
        self.path_of = {code: path for path, code in self.code_at.items()}

    def _stored_parent(self, code: str) -> str | None:
        path = self.path_of.get(code)
        if path is None or len(path) <= PATH_STEP:
            return None
        return self.code_at[path[:-PATH_STEP]]

    def _check(self, row: _Row) -> None:
        stored = self.stored.get(row.code)
        known = row.parent_code in self.by_code or row.parent_code in self.stored
        if row.parent_code and not known:
            self.fail(row, "parent_code", "unknown_parent",
                      _("no unit has this code, neither in the file nor in the database"))
        if stored is None and "kind" not in row.values and row.raw.get("kind", "") == "":
            self.fail(row, "kind", "missing_kind", _("the kind is missing: a new unit needs one"))
        active = row.values.get("active_from", stored.active_from if stored else None)
        dissolved = row.values.get("dissolved_on", stored.dissolved_on if stored else None)
        if active and dissolved and dissolved < active:
            self.fail(row, "dissolved_on", "dissolved_before_active", _(
                "the unit cannot be dissolved before it became active (%(date)s)"
            ) % {"date": active.strftime("%d/%m/%Y")})

    def _settle(self) -> list[_Row]:
        """The rows to write, parents first.

        In a partial import the rows left out keep their stored parent, which may close a loop
        or leave other rows without a parent: repeat until nothing more is left out.
        """
        while True:
            self.depth = {}
            self._find_cycles()
            writable, skipped = self._writable()
            if not self.report.partial or skipped == self.skipped:
                break
            self.skipped = skipped
        if self.report.partial:
            for row in self.by_code.values():
                if row.ok and row.code in skipped:
                    self._left_out(row)
        return writable

    def _parent(self, code: str) -> str | None:
        """The parent's code once the import is done: the file's, else the stored one."""
        row = self.by_code.get(code)
        if row is not None and row.parent_code and code not in self.skipped:
            return row.parent_code
        return self._stored_parent(code)

    def _find_cycles(self) -> None:
        for row in self.by_code.values():
            chain: list[str] = []
            code: str | None = row.code
            while code is not None and code not in self.depth:
                if code in chain:
                    self._report_cycle(chain[chain.index(code):])
                    self.depth.update(dict.fromkeys(chain, -1))
                    break
                chain.append(code)
                code = self._parent(code)
            else:
                base = 0 if code is None else self.depth[code]
                for offset, member in enumerate(reversed(chain), start=1):
                    self.depth[member] = -1 if base < 0 else base + offset

    def _report_cycle(self, cycle: list[str]) -> None:
        for index, code in enumerate(cycle):
            row = self.by_code.get(code)
            # Only rows whose parent column closes the loop are at fault.
            if row is None or not row.parent_code or code in self.skipped:
                continue
            if code in self.in_cycle:  # reported in an earlier round
                continue
            self.in_cycle.add(code)
            loop = [*cycle[index:], *cycle[:index], code]
            self.fail(row, "parent_code", "cycle", _(
                "this would make the unit its own sub-unit: %(chain)s"
            ) % {"chain": " → ".join(loop)})

    def _writable(self) -> tuple[list[_Row], set[str]]:
        rows = sorted(self.by_code.values(), key=lambda r: (self.depth[r.code], r.number))
        skipped = {row.code for row in rows if not row.ok or self.depth[row.code] < 0}
        out = []
        for row in rows:  # parents before children
            if row.code in skipped:
                continue
            if row.parent_code in skipped and row.parent_code not in self.stored:
                skipped.add(row.code)
                continue
            out.append(row)
        return out, skipped

    def _left_out(self, row: _Row) -> None:
        parent = self.by_code.get(row.parent_code)
        if parent is not None and parent.code not in self.stored and not parent.ok:
            reason = _("not imported, because its parent unit (row %(row)d) is not imported") % {
                "row": parent.number}
        else:
            reason = _("not imported, because a unit above it is not imported or would be its "
                       "own sub-unit")
        self.fail(row, "parent_code", "parent_not_imported", reason)

    def _classify(self, row: _Row) -> None:
        stored = self.stored.get(row.code)
        name = row.values.get("name", "")
        if stored is None:
            self.creations.append(row)
            self.report.created.append(
                Change(row.number, row.code, name, {"parent": [None, row.parent_code or None]})
            )
            return
        changes = {key: value for key, value in row.values.items()
                   if getattr(stored, key) != value}
        if changes:
            self.updates.append((row, stored, changes))
            self.report.updated.append(Change(row.number, row.code, name, {
                key: [_plain(getattr(stored, key)), _plain(value)]
                for key, value in changes.items()}))
        old_parent = self._stored_parent(row.code)
        if row.parent_code and row.parent_code != old_parent:
            self.moves.append((row, stored, row.parent_code))
            self.report.moved.append(
                Change(row.number, row.code, name, {"parent": [old_parent, row.parent_code]})
            )
        elif not changes:
            self.report.unchanged += 1

    def write(self) -> None:
        current = 0  # the row being written, for the message if a service refuses it
        try:
            for row, stored, changes in self.updates:
                current = row.number
                unit_update(unit=stored, **changes)
            created: dict[str, Unit] = {}
            current = self.creations[0].number if self.creations else 0
            units_bulk_create(items=self._new_units(created))
            # By depth after the import, so no move ever targets a unit's own descendant.
            for row, stored, parent_code in self.moves:
                current = row.number
                unit_move(unit=stored, new_parent=created.get(parent_code)
                          or self.stored[parent_code])
        except ValidationError as exc:
            raise _WriteError(current, "; ".join(exc.messages)) from exc

    def _new_units(self, created: dict[str, Unit]) -> Iterator[tuple[Unit | None, Unit]]:
        for row in self.creations:
            values = row.values
            unit = Unit(
                code=row.code, kind=values["kind"], name=values["name"],
                short_name=values.get("short_name", ""),
                party_member_count=values.get("party_member_count", 0),
                active_from=values.get("active_from"), dissolved_on=values.get("dissolved_on"),
            )
            parent = None
            if row.parent_code:
                parent = created.get(row.parent_code) or self.stored[row.parent_code]
            created[row.code] = unit
            yield parent, unit


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
