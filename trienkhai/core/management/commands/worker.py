"""`trienkhai worker`: the django-tasks database worker, plus the daily clock.

django-tasks has no scheduler, so the worker puts the daily cycle of plans (overdue figures,
frozen periods, reminders, escalations) on its own queue once a day at --daily-at, and once at
start if that hour has passed today. The cycle is idempotent (each notification has a key), so a
second worker or a cron job doing the same is harmless.
"""
from __future__ import annotations

import datetime
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


def daily_run_due(now: datetime.datetime, last_day: datetime.date | None,
                  at: datetime.time) -> bool:
    """Whether the daily cycle should be queued at local time `now`."""
    return now.time() >= at and last_day != now.date()


def _clock(at: datetime.time, stop: threading.Event, poll_seconds: float = 60) -> None:
    from trienkhai.plans.tasks_jobs import plans_daily

    last_day: datetime.date | None = None
    while not stop.is_set():
        now = timezone.localtime()
        if daily_run_due(now, last_day, at):
            plans_daily.enqueue(now.date().isoformat())
            last_day = now.date()
        stop.wait(poll_seconds)


class Command(BaseCommand):
    help = "Run the background worker (django-tasks database backend) and the daily clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--daily-at", default="06:00",
                            help="local time for the daily cycle of plans (HH:MM)")
        parser.add_argument("--no-daily", action="store_true",
                            help="do not queue the daily cycle (cron does it)")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["no_daily"]:
            try:
                at = datetime.time.fromisoformat(options["daily_at"])
            except ValueError as error:
                raise CommandError(f"--daily-at: expected HH:MM, got {options['daily_at']!r}") \
                    from error
            threading.Thread(target=_clock, args=(at, stop), daemon=True,
                             name="daily-clock").start()
        try:
            call_command("db_worker", queue_name="*", interval=1)
        finally:
            stop.set()
