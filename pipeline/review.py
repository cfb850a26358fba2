"""A person's review of what the machine understood: list, show, accept or correct fields.

What a person accepts or types is authoritative: it replaces the machine's value in the
document's typed column and in its ``fields`` JSON (confidence 1, source "person"), and every
decision is kept in ``field_reviews`` with who and when, which ``sohoa train`` learns from.
A document is "reviewed" once a person has decided every field. A decision that changes what
links a result document to the result register (its number, issue date or issuer) redoes that
link and the quota counts it feeds in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from pipeline.count.matching import rematch_document
from pipeline.db.models import Document, FieldReview
from pipeline.errors import SohoaError
from pipeline.settings import Settings, Tier
from pipeline.sidecar import FIELD_NAMES
from pipeline.understand.classify import CERTIFICATION_STAMP, DOC_TYPES, TITLES, fold
from pipeline.values import nfc

NEEDS_REVIEW = "needs_review"
REVIEWED = "reviewed"
DATE_FIELDS = ("issue_date", "valid_until")
# Lines of page text shown around a field's value.
CONTEXT_LINES = 1


class ReviewError(SohoaError):
    exit_code = 2


@dataclass(frozen=True)
class FieldView:
    """One field as a reviewer sees it."""

    name: str
    value: str | None
    confidence: float | None
    page: int | None
    box: tuple[float, ...] | None
    context: str | None
    reviewed_by: str | None


@dataclass(frozen=True)
class ReviewDecision:
    """What a person decided for one document: corrected values, and fields accepted as read."""

    corrections: Mapping[str, str | None]
    accepted: frozenset[str]
    reviewed_by: str


def documents_to_review(sessions: sessionmaker[Session]) -> list[Document]:
    with sessions() as session:
        query = (
            select(Document)
            .where(Document.review == NEEDS_REVIEW)
            .options(selectinload(Document.pages))
            .order_by(Document.id)
        )
        return list(session.scalars(query))


def load_document(sessions: sessionmaker[Session], document_id: int) -> Document:
    with sessions() as session:
        return _get_document(session, document_id)


def _get_document(session: Session, document_id: int, *, lock: bool = False) -> Document:
    query = select(Document).where(Document.id == document_id).options(selectinload(Document.pages))
    if lock:
        query = query.with_for_update()
    document = session.scalars(query).one_or_none()
    if document is None:
        raise ReviewError(
            f"there is no document {document_id}",
            advice="`sohoa review` lists the documents waiting for review with their ids.",
        )
    return document


def field_views(
    document: Document, reviewers: Mapping[str, str] | None = None, *, context: bool = True
) -> list[FieldView]:
    """The fields as a reviewer sees them; ``context`` (the page lines around each value) needs
    the document's pages loaded."""
    views = []
    for name in FIELD_NAMES:
        entry = field_entry(document, name)
        evidence = entry.get("evidence") or {}
        page = evidence.get("page")
        value = _as_text(entry.get("value"))
        box = evidence.get("box")
        views.append(
            FieldView(
                name=name,
                value=value,
                confidence=_confidence(document, name, entry),
                page=page if isinstance(page, int) else None,
                box=tuple(float(x) for x in box) if isinstance(box, list) else None,
                context=_context(document, name, value, page if isinstance(page, int) else None)
                if context
                else None,
                reviewed_by=(reviewers or {}).get(name),
            )
        )
    return views


def reviewers_of(sessions: sessionmaker[Session], document_id: int) -> dict[str, str]:
    """Who last decided each field of the document."""
    with sessions() as session:
        query = (
            select(FieldReview.field, FieldReview.reviewed_by)
            .where(FieldReview.document_id == document_id)
            .order_by(FieldReview.reviewed_at, FieldReview.id)
        )
        return {field: who for field, who in session.execute(query)}


