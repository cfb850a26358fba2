"""Reading and writing the rows of one document, one error, in one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from pipeline.db.models import Document, Page, ProcessingError, StoredFile
from pipeline.errors import InputRejected, SohoaError
from pipeline.keep.store import StoredBlob
from pipeline.values import PageText


@dataclass(frozen=True)
class NewDocument:
    file_name: str
    media_type: str
    kind: str
    unit_code: str | None
    source_was_signed: bool
    signed_by: str
    original: StoredBlob
    signed_pdf: StoredBlob
    pages: Sequence[PageText]
    committed_at: datetime
    # A part of a split dossier stack: its place in the input and its receipt's mã hồ sơ.
    part_index: int = 0
    dossier_code: str | None = None
    # Per field: value, confidence, evidence (the `fields` JSON of the documents table).
    fields: dict[str, Any] | None = None
    # What pipeline/understand read: the typed field columns (doc_type, tier, issuer,
    # issuer_unit_code, number, issue_date, valid_until, subject_name, subject_id), each
    # field's confidence, and "auto" or "needs_review".
    columns: dict[str, Any] | None = None
    confidence: dict[str, float] | None = None
    review: str | None = None


def find_document(sessions: sessionmaker[Session], source_sha256: str) -> Document | None:
    with sessions() as session:
        query = (
            select(Document)
            .where(Document.source_sha256 == source_sha256, Document.part_index == 0)
            .options(selectinload(Document.pages))
        )
        return session.scalars(query).one_or_none()


def find_document_parts(sessions: sessionmaker[Session], source_sha256: str) -> list[Document]:
    """Every document made from one input, in order: one, or one per dossier of a stack."""
    with sessions() as session:
        query = (
            select(Document)
            .where(Document.source_sha256 == source_sha256)
            .order_by(Document.part_index)
            .options(selectinload(Document.pages))
        )
        return list(session.scalars(query))


def find_stored_file(sessions: sessionmaker[Session], sha256: str) -> StoredFile | None:
    with sessions() as session:
        return session.get(StoredFile, sha256)


def record_document(sessions: sessionmaker[Session], new: NewDocument) -> Document:
    """Insert the document, its pages and its two stored files, all or nothing."""
    return record_documents(sessions, [new])[0]


def record_documents(
    sessions: sessionmaker[Session], news: Sequence[NewDocument]
) -> list[Document]:
    """Insert the documents made from one input (its parts), all or nothing: a stack is never
    left half recorded, which a later run would take for a finished one."""
    documents = [_document_row(new) for new in news]
    with sessions.begin() as session:
        for document, new in zip(documents, news, strict=True):
            session.add(document)
            session.flush()
            for blob, role, media_type in (
                (new.original, "original", new.media_type),
                (new.signed_pdf, "signed_pdf", "application/pdf"),
            ):
                # An input may be a PDF this installation signed before, and the parts of a
                # stack share their original: one row per content.
                if session.get(StoredFile, blob.sha256) is None:
                    session.add(_stored_file(blob, role, media_type, document, new))
            session.flush()
    return documents


def _document_row(new: NewDocument) -> Document:
    return Document(
        source_sha256=new.original.sha256,
        file_name=new.file_name,
        media_type=new.media_type,
        kind=new.kind,
        unit_code=new.unit_code,
        page_count=len(new.pages),
        pdf_sha256=new.signed_pdf.sha256,
        source_was_signed=new.source_was_signed,
        signed_by=new.signed_by,
        fields=new.fields,
        confidence=new.confidence,
        review=new.review,
        **(new.columns or {}),
        committed_at=new.committed_at,
        pages=[_page_row(page) for page in new.pages],
        part_index=new.part_index,
        dossier_code=new.dossier_code,
    )


def record_error(
    sessions: sessionmaker[Session],
    source: Path,
    sha256: str | None,
    error: SohoaError,
    quarantine_path: Path | None,
    occurred_at: datetime,
) -> None:
    code = error.code if isinstance(error, InputRejected) else type(error).__name__
    with sessions.begin() as session:
        session.add(
            ProcessingError(
                file_name=source.name,
                source_path=str(source),
                sha256=sha256,
                code=code,
                message=error.for_person(),
                quarantine_path=str(quarantine_path) if quarantine_path else None,
                occurred_at=occurred_at,
            )
        )


def _page_row(page: PageText) -> Page:
    return Page(
        page_index=page.index,
        text_source=page.source.value,
        text=page.text,
        rotation=page.rotation,
        blank=page.blank,
        confidence=page.confidence,
        dpi=page.dpi,
    )


def _stored_file(
    blob: StoredBlob, role: str, media_type: str, document: Document, new: NewDocument
) -> StoredFile:
    return StoredFile(
        sha256=blob.sha256,
        role=role,
        media_type=media_type,
        size=blob.size,
        store_path=blob.relative_path,
        document_id=document.id,
        stored_at=new.committed_at,
    )
