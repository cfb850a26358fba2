"""The intake ledger: one row per input file and the state it is in.

received → stable → queued → processing → committed | duplicate | quarantined

Every transition is its own committed transaction (for many files at once, one transaction
for the lot) before the step that follows it starts, so after a crash the ledger says exactly
where each file was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import Document, IntakeFile
from pipeline.intake.files import FileSeen
from pipeline.process import Outcome

# Lookups of many paths at once go in chunks, below every database's parameter limit.
_CHUNK = 500
# moved_to of an input deleted after its commit, as configured.
DELETED = "deleted"


class State(StrEnum):
    RECEIVED = "received"
    STABLE = "stable"
    QUEUED = "queued"
    PROCESSING = "processing"
    COMMITTED = "committed"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"


FINAL_STATES = frozenset({State.COMMITTED, State.DUPLICATE, State.QUARANTINED})


@dataclass(frozen=True)
class Source:
    """Where inputs come from: an inbox or a backfill root, with the unit and kind they get."""

    origin: Path
    unit_code: str | None
    kind: str
    priority: int = 0


def path_digest(path: Path | str) -> str:
    return hashlib.sha1(str(path).encode("utf-8", "surrogateescape")).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def is_same_file(row: IntakeFile, seen: FileSeen) -> bool:
    return row.size == seen.size and row.mtime_ns == seen.mtime_ns


def is_final(row: IntakeFile) -> bool:
    return row.state in FINAL_STATES


def latest_rows(sessions: sessionmaker[Session], paths: Iterable[Path]) -> dict[Path, IntakeFile]:
    """The newest ledger row of each path that has one."""
    by_digest = {path_digest(path): path for path in paths}
    digests = list(by_digest)
    found: dict[Path, IntakeFile] = {}
    with sessions() as session:
        for start in range(0, len(digests), _CHUNK):
            chunk = digests[start : start + _CHUNK]
            query = (
                select(IntakeFile).where(IntakeFile.path_digest.in_(chunk)).order_by(IntakeFile.id)
            )
            for row in session.scalars(query):
                path = by_digest[row.path_digest]
                if row.path == str(path):
                    found[path] = row  # ordered by id: the newest wins
    return found


def receive(
    sessions: sessionmaker[Session], source: Source, seen: Sequence[FileSeen]
) -> list[IntakeFile]:
    """New rows, state received, for files seen for the first time (or changed since)."""
    moment = now()
    rows = [
        IntakeFile(
            path=str(item.path),
            path_digest=path_digest(item.path),
            origin=str(source.origin),
            unit_code=source.unit_code,
            kind=source.kind,
            priority=source.priority,
            size=item.size,
            mtime_ns=item.mtime_ns,
            state=State.RECEIVED.value,
            attempts=0,
            retry=False,
            pages=0,
            seen_at=moment,
            updated_at=moment,
        )
        for item in seen
    ]
    if rows:
        with sessions.begin() as session:
            session.add_all(rows)
    return rows


def mark_stable(
    sessions: sessionmaker[Session], rows: Sequence[IntakeFile], hashed: dict[int, FileSeen]
) -> None:
    """Rows whose file stopped changing, with the size, mtime and SHA-256 it had then."""
    moment = now()
    changes = []
    for row in rows:
        seen = hashed[row.id]
        row.size, row.mtime_ns = seen.size, seen.mtime_ns
        changes.append(
            {
                "id": row.id,
                "state": State.STABLE.value,
                "size": seen.size,
                "mtime_ns": seen.mtime_ns,
                "sha256": row.sha256,
                "updated_at": moment,
            }
        )
    _bulk_update(sessions, changes)
    for row in rows:
        row.state = State.STABLE.value


def mark(
    sessions: sessionmaker[Session], rows: Sequence[IntakeFile], state: State, **values: Any
) -> None:
    """Move rows to ``state`` in one transaction."""
    if not rows:
        return
    moment = now()
    statement = (
        update(IntakeFile)
        .where(IntakeFile.id.in_([row.id for row in rows]))
        .values(state=state.value, updated_at=moment, **values)
    )
    with sessions.begin() as session:
        session.execute(statement, execution_options={"synchronize_session": False})
    for row in rows:
        row.state = state.value
        for name, value in values.items():
            setattr(row, name, value)


def mark_processing(sessions: sessionmaker[Session], rows: Sequence[IntakeFile]) -> None:
    """Rows handed to the pipeline: one more attempt; the first attempt's time is kept."""
    if not rows:
        return
    moment = now()
    statement = (
        update(IntakeFile)
        .where(IntakeFile.id.in_([row.id for row in rows]))
        .values(
            state=State.PROCESSING.value,
            attempts=IntakeFile.attempts + 1,
            processing_at=func.coalesce(IntakeFile.processing_at, moment),
            updated_at=moment,
        )
    )
    with sessions.begin() as session:
        session.execute(statement, execution_options={"synchronize_session": False})
    for row in rows:
        row.state = State.PROCESSING.value
        row.attempts += 1
        row.processing_at = row.processing_at or moment


