"""The one place that decides who reads and writes what.

Every scoped model is registered with the path from it to the Unit that owns it. A user's scope
is a set of subtrees they read and a set of units (or subtrees) they write:

| role          | reads                                   | writes                 |
|---------------|-----------------------------------------|------------------------|
| viewer        | own unit and its subtree                | nothing                |
| editor        | own unit and its subtree                | own unit's records     |
| approver      | own unit and its subtree                | own unit's records     |
| supervisor    | own subtree + subtrees they are in charge of | nothing           |
| administrator | own unit and its subtree                | own unit and subtree   |

Nobody reaches an ancestor's or a sibling's records, with one exception declared per model:
records that flow downward (documents issued above, campaigns launched above) are readable by
every unit below their owner (`downward=True`). A model with a confidentiality level
(`clearance_field`) is further limited to users cleared to that level, whatever their role:
classified rows never appear in lists, counts, search, exports or history of others.
Out of scope answers 404, like missing.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from trienkhai.accounts.models import Role
from trienkhai.units.models.tree import PATH_STEP as STEP
from trienkhai.units.models.tree import UnitKind, subtree_range

M = TypeVar("M", bound=models.Model)
# Bodies that act for the committee above them, so what they issue flows to its whole subtree.
ORGAN_KINDS = (
    UnitKind.CENTRAL_BODY, UnitKind.CENTRAL_COMMISSION, UnitKind.STANDING_COMMITTEE,
    UnitKind.ADVISORY_COMMISSION,
)


class Action(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    read_paths: tuple[str, ...] = ()
    write_unit_ids: tuple[int, ...] = ()
    write_paths: tuple[str, ...] = ()
    clearance: int = 0

    @property
    def ancestor_paths(self) -> tuple[str, ...]:
        """Proper ancestors of every read root: where downward-flowing records come from."""
        out: set[str] = set()
        for root in self.read_paths:
            out.update(root[:end] for end in range(STEP, len(root), STEP))
        return tuple(sorted(out))

    def unit_q(self, action: Action, via: str) -> Q:
        """Q on a model whose owning unit is reached through `via` ('' for Unit itself)."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])  # matches nothing; dropped by Django when OR-ed with a real condition
        paths = self.read_paths if action == Action.READ else self.write_paths
        for path in paths:
            q |= subtree_range(path, via)
        if action == Action.WRITE and self.write_unit_ids:
            q |= Q(**{f"{via}id__in": self.write_unit_ids})
        return q

    def reads_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(root) for root in self.read_paths)

    def writes_unit(self, unit_id: int, path: str) -> bool:
        return (
            self.everything
            or unit_id in self.write_unit_ids
            or any(path.startswith(root) for root in self.write_paths)
        )


def _minimal_roots(paths: list[str]) -> tuple[str, ...]:
    """Drop subtrees already inside another one, so queries carry fewer ranges."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return tuple(roots)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per user object (per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_trienkhai_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._trienkhai_scope = scope
    return scope


def _compute_scope(user: Any) -> Scope:
    clearance = int(user.clearance or 0)
    if user.is_superuser:
        return Scope(everything=True, clearance=clearance)
    unit = user.unit
    if unit is None:
        return Scope()
    read = [unit.path]
    if user.role == Role.SUPERVISOR and user.person_id:
        from trienkhai.units.models import OversightAssignment
        from trienkhai.units.models.people import held_on

        assigned = OversightAssignment.objects.filter(
            held_on(datetime.date.today()), person_id=user.person_id
        ).values_list("unit__path", flat=True)
        read.extend(assigned)
    roots = _minimal_roots(read)
    if user.role == Role.ADMINISTRATOR:
        return Scope(read_paths=roots, write_paths=(unit.path,), clearance=clearance)
    if user.role in (Role.EDITOR, Role.APPROVER):
        return Scope(read_paths=roots, write_unit_ids=(unit.pk,), clearance=clearance)
    return Scope(read_paths=roots, clearance=clearance)


def forget_scope(user: Any) -> None:
    """Call after changing a user's unit, role or assignments within the same request."""
    if hasattr(user, "_trienkhai_scope"):
        del user._trienkhai_scope


@dataclass(frozen=True)
class Rule:
    read_via: tuple[str, ...]  # readable when ANY of these units is in scope
    write_via: str
    downward: bool = False  # also readable by every unit below the owner (read_via[0])
    clearance_field: str | None = None  # confidentiality level the reader must be cleared for


_RULES: dict[type[models.Model], Rule] = {}


def register(
    model: type[models.Model],
    *,
    read_via: tuple[str, ...],
    write_via: str,
    downward: bool = False,
    clearance_field: str | None = None,
) -> None:
    _RULES[model] = Rule(
        read_via=read_via, write_via=write_via, downward=downward, clearance_field=clearance_field
    )


def rule_for(model: type[models.Model]) -> Rule:
    try:
        return _RULES[model]
    except KeyError:
        message = f"{model.__name__} has no access rule; register it in access.rules"
        raise LookupError(message) from None


def restrict(queryset: models.QuerySet[M], user: Any, action: Action) -> models.QuerySet[M]:
    """Only the rows of `queryset` that `user` may reach for `action`."""
    rule = rule_for(queryset.model)
    scope = scope_for(user)
    if rule.clearance_field is not None:
        queryset = queryset.filter(**{f"{rule.clearance_field}__lte": scope.clearance})
    if scope.everything:
        return queryset
    if action == Action.READ:
        q = Q(pk__in=[])
        for via in rule.read_via:
            q |= scope.unit_q(Action.READ, via)
        if rule.downward:
            q |= _from_above(scope, rule.read_via[0])
        return queryset.filter(q)
    return queryset.filter(scope.unit_q(Action.WRITE, rule.write_via))


def _from_above(scope: Scope, via: str) -> Q:
    """Owners whose downward records reach the scope: every ancestor of a read root, and the
    organs of those ancestors and of the roots themselves (Bộ Chính trị and the Central
    commissions beside the provinces under the Central Committee; a city's Standing Committee
    and commissions beside its wards), which speak for the committee above them."""
    q = Q(**{f"{via}path__in": scope.ancestor_paths}) if scope.ancestor_paths else Q(pk__in=[])
    committees = [*scope.ancestor_paths, *scope.read_paths]
    organ = Q(pk__in=[])
    for path in committees:
        organ |= subtree_range(path, via) & Q(**{f"{via}depth": len(path) // STEP + 1})
    return q | (Q(**{f"{via}kind__in": ORGAN_KINDS}) & organ)


def get_for_user(
    queryset: models.QuerySet[M] | type[M], user: Any, action: Action, **lookup: Any
) -> M:
    """Fetch one object the user may reach, or 404 (the same for missing and forbidden)."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return restrict(qs, user, action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can(user: Any, action: Action, obj: models.Model) -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_write_unit(user: Any, unit: Any) -> bool:
    """Whether the user may write records owned by `unit` (no query needed)."""
    return scope_for(user).writes_unit(unit.pk, unit.path)


def can_create_root(user: Any) -> bool:
    """A top-level unit has no parent to decide by: only an unrestricted scope adds one."""
    return scope_for(user).everything


def can_read_unit(user: Any, unit: Any) -> bool:
    return scope_for(user).reads_path(unit.path)
