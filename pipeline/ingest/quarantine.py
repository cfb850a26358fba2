"""Quarantine: an input that cannot be digitised is kept, with a reason a person can act on."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from pipeline.errors import SohoaError


def quarantine_file(
    source: Path, error: SohoaError, sha256: str | None, quarantine_dir: Path, now: datetime
) -> Path:
    """Copy `source` under `quarantine_dir/YYYY-MM-DD/` beside `<name>.reason.txt`.

    The input itself is left where it is: moving it is the caller's decision, made only after
    this copy is durable.
    """
    day = quarantine_dir / now.strftime("%Y-%m-%d")
    day.mkdir(parents=True, exist_ok=True)
    target = _free_name(day, source.name, sha256)
    if source.exists():
        shutil.copy2(source, target)
        _fsync(target)
    reason = target.with_name(target.name + ".reason.txt")
    reason.write_text(_reason_text(source, error, sha256, now), encoding="utf-8")
    _fsync(reason)
    return target


def _free_name(folder: Path, name: str, sha256: str | None) -> Path:
    candidate = folder / name
    if not candidate.exists():
        return candidate
    stem, suffix = os.path.splitext(name)
    tag = (sha256 or "")[:12] or datetime.now().strftime("%H%M%S%f")
    candidate = folder / f"{stem}.{tag}{suffix}"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{stem}.{tag}-{counter}{suffix}"
        counter += 1
    return candidate


def _reason_text(source: Path, error: SohoaError, sha256: str | None, now: datetime) -> str:
    lines = [
        f"File: {source}",
        f"Quarantined at: {now.isoformat(timespec='seconds')}",
        f"SHA-256: {sha256 or 'unknown (the file could not be read)'}",
        f"What was wrong: {error.message}",
        f"What to do: {error.advice or 'Check the file and process it again.'}",
        f"Error code: {getattr(error, 'code', type(error).__name__)}",
    ]
    return "\n".join(lines) + "\n"


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
