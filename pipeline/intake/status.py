"""`sohoa status PATH...`: what happened to a file, or to every file of a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import IntakeFile
from pipeline.intake import ledger
from pipeline.intake.files import walk_scans
from pipeline.intake.ledger import State

UNSEEN = "unseen"


def file_status(sessions: sessionmaker[Session], paths: list[Path]) -> list[dict[str, Any]]:
    """One entry per file: as the ledger has it, or ``unseen`` for a file it never saw."""
    entries: list[dict[str, Any]] = []
    for given in paths:
        path = given.absolute()
        if path.is_dir():
            entries.extend(_folder_status(sessions, path))
            continue
        row = ledger.latest_rows(sessions, [path]).get(path)
        if row is None:
            moved_here = ledger.rows_moved_to(sessions, path)
            row = moved_here[-1] if moved_here else None
        if row is None and not path.exists():
            under = ledger.rows_under(sessions, path)  # a folder that has since gone
            if under:
                entries.extend(_entry(r) for r in _latest_per_path(under))
                continue
        entries.append(_entry(row) if row is not None else _unseen(path))
    return entries


def _folder_status(sessions: sessionmaker[Session], folder: Path) -> list[dict[str, Any]]:
    rows = _latest_per_path(ledger.rows_under(sessions, folder))
    known = {row.path for row in rows} | {row.moved_to for row in rows if row.moved_to}
    entries = [_entry(row) for row in rows]
    entries.extend(_unseen(seen.path) for seen in walk_scans(folder) if str(seen.path) not in known)
    return entries


def _latest_per_path(rows: list[IntakeFile]) -> list[IntakeFile]:
    latest: dict[str, IntakeFile] = {}
    for row in rows:
        if row.path not in latest or latest[row.path].id < row.id:
            latest[row.path] = row
    return sorted(latest.values(), key=lambda row: row.path)


def _entry(row: IntakeFile) -> dict[str, Any]:
    return {
        "path": row.path,
        "sha256": row.sha256,
        "state": row.state,
        "document_id": row.document_id,
        "reason": _reason(row),
        "attempts": row.attempts,
        "moved_to": row.moved_to,
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
    }


def _unseen(path: Path) -> dict[str, Any]:
    return {
        "path": str(path),
        "sha256": None,
        "state": UNSEEN,
        "document_id": None,
        "reason": None,
        "attempts": 0,
        "moved_to": None,
        "updated_at": None,
    }


def _reason(row: IntakeFile) -> str | None:
    if row.state == State.DUPLICATE.value and row.document_id is not None:
        return f"the same bytes as document {row.document_id}, already stored"
    return row.last_error


def json_view(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("path", "sha256", "state", "document_id", "reason")
    return [{key: entry[key] for key in keys} for entry in entries]


def describe(entries: list[dict[str, Any]]) -> list[str]:
    lines = []
    for entry in entries:
        lines.append(f"{entry['path']}: {entry['state']}")
        if entry["state"] == UNSEEN:
            lines.append("    never seen by a watched inbox or a backfill")
            continue
        lines.append(f"    sha256 {entry['sha256'] or 'not yet known'}")
        if entry["document_id"] is not None:
            lines.append(f"    document {entry['document_id']}")
        lines.append(f"    attempts {entry['attempts']}, last change {entry['updated_at']}")
        if entry["reason"]:
            lines.append(f"    reason: {entry['reason']}")
        if entry["moved_to"] == ledger.DELETED:
            lines.append("    the input was deleted after its commit, as configured")
        elif entry["moved_to"]:
            lines.append(f"    the input went to {entry['moved_to']}")
    return lines
