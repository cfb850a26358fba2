"""The result register: the results each unit issued, imported from the unit's own register.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "result_register",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("number", sa.String(128), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("doc_type", sa.String(64), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("replaced_on", sa.Date(), nullable=True),
        sa.Column("digitised_on", sa.Date(), nullable=True),
        sa.Column("subject_id", sa.String(32), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_result_register"),
        sa.UniqueConstraint(
            "unit_code", "number", "issue_date", name="uq_result_register_unit_code"
        ),
    )
    op.create_index("ix_result_register_unit_code", "result_register", ["unit_code"])


def downgrade() -> None:
    op.drop_table("result_register")
