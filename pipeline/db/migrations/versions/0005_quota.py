"""Quota counters: which stored result document is which register row, the daily changes of
the valid and digitised counts per unit, and the dossier intake from the one-stop system.

``quota_changes`` holds, per unit, doc type and day, how much the count of valid results and of
digitised valid results changes on that day (+1 when a result is issued or digitised, -1 the
day it stops being valid). Any date's counts are the sums of the changes up to that date, so
a report for any date reads these changes instead of the whole register; ``quota_month_changes``
holds the same per month, so a date's sum reads whole months and the days of one month.

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_result_register_unit_code_issue_date", "result_register", ["unit_code", "issue_date"]
    )
    op.create_table(
        "register_matches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("committed_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_register_matches"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_register_matches_document_id_documents",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["result_register.id"],
            name="fk_register_matches_result_id_result_register",
        ),
        sa.UniqueConstraint("document_id", name="uq_register_matches_document_id"),
    )
    op.create_index("ix_register_matches_result_id", "register_matches", ["result_id"])
    op.create_table(
        "quota_changes",
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("doc_type", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("valid_change", sa.Integer(), nullable=False),
        sa.Column("digitised_change", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "doc_type", "day", name="pk_quota_changes"),
    )
    op.create_index(
        "ix_quota_changes_day",
        "quota_changes",
        ["day", "unit_code", "valid_change", "digitised_change"],
    )
    # The same changes summed per calendar month (`month` is its first day): a date's counts
    # are the months before it plus the days of its own month, however long the history.
    op.create_table(
        "quota_month_changes",
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("doc_type", sa.String(64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("valid_change", sa.Integer(), nullable=False),
        sa.Column("digitised_change", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "doc_type", "month", name="pk_quota_month_changes"),
    )
    op.create_index(
        "ix_quota_month_changes_month",
        "quota_month_changes",
        ["month", "unit_code", "valid_change", "digitised_change"],
    )
    _count_the_register_imported_so_far()
    op.create_table(
        "dossier_intake",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("dossier_code", sa.String(64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dossier_intake"),
        sa.UniqueConstraint("dossier_code", name="uq_dossier_intake_dossier_code"),
    )
    op.create_index("ix_dossier_intake_received_on", "dossier_intake", ["received_on"])


def _count_the_register_imported_so_far() -> None:
    # Registers imported before this revision get their changes now, not at their next import.
    from pipeline.count.changes import refresh_changes

    refresh_changes(op.get_bind())


def downgrade() -> None:
    op.drop_table("dossier_intake")
    op.drop_table("quota_month_changes")
    op.drop_table("quota_changes")
    op.drop_table("register_matches")
    op.drop_index("ix_result_register_unit_code_issue_date", "result_register")
