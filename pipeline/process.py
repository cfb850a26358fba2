"""The pipeline: intake → load → read (pool) → assemble + sign (pool) → store + record → outputs.

Pages of several documents are read at once, so a batch of one-page scans keeps every core
busy. Each document is committed (store, then database, then outputs) as soon as it is signed.
"""

from __future__ import annotations

import shutil
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import Document
from pipeline.db.records import (
    NewDocument,
    find_document,
    find_document_parts,
    record_documents,
    record_error,
)
from pipeline.dossier.receipt import Receipt
from pipeline.dossier.stack import StackPart, part_file_name, split_stack, whole_input
from pipeline.errors import AssemblyError, InputRejected, SohoaError
from pipeline.exec.local import Executor
from pipeline.exec.stages import finish_document, read_dossier_page, read_page
from pipeline.ingest.load import load_input
from pipeline.ingest.quarantine import quarantine_file
from pipeline.ingest.sniff import file_sha256
from pipeline.keep.job import FinishedPdf, FinishJob, SigningIdentity
from pipeline.keep.store import ContentStore, StoredBlob
from pipeline.progress import Reporter
from pipeline.read.job import ReadJob
from pipeline.settings import Settings
from pipeline.sidecar import document_sidecar, error_sidecar, write_sidecar
from pipeline.understand.extract import understand_or_review
from pipeline.values import DocumentKind, LoadedInput, PageText

if TYPE_CHECKING:
    from pipeline.dossier.read import DossierPage

Status = Literal["stored", "duplicate", "quarantined", "failed"]

# How often a waiting batch looks whether it was asked to stop.
STOP_POLL_SECONDS = 0.5
# A finish job's stage is this prefix and the index of the part it assembles and signs.
_FINISH = "finish:"
INTERRUPTED_EXIT_CODE = 130

_SUFFIX_BY_MEDIA_TYPE = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
}


@dataclass(frozen=True)
class ProcessRequest:
    files: tuple[Path, ...]
    # None: the signed PDF and rows go to the store and database only (an archive backfill).
    out_dir: Path | None
    kind: DocumentKind
    unit_code: str | None
    identity: SigningIdentity
    # SHA-256 already computed by the caller (the intake ledger), so the bytes are read once.
    known_sha256: Mapping[Path, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    source: Path
    status: Status
    sha256: str | None
    document_id: int | None
    pages: int
    reason: str | None = None


class StopRequest:
    """Set from a signal handler; the batch stops between steps, never inside a commit."""

    def __init__(self) -> None:
        self.requested = False

    def request(self) -> None:
        self.requested = True


@dataclass(frozen=True)
class BatchSummary:
    outcomes: tuple[Outcome, ...]
    seconds: float
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status in ("stored", "duplicate"))

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return INTERRUPTED_EXIT_CODE
        return 1 if self.count("failed") else 0


@dataclass
class _Document:
    """One input between intake and commit."""

    source: Path
    sha256: str
    work_dir: Path
    loaded: LoadedInput
    pages: dict[int, PageText] = field(default_factory=dict)
    failed: bool = False
    # Dossier inputs: the receipt found on each page, then the parts the input is cut into
    # (one per dossier) and each part's signed PDF as it comes back.
    receipts: dict[int, Receipt | None] = field(default_factory=dict)
    parts: tuple[StackPart, ...] = ()
    finished: dict[int, FinishedPdf] = field(default_factory=dict)

    @property
    def fully_read(self) -> bool:
        return len(self.pages) == len(self.loaded.pages)


