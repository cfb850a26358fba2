"""Intake bookkeeping: what watching and backfilling cost beside digitising itself.

Three figures, each on a fresh SQLite database in a temporary data directory:

1. Bookkeeping throughput on 10,000 small files (files/s), without OCR: a backfill walk and a
   watched inbox, each through the real ledger (every transition committed), hashing and, for
   the inbox, the move to processed/; the pipeline is replaced by a stand-in that reports
   each file stored at once, so only intake's own work is timed.
2. Latency from a file becoming stable to its job starting, in a real `Watcher` with native
   file events and the real pipeline: (moment the pipeline is handed the file) minus (moment
   the file was closed + stable_seconds), one file at a time.
3. Bookkeeping share on real scans: a backfill of samples/ with the real pipeline; the time
   outside the pipeline over the whole run.

Run: `.venv/bin/python bench/intake.py [--files 10000] [--samples samples]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.db.models import IntakeFile  # noqa: E402
from pipeline.db.session import open_database  # noqa: E402
from pipeline.exec.local import LocalPool  # noqa: E402
from pipeline.intake.backfill import Backfill  # noqa: E402
from pipeline.intake.commands import STAGE_MODULES, identities  # noqa: E402
from pipeline.intake.jobs import PipelineProcessor  # noqa: E402
from pipeline.intake.ledger import Source  # noqa: E402
from pipeline.intake.watch import Watcher  # noqa: E402
from pipeline.process import Outcome, StopRequest  # noqa: E402
from pipeline.progress import SilentReporter  # noqa: E402
from pipeline.settings import InboxSettings, Settings, load_settings  # noqa: E402

STABLE_SECONDS = 0.5
SCAN_SUFFIXES = {".jpg", ".png", ".tif", ".tiff", ".pdf"}


class StandIn:
    """Reports every input stored at once: what remains to time is intake's bookkeeping."""

    def process(
        self,
        source: Source,
        rows: Sequence[IntakeFile],
        on_outcome: Callable[[Outcome], None],
        stop: StopRequest,
    ) -> None:
        for row in rows:
            on_outcome(Outcome(Path(row.path), "stored", row.sha256, None, 1))


class Stamped:
    """The real pipeline, noting when each file is handed to it."""

    def __init__(self, inner: PipelineProcessor) -> None:
        self.inner = inner
        self.started: dict[str, float] = {}

    def process(
        self,
        source: Source,
        rows: Sequence[IntakeFile],
        on_outcome: Callable[[Outcome], None],
        stop: StopRequest,
    ) -> None:
        moment = time.time()
        for row in rows:
            self.started[Path(row.path).name] = moment
        self.inner.process(source, rows, on_outcome, stop)


def fresh_settings(work: Path, name: str) -> Settings:
    data = work / name
    os.environ["SOHOA_DATA_DIR"] = str(data)
    os.environ.pop("SOHOA_DATABASE_URL", None)
    return load_settings()


def make_small_files(folder: Path, count: int) -> None:
    for index in range(count):
        sub = folder / f"box-{index // 1000:02d}"
        if index % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"scan-{index:05d}.jpg").write_bytes(os.urandom(2048))


def backfill_bookkeeping(work: Path, count: int) -> float:
    tree = work / "small-archive"
    make_small_files(tree, count)
    settings = fresh_settings(work, "var-backfill")
    sessions = open_database(settings.database_url)
    run = Backfill(sessions, StandIn(), Source(tree, None, "result"), None, chunk=64)
    started = time.perf_counter()
    summary = run.run(StopRequest())
    seconds = time.perf_counter() - started
    assert summary.committed == count, summary
    again = time.perf_counter()
    second = run.run(StopRequest())
    resume_seconds = time.perf_counter() - again
    assert second.skipped == count
    print(
        f"backfill bookkeeping: {count} files in {seconds:.1f} s = {count / seconds:,.0f} files/s;"
        f" a second run skips them all in {resume_seconds:.1f} s"
        f" ({count / resume_seconds:,.0f} files/s)"
    )
    return count / seconds


