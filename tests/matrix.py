"""The expected access table, shared by the policy, page and API matrix tests.

EXPECTED[role][relation] = (can read, can write), exactly the table in access/policy.py.
"""
from __future__ import annotations

from trienkhai.accounts.models import Role

RELATIONS = ["own", "descendant", "ancestor", "sibling", "supervised"]
ROLES = [Role.VIEWER, Role.EDITOR, Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR]
# The world fixture's unit for each relation (the users' own unit is "own").
UNIT_KEY = {"ancestor": "root"}

_NONE = (False, False)
EXPECTED: dict[str, dict[str, tuple[bool, bool]]] = {
    Role.VIEWER: {"own": (True, False), "descendant": (True, False), "ancestor": _NONE,
                  "sibling": _NONE, "supervised": _NONE},
    Role.EDITOR: {"own": (True, True), "descendant": (True, False), "ancestor": _NONE,
                  "sibling": _NONE, "supervised": _NONE},
    Role.APPROVER: {"own": (True, True), "descendant": (True, False), "ancestor": _NONE,
                    "sibling": _NONE, "supervised": _NONE},
    Role.SUPERVISOR: {"own": (True, False), "descendant": (True, False), "ancestor": _NONE,
                      "sibling": _NONE, "supervised": (True, False)},
    Role.ADMINISTRATOR: {"own": (True, True), "descendant": (True, True), "ancestor": _NONE,
                         "sibling": _NONE, "supervised": _NONE},
}


def unit_key(relation: str) -> str:
    return UNIT_KEY.get(relation, relation)
