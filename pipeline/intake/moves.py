"""Where an inbox's input goes once the ledger says it is done: processed/YYYY/MM/DD/, deleted,
or quarantine/ with a reason file. The ledger records the target before the move, so a crash
in between is finished by the next start."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from pipeline.durable import atomic_output, fsync_folder


def processed_target(processed_dir: Path, name: str, day: datetime) -> Path:
    folder = processed_dir / day.strftime("%Y/%m/%d")
    return free_name(folder, name)


def quarantine_target(quarantine_dir: Path, name: str) -> Path:
    return free_name(quarantine_dir, name)


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem.N.suffix`` if that is taken (nothing is overwritten)."""
    candidate = folder / name
    stem, suffix = os.path.splitext(name)
    counter = 1
    while candidate.exists() or _reason_file(candidate).exists():
        candidate = folder / f"{stem}.{counter}{suffix}"
        counter += 1
    return candidate


def move_durably(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``: a rename on the same filesystem, otherwise a copy that is
    fsynced before the source is removed. Either way the input exists at one place at least."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(source, target)
    except OSError as error:
        if error.errno != 18:  # EXDEV: another filesystem (an inbox on a network share)
            raise
        _copy_then_remove(source, target)
    # The target's entry must survive a power cut; should the source's entry come back too,
    # the next start finds the target in place and only removes the input.
    fsync_folder(target.parent)


def write_reason(target: Path, text: str) -> Path:
    reason = _reason_file(target)
    reason.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(reason) as out:
        out.write(text.encode("utf-8"))
    return reason


def delete_input(source: Path) -> None:
    source.unlink(missing_ok=True)
    fsync_folder(source.parent)


def _copy_then_remove(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.part")
    shutil.copy2(source, partial)
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    fsync_folder(target.parent)
    source.unlink()


def _reason_file(target: Path) -> Path:
    return target.with_name(target.name + ".reason.txt")
