"""Keep coverage in step with the unit tree (connected in StudiesConfig.ready).

units.services saves a unit when it is created, updated or merged, and sends `units_moved` on a
move or a merge (treebeard moves with raw UPDATEs, which post_save does not see). The campaigns
concerned are rebuilt after the transaction commits, once per transaction whatever the number of
units changed in it, by a background task.
"""
from __future__ import annotations

from typing import Any

from trienkhai.core.oncommit import after_commit_once


def _enqueue(unit_ids: set[int]) -> None:
    from .tasks import coverage_after_unit_change

    coverage_after_unit_change.enqueue(sorted(unit_ids))


def units_changed(unit_ids: set[int]) -> None:
    """Schedule one rebuild after commit for every unit changed in this transaction."""
    after_commit_once("studies_coverage", unit_ids, _enqueue)


def unit_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    units_changed({int(instance.pk)})


def unit_moved(sender: Any, unit_ids: set[int], **kwargs: Any) -> None:
    units_changed(set(unit_ids))
