"""What `sohoa review`, `sohoa train` and `sohoa export` print and ask (pipeline/cli.py calls)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import Document
from pipeline.review import (
    FieldView,
    ReviewDecision,
    ReviewError,
    apply_review,
    check_value,
    documents_to_review,
    field_views,
    load_document,
    parse_assignments,
    reviewers_of,
)
from pipeline.settings import Settings

# What a reviewer types at the prompt to mark a field unknown, or to leave it for later.
UNKNOWN_ANSWER = "-"
SKIP_ANSWER = "?"


def review(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.db.session import open_database

    sessions = open_database(settings.database_url)
    deciding = bool(arguments.set or arguments.accept or arguments.accept_rest)
    if arguments.document is None:
        if deciding:
            raise ReviewError(
                "--set and --accept need a DOC_ID", advice="`sohoa review` lists them."
            )
        show_waiting(documents_to_review(sessions), settings, console)
        return 0
    document = load_document(sessions, arguments.document)
    threshold = settings.understand.review_threshold
    if deciding:
        if not arguments.by:
            raise ReviewError("a review needs the reviewer's name", advice="Pass --by NAME.")
        views = field_views(document)
        corrections = parse_assignments(arguments.set)
        accepted = {v.name for v in views} if arguments.accept_rest else set(arguments.accept)
        decision = ReviewDecision(corrections, frozenset(accepted - set(corrections)), arguments.by)
        document = apply_review(sessions, settings, document.id, decision)
    elif console.is_terminal and sys.stdin.isatty() and not arguments.show:
        show_document(
            document, field_views(document, reviewers_of(sessions, document.id)), threshold, console
        )
        answers = ask_decision(
            field_views(document), settings, console.input, console.print, arguments.by
        )
        if answers is None:
            console.print("Nothing saved.")
            return 0
        document = apply_review(sessions, settings, document.id, answers)
    show_document(
        document, field_views(document, reviewers_of(sessions, document.id)), threshold, console
    )
    _show_register_standing(sessions, document, console)
    return 0


def _show_register_standing(
    sessions: sessionmaker[Session], document: Document, console: Console
) -> None:
    from pipeline.count.matching import register_standing

    with sessions() as session:
        standing = register_standing(session.connection(), document.id)
    if standing is not None:
        console.print(f"Register: {escape(standing)}")


def show_waiting(documents: Sequence[Document], settings: Settings, console: Console) -> int:
    threshold = settings.understand.review_threshold
    table = Table("id", "file", "type", "unsure fields", title="Documents waiting for review")
    for document in documents:
        unsure = [
            f"{v.name} {_percent(v.confidence)}"
            for v in field_views(document, context=False)
            if v.confidence is None or v.confidence < threshold
        ]
        table.add_row(
            str(document.id),
            escape(_file_label(document)),
            escape(document.doc_type or "?"),
            escape(", ".join(unsure)),
        )
    if documents:
        console.print(table)
    console.print(
        f"{len(documents)} document(s) wait for review (a field below confidence "
        f"{threshold:.2f}). Show one with `sohoa review DOC_ID`."
    )
    return len(documents)


def show_document(
    document: Document, views: Sequence[FieldView], threshold: float, console: Console
) -> None:
    console.print(
        f"Document {document.id}: {escape(_file_label(document))}, "
        f"{document.page_count} page(s), review: {document.review or 'none'}",
        soft_wrap=True,
    )
    for view in views:
        unsure = view.confidence is None or view.confidence < threshold
        confidence = _percent(view.confidence)
        value = view.value if view.value is not None else "(unknown)"
        decided = f", decided by {view.reviewed_by}" if view.reviewed_by else ""
        console.print(
            f"  {view.name:<13} {escape(value)}  "
            + (f"[red]{confidence} unsure[/]" if unsure else confidence)
            + escape(f"  {_where(view)}{decided}"),
            soft_wrap=True,
        )
        for line in (view.context or "").splitlines():
            console.print(f"  {'':<13} | {escape(line)}", soft_wrap=True)


def ask_decision(
    views: Sequence[FieldView],
    settings: Settings,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    reviewed_by: str | None,
) -> ReviewDecision | None:
    """Ask about each field in turn: Enter accepts, text corrects, "-" unknown, "?" later."""
    say(
        f"For each field: Enter accepts the value, type a correction, '{UNKNOWN_ANSWER}' makes "
        f"it unknown, '{SKIP_ANSWER}' leaves it for later."
    )
    corrections: dict[str, str | None] = {}
    accepted: set[str] = set()
    for view in views:
        while True:
            shown = view.value if view.value is not None else "unknown"
            answer = ask(f"{view.name} [{shown}]: ").strip()
            if answer == SKIP_ANSWER:
                break
            if answer == "":
                accepted.add(view.name)
                break
            value = None if answer == UNKNOWN_ANSWER else answer
            try:
                corrections[view.name] = check_value(view.name, value, settings)
            except ReviewError as error:
                say(error.for_person())
                continue
            break
    if not corrections and not accepted:
        return None
    while not reviewed_by:
        reviewed_by = ask("Your name (recorded with each field): ").strip()
    if ask("Save? [Y/n] ").strip().lower() not in ("", "y", "yes", "c", "co", "có"):
        return None
    return ReviewDecision(corrections, frozenset(accepted), reviewed_by)


def train(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.db.session import open_database
    from pipeline.understand.doctype_model import CALIBRATION_FOLDS
    from pipeline.understand.training import retrain

    sessions = open_database(settings.database_url)
    run = retrain(sessions, settings)
    console.print(
        f"Trained document-type model {run.model.version} on {run.reviewed} reviewed "
        f"document(s) and {run.shipped} shipped text(s); saved in {run.folder}",
        soft_wrap=True,
        markup=False,
    )
    for doc_type, count in run.too_few.items():
        console.print(
            f"Left out {doc_type}: {count} reviewed document(s), a type needs at least "
            f"{CALIBRATION_FOLDS} to be learned",
            soft_wrap=True,
            markup=False,
        )
    return 0


def export(arguments: argparse.Namespace, settings: Settings, console: Console) -> int:
    from pipeline.db.session import open_database
    from pipeline.export import export_sidecars

    sessions = open_database(settings.database_url)
    summary = export_sidecars(sessions, arguments.out)
    console.print(
        f"Wrote {summary.written} sidecar(s) to {summary.out_dir}", soft_wrap=True, markup=False
    )
    return 0


def _file_label(document: Document) -> str:
    part = f" (part {document.part_index})" if document.part_index else ""
    return f"{document.file_name}{part}"


def _percent(confidence: float | None) -> str:
    return "-" if confidence is None else f"{confidence:.0%}"


def _where(view: FieldView) -> str:
    if view.page is None:
        return ""
    box = "" if view.box is None else " box " + ",".join(f"{x:g}" for x in view.box)
    return f"page {view.page + 1}{box}"
