"""Keep coverage in step with the unit tree (connected in StudiesConfig.ready).

units.services saves a unit when it is created, updated or merged (the merge moves it first).
The campaigns concerned are rebuilt after the transaction commits, once per transaction
whatever the number of units saved in it, by a background task. A move without a merge saves
nothing (treebeard moves with raw UPDATEs): units.services.unit_move should call
`units_changed` too; until then such a move is picked up by the next rebuild.
"""
from __future__ import annotations

from typing import Any

from django.db import transaction

_MARK = "_studies_unit_ids"


def _enqueue(unit_ids: set[int]) -> None:
    from .tasks import coverage_after_unit_change

    coverage_after_unit_change.enqueue(sorted(unit_ids))


def units_changed(unit_ids: set[int]) -> None:
    """Schedule one rebuild after commit, merging with one already scheduled in this
    transaction (found among the connection's pending callbacks, so a rolled-back one is not
    reused)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _enqueue(unit_ids)
        return
    for _sids, callback, _robust in connection.run_on_commit:
        pending = getattr(callback, _MARK, None)
        if pending is not None:
            pending.update(unit_ids)
            return
    pending_ids = set(unit_ids)

    def flush() -> None:
        _enqueue(pending_ids)

    setattr(flush, _MARK, pending_ids)
    transaction.on_commit(flush)


def unit_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    units_changed({int(instance.pk)})
