"""`trienkhai names_check PATH --user USERNAME [--date YYYY-MM-DD] [--format text|json]`.

The names and titles check of one article, as the named user sees the registry (there is no
"system" view: the check shows only what that user may read). Writes nothing. Unreadable input
or an unknown user exit with status 2 and a message.
"""
from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from trienkhai.extraction.errors import ExtractionInputError
from trienkhai.extraction.names_check import as_data, as_text, input_message, names_check
from trienkhai.extraction.readers import read_path


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Check the names and titles of an article against the registry: people matched, "
            "near spellings and titles not held on the article's date flagged."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", metavar="PATH", help=_("the file to read; - reads standard input")
        )
        parser.add_argument(
            "--user", required=True, metavar="USERNAME",
            help=_("the account whose access decides what the registry shows"),
        )
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD",
            help=_("the article's date (default: read from its dateline)"),
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text",
            help=_("text for people (the default) or json for programs"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("The date must be written YYYY-MM-DD, for example "
                                     "2022-06-01."), returncode=2) from None
        user = get_user_model().objects.filter(
            username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active account is named %(name)s.") % {
                "name": options["user"]}, returncode=2)
        try:
            text = read_path(options["path"])
        except ExtractionInputError as err:
            raise CommandError(input_message(err), returncode=2) from err
        result = names_check(text, user=user, on=day)
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_data(result), cls=DjangoJSONEncoder,
                                         ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(result), ending="")
