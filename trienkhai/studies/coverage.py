"""Coverage of a study campaign, computed with set-based SQL over the path index.

The rule, per unit in scope (see StudyCampaign.scope_q):

- regular sessions each reach a distinct group of the unit's party members (a unit may split
  its members over several conferences), so their `members_attended` add up;
- a make-up session (học bù) only reaches members absent from its original session: all the
  make-ups of one original together count for at most that original's `members_absent`, so
  the same absentee is never counted twice;
- attended = min(party members of the unit, regular + make-up credit);
- coverage = attended / party members, both summed over the units in scope of a subtree.

A unit "held" its session when it has a regular session (a make-up alone is not one), was
"on time" when its first regular session is no later than the deadline, and is "below" when
it held one and its own coverage is under the campaign's threshold.

StudyCoverage is kept current two ways, and tests check that they agree:
- `coverage_recompute`: the whole campaign, one DELETE and one INSERT ... SELECT; the own
  figures come from one GROUP BY over the sessions, and are rolled up one tree level at a time
  (level d = own figures at depth d + level d+1 grouped by substr(path, 1, 4d));
- `coverage_refresh_unit`: after a session is saved, the unit's own figures are computed with
  the same SQL and the difference is added to its row and its ancestors' rows (every metric is
  additive), in the caller's transaction, with the chain locked in a fixed order.
`coverage_check` rolls the stored own figures up again and lists the rows that disagree.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, QuerySet

from trienkhai.units.models import Unit
from trienkhai.units.models.tree import PATH_STEP

from .models import METRICS, StudyCampaign, StudyCoverage, StudySession

SESSION = StudySession._meta.db_table
UNIT = Unit._meta.db_table
COVERAGE = StudyCoverage._meta.db_table
PROVINCE_CHARS = PATH_STEP * 2

_METRIC_LIST = ", ".join(METRICS)
_COVERAGE_COLUMNS = ", ".join(
    ["campaign_id", "unit_id", "province_key", "path", "depth", "own_first_held_on"]
    + [f"own_{m}" for m in METRICS]
    + [f"sub_{m}" for m in METRICS]
)


def _own_from_sessions(
    campaign: StudyCampaign, scope: QuerySet[Unit], unit_id: int | None
) -> tuple[str, list[Any]]:
    """CTEs ending in `own`: one row per unit of `scope` with its own figures.

    `unit_id` narrows the session scans to one unit (the incremental path).
    """
    scope_sql, scope_params = (
        scope.values("id", "path", "depth", "party_member_count").query.sql_with_params()
    )
    only_unit = " AND s.unit_id = %s" if unit_id is not None else ""
    unit_params: list[Any] = [unit_id] if unit_id is not None else []
    sql = f"""
    ses AS (
      SELECT s.unit_id AS unit_id,
        SUM(CASE WHEN s.is_make_up THEN 0 ELSE s.members_attended END) AS regular,
        SUM(CASE WHEN s.is_make_up THEN 0 ELSE 1 END) AS sessions,
        SUM(CASE WHEN s.is_make_up THEN 1 ELSE 0 END) AS make_ups,
        MIN(CASE WHEN s.is_make_up THEN NULL ELSE s.held_on END) AS first_held,
        SUM(s.cadres_attended) AS cadres,
        SUM(s.invited_attended) AS invited,
        SUM(CASE WHEN s.is_make_up THEN 0 ELSE s.members_absent END) AS absent,
        SUM(s.assessments_count) AS assessments
      FROM {SESSION} s WHERE s.campaign_id = %s{only_unit}
      GROUP BY s.unit_id
    ),
    mk AS (
      SELECT o.unit_id AS unit_id,
        SUM(CASE WHEN m.total < o.members_absent THEN m.total ELSE o.members_absent END)
          AS credit
      FROM (SELECT s.make_up_of_id AS original_id, SUM(s.members_attended) AS total
            FROM {SESSION} s WHERE s.campaign_id = %s AND s.is_make_up{only_unit}
            GROUP BY s.make_up_of_id) m
      JOIN {SESSION} o ON o.id = m.original_id
      GROUP BY o.unit_id
    ),
    raw AS (
      SELECT u.id AS unit_id, u.path AS path, u.depth AS depth, u.party_member_count AS members,
        COALESCE(ses.regular, 0) + COALESCE(mk.credit, 0) AS reached,
        COALESCE(ses.sessions, 0) AS sessions, COALESCE(ses.make_ups, 0) AS make_ups,
        ses.first_held AS first_held, COALESCE(ses.cadres, 0) AS cadres,
        COALESCE(ses.invited, 0) AS invited, COALESCE(ses.absent, 0) AS absent,
        COALESCE(ses.assessments, 0) AS assessments
      FROM ({scope_sql}) u
      LEFT JOIN ses ON ses.unit_id = u.id
      LEFT JOIN mk ON mk.unit_id = u.id
    ),
    capped AS (
      SELECT raw.*, CASE WHEN reached > members THEN members ELSE reached END AS attended
      FROM raw
    ),
    own AS MATERIALIZED (
      SELECT unit_id, path, depth, first_held, members, attended, 1 AS units,
        CASE WHEN sessions > 0 THEN 1 ELSE 0 END AS held,
        CASE WHEN first_held <= %s THEN 1 ELSE 0 END AS on_time,
        CASE WHEN sessions > 0 AND 1000 * attended < %s * members THEN 1 ELSE 0 END AS below,
        sessions, make_ups, cadres, invited, absent, assessments
      FROM capped
    )"""
    params = [
        campaign.pk, *unit_params, campaign.pk, *unit_params, *scope_params,
        campaign.deadline, campaign.threshold_permille,
    ]
    return sql, params


def _own_from_table(campaign: StudyCampaign) -> tuple[str, list[Any]]:
    """`own` read back from the table's own_* columns (not materialised: each level then
    reads its depth through the (campaign, depth) index)."""
    cols = ", ".join(f"own_{m} AS {m}" for m in METRICS)
    sql = (
        f"own AS NOT MATERIALIZED (SELECT unit_id, path, depth, own_first_held_on AS first_held,"
        f" {cols} FROM {COVERAGE} WHERE campaign_id = %s AND own_units = 1)"
    )
    return sql, [campaign.pk]


PARENT_PATH = f"substr(path, 1, length(path) - {PATH_STEP})"  # as in the coverage_level index


def _levels(max_depth: int, leaves_by_parent: str | None = None) -> str:
    """CTEs `l1`..`lN` over `own` and `sub`, their union: every subtree's sums.

    Level d is the units at depth d with their own figures plus their children's sums (level
    d+1 grouped by the parent's path). Each row is grouped once: a handful of sorts of about n
    rows, where grouping every (unit, ancestor) pair would sort n x depth rows. Sums are cast
    back to INTEGER: PostgreSQL's SUM of a bigint is a much slower numeric.

    `leaves_by_parent`: a SELECT of the deepest level already summed by parent path (from the
    table, in the coverage_level index's order, so SQLite groups the leaves, most of the rows,
    without sorting them).
    """
    sums = ", ".join(f"CAST(SUM({m}) AS INTEGER) AS {m}" for m in METRICS)
    ctes: list[str] = []
    for depth in range(max_depth, 0, -1):
        own = f"SELECT path, {_METRIC_LIST} FROM own WHERE depth = {depth}"
        if depth == max_depth:
            # The leaves: read in place rather than copied.
            ctes.append(f"l{depth} AS NOT MATERIALIZED ({own})")
            continue
        if depth == max_depth - 1 and leaves_by_parent is not None:
            children = f"SELECT path, {_METRIC_LIST} FROM ({leaves_by_parent}) leaves"
        else:
            children = (f"SELECT substr(path, 1, {PATH_STEP * depth}), {_METRIC_LIST}"
                        f" FROM l{depth + 1}")
        ctes.append(
            f"l{depth} AS MATERIALIZED (SELECT path, {sums} FROM ({own} UNION ALL {children})"
            f" x GROUP BY path)"
        )
    union = " UNION ALL ".join(f"SELECT * FROM l{d}" for d in range(1, max_depth + 1))
    return ",\n".join([*ctes, f"sub AS ({union})"])


def _max_depth(campaign: StudyCampaign, *, stored: bool = False) -> int:
    """How many levels to roll up. From the table when it is the source: an index seek, where
    scanning the launcher's subtree costs ~0.1 s on SQLite for 100,000 units."""
    if stored:
        deepest = StudyCoverage.objects.filter(campaign=campaign).aggregate(d=Max("depth"))["d"]
    else:
        launcher = campaign.launched_by
        deepest = Unit.objects.filter(launcher.subtree_q()).aggregate(d=Max("depth"))["d"]
    return int(deepest or campaign.launched_by.depth)