def record_outcome(
    sessions: sessionmaker[Session], row: IntakeFile, outcome: Outcome, moved_to: str | None
) -> State:
    """What the pipeline made of a row's input, and where the input is about to go."""
    status, document_id, pages, reason = (
        outcome.status,
        outcome.document_id,
        outcome.pages,
        outcome.reason,
    )
    with sessions.begin() as session:
        current = session.get(IntakeFile, row.id)
        assert current is not None
        if status == "stored":
            state = State.COMMITTED
        elif status == "duplicate":
            state = _committed_or_duplicate(session, current, document_id)
        else:
            state = State.QUARANTINED
        current.state = state.value
        current.document_id = document_id
        current.pages = pages
        current.last_error = reason
        # "failed" is sohoa's own defect: the input may well be fine next time.
        current.retry = status == "failed"
        current.moved_to = moved_to
        current.updated_at = now()
    row.state, row.document_id, row.pages, row.moved_to = state.value, document_id, pages, moved_to
    row.last_error, row.retry = reason, status == "failed"
    return state


def _committed_or_duplicate(session: Session, row: IntakeFile, document_id: int | None) -> State:
    """A "duplicate" outcome for a row that was already processing when sohoa stopped may be
    the document this very row committed before the crash: then it is this row's commit."""
    if document_id is None or row.processing_at is None or row.attempts < 2:
        return State.DUPLICATE
    document = session.get(Document, document_id)
    if document is None or _aware(document.committed_at) < _aware(row.processing_at):
        return State.DUPLICATE
    claimed = session.scalar(
        select(func.count())
        .select_from(IntakeFile)
        .where(
            IntakeFile.document_id == document_id,
            IntakeFile.state == State.COMMITTED.value,
            IntakeFile.id != row.id,
        )
    )
    return State.DUPLICATE if claimed else State.COMMITTED


def record_move(sessions: sessionmaker[Session], row: IntakeFile, target: str) -> None:
    """Where the input is about to go, recorded before it is moved."""
    _update(sessions, row, moved_to=target)
    row.moved_to = target


def record_note(sessions: sessionmaker[Session], row: IntakeFile, note: str) -> None:
    _update(sessions, row, last_error=note)
    row.last_error = note


def _update(sessions: sessionmaker[Session], row: IntakeFile, **values: str) -> None:
    with sessions.begin() as session:
        session.execute(
            update(IntakeFile).where(IntakeFile.id == row.id).values(**values, updated_at=now()),
            execution_options={"synchronize_session": False},
        )


def unfinished_rows(sessions: sessionmaker[Session], origin: Path) -> list[IntakeFile]:
    """Rows of ``origin`` that a stop or crash left before a final state."""
    with sessions() as session:
        query = select(IntakeFile).where(
            IntakeFile.origin == str(origin),
            or_(*(IntakeFile.state == state.value for state in State if state not in FINAL_STATES)),
        )
        return list(session.scalars(query))


def rows_under(sessions: sessionmaker[Session], folder: Path) -> list[IntakeFile]:
    """Every row of a file inside ``folder``, or that was moved into it."""
    prefix = str(folder).rstrip("/") + "/"
    pattern = _like_prefix(prefix)
    with sessions() as session:
        query = (
            select(IntakeFile)
            .where(
                or_(
                    IntakeFile.path.like(pattern, escape="\\"),
                    IntakeFile.moved_to.like(pattern, escape="\\"),
                )
            )
            .order_by(IntakeFile.path, IntakeFile.id)
        )
        return list(session.scalars(query))


def rows_moved_to(sessions: sessionmaker[Session], path: Path) -> list[IntakeFile]:
    with sessions() as session:
        query = select(IntakeFile).where(IntakeFile.moved_to == str(path)).order_by(IntakeFile.id)
        return list(session.scalars(query))


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _bulk_update(sessions: sessionmaker[Session], changes: list[dict[str, Any]]) -> None:
    if not changes:
        return
    with sessions.begin() as session:
        session.execute(update(IntakeFile), changes)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
