"""The daily changes of each unit's counts, from which any date's counts are one sum.

A result is valid from its issue date up to the first day it is not (the day after
`valid_until`, or `revoked_on`, or `replaced_on`, whichever comes first), and digitised and
valid from the later of its issue date and the day it was digitised (its `digitised_on` or the
commit day of a matched document, whichever comes first). Each such interval is a +1 on its
first day and a -1 on the day after its last; `quota_changes` holds their sums per unit, doc
type and day, so the counts on day D are the sums of the changes on or before D, whatever D is.
`quota_month_changes` sums them per month, so that sum reads the whole months before D and the
days of D's own month: a bounded number of rows however many results the register holds.

Matching rebuilds both tables for the units it touched (`refresh_changes`); a register import
adds the difference its rows make (`apply_register_changes`), which costs what it changes
rather than what the register holds.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from pipeline.db.models import QuotaChange, QuotaMonthChange, RegisteredResult, RegisterMatch

NO_DOC_TYPE = ""
_NEVER = date(9999, 12, 31)


class _Earliest(FunctionElement[date]):
    """The earliest of some dates, ignoring the empty ones (NULL when all are empty)."""

    type = Date()
    inherit_cache = True


class _Later(FunctionElement[date]):
    """The later of two dates that are both set."""

    type = Date()
    inherit_cache = True


class _DayAfter(FunctionElement[date]):
    type = Date()
    inherit_cache = True


@compiles(_Earliest)
def _earliest_standard(element: _Earliest, compiler: SQLCompiler, **kw: Any) -> str:
    # PostgreSQL's LEAST skips NULLs.
    return f"least({compiler.process(element.clauses, **kw)})"


@compiles(_Earliest, "sqlite")
def _earliest_sqlite(element: _Earliest, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's many-argument min() is NULL as soon as one argument is: stand in a far date.
    never = f"'{_NEVER.isoformat()}'"
    dates = ", ".join(
        f"coalesce({compiler.process(clause, **kw)}, {never})" for clause in element.clauses
    )
    return f"nullif(min({dates}), {never})"


@compiles(_Later)
def _later_standard(element: _Later, compiler: SQLCompiler, **kw: Any) -> str:
    return f"greatest({compiler.process(element.clauses, **kw)})"


@compiles(_Later, "sqlite")
def _later_sqlite(element: _Later, compiler: SQLCompiler, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(_DayAfter)
def _day_after_standard(element: _DayAfter, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} + 1)"


@compiles(_DayAfter, "sqlite")
def _day_after_sqlite(element: _DayAfter, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+1 day')"


class _MonthOf(FunctionElement[date]):
    """The first day of a date's month."""

    type = Date()
    inherit_cache = True


