"""`manage.py units import FILE` and `manage.py units import-administrative`: thin wrappers."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.core.context import acting_as
from trienkhai.units.administrative import ROOT_CODE, administrative_import
from trienkhai.units.importing import FIELDS, VIETNAMESE_HEADERS, units_import


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated when the command is built, in the language active at that moment.
        self.help = _("Import units from a CSV or XLSX file, or build the administrative units.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        file_import = actions.add_parser(
            "import",
            help=_("create or update units from a CSV or XLSX file"),
            description=_(
                "Columns: %(english)s (or %(vietnamese)s). A known code is updated, and moved "
                "when its parent changes. Nothing is written if a row has a problem, unless "
                "--partial. Exits with 1 when some row has a problem."
            ) % {"english": ", ".join(FIELDS), "vietnamese": VIETNAMESE_HEADERS},
        )
        file_import.add_argument("file", metavar="FILE")
        file_import.add_argument("--dry-run", action="store_true",
                                 help=_("check and report, write nothing"))
        file_import.add_argument("--partial", action="store_true",
                                 help=_("write the rows without problems"))
        file_import.add_argument("--format", choices=["text", "json"], default="text",
                                 help=_("text for people (the default) or json"))
        administrative = actions.add_parser(
            "import-administrative",
            help=_("create the 34 provincial and 3,321 commune Party committees"),
        )
        administrative.add_argument(
            "--root-code", default=ROOT_CODE,
            help=_("code of the unit they go under (created if missing)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        else:
            with acting_as(None, "command:units import-administrative"):
                report = administrative_import(root_code=options["root_code"])
            for line in report.lines():
                self.stdout.write(line)

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": path, "error": exc.strerror}, returncode=1) from exc
        with acting_as(None, "command:units import"):
            report = units_import(data=data, filename=path.name, dry_run=options["dry_run"],
                                  partial=options["partial"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2,
                                         default=str))
        else:
            for line in report.lines():
                self.stdout.write(line)
        if not report.ok:
            raise CommandError(
                ngettext("%(count)d problem in %(file)s.", "%(count)d problems in %(file)s.",
                         len(report.errors)) % {"count": len(report.errors), "file": path.name},
                returncode=1,
            )
