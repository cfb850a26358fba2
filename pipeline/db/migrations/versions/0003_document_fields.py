"""What was understood of a document, as columns that counters and matching can query, the
people's reviews of it, and a part number so one scanned stack can become several documents.

The ``fields`` JSON column keeps each field's value, confidence and evidence (page, box); the
typed columns below repeat the values so that SQL can filter and join on them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_INDEXED = ("issuer_unit_code", "number", "dossier_code", "doc_type")


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("part_index", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("doc_type", sa.String(64), nullable=True))
        batch.add_column(sa.Column("tier", sa.String(16), nullable=True))
        batch.add_column(sa.Column("issuer", sa.String(256), nullable=True))
        batch.add_column(sa.Column("issuer_unit_code", sa.String(32), nullable=True))
        batch.add_column(sa.Column("number", sa.String(128), nullable=True))
        batch.add_column(sa.Column("issue_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("subject_name", sa.String(256), nullable=True))
        batch.add_column(sa.Column("subject_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("dossier_code", sa.String(64), nullable=True))
        batch.add_column(sa.Column("confidence", sa.JSON(), nullable=True))
        batch.drop_constraint("uq_documents_source_sha256", type_="unique")
        batch.create_unique_constraint(
            "uq_documents_source_sha256", ["source_sha256", "part_index"]
        )
    for column in _INDEXED:
        op.create_index(f"ix_documents_{column}", "documents", [column])
    op.create_table(
        "field_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("machine_value", sa.Text(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(128), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_field_reviews"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_field_reviews_document_id_documents",
        ),
    )
    op.create_index("ix_field_reviews_document_id", "field_reviews", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_field_reviews_document_id", table_name="field_reviews")
    op.drop_table("field_reviews")
    for column in _INDEXED:
        op.drop_index(f"ix_documents_{column}", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_source_sha256", type_="unique")
        batch.create_unique_constraint("uq_documents_source_sha256", ["source_sha256"])
        for column in (
            "confidence",
            "dossier_code",
            "subject_id",
            "subject_name",
            "valid_until",
            "issue_date",
            "number",
            "issuer_unit_code",
            "issuer",
            "tier",
            "doc_type",
            "part_index",
        ):
            batch.drop_column(column)
