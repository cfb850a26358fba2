"""Running ledger rows through the pipeline: the same BatchRunner as `sohoa process`, on one
worker pool kept across batches, with each outcome recorded in the ledger as it happens."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import IntakeFile
from pipeline.exec.local import Executor
from pipeline.intake import ledger
from pipeline.intake.ledger import Source, State
from pipeline.keep.job import SigningIdentity
from pipeline.process import BatchRunner, Outcome, ProcessRequest, StopRequest
from pipeline.progress import Reporter
from pipeline.settings import Settings
from pipeline.values import DocumentKind

Job = TypeVar("Job")
Result = TypeVar("Result")


class Destination(Protocol):
    """Where a done input goes: ``target`` is recorded with the outcome, in one transaction,
    then ``put_away`` moves it there."""

    def target(self, row: IntakeFile, outcome: Outcome) -> str | None: ...

    def put_away(self, row: IntakeFile, state: State, outcome: Outcome) -> None: ...


class BatchProcessor(Protocol):
    """Digitises the inputs of ``rows`` and reports each one's outcome as soon as it is done."""

    def process(
        self,
        source: Source,
        rows: Sequence[IntakeFile],
        on_outcome: Callable[[Outcome], None],
        stop: StopRequest,
    ) -> None: ...


class _KeptPool:
    """A pool lent to one BatchRunner: its shutdown at the end of a batch leaves the pool up."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        self.workers = pool.workers

    def submit(self, function: Callable[[Job], Result], job: Job) -> Future[Result]:
        return self._pool.submit(function, job)

    def shutdown(self) -> None:
        return None


class PipelineProcessor:
    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        pool: Executor,
        reporter: Reporter,
        identity: Callable[[str | None], SigningIdentity],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.pool = _KeptPool(pool)
        self.reporter = reporter
        self.identity = identity

    def process(
        self,
        source: Source,
        rows: Sequence[IntakeFile],
        on_outcome: Callable[[Outcome], None],
        stop: StopRequest,
    ) -> None:
        request = ProcessRequest(
            files=tuple(Path(row.path) for row in rows),
            out_dir=None,
            kind=DocumentKind(source.kind),
            unit_code=source.unit_code,
            identity=self.identity(source.unit_code),
            known_sha256={Path(row.path): row.sha256 for row in rows if row.sha256},
        )
        runner = BatchRunner(
            self.settings, self.sessions, self.pool, self.reporter, request, on_outcome
        )
        runner.run(stop)


@dataclass
class Timing:
    """Where an intake's time goes: its own bookkeeping, or digitising inside the pipeline."""

    bookkeeping: float = 0.0
    pipeline: float = 0.0


class IntakeRunner:
    """Hands queued rows to the pipeline, each transition committed before the next step."""

    def __init__(self, sessions: sessionmaker[Session], processor: BatchProcessor) -> None:
        self.sessions = sessions
        self.processor = processor
        self.timing = Timing()

    def run(
        self,
        source: Source,
        rows: Sequence[IntakeFile],
        stop: StopRequest,
        destination: Destination,
    ) -> list[IntakeFile]:
        """Process ``rows``; returns those a stop left undone, back in state queued."""
        started = time.perf_counter()
        ledger.mark_processing(self.sessions, rows)
        waiting = {Path(row.path): row for row in rows}
        in_callbacks = 0.0

        def on_outcome(outcome: Outcome) -> None:
            nonlocal in_callbacks
            began = time.perf_counter()
            row = waiting.pop(outcome.source, None)
            if row is None:  # a later part of an input split into several documents
                return
            state = ledger.record_outcome(
                self.sessions, row, outcome, destination.target(row, outcome)
            )
            destination.put_away(row, state, outcome)
            in_callbacks += time.perf_counter() - began

        handed_over = time.perf_counter()
        self.processor.process(source, rows, on_outcome, stop)
        in_pipeline = time.perf_counter() - handed_over - in_callbacks
        undone = list(waiting.values())
        ledger.mark(self.sessions, undone, State.QUEUED)
        self.timing.pipeline += in_pipeline
        self.timing.bookkeeping += time.perf_counter() - started - in_pipeline
        return undone
