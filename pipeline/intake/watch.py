"""`sohoa watch`: inboxes watched with watchdog, files taken once stable, queued by priority.

File events are only hints. A start-up scan and a rescan every ``rescan_seconds`` reconcile
each inbox with the ledger, so a missed event (a network share, a full event queue, a crash)
never strands a file. A file is taken once its size and mtime have not changed for the
inbox's ``stable_seconds`` and it can be opened.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from pipeline.db.models import IntakeFile
from pipeline.errors import ConfigError
from pipeline.ingest.sniff import file_sha256
from pipeline.intake import ledger, moves
from pipeline.intake.files import FileSeen, scan_in_folder, walk_scans
from pipeline.intake.jobs import BatchProcessor, IntakeRunner
from pipeline.intake.ledger import Source, State
from pipeline.process import Outcome, StopRequest
from pipeline.settings import InboxSettings

# How often the loop looks at files that are settling, when no event wakes it earlier.
TICK_SECONDS = 0.2


@dataclass
class _Inbox:
    settings: InboxSettings
    source: Source
    queued: deque[IntakeFile] = field(default_factory=deque)

    @property
    def root(self) -> Path:
        return self.source.origin


@dataclass
class _Settling:
    """A file seen in an inbox and watched until it stops changing."""

    inbox: _Inbox
    seen: FileSeen
    since: float
    row: IntakeFile


class _Hints(FileSystemEventHandler):
    """Turns file events into paths to look at; the main loop decides what they mean."""

    def __init__(
        self, inbox: int, sink: queue.SimpleQueue[tuple[int, Path]], wake: threading.Event
    ):
        self._inbox = inbox
        self._sink = sink
        self._wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            # A folder's own "modified" says only that something inside changed, and that
            # something has its own event; a new folder's files may have none.
            if event.event_type in (EVENT_TYPE_CREATED, EVENT_TYPE_MOVED):
                raw = event.dest_path or event.src_path
                self._sink.put((self._inbox, Path(os.fsdecode(raw))))
                self._wake.set()
            return
        for raw in (event.src_path, event.dest_path):
            if raw:
                self._sink.put((self._inbox, Path(os.fsdecode(raw))))
        self._wake.set()


class Watcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        inboxes: Sequence[InboxSettings],
        processor: BatchProcessor,
        *,
        rescan_seconds: float,
        batch_size: int,
        log: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.sessions = sessions
        self.inboxes = [_inbox(settings) for settings in inboxes]
        self.runner = IntakeRunner(sessions, processor)
        self.rescan_seconds = rescan_seconds
        self.batch_size = max(1, batch_size)
        self.log = log
        self._hints: queue.SimpleQueue[tuple[int, Path]] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._settling: dict[Path, _Settling] = {}
        self._queued_paths: set[Path] = set()
        self._moved_here: set[int] = set()
        self._refused: set[Path] = set()
        self._next_rescan = 0.0

    def run(self, stop: StopRequest) -> None:
        observers = [self._observe(index, inbox) for index, inbox in enumerate(self.inboxes)]
        try:
            self._resume_unfinished()
            while not stop.requested:
                self.step(stop)
        finally:
            for observer in observers:
                observer.stop()
            for observer in observers:
                observer.join(timeout=5)

    def step(self, stop: StopRequest) -> None:
        """One turn of the loop: look at hints (and everything, when a rescan is due), take the
        files that became stable, and run one batch from the inbox with the highest priority."""
        hints = self._drain_hints()
        if time.monotonic() >= self._next_rescan:
            for index, inbox in enumerate(self.inboxes):
                hints.update((seen.path, index) for seen in walk_scans(inbox.root))
            self._next_rescan = time.monotonic() + self.rescan_seconds
        self._consider(hints)
        self._take_stable()
        chosen = self._next_inbox()
        if chosen is not None:
            self._run_batch(chosen, stop)
        else:
            self._wake.wait(self._idle_wait())
            self._wake.clear()

    # -- seeing files ---------------------------------------------------------------------

    def _observe(self, index: int, inbox: _Inbox) -> BaseObserver:
        if not inbox.root.is_dir():
            raise ConfigError(
                "the inbox folder does not exist or is not a folder",
                path=inbox.root,
                advice="Create it, mount the share, or correct the inbox path.",
            )
        observer: BaseObserver = (
            PollingObserver(timeout=inbox.settings.poll_seconds)
            if inbox.settings.polling
            else Observer()
        )
        observer.schedule(_Hints(index, self._hints, self._wake), str(inbox.root), recursive=True)
        observer.start()
        return observer

    def _drain_hints(self) -> dict[Path, int]:
        hints: dict[Path, int] = {}
        while True:
            try:
                index, path = self._hints.get_nowait()
            except queue.Empty:
                return hints
            if path.is_dir() and not path.is_symlink():
                # A folder created or moved in whole gives one event, none for its files.
                hints.update((seen.path, index) for seen in walk_scans(path))
            else:
                hints[path] = index

    def _consider(self, hints: dict[Path, int]) -> None:
        """Sort hinted paths into new files to watch settle, known ones to queue again, and
        finished ones whose move a crash interrupted."""
        # One moment for everything seen together, so that files found by the same scan become
        # stable together and the queue, not the order of the scan, decides which goes first.
        seen_at = time.monotonic()
        fresh: dict[Path, tuple[_Inbox, FileSeen]] = {}
        for path, index in hints.items():
            if path in self._settling or path in self._queued_paths:
                continue
            inbox = self.inboxes[index]
            seen = scan_in_folder(path, inbox.root)
            if seen is not None and not self._is_own_folder(inbox, path):
                fresh[path] = (inbox, seen)
            elif path.is_symlink() and path not in self._refused:
                self._refused.add(path)
                self.log(f"refused     {path}: a symbolic link; copy the file itself instead")
        if not fresh:
            return
        known = ledger.latest_rows(self.sessions, fresh)
        new: dict[int, list[FileSeen]] = {}
        for path, (inbox, seen) in fresh.items():
            row = known.get(path)
            if row is None or not ledger.is_same_file(row, seen):
                if row is not None and row.state == State.RECEIVED.value:
                    self._settle(inbox, seen, row, seen_at)  # still being written when last seen
                else:
                    new.setdefault(self.inboxes.index(inbox), []).append(seen)
            elif ledger.is_final(row):
                if row.id not in self._moved_here:
                    self._finish_interrupted_move(inbox, row)
                else:  # the same bytes dropped again after this watcher moved them away
                    new.setdefault(self.inboxes.index(inbox), []).append(seen)
            elif row.state == State.RECEIVED.value:
                self._settle(inbox, seen, row, seen_at)
            else:
                self._enqueue(inbox, [row])
        for index, seen_list in new.items():
            inbox = self.inboxes[index]
            for row, seen in zip(
                ledger.receive(self.sessions, inbox.source, seen_list), seen_list, strict=True
            ):
                self._settle(inbox, seen, row, seen_at)

    def _is_own_folder(self, inbox: _Inbox, path: Path) -> bool:
        """processed/ or quarantine/ configured inside the inbox are not inputs."""
        for folder in (inbox.settings.processed_folder, inbox.settings.quarantine_folder):
            if path.is_relative_to(folder.absolute()):
                return True
        return False

    def _settle(self, inbox: _Inbox, seen: FileSeen, row: IntakeFile, seen_at: float) -> None:
        self._settling[seen.path] = _Settling(inbox, seen, seen_at, row)

    def _take_stable(self) -> None:
        """Files unchanged for their inbox's stable_seconds that can be opened: hashed, then
        stable, then queued."""
        now = time.monotonic()
        ripe: dict[int, list[_Settling]] = {}
        for path, settling in list(self._settling.items()):
            current = _look(path)
            if current is None:
                del self._settling[path]
                continue
            if (current.size, current.mtime_ns) != (settling.seen.size, settling.seen.mtime_ns):
                settling.seen, settling.since = current, now
                continue
            if now - settling.since >= settling.inbox.settings.stable_seconds and _opens(path):
                ripe.setdefault(self.inboxes.index(settling.inbox), []).append(settling)
        for index, group in ripe.items():
            self._queue_stable(self.inboxes[index], group)

    def _queue_stable(self, inbox: _Inbox, group: list[_Settling]) -> None:
        hashed: dict[int, FileSeen] = {}
        rows = []
        for settling in group:
            path = settling.seen.path
            try:
                sha256 = file_sha256(path)
            except OSError:
                continue  # gone or unreadable for now: the next look decides
            after = _look(path)
            if after != settling.seen:  # written to while it was hashed: let it settle again
                if after is None:
                    del self._settling[path]
                else:
                    settling.seen, settling.since = after, time.monotonic()
                continue
            del self._settling[path]
            settling.row.sha256 = sha256
            hashed[settling.row.id] = settling.seen
            rows.append(settling.row)
        ledger.mark_stable(self.sessions, rows, hashed)
        self._enqueue(inbox, rows)

    def _enqueue(self, inbox: _Inbox, rows: list[IntakeFile]) -> None:
        ledger.mark(self.sessions, [r for r in rows if r.state != State.QUEUED.value], State.QUEUED)
        for row in rows:
            inbox.queued.append(row)
            self._queued_paths.add(Path(row.path))

    def _idle_wait(self) -> float:
        """Until the next rescan, the next file due to be stable, or the next look at files
        still settling, whichever comes first; a file event wakes the loop earlier."""
        now = time.monotonic()
        wait = min(1.0, max(0.0, self._next_rescan - now))
        for settling in self._settling.values():
            due = settling.since + settling.inbox.settings.stable_seconds - now
            wait = min(wait, TICK_SECONDS, max(0.01, due))
        return wait

    # -- processing -----------------------------------------------------------------------

    def _next_inbox(self) -> _Inbox | None:
        waiting = [inbox for inbox in self.inboxes if inbox.queued]
        if not waiting:
            return None
        # Highest priority first; among equals the one that waited longest, by its first row.
        return max(waiting, key=lambda inbox: (inbox.source.priority, -inbox.queued[0].id))

    def _run_batch(self, inbox: _Inbox, stop: StopRequest) -> None:
        rows = [inbox.queued.popleft() for _ in range(min(self.batch_size, len(inbox.queued)))]
        undone = self.runner.run(inbox.source, rows, stop, _PutAway(self, inbox))
        for row in rows:
            if row not in undone:
                self._queued_paths.discard(Path(row.path))
        inbox.queued.extendleft(reversed(undone))

    def target_for(self, inbox: _Inbox, row: IntakeFile, failed: bool) -> str:
        name = Path(row.path).name
        if failed:
            return str(moves.quarantine_target(inbox.settings.quarantine_folder, name))
        if inbox.settings.after_commit == "delete":
            return ledger.DELETED
        day = datetime.now().astimezone()
        return str(moves.processed_target(inbox.settings.processed_folder, name, day))

    def put_away(self, row: IntakeFile, reason: str | None) -> None:
        """The ledger has the outcome and the target: now the input leaves the inbox."""
        source = Path(row.path)
        try:
            if row.moved_to == ledger.DELETED:
                moves.delete_input(source)
            elif row.moved_to is not None:
                target = Path(row.moved_to)
                if row.state == State.QUARANTINED.value:
                    moves.write_reason(target, _reason_text(row, reason))
                if target.exists():
                    # A copy to another filesystem completed; only removing the input was left.
                    moves.delete_input(source)
                else:
                    moves.move_durably(source, target)
        except OSError as error:
            ledger.record_note(self.sessions, row, f"the input could not be moved: {error}")
            self.log(f"could not move {source}: {error}")
            return
        self._moved_here.add(row.id)
        self.log(f"{row.state:<11} {source} -> {row.moved_to}")

    # -- after a crash or a stop ----------------------------------------------------------

    def _resume_unfinished(self) -> None:
        """Rows a crash or stop left queued or processing go back in the queue if their file is
        still there unchanged; received ones are picked up by the start-up scan."""
        for inbox in self.inboxes:
            resumable = []
            for row in ledger.unfinished_rows(self.sessions, inbox.root):
                seen = _look(Path(row.path))
                if seen is None:
                    ledger.record_note(
                        self.sessions, row, "the file left the inbox before it was processed"
                    )
                elif (
                    row.state != State.RECEIVED.value
                    and row.sha256
                    and ledger.is_same_file(row, seen)
                ):
                    resumable.append(row)
            self._enqueue(inbox, resumable)

    def _finish_interrupted_move(self, inbox: _Inbox, row: IntakeFile) -> None:
        if row.moved_to is None:
            target = self.target_for(inbox, row, row.state == State.QUARANTINED.value)
            ledger.record_move(self.sessions, row, target)
        self.put_away(row, row.last_error)


class _PutAway:
    def __init__(self, watcher: Watcher, inbox: _Inbox) -> None:
        self.watcher = watcher
        self.inbox = inbox

    def target(self, row: IntakeFile, outcome: Outcome) -> str | None:
        failed = outcome.status in ("quarantined", "failed")
        return self.watcher.target_for(self.inbox, row, failed)

    def put_away(self, row: IntakeFile, state: State, outcome: Outcome) -> None:
        self.watcher.put_away(row, outcome.reason)


def _inbox(settings: InboxSettings) -> _Inbox:
    root = settings.path.absolute()
    return _Inbox(
        settings.model_copy(update={"path": root}),
        Source(root, settings.unit, settings.kind, settings.priority),
    )


def _look(path: Path) -> FileSeen | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    return FileSeen(path, info.st_size, info.st_mtime_ns)


def _opens(path: Path) -> bool:
    # Some writers (Windows over SMB) hold the file locked until the copy is complete.
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError:
        return False
    return True


def _reason_text(row: IntakeFile, reason: str | None) -> str:
    lines = [
        f"File: {row.path}",
        f"Quarantined at: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"SHA-256: {row.sha256 or 'unknown'}",
        f"Attempts: {row.attempts}",
        f"What was wrong, and what to do: {reason or 'unknown'}",
        "To try again, copy the file back into the inbox.",
    ]
    return "\n".join(lines) + "\n"
