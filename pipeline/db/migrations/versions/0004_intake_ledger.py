"""The intake ledger: one row per input file seen in a watched inbox or a backfill walk, with
its state, so that "what happened to file X?" always has an answer and a crash resumes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("path_digest", sa.String(40), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("retry", sa.Boolean(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("moved_to", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processing_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_intake_files"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_intake_files_document_id_documents"
        ),
    )
    for column in ("path_digest", "sha256", "state", "document_id"):
        op.create_index(f"ix_intake_files_{column}", "intake_files", [column])


def downgrade() -> None:
    for column in ("path_digest", "sha256", "state", "document_id"):
        op.drop_index(f"ix_intake_files_{column}", table_name="intake_files")
    op.drop_table("intake_files")