def field_entry(document: Document, name: str) -> dict[str, Any]:
    """A field as stored: {"value", "confidence", "evidence", ...}; a bare value is wrapped."""
    raw = (document.fields or {}).get(name)
    if isinstance(raw, dict):
        return dict(raw)
    value = raw if raw is not None else _column_text(document, name)
    return {"value": value, "confidence": None, "evidence": None}


def parse_assignments(assignments: Sequence[str]) -> dict[str, str | None]:
    """``--set field=value`` options; an empty value or "null" makes the field unknown."""
    corrections: dict[str, str | None] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ReviewError(
                f"--set {assignment!r} is not of the form FIELD=VALUE",
                advice=f"Fields: {', '.join(FIELD_NAMES)}.",
            )
        stripped = nfc(value.strip())
        corrections[name] = None if stripped in ("", "null") else stripped
    return corrections


def apply_review(
    sessions: sessionmaker[Session],
    settings: Settings,
    document_id: int,
    decision: ReviewDecision,
    now: datetime | None = None,
) -> Document:
    """Write a person's decision on a document in one transaction and return the document."""
    reviewed_by = nfc(decision.reviewed_by.strip())
    if not reviewed_by:
        raise ReviewError("a review needs the reviewer's name", advice="Pass --by NAME.")
    corrections = {
        name: check_value(name, value, settings) for name, value in decision.corrections.items()
    }
    _check_names(set(corrections) | set(decision.accepted))
    if corrections.get("issuer") and "tier" not in corrections:
        # The tier is the issuer's: a person who names the issuer has named its tier too.
        unit_code = _unit_named(corrections["issuer"], settings)
        if unit_code is not None:
            corrections["tier"] = settings.units[unit_code].tier.value
    when = now or datetime.now(UTC)
    with sessions.begin() as session:
        document = _get_document(session, document_id, lock=True)
        register_key = _register_key(document)
        decided = set(corrections) | (set(decision.accepted) - set(corrections))
        for name in sorted(decided):
            machine = field_entry(document, name)
            value = (
                corrections[name]
                if name in corrections
                else _acceptable(name, _as_text(machine.get("value")), settings)
            )
            session.add(
                FieldReview(
                    document_id=document.id,
                    field=name,
                    machine_value=_as_text(machine.get("value")),
                    value=value,
                    reviewed_by=reviewed_by,
                    reviewed_at=when,
                )
            )
            _set_field(document, name, value, machine, reviewed_by, settings)
        session.flush()
        if _register_key(document) != register_key:
            rematch_document(session.connection(), document.id)
        earlier = set(
            session.scalars(select(FieldReview.field).where(FieldReview.document_id == document.id))
        )
        if set(FIELD_NAMES) <= earlier | decided:
            document.review = REVIEWED
    return load_document(sessions, document_id)


def _register_key(document: Document) -> tuple[str | None, str | None, date | None]:
    """What links a result document to its register row (pipeline/count/matching.py)."""
    return (document.issuer_unit_code or document.unit_code, document.number, document.issue_date)


def check_value(name: str, value: str | None, settings: Settings) -> str | None:
    """A person's value in the form the column stores, or a ReviewError saying what is wrong."""
    _check_names({name})
    if value is None:
        return None
    if name in DATE_FIELDS:
        return _parse_date(name, value).isoformat()
    if name == "doc_type":
        known = tuple(settings.doc_types) or DOC_TYPES
        if value not in known:
            raise ReviewError(f"{value!r} is not a document type", advice=f"Use one of {known}.")
    if name == "tier" and value not in {t.value for t in Tier}:
        raise ReviewError(f"{value!r} is not a tier", advice="Use province, district or commune.")
    return value


def _acceptable(name: str, value: str | None, settings: Settings) -> str | None:
    try:
        return check_value(name, value, settings)
    except ReviewError as error:
        raise ReviewError(
            f"the machine's {name} cannot be accepted: {error.message}",
            advice=f"Correct it with --set {name}=VALUE.",
        ) from None


