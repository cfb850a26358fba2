"""The handlers behind `sohoa watch`, `sohoa backfill` and `sohoa status`."""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import ConfigError
from pipeline.exec.local import LocalPool
from pipeline.exec.stages import STAGE_MODULES as STAGE_MODULES
from pipeline.intake.jobs import PipelineProcessor
from pipeline.keep.identities import signing_identity
from pipeline.keep.job import SigningIdentity
from pipeline.process import StopRequest
from pipeline.progress import Reporter
from pipeline.settings import InboxSettings, Settings


def inboxes_to_watch(arguments: argparse.Namespace, settings: Settings) -> list[InboxSettings]:
    """Inboxes given on the command line, or else those in the configuration."""
    paths: list[Path] = arguments.inbox
    if not paths:
        if not settings.inboxes:
            raise ConfigError(
                "no inboxes to watch",
                advice="Add [[inboxes]] to sohoa.toml or give --inbox PATH --unit CODE.",
            )
        return [_with_overrides(inbox, arguments) for inbox in settings.inboxes]
    units = _one_per_inbox(arguments.unit, len(paths), "--unit")
    kinds = _one_per_inbox(arguments.kind, len(paths), "--kind")
    inboxes = []
    for path, unit, kind in zip(paths, units, kinds, strict=True):
        if unit is not None:
            settings.unit(unit)  # refuses an unknown code with advice
        inbox = InboxSettings(path=path.absolute(), unit=unit, kind=kind or "result")  # type: ignore[arg-type]  # checked by argparse choices
        inboxes.append(_with_overrides(inbox, arguments))
    return inboxes


def _one_per_inbox(values: list[str], count: int, option: str) -> list[str | None]:
    given: list[str | None] = list(values)
    if not given:
        return [None] * count
    if len(given) == 1:
        return given * count
    if len(values) != count:
        raise ConfigError(
            f"{option} is given {len(values)} times for {count} inboxes",
            advice=f"Give {option} once (for every inbox) or once per --inbox, in the same order.",
        )
    return given


def _with_overrides(inbox: InboxSettings, arguments: argparse.Namespace) -> InboxSettings:
    update: dict[str, object] = {}
    if arguments.polling:
        update["polling"] = True
    if arguments.stable_seconds is not None:
        update["stable_seconds"] = arguments.stable_seconds
    return inbox.model_copy(update=update) if update else inbox


def identities(settings: Settings) -> Callable[[str | None], SigningIdentity]:
    @functools.cache
    def identity(unit_code: str | None) -> SigningIdentity:
        return signing_identity(settings, settings.unit(unit_code) if unit_code else None)

    return identity


def start_pool(settings: Settings, workers: int | None) -> LocalPool:
    count = workers or settings.ocr.worker_count
    if count < 1:
        raise ConfigError("--workers must be at least 1")
    return LocalPool(count, preload=STAGE_MODULES)


def watch(
    arguments: argparse.Namespace,
    settings: Settings,
    console: Console,
    stop: StopRequest,
) -> int:
    from pipeline.db.session import open_database
    from pipeline.intake.watch import Watcher
    from pipeline.progress import SilentReporter
    from pipeline.tools.tesseract import tesseract_version

    inboxes = inboxes_to_watch(arguments, settings)
    pool = start_pool(settings, arguments.workers)
    try:
        tesseract_version()
        sessions = open_database(settings.database_url)
        watcher = Watcher(
            sessions,
            inboxes,
            _processor(settings, sessions, pool, SilentReporter()),
            rescan_seconds=arguments.rescan_seconds or settings.watch.rescan_seconds,
            batch_size=2 * pool.workers,
            log=lambda line: console.print(line, markup=False, soft_wrap=True, highlight=False),
        )
        for inbox in inboxes:
            mode = "polling" if inbox.polling else "file events"
            console.print(
                f"Watching {inbox.path} ({inbox.kind}, unit {inbox.unit or 'unknown'}, "
                f"{mode}, priority {inbox.priority})",
                markup=False,
                soft_wrap=True,
            )
        watcher.run(stop)
    finally:
        pool.shutdown()
    console.print("Stopped: every input is committed, quarantined or back in the queue.")
    return 0


def _processor(
    settings: Settings, sessions: sessionmaker[Session], pool: LocalPool, reporter: Reporter
) -> PipelineProcessor:
    return PipelineProcessor(settings, sessions, pool, reporter, identities(settings))


def lower_priority(niceness: int) -> None:
    """A backfill yields the cores to front-desk work on the same machine (its workers too)."""
    if niceness > 0:
        os.nice(niceness)


def backfill(
    arguments: argparse.Namespace,
    settings: Settings,
    console: Console,
    stop: StopRequest,
) -> int:
    from pipeline.db.session import open_database
    from pipeline.intake.backfill import Backfill, BackfillProgress, describe, write_report
    from pipeline.intake.ledger import Source
    from pipeline.tools.tesseract import tesseract_version

    root: Path = arguments.folder.absolute()
    if not root.is_dir():
        raise ConfigError("is not a folder", path=root, advice="Give the archive's top folder.")
    unit = settings.unit(arguments.unit).code if arguments.unit else None
    report: Path = (arguments.report or _default_report(settings, datetime.now())).absolute()
    if report.is_relative_to(root):
        raise ConfigError(
            "the report would be written inside the archive, which a backfill never changes",
            path=report,
            advice="Give --report a path outside the archive folder.",
        )
    lower_priority(arguments.nice)
    pool = start_pool(settings, arguments.workers)
    progress = BackfillProgress(console)
    try:
        tesseract_version()
        sessions = open_database(settings.database_url)
        run = Backfill(
            sessions,
            _processor(settings, sessions, pool, progress),
            Source(root, unit, arguments.kind),
            progress,
            chunk=8 * pool.workers,
        )
        summary = run.run(stop)
    finally:
        progress.close()
        pool.shutdown()
    write_report(summary.quarantined_rows, report)
    for line in describe(summary, report):
        console.print(line, markup=False, soft_wrap=True, highlight=False)
    return summary.exit_code


def _default_report(settings: Settings, moment: datetime) -> Path:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    return settings.data_dir / "reports" / f"backfill-{stamp}.csv"


def status(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    import json

    from pipeline.db.session import open_database
    from pipeline.intake.status import describe, file_status, json_view

    sessions = open_database(settings.database_url)
    entries = file_status(sessions, arguments.paths)
    if arguments.json:
        print(json.dumps(json_view(entries), ensure_ascii=False, indent=2))
    else:
        for line in describe(entries):
            console.print(line, markup=False, soft_wrap=True, highlight=False)
    return 0