def rollup_sql(campaign: StudyCampaign) -> tuple[str, list[Any]]:
    """SELECT of every coverage row of the campaign from its sessions (StudyCoverage columns)."""
    own_sql, params = _own_from_sessions(campaign, Unit.objects.filter(campaign.scope_q()), None)
    own_cols = ", ".join(f"COALESCE(own.{m}, 0) AS own_{m}" for m in METRICS)
    sub_cols = ", ".join(f"sub.{m} AS sub_{m}" for m in METRICS)
    sql = f"""
    WITH {own_sql},
    {_levels(_max_depth(campaign))}
    SELECT %s AS campaign_id, u.id AS unit_id, substr(u.path, 1, {PROVINCE_CHARS}) AS province_key,
      u.path AS path, u.depth AS depth, own.first_held AS own_first_held_on, {own_cols}, {sub_cols}
    FROM sub JOIN {UNIT} u ON u.path = sub.path
    LEFT JOIN own ON own.unit_id = u.id"""
    return sql, [*params, campaign.pk]


def _stored_rollup_ctes(campaign: StudyCampaign) -> tuple[str, list[Any]]:
    own_sql, params = _own_from_table(campaign)
    max_depth = _max_depth(campaign, stored=True)
    sums = ", ".join(f"CAST(SUM(own_{m}) AS INTEGER) AS {m}" for m in METRICS)
    leaves = (
        f"SELECT {PARENT_PATH} AS path, {sums} FROM {COVERAGE}"
        f" WHERE campaign_id = %s AND depth = {max_depth} AND own_units = 1"
        f" GROUP BY {PARENT_PATH}"
    )
    if max_depth < 2:  # a single level: no leaves under anything
        return f"{own_sql},\n{_levels(max_depth)}", params
    return f"{own_sql},\n{_levels(max_depth, leaves)}", [*params, campaign.pk]


