"""Who is acting, and in which request: read by the audit trail.

Set by the request middleware for web and API calls, and by `acting_as` for commands and jobs.
"""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any | None  # accounts.User, or None for a command or job
    label: str  # "admin", "command:units import", "job:reminders"
    request_id: str


_current: ContextVar[Actor | None] = ContextVar("trienkhai_actor", default=None)


def current_actor() -> Actor:
    actor = _current.get()
    if actor is None:
        return Actor(user=None, label="system", request_id=new_request_id())
    return actor


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def acting_as(user: Any | None, label: str, request_id: str | None = None) -> Iterator[Actor]:
    actor = Actor(user=user, label=label, request_id=request_id or new_request_id())
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
