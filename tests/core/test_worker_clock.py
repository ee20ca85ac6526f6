"""The worker's daily clock: when it queues the daily cycle of plans."""
from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from trienkhai.core.management.commands.worker import daily_run_due

AT = datetime.time(6, 0)
DAY = datetime.date(2026, 3, 2)


def at(hour: int, minute: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def test_queued_once_a_day_from_the_chosen_hour() -> None:
    assert not daily_run_due(at(5, 59), None, AT)
    assert daily_run_due(at(6, 0), None, AT)
    assert daily_run_due(at(23, 0), None, AT)  # started late: still today's run
    assert not daily_run_due(at(6, 1), DAY, AT)
    assert not daily_run_due(at(5, 0, DAY + datetime.timedelta(1)), DAY, AT)
    assert daily_run_due(at(6, 0, DAY + datetime.timedelta(1)), DAY, AT)


def test_a_bad_hour_is_refused_before_starting() -> None:
    with pytest.raises(CommandError, match="HH:MM"):
        call_command("worker", daily_at="6h")
