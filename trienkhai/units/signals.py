"""Signals other apps listen to when the tree changes shape.

treebeard moves units with raw UPDATEs, so post_save does not fire on a move: whatever counts
records by subtree (study coverage, plan roll-ups) listens to `units_moved` instead.
"""
from django.dispatch import Signal

# Sent by units.services after a move or a merge, inside its transaction, with
# unit_ids: set[int] (the units moved; their sub-units moved with them).
units_moved = Signal()