def watch_bookkeeping(work: Path, count: int) -> float:
    inbox = work / "desk" / "inbox"
    make_small_files(inbox, count)
    settings = fresh_settings(work, "var-watch")
    sessions = open_database(settings.database_url)
    box = InboxSettings(path=inbox, stable_seconds=0)
    watcher = Watcher(sessions, [box], StandIn(), rescan_seconds=3600, batch_size=64)
    stop = StopRequest()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    started = time.perf_counter()
    thread.start()
    while any(inbox.rglob("*.jpg")):
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    stop.request()
    thread.join()
    print(
        f"watch bookkeeping: {count} files from an inbox to processed/ in {seconds:.1f} s ="
        f" {count / seconds:,.0f} files/s"
    )
    return count / seconds


def latency(work: Path, samples: Path, drops: int) -> list[float]:
    settings = fresh_settings(work, "var-latency")
    sessions = open_database(settings.database_url)
    inbox = work / "latency" / "inbox"
    inbox.mkdir(parents=True)
    pool = LocalPool(settings.ocr.worker_count, preload=STAGE_MODULES)
    processor = Stamped(
        PipelineProcessor(settings, sessions, pool, SilentReporter(), identities(settings))
    )
    box = InboxSettings(path=inbox, stable_seconds=STABLE_SECONDS)
    watcher = Watcher(sessions, [box], processor, rescan_seconds=60, batch_size=2)
    stop = StopRequest()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    source = sorted(samples.glob("*.jpg"))[0].read_bytes()
    delays = []
    try:
        for index in range(drops):
            name = f"drop-{index}.jpg"
            partial = inbox / f"{name}.part"
            # Distinct bytes each time (a comment after the JPEG's end), so none is a duplicate.
            partial.write_bytes(source + f"drop {index}".encode())
            os.replace(partial, inbox / name)
            closed = time.time()
            while name not in processor.started:
                time.sleep(0.01)
            delays.append(processor.started[name] - (closed + STABLE_SECONDS))
            while (inbox / name).exists():
                time.sleep(0.05)
    finally:
        stop.request()
        thread.join()
        pool.shutdown()
    print(
        f"stable-to-job-start latency over {drops} drops (stable_seconds {STABLE_SECONDS}):"
        f" median {statistics.median(delays):.3f} s, max {max(delays):.3f} s"
    )
    return delays


def real_scan_share(work: Path, samples: Path) -> float:
    tree = work / "sample-archive"
    tree.mkdir()
    for path in sorted(samples.iterdir()):
        if path.is_file() and path.suffix.lower() in SCAN_SUFFIXES:
            shutil.copy2(path, tree / path.name)
    settings = fresh_settings(work, "var-share")
    sessions = open_database(settings.database_url)
    pool = LocalPool(settings.ocr.worker_count, preload=STAGE_MODULES)
    processor = PipelineProcessor(settings, sessions, pool, SilentReporter(), identities(settings))
    run = Backfill(sessions, processor, Source(tree, None, "result"), None, chunk=16)
    try:
        started = time.perf_counter()
        summary = run.run(StopRequest())
        total = time.perf_counter() - started
    finally:
        pool.shutdown()
    share = (total - run.runner.timing.pipeline) / total
    print(
        f"real scans: backfill of {summary.files} sample files ({summary.pages} pages) in"
        f" {total:.1f} s, {run.runner.timing.pipeline:.1f} s of it in the pipeline:"
        f" bookkeeping {100 * share:.2f} % of the total"
    )
    return share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--samples", type=Path, default=REPO / "samples")
    parser.add_argument("--drops", type=int, default=10)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-intake-") as temporary:
        work = Path(temporary)
        backfill_bookkeeping(work, arguments.files)
        watch_bookkeeping(work, arguments.files)
        latency(work, arguments.samples, arguments.drops)
        real_scan_share(work, arguments.samples)


if __name__ == "__main__":
    main()