class BatchRunner:
    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        executor: Executor,
        reporter: Reporter,
        request: ProcessRequest,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.executor = executor
        self.reporter = reporter
        self.request = request
        self.store = ContentStore(settings.store_dir)
        self._futures: dict[Future[Any], tuple[_Document, str]] = {}
        self._reads_in_flight = 0
        self._shas_in_flight: set[str] = set()
        self._waiting_for_twin: list[tuple[Path, str]] = []
        self._outcomes: list[Outcome] = []
        # Told of each input as soon as it is done (the intake ledger records it, then moves it).
        self._on_outcome = on_outcome

    def run(self, stop: StopRequest | None = None) -> BatchSummary:
        stop = stop or StopRequest()
        started = time.monotonic()
        queue: deque[tuple[Path, str | None]] = deque(
            (f, self.request.known_sha256.get(f)) for f in self.request.files
        )
        try:
            while (queue or self._futures) and not stop.requested:
                self._fill_pool(queue)
                if self._futures:
                    self._collect_finished()
                if not self._futures and self._waiting_for_twin:
                    queue.extend(self._waiting_for_twin)
                    self._waiting_for_twin.clear()
        finally:
            # On a stop, jobs not yet started are dropped and running ones finish unrecorded:
            # their inputs were never reported as done, and the next run picks them up.
            self.executor.shutdown()
        return BatchSummary(tuple(self._outcomes), time.monotonic() - started, stop.requested)

    def _fill_pool(self, queue: deque[tuple[Path, str | None]]) -> None:
        window = 2 * self.executor.workers
        while queue and self._reads_in_flight < window:
            source, known_sha256 = queue.popleft()
            document = self._intake(source, known_sha256)
            if document is not None:
                self._submit_reads(document)

    def _intake(self, source: Path, known_sha256: str | None) -> _Document | None:
        sha256: str | None = known_sha256
        try:
            sha256 = sha256 or file_sha256(source)
            if sha256 in self._shas_in_flight:
                self._waiting_for_twin.append((source, sha256))
                return None
            existing = find_document(self.sessions, sha256)
            if existing is not None:
                self._finish_duplicate(source, existing)
                return None
            work_dir = self._work_dir(sha256)
            loaded = load_input(source, sha256, self.settings, work_dir)
        except OSError as error:
            self._quarantine(source, sha256, _unreadable(source, error))
            return None
        except InputRejected as error:
            self._quarantine(source, sha256, error)
            return None
        self._shas_in_flight.add(sha256)
        self.reporter.pages_found(len(loaded.pages))
        return _Document(source, sha256, work_dir, loaded)

    def _work_dir(self, sha256: str) -> Path:
        work_dir = self.settings.work_dir / sha256[:24]
        shutil.rmtree(work_dir, ignore_errors=True)
        work_dir.mkdir(parents=True)
        return work_dir

    def _submit_reads(self, document: _Document) -> None:
        ocr = self.settings.ocr
        dossier = self.request.kind is DocumentKind.DOSSIER
        for page in document.loaded.pages:
            if page.embedded_text is not None and not dossier:
                document.pages[page.index] = page.embedded_text
                self.reporter.page_read()
                continue
            job = ReadJob(
                page,
                document.loaded.pdf_path,
                document.work_dir,
                ocr.language,
                ocr.max_dpi,
                ocr.page_timeout_seconds,
                ocr.preprocess,
                post_correction=ocr.post_correction,
                context_correction=ocr.context_correction,
            )
            reader = read_dossier_page if dossier else read_page
            self._track(self.executor.submit(reader, job), document, "read")
            self._reads_in_flight += 1
        if document.fully_read:
            self._submit_finish(document)

    def _submit_finish(self, document: _Document) -> None:
        if self.request.kind is DocumentKind.DOSSIER:
            document.parts = split_stack(document.loaded, document.pages, document.receipts)
        else:
            document.parts = whole_input(document.loaded, document.pages)
        for part in document.parts:
            work_dir = document.work_dir / f"part-{part.index}"
            work_dir.mkdir(exist_ok=True)
            title = document.source.stem
            job = FinishJob(
                loaded=part.loaded,
                pages=part.pages,
                work_dir=work_dir,
                title=title if part.index == 0 else f"{title} ({part.index + 1})",
                created=datetime.now(UTC),
                identity=self.request.identity,
                reason=self.settings.signing.reason,
                location=self.settings.signing.location,
            )
            future = self.executor.submit(finish_document, job)
            self._track(future, document, f"{_FINISH}{part.index}")

    def _track(self, future: Future[Any], document: _Document, stage: str) -> None:
        self._futures[future] = (document, stage)

    def _collect_finished(self) -> None:
        done, _ = wait(list(self._futures), timeout=STOP_POLL_SECONDS, return_when=FIRST_COMPLETED)
        for future in done:
            document, stage = self._futures.pop(future)
            if stage == "read":
                self._reads_in_flight -= 1
                self.reporter.page_read()
            if document.failed:
                continue
            error = future.exception()
            if error is not None:
                self._fail(document, error)
            elif stage == "read":
                self._on_page_read(document, future.result())
            else:
                self._on_part_finished(document, int(stage[len(_FINISH) :]), future.result())

    def _on_page_read(self, document: _Document, read: PageText | DossierPage) -> None:
        if not isinstance(read, PageText):  # a dossier page: its text and its receipt
            document.receipts[read.text.index] = read.receipt
            read = read.text
        document.pages[read.index] = read
        if document.fully_read:
            self._submit_finish(document)

    def _on_part_finished(self, document: _Document, part: int, finished: FinishedPdf) -> None:
        document.finished[part] = finished
        if len(document.finished) == len(document.parts):
            self._commit(document)

    def _commit(self, document: _Document) -> None:
        loaded = document.loaded
        suffix = _SUFFIX_BY_MEDIA_TYPE[loaded.media_type]
        original = self.store.put(document.source, document.sha256, suffix)
        news = [self._new_document(document, part, original) for part in document.parts]
        try:
            rows = record_documents(self.sessions, news)
            status: Status = "stored"
        except IntegrityError:  # another process committed the same bytes first
            rows = find_document_parts(self.sessions, document.sha256)
            if not rows:
                raise
            status = "duplicate"
        self._write_outputs(document.source, rows)
        pages = sum(row.page_count for row in rows)
        self._done(document, Outcome(document.source, status, document.sha256, rows[0].id, pages))

    def _new_document(
        self, document: _Document, part: StackPart, original: StoredBlob
    ) -> NewDocument:
        finished = document.finished[part.index]
        signed = self.store.put(finished.path, finished.sha256, ".pdf")
        dossier_code = part.dossier_code_field()
        understood = understand_or_review(part.pages, self.request.kind, self.settings)
        fields, confidence = understood.evidence_json, understood.confidence
        if dossier_code is not None:  # the receipt's own code (QR or its line) wins
            fields["dossier_code"] = dossier_code
            confidence["dossier_code"] = round(float(dossier_code["confidence"]), 4)
        return NewDocument(
            file_name=document.source.name,
            media_type=document.loaded.media_type,
            kind=self.request.kind.value,
            # Without --unit, the unit is the one matched from the issuer (DESIGN §5).
            unit_code=self.request.unit_code or understood.issuer_unit_code,
            source_was_signed=document.loaded.already_signed,
            signed_by=self.request.identity.unit_code,
            original=original,
            signed_pdf=signed,
            pages=part.pages,
            committed_at=datetime.now(UTC),
            part_index=part.index,
            dossier_code=part.dossier_code or understood.value("dossier_code"),
            fields=fields,
            columns=understood.columns,
            confidence=confidence,
            review=understood.review,
        )

    def _finish_duplicate(self, source: Path, existing: Document) -> None:
        parts = find_document_parts(self.sessions, existing.source_sha256)
        self._write_outputs(source, parts)
        pages = sum(part.page_count for part in parts)
        outcome = Outcome(source, "duplicate", existing.source_sha256, existing.id, pages)
        self._add_outcome(outcome)
        self.reporter.document_done(source.name, outcome.status)

    def _write_outputs(self, source: Path, rows: Sequence[Document]) -> None:
        """Each document's signed PDF and sidecar: parts of a stack after the first get
        ``.part<n>`` after the input's name."""
        out_dir = self.request.out_dir
        if out_dir is None:
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        for row in rows:
            name = part_file_name(source.name, row.part_index)
            stored_pdf = self.store.root / self.store.relative_path(row.pdf_sha256, ".pdf")
            shutil.copyfile(stored_pdf, out_dir / f"{name}.pdf")
            sidecar = document_sidecar(row)
            sidecar["file"] = source.name
            write_sidecar(out_dir / f"{name}.json", sidecar)

    def _fail(self, document: _Document, error: BaseException) -> None:
        document.failed = True
        if isinstance(error, InputRejected):
            self._quarantine(document.source, document.sha256, error, document)
        elif isinstance(error, SohoaError) and not isinstance(error, AssemblyError):
            raise error  # the installation is at fault: every other document would fail too
        else:
            self._quarantine(
                document.source,
                document.sha256,
                _defect(document.source, error),
                document,
                status="failed",
            )

    def _quarantine(
        self,
        source: Path,
        sha256: str | None,
        error: SohoaError,
        document: _Document | None = None,
        status: Status = "quarantined",
    ) -> None:
        now = datetime.now(UTC)
        kept = quarantine_file(source, error, sha256, self.settings.quarantine_dir, now)
        record_error(self.sessions, source, sha256, error, kept, now)
        out_dir = self.request.out_dir
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            sidecar = error_sidecar(
                source.name,
                sha256,
                self.request.kind.value,
                self.request.unit_code,
                error.for_person(),
            )
            write_sidecar(out_dir / f"{source.name}.json", sidecar)
        outcome = Outcome(source, status, sha256, None, 0, error.for_person())
        if document is not None:
            self._done(document, outcome)
        else:
            self._add_outcome(outcome)
            self.reporter.document_done(source.name, "quarantined")

    def _done(self, document: _Document, outcome: Outcome) -> None:
        self._shas_in_flight.discard(document.sha256)
        shutil.rmtree(document.work_dir, ignore_errors=True)
        self._add_outcome(outcome)
        self.reporter.document_done(document.source.name, outcome.status)

    def _add_outcome(self, outcome: Outcome) -> None:
        self._outcomes.append(outcome)
        if self._on_outcome is not None:
            self._on_outcome(outcome)


