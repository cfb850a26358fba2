"""Documents, their pages, stored files and processing errors.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(512), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("source_was_signed", sa.Boolean(), nullable=False),
        sa.Column("signed_by", sa.String(256), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=True),
        sa.Column("review", sa.String(32), nullable=True),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("source_sha256", name="uq_documents_source_sha256"),
        sa.UniqueConstraint("pdf_sha256", name="uq_documents_pdf_sha256"),
    )
    op.create_index("ix_documents_unit_code", "documents", ["unit_code"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("text_source", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("dpi", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_pages_document_id_documents"
        ),
        sa.UniqueConstraint("document_id", "page_index", name="uq_pages_document_id"),
    )
    op.create_index("ix_pages_document_id", "pages", ["document_id"])
    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("store_path", sa.String(512), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_stored_files"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_stored_files_document_id_documents"
        ),
    )
    op.create_index("ix_stored_files_document_id", "stored_files", ["document_id"])
    op.create_table(
        "processing_errors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("file_name", sa.String(512), nullable=False),
        sa.Column("source_path", sa.String(4096), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("quarantine_path", sa.String(4096), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_processing_errors"),
    )
    op.create_index("ix_processing_errors_sha256", "processing_errors", ["sha256"])


def downgrade() -> None:
    op.drop_table("processing_errors")
    op.drop_table("stored_files")
    op.drop_table("pages")
    op.drop_table("documents")
