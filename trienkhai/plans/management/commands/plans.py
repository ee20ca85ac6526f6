"""`trienkhai plans daily [--date YYYY-MM-DD] [--enqueue]` and `trienkhai plans recompute`."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.context import acting_as
from trienkhai.plans.periods import parse_iso


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _("Daily cycle of plans (overdue figures, reminders, escalations, "
                      "snapshots) and roll-up recomputation.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        daily = actions.add_parser(
            "daily", help=_("run the daily cycle: overdue figures, reminders, escalations, "
                            "period snapshots"))
        daily.add_argument("--date", default="", help=_("the day to run for (YYYY-MM-DD); "
                                                        "today by default"))
        daily.add_argument("--enqueue", action="store_true",
                           help=_("put the job on the worker's queue instead of running it"))
        recompute = actions.add_parser(
            "recompute", help=_("rebuild the roll-up figures set-based (all, or some plans)"))
        recompute.add_argument("--plan", type=int, action="append", default=None,
                               help=_("a plan id (repeatable); every plan by default"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "daily":
            self._daily(options)
        else:
            from trienkhai.plans.services.rollup import rollup_recompute

            with acting_as(None, "command:plans recompute"):
                result = rollup_recompute(plan_ids=options["plan"])
            self.stdout.write(_("Plan rows: %(plans)d; document rows: %(documents)d")
                              % {"plans": result.plan_rows, "documents": result.document_rows})

    def _daily(self, options: dict[str, Any]) -> None:
        from trienkhai.plans.reminders import daily_cycle
        from trienkhai.plans.tasks_jobs import plans_daily

        try:
            day = parse_iso(options["date"]) or timezone.localdate()
        except ValueError:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        if options["enqueue"]:
            result = plans_daily.enqueue(day.isoformat())
            self.stdout.write(_("Queued: %(id)s") % {"id": result.id})
            return
        with acting_as(None, "command:plans daily"):
            summary = daily_cycle(today=day)
        for line in summary.lines():
            self.stdout.write(line)
