"""Linking stored result documents to their register rows.

A document is the register row with the same issuing unit, issue date and number. The number
is compared as read first, then with the confusions OCR makes folded away (spaces, Đ read as D,
the letter O read as the digit 0, letter case); a number that folds onto two register rows
is ambiguous and left unmatched rather than guessed. Config may let a document with no
register row create one (a register built from the archive itself during backfill).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import ColumnElement, Connection, delete, insert, select

from pipeline.count.changes import refresh_changes
from pipeline.db.models import Document, RegisteredResult, RegisterMatch
from pipeline.values import DocumentKind

# Days are counted in Vietnam's time (UTC+7, no daylight saving).
VIETNAM = timezone(timedelta(hours=7))
_OCR_FOLDS = str.maketrans({"Đ": "D", "đ": "D", "O": "0", "o": "0"})


@dataclass(frozen=True)
class Unmatched:
    document_id: int
    file_name: str
    reason: str


@dataclass(frozen=True)
class Link:
    """A document linked to a register row of ``unit_code``, found by ``method``."""

    unit_code: str
    method: str


@dataclass
class MatchSummary:
    matched: int = 0
    created: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)


def folded_number(number: str) -> str:
    """The number with OCR's usual confusions folded: `123 /QĐ-UBND` and `l23/QD-UBND`…"""
    text = unicodedata.normalize("NFC", number).translate(_OCR_FOLDS).upper()
    return "".join(text.split())


def committed_day(committed_at: datetime) -> date:
    # SQLite gives the stored UTC time back without its zone.
    aware = committed_at if committed_at.tzinfo else committed_at.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).date()


def match_documents(connection: Connection, *, create_missing: bool = False) -> MatchSummary:
    """Link every result document not linked yet; refresh the counts of the units that gained
    a digitised result. Runs in the caller's transaction."""
    summary = MatchSummary()
    matched_at = datetime.now(UTC)
    touched: set[str] = set()
    for document_id in _unlinked_result_ids(connection):
        document = _locked_if_unlinked(connection, document_id)
        if document is None:
            continue
        outcome = _link(connection, document, create_missing, matched_at)
        if isinstance(outcome, Unmatched):
            summary.unmatched.append(outcome)
            continue
        summary.matched += 1
        summary.created += outcome.method == "created"
        touched.add(outcome.unit_code)
    if touched:
        refresh_changes(connection, touched)
    return summary


def rematch_document(connection: Connection, document_id: int) -> Unmatched | None:
    """Redo a result document's link after a person corrected its number, issue date or
    issuer: the old link goes, a new one is made when exactly one register row fits, and the
    counts of the units of both rows are rebuilt, in the caller's transaction. Returns why the
    document is now unmatched (None when linked, or not a result); the next quota report lists
    it as unmatched (and creates its register row, when config allows that)."""
    touched = _unlink(connection, document_id)
    documents = _result_documents(connection, Document.id == document_id)
    outcome = _link(connection, documents[0], False, datetime.now(UTC)) if documents else None
    if isinstance(outcome, Link):
        touched.add(outcome.unit_code)
    if touched:
        refresh_changes(connection, touched)
    return outcome if isinstance(outcome, Unmatched) else None


def register_standing(connection: Connection, document_id: int) -> str | None:
    """How a result document stands against the register, in words for the person who just
    reviewed it: the row it is linked to, or why it is not linked (None when not a result)."""
    documents = _result_documents(connection, Document.id == document_id)
    if not documents:
        return None
    linked = connection.execute(
        select(RegisteredResult.unit_code, RegisteredResult.number, RegisteredResult.issue_date)
        .join(RegisterMatch, RegisterMatch.result_id == RegisteredResult.id)
        .where(RegisterMatch.document_id == document_id)
    ).one_or_none()
    if linked is not None:
        return f"linked to register row {linked.number} of {linked.issue_date} ({linked.unit_code})"
    document = documents[0]
    unit = document.issuer_unit_code or document.unit_code
    missing = _missing_fields(unit, document.number, document.issue_date)
    if missing:
        return f"not linked: {missing}"
    assert unit is not None and document.number is not None
    assert document.issue_date is not None
    result_id, _, reason = _pick(
        document.number, _register_rows(connection, unit, document.issue_date)
    )
    if result_id is not None:
        return "not linked yet: the next quota report links it"
    return f"not linked: {reason}; the quota report lists it as unmatched"


def _link(
    connection: Connection, document: Document, create_missing: bool, matched_at: datetime
) -> Link | Unmatched:
    """Link one result document to its register row, or say why it cannot be."""
    unit = document.issuer_unit_code or document.unit_code
    missing = _missing_fields(unit, document.number, document.issue_date)
    if missing:
        return Unmatched(document.id, document.file_name, missing)
    assert unit is not None and document.number is not None
    assert document.issue_date is not None
    candidates = _register_rows(connection, unit, document.issue_date)
    result_id, method, reason = _pick(document.number, candidates)
    if result_id is None and create_missing and not reason.startswith("ambiguous"):
        result_id, method = _create_row(connection, document, unit, matched_at), "created"
    if result_id is None:
        return Unmatched(document.id, document.file_name, reason)
    connection.execute(
        insert(RegisterMatch),
        {
            "document_id": document.id,
            "result_id": result_id,
            "committed_on": committed_day(document.committed_at),
            "method": method,
            "matched_at": matched_at,
        },
    )
    return Link(unit, method)