@compiles(_MonthOf)
def _month_of_standard(element: _MonthOf, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(_MonthOf, "sqlite")
def _month_of_sqlite(element: _MonthOf, compiler: SQLCompiler, **kw: Any) -> str:
    # Dates are ISO text in SQLite: cutting the text is a third of the cost of date().
    return f"(substr({compiler.process(element.clauses, **kw)}, 1, 8) || '01')"


def refresh_changes(connection: Connection, unit_codes: Collection[str] | None = None) -> None:
    """Rebuild the changes of the given units (of every unit when None) from the register and
    its matches, in the caller's transaction."""
    removal = delete(QuotaChange)
    if unit_codes is not None:
        removal = removal.where(QuotaChange.unit_code.in_(list(unit_codes)))
    connection.execute(removal)
    connection.execute(
        insert(QuotaChange).from_select(_CHANGE_COLUMNS, _summed(_intervals(unit_codes)))
    )
    _refresh_months(connection, unit_codes)


def _intervals(unit_codes: Collection[str] | None) -> Select[Any]:
    register = RegisteredResult.__table__.c
    first_match = (
        select(
            RegisterMatch.result_id.label("result_id"),
            func.min(RegisterMatch.committed_on).label("committed_on"),
        )
        .group_by(RegisterMatch.result_id)
        .subquery("first_match")
    )
    intervals = select(*_interval_columns(register, first_match.c.committed_on, 1)).select_from(
        RegisteredResult.__table__.outerjoin(first_match, first_match.c.result_id == register.id)
    )
    if unit_codes is not None:
        intervals = intervals.where(register.unit_code.in_(list(unit_codes)))
    return intervals


def _refresh_months(connection: Connection, unit_codes: Collection[str] | None) -> None:
    removal = delete(QuotaMonthChange)
    daily = select(
        QuotaChange.unit_code,
        QuotaChange.doc_type,
        _MonthOf(QuotaChange.day).label("month"),
        func.sum(QuotaChange.valid_change),
        func.sum(QuotaChange.digitised_change),
    )
    if unit_codes is not None:
        removal = removal.where(QuotaMonthChange.unit_code.in_(list(unit_codes)))
        daily = daily.where(QuotaChange.unit_code.in_(list(unit_codes)))
    connection.execute(removal)
    monthly = daily.group_by(
        QuotaChange.unit_code, QuotaChange.doc_type, _MonthOf(QuotaChange.day)
    ).having(
        or_(func.sum(QuotaChange.valid_change) != 0, func.sum(QuotaChange.digitised_change) != 0)
    )
    columns = ["unit_code", "doc_type", "month", "valid_change", "digitised_change"]
    connection.execute(insert(QuotaMonthChange).from_select(columns, monthly))


def apply_register_changes(connection: Connection, different: Table) -> None:
    """Bring the changes up to date with what writing register rows will do, in the caller's
    transaction and before they are written. `different` holds rows with the register's
    columns and a `result_id`: the stored row each changes, or NULL for a new row. The events
    of each stored row about to change are taken back and those of every new or changed row
    added: the cost is what the import changes, not what the register holds."""
    register = RegisteredResult.__table__
    assert isinstance(register, Table)
    taken_back = select(
        *_interval_columns(register.c, _first_committed(register.c.id), -1)
    ).select_from(different.join(register, register.c.id == different.c.result_id))
    added = select(*_interval_columns(different.c, _first_committed(different.c.result_id), 1))
    _DELTA.create(connection)
    # The rows come in key order, unit by unit: their events go to neighbouring rows of the
    # delta without a sort.
    events = _events(union_all(taken_back, added)).subquery("events")
    _sum_into_delta(connection, events)
    day_changes = select(
        _DELTA.c.unit_code,
        _DELTA.c.doc_type,
        _DELTA.c.day,
        _DELTA.c.valid_change,
        _DELTA.c.digitised_change,
    ).where(or_(_DELTA.c.valid_change != 0, _DELTA.c.digitised_change != 0))
    _add_up(connection, QuotaChange.__table__, "day", day_changes)
    # In the delta's key order: SQLite sums each month as it reads, without a sort.
    month_changes = _summed_by_key(select(*_DELTA.c), "month")
    _add_up(connection, QuotaMonthChange.__table__, "month", month_changes)
    _DELTA.drop(connection)


def _sum_into_delta(connection: Connection, events: Any) -> None:
    if connection.dialect.name == "postgresql":
        # A hash aggregate there; the delta starts empty, so a plain insert.
        summed = _summed_by_key(select(*events.c), "day").subquery("summed")
        rows = _in_key_order(_with_month(summed), _DELTA)
        connection.execute(insert(_DELTA).from_select([*_DELTA.c.keys()], rows))
    else:
        _upsert(connection, _DELTA, [c.name for c in _DELTA.primary_key], _with_month(events))


def _with_month(changes: Any) -> Select[Any]:
    """Changes per day (unit, doc type, day, valid and digitised change), each with the first
    day of its month, in the delta's columns."""
    return select(
        changes.c.unit_code,
        changes.c.doc_type,
        _MonthOf(changes.c.day).label("month"),
        changes.c.day,
        changes.c.valid_change,
        changes.c.digitised_change,
    )


def _add_up(connection: Connection, table: Any, when: str, changes: Select[Any]) -> None:
    """Add each of `changes` (unit, doc type, `when`, valid and digitised change) to the row
    of its key in `table`, then delete the rows that came to nothing. That is a scan of the
    table, whose size is bounded by units, doc types and days, not by the register."""
    if connection.dialect.name == "postgresql":
        _update_then_insert(connection, table, when, changes)
    else:
        _upsert(connection, table, ["unit_code", "doc_type", when], changes)
    connection.execute(
        delete(table).where(table.c.valid_change == 0, table.c.digitised_change == 0)
    )


def _upsert(connection: Connection, table: Any, keys: list[str], changes: Select[Any]) -> None:
    """SQLite: add the changes row by row (quicker there than the sort of a GROUP BY)."""
    # WHERE true: without it SQLite would read ON CONFLICT as the join's ON.
    upsert = sqlite.insert(table).from_select(
        [*keys, "valid_change", "digitised_change"], changes.where(true())
    )
    connection.execute(
        upsert.on_conflict_do_update(
            index_elements=keys,
            set_={
                "valid_change": table.c.valid_change + upsert.excluded.valid_change,
                "digitised_change": table.c.digitised_change + upsert.excluded.digitised_change,
            },
        )
    )


def _update_then_insert(
    connection: Connection, table: Any, when: str, changes: Select[Any]
) -> None:
    """PostgreSQL: sum the changes per key (its upsert may touch a row only once a statement),
    add them to the stored rows, and insert the keys not stored yet. Plain inserts cost a
    third of the speculative ones of an upsert there."""
    keys = ("unit_code", "doc_type", when)
    summed = _summed_by_key(changes, when).subquery("summed")
    same_key = and_(*(table.c[key] == summed.c[key] for key in keys))
    connection.execute(
        update(table)
        .where(same_key)
        .values(
            valid_change=table.c.valid_change + summed.c.valid_change,
            digitised_change=table.c.digitised_change + summed.c.digitised_change,
        )
    )
    not_stored = select(*summed.c).where(~exists().where(same_key))
    connection.execute(
        insert(table).from_select(
            [*keys, "valid_change", "digitised_change"], _in_key_order(not_stored, table)
        )
    )


def _in_key_order(rows: Select[Any], table: Table) -> Select[Any]:
    """`rows` sorted by `table`'s key: PostgreSQL then adds to its key's index at the end
    instead of all over it (an in-memory sort, where the index did not fit its buffers)."""
    return rows.order_by(*(rows.selected_columns[c.name] for c in table.primary_key.columns))


def _summed_by_key(changes: Select[Any], when: str) -> Select[Any]:
    rows = changes.subquery("changes")
    keys = [rows.c[key] for key in ("unit_code", "doc_type", when)]
    return select(
        *keys,
        func.sum(rows.c.valid_change).label("valid_change"),
        func.sum(rows.c.digitised_change).label("digitised_change"),
    ).group_by(*keys)


def _first_committed(result_id: ColumnElement[int]) -> ColumnElement[date]:
    """The day the first document matched to the result was committed (NULL when none)."""
    return (
        select(func.min(RegisterMatch.committed_on))
        .where(RegisterMatch.result_id == result_id)
        .scalar_subquery()
    )


_CHANGE_COLUMNS = ["unit_code", "doc_type", "day", "valid_change", "digitised_change"]

# The summed changes of the stage being written; lives for one transaction.
_DELTA = Table(
    "quota_changes_delta",
    MetaData(),
    Column("unit_code", String(32), primary_key=True),
    Column("doc_type", String(64), primary_key=True),
    # The first day of `day`'s month: the monthly changes are read off in key order.
    Column("month", Date, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("valid_change", Integer),
    Column("digitised_change", Integer),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)


def _interval_columns(
    rows: Any, first_committed: ColumnElement[date], sign: int
) -> list[ColumnElement[Any]]:
    """A result's unit, doc type, the first day it is valid, the first day it is not (NULL
    when never), the day it was first digitised, and whether its events add or take back."""
    return [
        rows.unit_code.label("unit_code"),
        func.coalesce(rows.doc_type, NO_DOC_TYPE).label("doc_type"),
        rows.issue_date.label("valid_from"),
        _Earliest(_DayAfter(rows.valid_until), rows.revoked_on, rows.replaced_on).label("valid_to"),
        _Earliest(rows.digitised_on, first_committed).label("digitised_on"),
        literal(sign, Integer).label("sign"),
    ]


def _summed(intervals: Any) -> Select[Any]:
    events = _events(intervals).subquery("events")
    return (
        select(
            events.c.unit_code,
            events.c.doc_type,
            events.c.day,
            func.sum(events.c.valid_change).label("valid_change"),
            func.sum(events.c.digitised_change).label("digitised_change"),
        )
        .group_by(events.c.unit_code, events.c.doc_type, events.c.day)
        .having(or_(func.sum(events.c.valid_change) != 0, func.sum(events.c.digitised_change) != 0))
    )


def _events(intervals: Any) -> Any:
    # Read four times: computed once.
    rows = intervals.cte("intervals").prefix_with("MATERIALIZED")
    ever_valid = or_(rows.c.valid_to.is_(None), rows.c.valid_to > rows.c.valid_from)
    digitised_from = _Later(rows.c.valid_from, rows.c.digitised_on)
    ever_digitised = and_(
        rows.c.digitised_on.is_not(None),
        or_(rows.c.valid_to.is_(None), rows.c.valid_to > digitised_from),
    )
    ends = and_(rows.c.valid_to.is_not(None), rows.c.valid_to > rows.c.valid_from)

    def event(day: ColumnElement[Any], valid: int, digitised: int, where: Any) -> Any:
        return select(
            rows.c.unit_code,
            rows.c.doc_type,
            day.label("day"),
            (literal(valid, Integer) * rows.c.sign).label("valid_change"),
            (literal(digitised, Integer) * rows.c.sign).label("digitised_change"),
        ).where(where)

    return union_all(
        event(rows.c.valid_from, 1, 0, ever_valid),
        event(rows.c.valid_to, -1, 0, ends),
        event(digitised_from, 0, 1, ever_digitised),
        event(rows.c.valid_to, 0, -1, and_(ends, ever_digitised)),
    )
