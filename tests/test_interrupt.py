"""A stopped run (Ctrl-C, or SIGTERM from a service manager) keeps what it committed, reports
nothing else as done, and the next run resumes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from pipeline.db.models import Document
from tests.conftest import SAMPLES


def committed_documents(database: Path) -> int:
    if not database.exists():
        return 0
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(Document)) or 0)
    except Exception:  # the schema is still being created by the run under test
        return 0
    finally:
        engine.dispose()


def test_sigterm_stops_cleanly_and_the_next_run_resumes(data_dir: Path, tmp_path: Path) -> None:
    scans = sorted(SAMPLES.glob("*.jpg"))
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "process",
        *map(str, scans),
        "--out",
        str(tmp_path / "out"),
    ]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while committed_documents(data_dir / "sohoa.db") == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    run.send_signal(signal.SIGTERM)
    _, errors = run.communicate(timeout=120)

    assert run.returncode == 130, errors
    assert "Stopped on request" in errors
    kept = committed_documents(data_dir / "sohoa.db")
    assert 1 <= kept < len(scans)
    sidecars = list((tmp_path / "out").glob("*.json"))
    assert len(sidecars) == kept
    assert all(json.loads(s.read_text("utf-8"))["error"] is None for s in sidecars)

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{kept} already stored" in again.stderr
    assert committed_documents(data_dir / "sohoa.db") == len(scans)
