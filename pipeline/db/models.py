"""Tables, through SQLAlchemy 2 only. Portable types only: the same models run on SQLite and
PostgreSQL; the schema itself is created by the Alembic migrations in `migrations/`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SHA256_LENGTH = 64

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """One digitised paper: its original bytes, its signed PDF/A and what was read from it."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_sha256", "part_index", name="uq_documents_source_sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    # One scanned stack split at its dossier receipts gives parts 0, 1, …; most inputs are one.
    part_index: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    file_name: Mapped[str] = mapped_column(String(512))
    media_type: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str | None] = mapped_column(String(32), index=True)
    page_count: Mapped[int] = mapped_column(Integer)
    pdf_sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH), unique=True)
    source_was_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    signed_by: Mapped[str] = mapped_column(String(256))
    # Each field's value, confidence and evidence (page, box); the columns below repeat the
    # values so that matching and counters can query them.
    fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    confidence: Mapped[dict[str, float] | None] = mapped_column(JSON)
    review: Mapped[str | None] = mapped_column(String(32))
    committed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    doc_type: Mapped[str | None] = mapped_column(String(64), index=True)
    tier: Mapped[str | None] = mapped_column(String(16))
    issuer: Mapped[str | None] = mapped_column(String(256))
    issuer_unit_code: Mapped[str | None] = mapped_column(String(32), index=True)
    number: Mapped[str | None] = mapped_column(String(128), index=True)
    issue_date: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    subject_name: Mapped[str | None] = mapped_column(String(256))
    subject_id: Mapped[str | None] = mapped_column(String(32))
    dossier_code: Mapped[str | None] = mapped_column(String(64), index=True)

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", order_by="Page.page_index", cascade="all, delete-orphan"
    )


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "page_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    page_index: Mapped[int] = mapped_column(Integer)
    text_source: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    blank: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    dpi: Mapped[float] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="pages")


class FieldReview(Base):
    """A person's decision on one field: the value they accepted or typed, which wins over the
    machine's and feeds the next training."""

    __tablename__ = "field_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    machine_value: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str] = mapped_column(String(128))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoredFile(Base):
    """A file in the write-once store, by content hash."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(SHA256_LENGTH), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    store_path: Mapped[str] = mapped_column(String(512))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessingError(Base):
    """An input that could not be digitised, and where it went."""

    __tablename__ = "processing_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(512))
    source_path: Mapped[str] = mapped_column(String(4096))
    sha256: Mapped[str | None] = mapped_column(String(SHA256_LENGTH), index=True)
    code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    quarantine_path: Mapped[str | None] = mapped_column(String(4096))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RegisteredResult(Base):
    """One row of the result register: an administrative result that a unit issued, as the
    unit's own register (imported with `sohoa register import`) records it."""

    __tablename__ = "result_register"
    __table_args__ = (
        UniqueConstraint("unit_code", "number", "issue_date"),
        # Matching looks a document's unit and issue date up (migration 0005).
        Index("ix_result_register_unit_code_issue_date", "unit_code", "issue_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(128))
    issue_date: Mapped[date] = mapped_column(Date)
    doc_type: Mapped[str | None] = mapped_column(String(64))
    valid_until: Mapped[date | None] = mapped_column(Date)
    revoked_on: Mapped[date | None] = mapped_column(Date)
    replaced_on: Mapped[date | None] = mapped_column(Date)
    digitised_on: Mapped[date | None] = mapped_column(Date)
    subject_id: Mapped[str | None] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IntakeFile(Base):
    """One input file seen in a watched inbox or a backfill walk, and what became of it.

    States: received → stable → queued → processing → committed | duplicate | quarantined.
    Each transition is committed before the next step starts, so a crash leaves a row that
    says where to resume."""

    __tablename__ = "intake_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    # Paths can outgrow an index entry: rows are looked up by the SHA-1 of the path instead.
    path_digest: Mapped[str] = mapped_column(String(40), index=True)
    origin: Mapped[str] = mapped_column(Text)
    unit_code: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(SHA256_LENGTH), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A failure that was sohoa's own defect (not the input's) is tried again by the next run.
    retry: Mapped[bool] = mapped_column(Boolean, default=False)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    # Where the input went after it was done (recorded before it is moved); null if it stays.
    moved_to: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    processing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RegisterMatch(Base):
    """A stored result document linked to its register row (migration 0005); `committed_on`
    is the day the document was committed, from which the row counts as digitised."""

    __tablename__ = "register_matches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("result_register.id"), index=True)
    committed_on: Mapped[date] = mapped_column(Date)
    # "number" (as read), "ocr_variant" (after folding OCR confusions) or "created" (the
    # document made the register row, when config allows it).
    method: Mapped[str] = mapped_column(String(16))
    matched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# SQLite keeps such a table as a B-tree of its key instead of a rowid table plus an index.
_CLUSTERED_BY_KEY: dict[str, Any] = {"sqlite_with_rowid": False}


class QuotaChange(Base):
    """How the count of valid and of digitised valid results of a unit and doc type changes on
    one day (migration 0005); a date's counts are the sums up to it. Rebuilt from the register
    and its matches by pipeline/count/changes.py. Keyed day first (migration 0007): a report
    reads the days of one month, so on SQLite the table itself is that index (no rowid)."""

    __tablename__ = "quota_changes"
    __table_args__ = (PrimaryKeyConstraint("day", "unit_code", "doc_type"), _CLUSTERED_BY_KEY)

    unit_code: Mapped[str] = mapped_column(String(32))
    doc_type: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    valid_change: Mapped[int] = mapped_column(Integer)
    digitised_change: Mapped[int] = mapped_column(Integer)


class QuotaMonthChange(Base):
    """The changes of `QuotaChange` summed per calendar month; `month` is its first day."""

    __tablename__ = "quota_month_changes"
    __table_args__ = (PrimaryKeyConstraint("month", "unit_code", "doc_type"), _CLUSTERED_BY_KEY)

    unit_code: Mapped[str] = mapped_column(String(32))
    doc_type: Mapped[str] = mapped_column(String(64))
    month: Mapped[date] = mapped_column(Date)
    valid_change: Mapped[int] = mapped_column(Integer)
    digitised_change: Mapped[int] = mapped_column(Integer)


class DossierIntake(Base):
    """A dossier the one-stop system received (migration 0005, `sohoa dossiers import`)."""

    __tablename__ = "dossier_intake"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32))
    dossier_code: Mapped[str] = mapped_column(String(64), unique=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
