"""Helpers for the intake tests: tiny distinct one-page scans, ledger reads, a watcher run."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from pipeline.db.models import Document, IntakeFile
from tests.conftest import SERIF

FONT = ImageFont.truetype(str(SERIF), 40)


def tiny_scan(path: Path, number: int) -> Path:
    """A small one-page PNG whose bytes differ for each ``number``, with a line to OCR."""
    image = Image.new("L", (900, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 50), f"Số: {number}/QĐ-UBND ngày {number % 28 + 1}", font=FONT, fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, dpi=(300, 300))
    return path


def drop(folder: Path, name: str, data: bytes) -> Path:
    """Put a file into an inbox as a copy tool would: a temporary name, then a rename."""
    partial = folder / f"{name}.part"
    partial.write_bytes(data)
    target = folder / name
    os.replace(partial, target)
    return target


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ledger_rows(url: str) -> list[IntakeFile]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(IntakeFile).order_by(IntakeFile.id)))
    finally:
        engine.dispose()


def documents(url: str) -> list[Document]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Document).order_by(Document.id)))
    except Exception:  # the schema is still being created by the command under test
        return []
    finally:
        engine.dispose()


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def sohoa(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *arguments]


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(command, stdout=handle, stderr=handle, start_new_session=True)


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the command and its workers, as a power cut or the OOM killer would."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop_gently(process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=timeout)


def tree_snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under ``root``: kind, bytes' hash or link target, mode and mtime."""
    snapshot: dict[str, tuple[str, int, int]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            content = "link:" + os.readlink(path)
        elif path.is_dir():
            content = "dir"
        else:
            content = sha256(path.read_bytes())
        snapshot[str(path.relative_to(root))] = (content, info.st_mode, info.st_mtime_ns)
    return snapshot