def _unreadable(source: Path, error: OSError) -> InputRejected:
    return InputRejected(
        f"the file cannot be read ({error.strerror or error})",
        advice="Check that it still exists and that sohoa may read it, then process it again.",
        path=source,
    )


def _defect(source: Path, error: BaseException) -> AssemblyError:
    if isinstance(error, AssemblyError):
        return error
    return AssemblyError(
        f"sohoa failed on this file ({type(error).__name__}: {error})",
        advice="This is a defect in sohoa, not in the scan: report it with the quarantined file.",
        path=source,
    )


def largest_first(files: Sequence[Path]) -> tuple[Path, ...]:
    """Inputs in the order that keeps every worker busy to the end: the largest (the most or
    the densest pages) first, so that a batch does not end on one long document while the
    other workers wait. A file that cannot be read sorts last; its intake says why."""

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return -1

    return tuple(sorted(files, key=size, reverse=True))


def run_batch(
    settings: Settings,
    sessions: sessionmaker[Session],
    executor: Executor,
    reporter: Reporter,
    request: ProcessRequest,
    stop: StopRequest | None = None,
) -> BatchSummary:
    return BatchRunner(settings, sessions, executor, reporter, request).run(stop)


def describe(summary: BatchSummary, out_dir: Path, settings: Settings) -> Sequence[str]:
    seconds = max(summary.seconds, 1e-9)
    rate = summary.pages / seconds
    lines = [
        f"{len(summary.outcomes)} inputs: {summary.count('stored')} stored, "
        f"{summary.count('duplicate')} already stored, {summary.count('quarantined')} "
        f"quarantined, {summary.count('failed')} failed; {summary.pages} pages in "
        f"{summary.seconds:.1f} s ({rate:.2f} pages/s).",
        f"Signed PDF/A and sidecar JSON: {out_dir}",
        f"Store: {settings.store_dir}   Database: {settings.database_url}",
    ]
    if summary.interrupted:
        lines.insert(
            0,
            "Stopped on request: what is listed below was committed; run the same "
            "command again to process the rest.",
        )
    if summary.count("quarantined") or summary.count("failed"):
        lines.append(f"Quarantine: {settings.quarantine_dir}")
        for outcome in summary.outcomes:
            if outcome.reason:
                lines.append(f"  {outcome.source}: {outcome.reason}")
    return lines