def _unlink(connection: Connection, document_id: int) -> set[str]:
    """Remove the document's link; the units whose counts it changes. A register row that the
    document itself created (and no register import has updated since, nor another document
    matched) was made from the value now corrected, and goes with it."""
    link = connection.execute(
        select(
            RegisterMatch.id,
            RegisterMatch.result_id,
            RegisterMatch.method,
            RegisterMatch.matched_at,
            RegisteredResult.unit_code,
            RegisteredResult.imported_at,
        )
        .join(RegisteredResult, RegisteredResult.id == RegisterMatch.result_id)
        .where(RegisterMatch.document_id == document_id)
    ).one_or_none()
    if link is None:
        return set()
    connection.execute(delete(RegisterMatch).where(RegisterMatch.id == link.id))
    others = select(RegisterMatch.id).where(RegisterMatch.result_id == link.result_id)
    if (
        link.method == "created"
        and link.imported_at == link.matched_at
        and connection.execute(others.limit(1)).first() is None
    ):
        connection.execute(delete(RegisteredResult).where(RegisteredResult.id == link.result_id))
    return {link.unit_code}


def _locked_if_unlinked(connection: Connection, document_id: int) -> Document | None:
    """The document as it stands now, locked for this transaction, or None when it was linked
    meanwhile. A review correcting the document holds its row until it commits, with the link
    it made; without the lock the report would link the number as it was read, and on
    PostgreSQL one of the two transactions would fail on the document's unique link."""
    documents = _result_documents(connection, Document.id == document_id, lock=True)
    linked = select(RegisterMatch.id).where(RegisterMatch.document_id == document_id)
    if not documents or connection.execute(linked.limit(1)).first() is not None:
        return None
    return documents[0]


def _unlinked_result_ids(connection: Connection) -> Sequence[int]:
    """The result documents not linked yet; each is read in full once it is locked."""
    linked = select(RegisterMatch.document_id)
    query = (
        select(Document.id)
        .where(Document.kind == DocumentKind.RESULT.value, Document.id.not_in(linked))
        .order_by(Document.id)
    )
    return connection.scalars(query).all()


def _result_documents(
    connection: Connection, condition: ColumnElement[bool], lock: bool = False
) -> Sequence[Document]:
    query = (
        select(
            Document.id,
            Document.file_name,
            Document.unit_code,
            Document.issuer_unit_code,
            Document.number,
            Document.issue_date,
            Document.committed_at,
            Document.doc_type,
            Document.valid_until,
            Document.subject_id,
        )
        .where(Document.kind == DocumentKind.RESULT.value, condition)
        .order_by(Document.id)
    )
    if lock:
        query = query.with_for_update(of=Document)
    return connection.execute(query).all()  # type: ignore[return-value]


def _missing_fields(unit: str | None, number: str | None, issued: date | None) -> str:
    missing = [
        name
        for name, value in (("issuing unit", unit), ("number", number), ("issue date", issued))
        if not value
    ]
    return f"no {', '.join(missing)} was read" if missing else ""


def _register_rows(connection: Connection, unit: str, issued: date) -> list[tuple[int, str]]:
    query = select(RegisteredResult.id, RegisteredResult.number).where(
        RegisteredResult.unit_code == unit, RegisteredResult.issue_date == issued
    )
    return [(row.id, row.number) for row in connection.execute(query)]


def _pick(number: str, candidates: list[tuple[int, str]]) -> tuple[int | None, str, str]:
    """The register row for `number`, how it was found, or why there is none."""
    as_read = unicodedata.normalize("NFC", number).strip()
    exact = [result_id for result_id, stored in candidates if stored == as_read]
    if len(exact) == 1:
        return exact[0], "number", ""
    folded = folded_number(as_read)
    variants = [(i, stored) for i, stored in candidates if folded_number(stored) == folded]
    if len(variants) == 1:
        return variants[0][0], "ocr_variant", ""
    if variants:
        names = ", ".join(stored for _, stored in variants)
        return None, "", f"ambiguous: number {as_read!r} could be any of {names}"
    return None, "", f"no register row for number {as_read!r} issued that day by that unit"


def _create_row(connection: Connection, document: Document, unit: str, at: datetime) -> int:
    values = {
        "unit_code": unit,
        "number": unicodedata.normalize("NFC", document.number or "").strip(),
        "issue_date": document.issue_date,
        "doc_type": document.doc_type,
        "valid_until": document.valid_until,
        "subject_id": document.subject_id,
        "imported_at": at,
    }
    inserted = connection.execute(insert(RegisteredResult).returning(RegisteredResult.id), values)
    return int(inserted.scalar_one())
