"""`trienkhai synth --scale national|small [--seed N]`: a synthetic country for load tests."""
from __future__ import annotations

import dataclasses
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trienkhai.plans.periods import parse_iso
from trienkhai.plans.synthetic import DEFAULT_TODAY, SCALES, synth


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Build a deterministic synthetic country on an empty database: the 34 provinces "
            "and 3,321 communes with their real names, grassroots organisations and party "
            "cells (100,000 units national, about 5,000 small), central resolutions with "
            "provincial plans implementing them, plans, 10 tasks per unit and 5 quarterly "
            "reports per task, then the roll-ups and snapshots. Units are audited one by one "
            "like any import; tasks, reports and task states are bulk-loaded WITHOUT a "
            "per-row audit entry: one audit entry summarises the synthetic load instead.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                            help=_("national: 100,000 units, 1,000,000 tasks, 5,000,000 "
                                   "reports; small: about 5,000 units"))
        parser.add_argument("--seed", type=int, default=20250701,
                            help=_("same seed, same data"))
        parser.add_argument("--units", type=int, default=None,
                            help=_("override the number of units"))
        parser.add_argument("--tasks-per-unit", type=int, default=None)
        parser.add_argument("--reports-per-task", type=int, default=None)
        parser.add_argument("--today", default=DEFAULT_TODAY.isoformat(),
                            help=_("the date the data is generated for (YYYY-MM-DD)"))

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        overrides = {name: options[key] for name, key in (
            ("units", "units"), ("tasks_per_unit", "tasks_per_unit"),
            ("reports_per_task", "reports_per_task")) if options[key] is not None}
        scale = dataclasses.replace(scale, **overrides)
        try:
            today = parse_iso(options["today"]) or DEFAULT_TODAY
        except ValueError:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        try:
            result = synth(scale=scale, seed=options["seed"], today=today,
                           log=lambda line: self.stdout.write(line))
        except ValueError as error:
            raise CommandError(str(error)) from None
        for name, count in result.counts.items():
            self.stdout.write(f"{name}: {count:,}")
        self.stdout.write(_("Total: %(seconds).1f s") % {
            "seconds": sum(result.seconds.values())})
