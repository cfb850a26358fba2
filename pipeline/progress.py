"""Progress on the terminal for long work, and silence for short or scripted runs."""

from __future__ import annotations

from typing import Protocol

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


class Reporter(Protocol):
    def pages_found(self, count: int) -> None: ...

    def page_read(self) -> None: ...

    def document_done(self, name: str, outcome: str) -> None: ...

    def close(self) -> None: ...


class SilentReporter:
    def pages_found(self, count: int) -> None:
        return None

    def page_read(self) -> None:
        return None

    def document_done(self, name: str, outcome: str) -> None:
        return None

    def close(self) -> None:
        return None


class TerminalReporter:
    """A rich progress bar over pages, with documents counted beside it."""

    def __init__(self, console: Console, document_count: int) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages · {task.fields[documents]}/{task.fields[total_docs]} documents"),
            TextColumn("· {task.fields[quarantined]} quarantined"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID = self._progress.add_task(
            "Digitising", total=0, documents=0, total_docs=document_count, quarantined=0
        )
        self._documents = 0
        self._quarantined = 0
        self._progress.start()

    def pages_found(self, count: int) -> None:
        total = self._progress.tasks[0].total or 0
        self._progress.update(self._task, total=total + count)

    def page_read(self) -> None:
        self._progress.advance(self._task)

    def document_done(self, name: str, outcome: str) -> None:
        self._documents += 1
        if outcome == "quarantined":
            self._quarantined += 1
            self._progress.console.print(f"[yellow]quarantined[/] {name}")
        self._progress.update(self._task, documents=self._documents, quarantined=self._quarantined)

    def close(self) -> None:
        self._progress.stop()
