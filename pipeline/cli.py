"""The `sohoa` command. One top-level handler maps errors to messages and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from pipeline.errors import ConfigError, SohoaError
from pipeline.exec.local import LocalPool
from pipeline.exec.stages import STAGE_MODULES
from pipeline.ingest.inputs import expand_inputs
from pipeline.settings import Settings, Unit, load_settings
from pipeline.values import DocumentKind

if TYPE_CHECKING:
    from pipeline.process import StopRequest

# The database, signing and PDF libraries take a second to import. Each command imports what
# it needs inside its handler, so that `sohoa process` starts its worker pool first and the
# workers' own imports overlap with this process's.

# Below this many inputs a progress bar is noise, unless someone is watching a terminal.
_PROGRESS_FROM_FILES = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    console = Console(stderr=True, highlight=False)
    try:
        with _signals_handled_by((signal.SIGTERM,), _interrupt):
            settings = load_settings()
            code: int = arguments.handler(arguments, settings, console)
        return code
    except SohoaError as error:
        console.print(f"[red]sohoa:[/] {error.for_person()}", soft_wrap=True)
        return error.exit_code or 1
    except KeyboardInterrupt:
        console.print("[yellow]sohoa: interrupted[/]")
        return 130


def _interrupt(signum: int, frame: object) -> None:
    # A service manager's stop is handled like Ctrl-C.
    raise KeyboardInterrupt


def _stopping(stop: StopRequest) -> Callable[[int, object], None]:
    """The first Ctrl-C or SIGTERM lets the batch stop between documents; a second one stops
    at once (what was committed stays committed either way)."""

    def handle(signum: int, frame: object) -> None:
        if stop.requested:
            raise KeyboardInterrupt
        stop.request()

    return handle


@contextlib.contextmanager
def _signals_handled_by(
    signals: tuple[signal.Signals, ...], handler: Callable[[int, object], None]
) -> Iterator[None]:
    """Handle ``signals`` with ``handler`` for a while, then as before (sohoa may be a library
    call inside a larger program, such as a test runner)."""
    previous = {number: signal.signal(number, handler) for number in signals}
    try:
        yield
    finally:
        for number, earlier in previous.items():
            signal.signal(number, earlier)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sohoa", description="Digitise administrative documents: OCR, PDF/A, signature."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    process = commands.add_parser(
        "process", help="digitise files or folders once and write sidecars and signed PDFs"
    )
    process.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    process.add_argument("--out", required=True, type=Path, metavar="DIR")
    process.add_argument("--unit", metavar="CODE", help="the unit the documents belong to")
    process.add_argument(
        "--kind", choices=[k.value for k in DocumentKind], default=DocumentKind.RESULT.value
    )
    process.add_argument("--workers", type=int, default=None, help="OCR processes (default: cores)")
    process.set_defaults(handler=_process)

    verify = commands.add_parser(
        "verify", help="check signature, stored hash and PDF/A of signed files"
    )
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    verify.set_defaults(handler=_verify)

    register = commands.add_parser("register", help="the result register each unit keeps")
    register.add_argument("action", choices=["import"])
    register.add_argument("file", type=Path, metavar="FILE", help="a register as CSV or XLSX")
    register.add_argument(
        "--rejects", type=Path, metavar="FILE", help="write every rejected row here as CSV"
    )
    register.set_defaults(handler=_register_import)

    report = commands.add_parser("report", help="reports for managers")
    report.add_argument("report", choices=["quota"])
    report.add_argument("--as-of", required=True, type=_iso_date, metavar="DATE")
    report.add_argument(
        "--format", choices=["table", "csv", "xlsx", "html", "json"], default="table"
    )
    report.add_argument("--out", type=Path, metavar="FILE", help="write here, not to stdout")
    report.add_argument("--by-doc-type", action="store_true", help="also per doc type")
    report.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="dossier period start (default 1 Jan)"
    )
    report.set_defaults(handler=_report_quota)

    dossiers = commands.add_parser("dossiers", help="dossier intake from the one-stop system")
    dossiers.add_argument("action", choices=["import"])
    dossiers.add_argument("file", type=Path, metavar="FILE", help="CSV unit_code,dossier_code,...")
    dossiers.set_defaults(handler=_dossiers_import)

    database = commands.add_parser("db", help="database maintenance")
    database.add_argument("action", choices=["upgrade"])
    database.set_defaults(handler=_database)
    _add_intake_commands(commands)
    _add_review_commands(commands)
    return parser


def _add_intake_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = [k.value for k in DocumentKind]
    watch = commands.add_parser(
        "watch", help="watch inboxes and digitise every scan dropped into them"
    )
    watch.add_argument(
        "--inbox",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="a folder to watch instead of the configured inboxes (repeatable)",
    )
    watch.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="CODE",
        help="the unit of the inboxes' documents: once for all, or once per --inbox",
    )
    watch.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=kinds,
        help="result or dossier: once for all, or once per --inbox (default result)",
    )
    watch.add_argument("--polling", action="store_true", help="poll instead of file events")
    watch.add_argument(
        "--stable-seconds",
        type=float,
        default=None,
        metavar="S",
        help="take a file once unchanged this long",
    )
    watch.add_argument(
        "--rescan-seconds",
        type=float,
        default=None,
        metavar="S",
        help="look through every inbox this often",
    )
    watch.add_argument("--workers", type=int, default=None, help="OCR processes (default: cores)")
    watch.set_defaults(handler=_watch)

    backfill = commands.add_parser(
        "backfill", help="digitise an archive tree, resumably, never changing it"
    )
    backfill.add_argument("folder", type=Path, metavar="DIR")
    backfill.add_argument("--unit", metavar="CODE")
    backfill.add_argument("--kind", choices=kinds, default=DocumentKind.RESULT.value)
    backfill.add_argument("--workers", type=int, default=None, help="OCR processes")
    backfill.add_argument(
        "--report", type=Path, metavar="CSV", help="where to write the quarantine report"
    )
    backfill.add_argument(
        "--nice", type=int, default=10, help="lower CPU priority than front-desk work (0: off)"
    )
    backfill.set_defaults(handler=_backfill)

    status = commands.add_parser("status", help="what happened to a file or a folder of files")
    status.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    status.add_argument("--json", action="store_true", help="print a JSON list")
    status.set_defaults(handler=_status)


def _process(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    unit = settings.unit(arguments.unit) if arguments.unit else None
    files = tuple(expand_inputs(arguments.paths))
    if not files:
        raise ConfigError("found no files to process in the paths given")
    _refuse_clashing_names(files)
    workers = arguments.workers or settings.ocr.worker_count
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    pool = LocalPool(workers, preload=STAGE_MODULES)
    try:
        return _run_process(arguments, settings, console, files, unit, pool)
    finally:
        pool.shutdown()


def _run_process(
    arguments: argparse.Namespace,
    settings: Settings,
    console: Console,
    files: tuple[Path, ...],
    unit: Unit | None,
    pool: LocalPool,
) -> int:
    from pipeline.db.session import open_database
    from pipeline.keep.identities import signing_identity
    from pipeline.process import (
        ProcessRequest,
        StopRequest,
        describe,
        largest_first,
        run_batch,
    )
    from pipeline.progress import Reporter, SilentReporter, TerminalReporter
    from pipeline.tools.tesseract import tesseract_version

    tesseract_version()

    request = ProcessRequest(
        files=largest_first(files),
        out_dir=arguments.out,
        kind=DocumentKind(arguments.kind),
        unit_code=unit.code if unit else None,
        identity=signing_identity(settings, unit),
    )
    sessions = open_database(settings.database_url)
    show_progress = console.is_terminal or len(files) >= _PROGRESS_FROM_FILES
    reporter: Reporter = (
        TerminalReporter(console, len(files)) if show_progress else SilentReporter()
    )
    stop = StopRequest()
    try:
        with _signals_handled_by((signal.SIGINT, signal.SIGTERM), _stopping(stop)):
            summary = run_batch(settings, sessions, pool, reporter, request, stop)
    finally:
        reporter.close()
    for line in describe(summary, arguments.out, settings):
        console.print(line, soft_wrap=True, markup=False)
    return summary.exit_code


def _refuse_clashing_names(files: Sequence[Path]) -> None:
    """Outputs are named after the input file, so two inputs may not share a name."""
    first_seen: dict[str, Path] = {}
    for path in files:
        earlier = first_seen.setdefault(path.name, path)
        if earlier != path:
            raise ConfigError(
                f"two inputs are both named {path.name} ({earlier} and {path}), and the "
                "sidecar and PDF in --out are named after the input",
                advice="Process the two folders in separate runs with different --out folders.",
            )


def _verify(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.db.session import open_database
    from pipeline.verify import verify_files

    sessions = open_database(settings.database_url)
    verdicts = verify_files(arguments.files, settings, sessions)
    for verdict in verdicts:
        colour = "green" if verdict.ok else "red"
        console.print(f"[{colour}]{verdict.headline}[/]", soft_wrap=True)
        for line in verdict.details:
            console.print(f"    {line}", soft_wrap=True, markup=False)
    return 0 if all(v.ok for v in verdicts) else 1


def _register_import(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.count.register import (
        RegisterProgress,
        describe_import,
        import_register,
        write_rejections,
    )
    from pipeline.db.session import open_database

    sessions = open_database(settings.database_url)
    with RegisterProgress(console) as progress:
        summary = import_register(
            arguments.file,
            settings.units,
            sessions,
            on_sheet=progress.start,
            on_batch=progress.advance,
            on_write=progress.writing,
        )
    if arguments.rejects:
        write_rejections(summary.rejections, arguments.rejects)
    for line in describe_import(summary, arguments.file, arguments.rejects):
        console.print(line, soft_wrap=True, markup=False)
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2022-12-31") from None


def _report_quota(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.count.report import write_quota_report

    write_quota_report(
        settings,
        arguments.as_of,
        arguments.format,
        arguments.out,
        by_doc_type=arguments.by_doc_type,
        since=arguments.since,
        console=console,
    )
    return 0


def _dossiers_import(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.count.report import import_dossier_file

    for line in import_dossier_file(settings, arguments.file):
        console.print(line, soft_wrap=True, markup=False)
    return 0


def _database(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.db.session import open_database

    open_database(settings.database_url)
    console.print(f"Database is at the newest schema: {settings.database_url}")
    return 0


def _watch(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.intake.commands import watch
    from pipeline.process import StopRequest

    stop = StopRequest()
    with _signals_handled_by((signal.SIGINT, signal.SIGTERM), _stopping(stop)):
        return watch(arguments, settings, console, stop)


def _backfill(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.intake.commands import backfill
    from pipeline.process import StopRequest

    stop = StopRequest()
    with _signals_handled_by((signal.SIGINT, signal.SIGTERM), _stopping(stop)):
        return backfill(arguments, settings, console, stop)


def _status(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.intake.commands import status

    return status(arguments, settings, console)



def _add_review_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review",
        help="list documents waiting for review; show, accept or correct a document's fields",
    )
    review.add_argument("document", nargs="?", type=int, metavar="DOC_ID")
    review.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="correct a field"
    )
    review.add_argument(
        "--accept", action="append", default=[], metavar="FIELD", help="accept a field as read"
    )
    review.add_argument(
        "--accept-rest", action="store_true", help="accept every field not corrected"
    )
    review.add_argument("--by", metavar="NAME", help="who reviews (recorded with each field)")
    review.add_argument(
        "--show", action="store_true", help="only show the document, even at a terminal"
    )
    review.set_defaults(handler=_review)

    train = commands.add_parser(
        "train", help="retrain the document-type model from reviewed documents"
    )
    train.set_defaults(handler=_train)

    export = commands.add_parser("export", help="write the sidecar of every stored document")
    export.add_argument("--out", required=True, type=Path, metavar="DIR")
    export.set_defaults(handler=_export)


def _review(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.review_commands import review

    return review(arguments, settings, console)


def _train(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.review_commands import train

    return train(arguments, settings, console)


def _export(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.review_commands import export

    return export(arguments, settings, console)


if __name__ == "__main__":
    sys.exit(main())
