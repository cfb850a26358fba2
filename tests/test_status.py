"""`sohoa status PATH...`: what happened to a file, a folder, or a file that went elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.settings import InboxSettings, load_settings
from tests.intake_scans import ledger_rows, tiny_scan, wait_for
from tests.test_watch import watching  # an in-process watcher over a real inbox

JSON_KEYS = {"path", "sha256", "state", "document_id", "reason"}


def status_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[dict[str, object]]:
    capsys.readouterr()
    assert cli.main(["status", "--json", *map(str, paths)]) == 0
    entries: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return entries


def test_status_answers_for_files_folders_and_files_never_seen(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    good = tiny_scan(archive / "good.png", 300)
    bad = archive / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    report = tmp_path / "report.csv"
    assert (
        cli.main(
            ["backfill", str(archive), "--workers", "1", "--nice", "0", "--report", str(report)]
        )
        == 0
    )
    never = tiny_scan(tmp_path / "elsewhere" / "never.png", 301)
    rows = {Path(row.path).name: row for row in ledger_rows(database_url)}

    [one] = status_json(capsys, good)
    assert set(one) == JSON_KEYS
    assert one == {
        "path": str(good),
        "sha256": rows["good.png"].sha256,
        "state": "committed",
        "document_id": rows["good.png"].document_id,
        "reason": None,
    }

    folder = status_json(capsys, archive)
    assert [(Path(str(e["path"])).name, e["state"]) for e in folder] == [
        ("bad.pdf", "quarantined"),
        ("good.png", "committed"),
    ]
    assert folder[0]["reason"] == rows["bad.pdf"].last_error and folder[0]["reason"]

    [unseen] = status_json(capsys, never)
    assert unseen["state"] == "unseen" and unseen["sha256"] is None

    capsys.readouterr()
    assert cli.main(["status", str(good), str(bad)]) == 0
    text = capsys.readouterr().err
    assert "committed" in text and f"document {rows['good.png'].document_id}" in text
    assert "quarantined" in text and "attempts 1" in text


def test_status_of_a_moved_input_and_of_the_folder_it_left(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An inbox's input is found by its old path, by its new one and by its old folder."""
    inbox = tmp_path / "desk" / "inbox"
    scan = tiny_scan(inbox / "scan.png", 302)
    with watching(load_settings(), [InboxSettings(path=inbox, stable_seconds=0.2)]):
        wait_for(lambda: not scan.exists(), 60, "the scan to be committed")
    [row] = ledger_rows(f"sqlite:///{data_dir / 'sohoa.db'}")
    moved = Path(row.moved_to or "")
    assert moved.exists()
    by_old_path = status_json(capsys, scan)
    by_new_path = status_json(capsys, moved)
    by_folder = status_json(capsys, inbox)
    assert by_old_path == by_new_path == by_folder
    assert by_old_path[0]["state"] == "committed" and by_old_path[0]["path"] == str(scan)
    capsys.readouterr()
    assert cli.main(["status", str(scan)]) == 0
    assert f"went to {moved}" in capsys.readouterr().err