def stored_rollup_sql(campaign: StudyCampaign) -> tuple[str, list[Any]]:
    """SELECT path, sub_* rolled up from the stored own figures (what the table should hold)."""
    ctes, params = _stored_rollup_ctes(campaign)
    sub_cols = ", ".join(f"{m} AS sub_{m}" for m in METRICS)
    return f"WITH {ctes}\nSELECT path, {sub_cols} FROM sub", params


def tune_for_rollup() -> None:
    """PostgreSQL: room for the roll-up's hash aggregates (the 4 MB default spills to disk).

    SET LOCAL: only for the current transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")


@transaction.atomic
def coverage_recompute(*, campaign: StudyCampaign) -> int:
    """Rebuild every coverage row of the campaign from its sessions. Returns the row count."""
    campaign = StudyCampaign.objects.select_related("launched_by").get(pk=campaign.pk)
    select_sql, params = rollup_sql(campaign)
    tune_for_rollup()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {COVERAGE} WHERE campaign_id = %s", [campaign.pk])
        cursor.execute(f"INSERT INTO {COVERAGE} ({_COVERAGE_COLUMNS}) {select_sql}", params)
        return int(cursor.rowcount)


@transaction.atomic
def coverage_check(*, campaign: StudyCampaign) -> list[str]:
    """Paths whose stored subtree figures differ from a fresh roll-up of the stored own ones.

    Empty when the incremental updates kept the table consistent.
    """
    campaign = StudyCampaign.objects.select_related("launched_by").get(pk=campaign.pk)
    ctes, params = _stored_rollup_ctes(campaign)
    sub_cols = ", ".join(f"{m} AS sub_{m}" for m in METRICS)
    cols = ", ".join(["path", *(f"sub_{m}" for m in METRICS)])
    tune_for_rollup()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {ctes},\n"
            f"fresh AS (SELECT path, {sub_cols} FROM sub),\n"
            # Rows with nothing in scope below them are not produced by the roll-up.
            f"stored AS (SELECT {cols} FROM {COVERAGE} WHERE campaign_id = %s AND sub_units > 0)\n"
            f"SELECT path FROM (SELECT * FROM fresh EXCEPT SELECT * FROM stored) a"
            f" UNION SELECT path FROM (SELECT * FROM stored EXCEPT SELECT * FROM fresh) b",
            [*params, campaign.pk],
        )
        return sorted(str(row[0]) for row in cursor.fetchall())


def own_figures(*, campaign: StudyCampaign, unit: Unit) -> dict[str, Any] | None:
    """The unit's own figures for the campaign, or None when it is not in scope."""
    if not campaign.covers(unit):
        return None
    own_sql, params = _own_from_sessions(campaign, Unit.objects.filter(pk=unit.pk), unit.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {own_sql} SELECT first_held, {_METRIC_LIST} FROM own", params)
        row = cursor.fetchone()
    if row is None:  # only if the unit vanished meanwhile
        return None
    first_held = row[0]
    if isinstance(first_held, str):  # SQLite returns dates as text from raw SQL
        first_held = datetime.date.fromisoformat(first_held)
    return {"first_held_on": first_held, **dict(zip(METRICS, row[1:], strict=True))}


def _lock_chain(campaign: StudyCampaign, chain_ids: Sequence[int]) -> dict[int, StudyCoverage]:
    # In id order: two sessions saved at once under the same ward queue on the same first row
    # instead of deadlocking on each other's ancestors.
    rows = (
        StudyCoverage.objects.select_for_update()
        .filter(campaign=campaign, unit_id__in=chain_ids)
        .order_by("unit_id")
    )
    return {row.unit_id: row for row in rows}


def coverage_refresh_unit(*, campaign: StudyCampaign, unit: Unit) -> None:
    """Bring the unit's row and its ancestors' rows up to date after its sessions changed.

    Must run inside the transaction that changed the sessions.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("coverage_refresh_unit must run inside transaction.atomic()")
    unit = Unit.objects.get(pk=unit.pk)  # the current path, after any move
    chain = list(Unit.objects.filter(path__in=[*unit.ancestor_paths(), unit.path]))
    chain_ids = sorted(u.pk for u in chain)
    rows = _lock_chain(campaign, chain_ids)
    new = own_figures(campaign=campaign, unit=unit)
    if new is None and unit.pk not in rows:
        return
    if len(rows) < len(chain):  # a unit added to the tree after the last rebuild
        StudyCoverage.objects.bulk_create(
            [
                StudyCoverage(campaign=campaign, unit=u, province_key=u.province_path,
                              path=u.path, depth=u.depth)
                for u in chain
                if u.pk not in rows
            ],
            ignore_conflicts=True,
        )
        rows = _lock_chain(campaign, chain_ids)
    current = rows[unit.pk]
    values = {m: int(new[m]) if new else 0 for m in METRICS}
    delta = {m: values[m] - getattr(current, f"own_{m}") for m in METRICS}
    first_held = new["first_held_on"] if new else None
    if any(delta.values()):
        sets = ", ".join(f"sub_{m} = sub_{m} + %s" for m in METRICS)
        placeholders = ", ".join(["%s"] * len(chain_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {COVERAGE} SET {sets} "
                f"WHERE campaign_id = %s AND unit_id IN ({placeholders})",
                [*(delta[m] for m in METRICS), campaign.pk, *chain_ids],
            )
    if any(delta.values()) or current.own_first_held_on != first_held:
        StudyCoverage.objects.filter(pk=current.pk).update(
            own_first_held_on=first_held, **{f"own_{m}": v for m, v in values.items()}
        )
