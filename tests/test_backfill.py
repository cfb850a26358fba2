"""`sohoa backfill DIR`: the archive is never changed, a second run is resumable and cheap."""

from __future__ import annotations

import contextlib
import csv
import os
import time
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.intake import backfill as backfill_module
from tests.intake_scans import (
    documents,
    ledger_rows,
    sohoa,
    start,
    tiny_scan,
    tree_snapshot,
)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    tiny_scan(root / "2019" / "q1" / "a.png", 100)
    tiny_scan(root / "2019" / "q2" / "b.png", 101)
    tiny_scan(root / "2020" / "c.png", 102)
    (root / "2020" / "c-copy.png").write_bytes((root / "2020" / "c.png").read_bytes())
    (root / "2020" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (root / "2020" / "Thumbs.db").write_bytes(b"junk")
    (root / "@eaDir").mkdir()
    tiny_scan(root / "@eaDir" / "thumb.png", 103)
    outside = tiny_scan(tmp_path / "elsewhere" / "x.png", 104)
    (root / "2020" / "link.png").symlink_to(outside)
    return root


def run_backfill(archive: Path, report: Path, *extra: str) -> int:
    return cli.main(
        [
            "backfill",
            str(archive),
            "--unit",
            "256",
            "--workers",
            "1",
            "--nice",
            "0",
            "--report",
            str(report),
            *extra,
        ]
    )


def test_backfill_leaves_the_tree_as_it_was_and_reports_what_it_quarantined(
    archive: Path, database_url: str, tmp_path: Path
) -> None:
    before = tree_snapshot(archive)
    report = tmp_path / "report.csv"

    assert run_backfill(archive, report) == 0

    assert tree_snapshot(archive) == before
    rows = {
        Path(row.path).relative_to(archive).as_posix(): row for row in ledger_rows(database_url)
    }
    assert sorted(rows) == [
        "2019/q1/a.png",
        "2019/q2/b.png",
        "2020/broken.jpg",
        "2020/c-copy.png",
        "2020/c.png",
    ]
    assert rows["2020/broken.jpg"].state == "quarantined"
    assert {rows["2020/c.png"].state, rows["2020/c-copy.png"].state} == {"committed", "duplicate"}
    assert rows["2020/c.png"].document_id == rows["2020/c-copy.png"].document_id
    assert len(documents(database_url)) == 3
    assert all(row.moved_to is None for row in rows.values())
    with report.open(encoding="utf-8", newline="") as handle:
        reported = list(csv.DictReader(handle))
    assert [Path(line["path"]).name for line in reported] == ["broken.jpg"]
    assert reported[0]["reason"] == rows["2020/broken.jpg"].last_error


def test_a_second_run_skips_done_files_without_reading_them(
    archive: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_backfill(archive, tmp_path / "first.csv") == 0
    hashed: list[Path] = []
    real_hash = backfill_module.file_sha256

    def counting_hash(path: Path) -> str:
        hashed.append(path)
        return real_hash(path)

    monkeypatch.setattr(backfill_module, "file_sha256", counting_hash)
    capsys.readouterr()

    assert run_backfill(archive, tmp_path / "second.csv") == 0

    assert hashed == []
    summary = capsys.readouterr().err
    assert "5 files under" in summary and "5 already done or quarantined before" in summary
    assert "0 committed" in summary

    # A file changed since (new bytes, new mtime) is digitised again; the others are not.
    tiny_scan(archive / "2019" / "q1" / "a.png", 200)
    assert run_backfill(archive, tmp_path / "third.csv") == 0
    assert hashed == [archive / "2019" / "q1" / "a.png"]
    assert len(documents(f"sqlite:///{data_dir / 'sohoa.db'}")) == 4


def test_the_report_may_not_be_written_into_the_archive(archive: Path, data_dir: Path) -> None:
    before = tree_snapshot(archive)
    assert run_backfill(archive, archive / "report.csv") == 3
    assert tree_snapshot(archive) == before


def test_a_backfill_yields_the_cores_to_front_desk_work(
    archive: Path, data_dir: Path, tmp_path: Path
) -> None:
    """A backfill runs at a lower CPU priority, so a `sohoa watch` on the same machine (the
    front desk) is not starved; its OCR workers start after and inherit it."""
    run = start(
        sohoa(
            "backfill",
            str(archive),
            "--unit",
            "256",
            "--workers",
            "1",
            "--report",
            str(tmp_path / "report.csv"),
        ),
        tmp_path / "backfill.log",
    )
    base = os.getpriority(os.PRIO_PROCESS, 0)
    seen: set[int] = set()
    while run.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            seen.add(os.getpriority(os.PRIO_PROCESS, run.pid) - base)
        time.sleep(0.05)
    assert run.returncode == 0, (tmp_path / "backfill.log").read_text("utf-8")
    assert 10 in seen
