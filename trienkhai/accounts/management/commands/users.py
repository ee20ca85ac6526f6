from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Role, User
from trienkhai.accounts.services import user_create
from trienkhai.core.context import acting_as
from trienkhai.units.models import Unit


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Create accounts and list them.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help=_("create an account for a unit"))
        add.add_argument("username")
        add.add_argument("--unit", required=True, help=_("the unit's code"))
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--full-name", default="")
        add.add_argument("--email", default="")
        add.add_argument("--password-stdin", action="store_true",
                         help=_("read the password from standard input"))
        listing = sub.add_parser("list", help=_("list accounts of a unit's subtree"))
        listing.add_argument("--unit", help=_("the unit's code"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            self._add(options)
        else:
            self._list(options)

    def _unit(self, code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(_("No unit has the code '%(code)s'.") % {"code": code})
        return unit

    def _add(self, options: dict[str, Any]) -> None:
        unit = self._unit(options["unit"])
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        elif sys.stdin.isatty():
            password = getpass.getpass(_("Password: "))
        else:
            raise CommandError(_("Give the password with --password-stdin."))
        try:
            with acting_as(None, "command:users add"):
                user = user_create(username=options["username"], password=password, unit=unit,
                                   role=options["role"], full_name=options["full_name"],
                                   email=options["email"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(_("Created %(username)s (%(role)s) in %(unit)s.") % {
            "username": user.username, "role": user.get_role_display(), "unit": unit.name})

    def _list(self, options: dict[str, Any]) -> None:
        users = User.objects.select_related("unit").order_by("unit__path", "username")
        if options["unit"]:
            users = users.filter(self._unit(options["unit"]).subtree_q("unit__"))
        for user in users:
            unit = user.unit.name if user.unit else "—"
            self.stdout.write(f"{user.username}\t{user.get_role_display()}\t{unit}")
