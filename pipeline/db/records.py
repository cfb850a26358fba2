"""Reading and writing the rows of one document, one error, in one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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


def find_document(sessions: sessionmaker[Session], source_sha256: str) -> Document | None:
    with sessions() as session:
        query = (
            select(Document)
            .where(Document.source_sha256 == source_sha256, Document.part_index == 0)
            .options(selectinload(Document.pages))
        )
        return session.scalars(query).one_or_none()


def find_stored_file(sessions: sessionmaker[Session], sha256: str) -> StoredFile | None:
    with sessions() as session:
        return session.get(StoredFile, sha256)


def record_document(sessions: sessionmaker[Session], new: NewDocument) -> Document:
    """Insert the document, its pages and its two stored files, all or nothing."""
    document = Document(
        source_sha256=new.original.sha256,
        file_name=new.file_name,
        media_type=new.media_type,
        kind=new.kind,
        unit_code=new.unit_code,
        page_count=len(new.pages),
        pdf_sha256=new.signed_pdf.sha256,
        source_was_signed=new.source_was_signed,
        signed_by=new.signed_by,
        fields=None,
        review=None,
        committed_at=new.committed_at,
        pages=[_page_row(page) for page in new.pages],
    )
    with sessions.begin() as session:
        session.add(document)
        session.flush()
        for blob, role, media_type in (
            (new.original, "original", new.media_type),
            (new.signed_pdf, "signed_pdf", "application/pdf"),
        ):
            # An input may be a PDF this installation signed before: one row per content.
            if session.get(StoredFile, blob.sha256) is None:
                session.add(_stored_file(blob, role, media_type, document, new))
    return document


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
