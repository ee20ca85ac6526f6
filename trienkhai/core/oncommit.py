"""Run a job once per transaction after it commits, with every id gathered in the transaction."""
from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def after_commit_once(key: str, ids: set[int], job: Callable[[set[int]], object]) -> None:
    """Call `job(ids)` after the current transaction commits; further calls with the same `key`
    in that transaction add their ids to the same call. The pending call is found among the
    connection's callbacks, so one from a rolled-back savepoint is not reused. Outside a
    transaction the job runs at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        job(set(ids))
        return
    mark = f"_after_commit_{key}"
    for _sids, callback, _robust in connection.run_on_commit:
        pending = getattr(callback, mark, None)
        if pending is not None:
            pending.update(ids)
            return
    pending_ids = set(ids)

    def flush() -> None:
        job(pending_ids)

    setattr(flush, mark, pending_ids)
    transaction.on_commit(flush)
