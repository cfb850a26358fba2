"""`sohoa backfill DIR`: an archive tree digitised in place, never changed, resumable.

A second run (after a crash or Ctrl-C) skips every file the ledger has as committed with the
same path, size and mtime, without reading its bytes, and tries again what a stop left
unfinished or what failed through sohoa's own defect.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import IntakeFile
from pipeline.ingest.sniff import file_sha256
from pipeline.intake import ledger
from pipeline.intake.files import FileSeen, walk_scans
from pipeline.intake.jobs import BatchProcessor, IntakeRunner
from pipeline.intake.ledger import Source, State
from pipeline.process import Outcome, StopRequest

REPORT_COLUMNS = ("path", "sha256", "attempts", "reason")


@dataclass
class BackfillSummary:
    root: Path
    files: int = 0
    skipped: int = 0
    committed: int = 0
    duplicates: int = 0
    quarantined: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    quarantined_rows: tuple[IntakeFile, ...] = ()

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else 0


class BackfillProgress:
    """A live bar over files, with pages, pages/s, ETA and quarantined files beside it."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]Backfill"),
            BarColumn(bar_width=16),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[pages]} pages · {task.fields[rate]} pages/s"),
            TextColumn("· {task.fields[quarantined]} quarantined"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        self._task: TaskID = self._progress.add_task(
            "backfill", total=None, pages=0, rate="0.00", quarantined=0
        )
        self._pages = 0
        self._quarantined = 0
        self._started = time.monotonic()

    def start(self, files: int) -> None:
        self._started = time.monotonic()
        self._progress.update(self._task, total=files)
        self._progress.start()

    def pages_found(self, count: int) -> None:
        return None

    def page_read(self) -> None:
        self._pages += 1
        rate = self._pages / max(time.monotonic() - self._started, 1e-9)
        self._progress.update(self._task, pages=self._pages, rate=f"{rate:.2f}")

    def document_done(self, name: str, outcome: str) -> None:
        if outcome in ("quarantined", "failed"):
            self._quarantined += 1
        self._progress.update(self._task, advance=1, quarantined=self._quarantined)

    def close(self) -> None:
        self._progress.stop()


class Backfill:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        processor: BatchProcessor,
        source: Source,
        progress: BackfillProgress | None,
        chunk: int,
    ) -> None:
        self.sessions = sessions
        self.runner = IntakeRunner(sessions, processor)
        self.source = source
        self.progress = progress
        self.chunk = max(1, chunk)

    def run(self, stop: StopRequest) -> BackfillSummary:
        started = time.monotonic()
        summary = BackfillSummary(self.source.origin)
        found = list(walk_scans(self.source.origin))
        summary.files = len(found)
        known = ledger.latest_rows(self.sessions, (seen.path for seen in found))
        to_do = [(seen, row) for seen in found if _needs_work(row := known.get(seen.path), seen)]
        summary.skipped = len(found) - len(to_do)
        if self.progress is not None:
            self.progress.start(len(to_do))
        for part in _chunks(to_do, self.chunk):
            if stop.requested:
                break
            rows = self._queue(part)
            self.runner.run(self.source, rows, stop, _Counted(summary))
        summary.interrupted = stop.requested
        summary.seconds = time.monotonic() - started
        latest = ledger.latest_rows(self.sessions, (seen.path for seen in found))
        summary.quarantined_rows = tuple(
            row for row in latest.values() if row.state == State.QUARANTINED.value
        )
        return summary

    def _queue(self, part: Sequence[tuple[FileSeen, IntakeFile | None]]) -> list[IntakeFile]:
        """received → stable (hashed) → queued, one transaction per step for the chunk."""
        fresh = [seen for seen, row in part if row is None or not ledger.is_same_file(row, seen)]
        received = iter(ledger.receive(self.sessions, self.source, fresh))
        rows: list[IntakeFile] = []
        seen_by_id: dict[int, FileSeen] = {}
        for seen, row in part:
            if row is None or not ledger.is_same_file(row, seen):
                row = next(received)
            rows.append(row)
            seen_by_id[row.id] = seen
        to_hash = [row for row in rows if row.state == State.RECEIVED.value or not row.sha256]
        for row in to_hash:
            try:
                row.sha256 = file_sha256(Path(row.path))
            except OSError:
                row.sha256 = None  # the pipeline quarantines it with the reason
        ledger.mark_stable(self.sessions, to_hash, seen_by_id)
        ledger.mark(self.sessions, [r for r in rows if r.state != State.QUEUED.value], State.QUEUED)
        return rows


def _needs_work(row: IntakeFile | None, seen: FileSeen) -> bool:
    if row is None or not ledger.is_same_file(row, seen):
        return True
    if row.state in (State.COMMITTED.value, State.DUPLICATE.value):
        return False
    return not (row.state == State.QUARANTINED.value and not row.retry)


class _Counted:
    """A backfill's inputs stay where they are; each outcome is only counted."""

    def __init__(self, summary: BackfillSummary) -> None:
        self.summary = summary

    def target(self, row: IntakeFile, outcome: Outcome) -> str | None:
        return None

    def put_away(self, row: IntakeFile, state: State, outcome: Outcome) -> None:
        if state is State.COMMITTED:
            self.summary.committed += 1
        elif state is State.DUPLICATE:
            self.summary.duplicates += 1
        else:
            self.summary.quarantined += 1
        self.summary.pages += outcome.pages


def _chunks(
    items: Sequence[tuple[FileSeen, IntakeFile | None]], size: int
) -> Iterator[Sequence[tuple[FileSeen, IntakeFile | None]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_report(rows: Sequence[IntakeFile], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REPORT_COLUMNS)
        for row in sorted(rows, key=lambda r: r.path):
            writer.writerow((row.path, row.sha256 or "", row.attempts, row.last_error or ""))


def describe(summary: BackfillSummary, report: Path) -> list[str]:
    rate = summary.pages / max(summary.seconds, 1e-9)
    retry = sum(1 for row in summary.quarantined_rows if row.retry)
    lines = [
        f"{summary.files} files under {summary.root}: {summary.skipped} already done or "
        f"quarantined before (skipped without reading them), {summary.committed} committed, "
        f"{summary.duplicates} duplicates of stored documents, {summary.quarantined} "
        f"quarantined; {summary.pages} pages in {summary.seconds:.1f} s ({rate:.2f} pages/s).",
        f"Quarantined in this tree: {len(summary.quarantined_rows)} "
        f"({retry} will be tried again by the next run); report: {report}",
    ]
    if summary.interrupted:
        lines.insert(0, "Stopped on request: run the same command again to go on.")
    for row in sorted(summary.quarantined_rows, key=lambda r: r.path)[:50]:
        lines.append(f"  {row.path}: {row.last_error}")
    return lines