def _check_names(names: set[str]) -> None:
    unknown = sorted(names - set(FIELD_NAMES))
    if unknown:
        raise ReviewError(
            f"no field called {', '.join(unknown)}", advice=f"Fields: {', '.join(FIELD_NAMES)}."
        )


def _parse_date(name: str, value: str) -> date:
    for parse in (date.fromisoformat, _day_month_year):
        try:
            return parse(value)
        except ValueError:
            continue
    raise ReviewError(
        f"{name} {value!r} is not a date", advice="Write it as YYYY-MM-DD or DD/MM/YYYY."
    )


def _day_month_year(value: str) -> date:
    parts = value.replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(value)
    day, month, year = (int(p) for p in parts)
    return date(year, month, day)


def _set_field(
    document: Document,
    name: str,
    value: str | None,
    machine: dict[str, Any],
    reviewed_by: str,
    settings: Settings,
) -> None:
    changed = value != _as_text(machine.get("value"))
    entry = {
        **machine,
        "value": value,
        "confidence": 1.0,
        # The machine's evidence points at what it read, which a correction replaced.
        "evidence": None if changed else machine.get("evidence"),
        "source": "person",
        "reviewed_by": reviewed_by,
    }
    document.fields = {**(document.fields or {}), name: entry}
    document.confidence = {**(document.confidence or {}), name: 1.0}
    _set_column(document, name, value, settings)


def _set_column(document: Document, name: str, value: str | None, settings: Settings) -> None:
    if name in DATE_FIELDS:
        setattr(document, name, date.fromisoformat(value) if value else None)
        return
    setattr(document, name, value)
    if name == "issuer":
        document.issuer_unit_code = _unit_named(value, settings)


def _unit_named(issuer: str | None, settings: Settings) -> str | None:
    """The configured unit that the issuer names exactly (in any period; a People's Committee
    stands for its territorial unit), else unknown."""
    if issuer is None:
        return None
    wanted = {_folded(issuer), _folded(issuer).removeprefix(_PEOPLES_COMMITTEE)}
    codes = {
        unit.code
        for unit in settings.units.values()
        for named in unit.all_names
        if _folded(named.name) in wanted
    }
    return codes.pop() if len(codes) == 1 else None


_PEOPLES_COMMITTEE = "uy ban nhan dan "


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def _column_text(document: Document, name: str) -> str | None:
    value = getattr(document, name, None)
    return _as_text(value)


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _confidence(document: Document, name: str, entry: Mapping[str, Any]) -> float | None:
    value = entry.get("confidence")
    if value is None:
        value = (document.confidence or {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def _context(document: Document, name: str, value: str | None, page: int | None) -> str | None:
    """The page lines around where the value is written (accents and case aside)."""
    needles = [n for n in _written_forms(name, value) if n]
    if not needles:
        return None
    pages = [p for p in document.pages if page is None or p.page_index == page]
    for candidate in pages:
        lines = candidate.text.splitlines()
        for index, line in enumerate(lines):
            folded = _folded(line)
            if any(needle in folded for needle in needles):
                first = max(index - CONTEXT_LINES, 0)
                return "\n".join(lines[first : index + CONTEXT_LINES + 1])
    return None


def _written_forms(name: str, value: str | None) -> list[str]:
    """How a value may be printed, folded: a date in words or digits, a type by its titles."""
    if not value or name == "tier":
        return []
    if name in DATE_FIELDS:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return [_folded(value)]
        days, months = {str(day.day), f"{day.day:02d}"}, {str(day.month), f"{day.month:02d}"}
        return [
            form
            for d in days
            for m in months
            for form in (f"ngay {d} thang {m} nam {day.year}", f"{d} {m} {day.year}")
        ]
    if name == "doc_type":
        titles = [title for slug, title in TITLES if slug == value]
        return titles + ([CERTIFICATION_STAMP] if value == "chung_thuc_ban_sao" else [])
    return [_folded(value)]
