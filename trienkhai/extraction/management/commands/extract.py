"""`trienkhai extract PATH [--format json|text]`: read one article and print what it refers to."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.extractor import extract
from trienkhai.extraction.readers import read_path
from trienkhai.extraction.report import render_json, render_text


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Translated when the command is built, in the language active at that moment.
        self.help = _(
            "Extract people, documents, deadlines, quotas and organisations from a press "
            "report or minutes (text, .docx, PDF or saved web page)."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", metavar="PATH", help=_("the file to read; - reads standard input")
        )
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default="json",
            help=_("json for programs (the default) or text for people"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = read_path(options["path"])
        except ExtractionInputError as err:
            raise CommandError(_(err.message_id) % err.params, returncode=2) from err
        result = extract(text)
        if options["format"] == "json":
            self.stdout.write(render_json(result))
        else:
            self.stdout.write(render_text(result, _))
