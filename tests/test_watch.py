"""`sohoa watch`: real files, real watchdog observers, real `sohoa watch` processes."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.db.session import open_database
from pipeline.errors import ConfigError
from pipeline.exec.local import InlineExecutor
from pipeline.intake import watch as watch_module
from pipeline.intake.commands import identities
from pipeline.intake.jobs import PipelineProcessor
from pipeline.intake.watch import Watcher
from pipeline.process import StopRequest
from pipeline.progress import SilentReporter
from pipeline.settings import InboxSettings, Settings, load_settings
from tests.intake_scans import (
    documents,
    drop,
    ledger_rows,
    sha256,
    sohoa,
    start,
    stop_gently,
    tiny_scan,
    wait_for,
)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "desk" / "inbox"
    folder.mkdir(parents=True)
    return folder


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'sohoa.db'}"


@contextmanager
def watching(
    settings: Settings, inboxes: list[InboxSettings], rescan_seconds: float = 60
) -> Iterator[Watcher]:
    """A Watcher running in a thread of this process, OCR inline; stopped on leaving."""
    sessions = open_database(settings.database_url)
    processor = PipelineProcessor(
        settings, sessions, InlineExecutor(), SilentReporter(), identities(settings)
    )
    watcher = Watcher(sessions, inboxes, processor, rescan_seconds=rescan_seconds, batch_size=1)
    stop = StopRequest()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        yield watcher
    finally:
        stop.request()
        thread.join(timeout=60)
        assert not thread.is_alive()


def test_a_file_written_slowly_is_processed_once_after_its_last_chunk(
    data_dir: Path, inbox: Path, tmp_path: Path
) -> None:
    data = tiny_scan(tmp_path / "slow.png", 1).read_bytes()
    run = start(
        sohoa(
            "watch",
            "--inbox",
            str(inbox),
            "--unit",
            "256",
            "--stable-seconds",
            "1.5",
            "--workers",
            "1",
        ),
        tmp_path / "watch.log",
    )
    try:
        target = inbox / "slow.png"
        chunk = len(data) // 4 + 1
        with target.open("wb") as handle:
            for start_at in range(0, len(data), chunk):
                handle.write(data[start_at : start_at + chunk])
                handle.flush()
                time.sleep(0.8)  # longer than a tick, shorter than stable_seconds
        url = sqlite_url(data_dir)
        wait_for(lambda: len(documents(url)) == 1 and not target.exists(), 90, "the commit")
        time.sleep(2)  # anything processed twice would show by now
        assert stop_gently(run) == 0
    finally:
        if run.poll() is None:
            run.kill()
    rows = ledger_rows(url)
    assert [(row.state, row.sha256, row.size, row.attempts) for row in rows] == [
        ("committed", sha256(data), len(data), 1)
    ]
    [document] = documents(url)
    assert document.source_sha256 == sha256(data)
    moved = Path(rows[0].moved_to or "")
    assert moved.parent.parent.parent.parent == inbox.parent / "processed"  # processed/Y/M/D
    assert moved.read_bytes() == data
    assert "Stopped" in (tmp_path / "watch.log").read_text("utf-8")


def test_polling_mode_picks_up_files_and_quarantines_what_is_not_a_scan(
    data_dir: Path, inbox: Path, tmp_path: Path
) -> None:
    good = tiny_scan(tmp_path / "good.png", 2).read_bytes()
    run = start(
        sohoa(
            "watch", "--inbox", str(inbox), "--polling", "--stable-seconds", "0.5", "--workers", "1"
        ),
        tmp_path / "watch.log",
    )
    url = sqlite_url(data_dir)
    try:
        wait_for(lambda: "Watching" in (tmp_path / "watch.log").read_text("utf-8"), 60, "start")
        drop(inbox, "good.png", good)
        drop(inbox, "notes.pdf", b"this is a text file, not a PDF\n")
        wait_for(
            lambda: (
                {row.state for row in ledger_rows(url)} == {"committed", "quarantined"}
                and not any(inbox.iterdir())
            ),
            90,
            "both files to be done",
        )
        assert stop_gently(run) == 0
    finally:
        if run.poll() is None:
            run.kill()
    by_name = {Path(row.path).name: row for row in ledger_rows(url)}
    quarantined = by_name["notes.pdf"]
    kept = Path(quarantined.moved_to or "")
    assert kept.parent == inbox.parent / "quarantine"
    assert kept.read_bytes() == b"this is a text file, not a PDF\n"
    reason = kept.with_name("notes.pdf.reason.txt").read_text("utf-8")
    assert quarantined.last_error and quarantined.last_error in reason
    assert by_name["good.png"].document_id == documents(url)[0].id


def test_a_missed_event_is_recovered_by_the_rescan(
    settings: Settings, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch_module._Hints, "on_any_event", lambda self, event: None)
    box = InboxSettings(path=inbox, unit="256", stable_seconds=0.3)
    with watching(settings, [box], rescan_seconds=1.0):
        time.sleep(0.5)  # after the start-up scan: only a rescan can find the file now
        drop(inbox, "late.png", tiny_scan(tmp_path / "late.png", 3).read_bytes())
        wait_for(lambda: not (inbox / "late.png").exists(), 60, "the rescan to take the file")
    [row] = ledger_rows(settings.database_url)
    assert row.state == "committed"


def test_the_same_scan_twice_or_in_two_inboxes_gives_one_document_and_duplicates(
    data_dir: Path, database_url: str, tmp_path: Path
) -> None:
    settings = load_settings()
    first, second = tmp_path / "a" / "inbox", tmp_path / "b" / "inbox"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    data = tiny_scan(tmp_path / "scan.png", 4).read_bytes()
    boxes = [
        InboxSettings(path=first, unit="256", stable_seconds=0.3),
        InboxSettings(path=second, unit="256", stable_seconds=0.3),
    ]
    with watching(settings, boxes):
        drop(first, "scan.png", data)
        wait_for(lambda: not (first / "scan.png").exists(), 60, "the first copy")
        drop(first, "scan.png", data)  # the same bytes again, under the same name
        drop(second, "copy.png", data)
        wait_for(
            lambda: not (first / "scan.png").exists() and not (second / "copy.png").exists(),
            60,
            "the copies",
        )
    rows = ledger_rows(database_url)
    [document] = documents(database_url)
    assert sorted(row.state for row in rows) == ["committed", "duplicate", "duplicate"]
    assert {row.document_id for row in rows} == {document.id}
    assert all(Path(row.moved_to or "").read_bytes() == data for row in rows)


def test_junk_files_and_symlinks_are_ignored(
    settings: Settings, inbox: Path, tmp_path: Path
) -> None:
    outside = tiny_scan(tmp_path / "outside" / "secret.png", 5)
    junk = [
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "._scan.png",
        "~$draft.png",
        "x.part",
        "y.tmp",
        "z.crdownload",
    ]
    for name in junk:
        (inbox / name).write_bytes(b"junk")
    (inbox / "@eaDir").mkdir()
    tiny_scan(inbox / "@eaDir" / "thumb.png", 6)
    (inbox / ".hidden").mkdir()
    tiny_scan(inbox / ".hidden" / "h.png", 7)
    (inbox / "link.png").symlink_to(outside)
    (inbox / "linked-folder").symlink_to(outside.parent, target_is_directory=True)
    tiny_scan(inbox / "sub" / "real.png", 8)
    box = InboxSettings(path=inbox, unit="256", stable_seconds=0.3)
    with watching(settings, [box], rescan_seconds=0.5):
        wait_for(lambda: not (inbox / "sub" / "real.png").exists(), 60, "the real scan")
        time.sleep(1.5)  # two more rescans
    rows = ledger_rows(settings.database_url)
    assert [Path(row.path).name for row in rows] == ["real.png"]
    assert all((inbox / name).exists() for name in junk)
    assert (inbox / "link.png").is_symlink() and outside.exists()
    assert (outside.parent / "secret.png").exists()


def test_a_front_desk_inbox_goes_before_a_queued_archive_inbox(
    settings: Settings, tmp_path: Path
) -> None:
    archive, desk = tmp_path / "archive" / "inbox", tmp_path / "desk" / "inbox"
    for number in range(3):
        tiny_scan(archive / f"old-{number}.png", 10 + number)
    tiny_scan(desk / "citizen.png", 20)
    boxes = [
        InboxSettings(path=archive, unit="256", priority=0, stable_seconds=0.3),
        InboxSettings(path=desk, unit="256", priority=10, stable_seconds=0.3),
    ]
    with watching(settings, boxes):
        wait_for(lambda: not any(archive.iterdir()) and not any(desk.iterdir()), 90, "all")
    rows = sorted(ledger_rows(settings.database_url), key=lambda row: row.processing_at)
    assert Path(rows[0].path).name == "citizen.png"
    assert all(row.state == "committed" for row in rows)


def test_sigterm_returns_the_job_in_hand_or_finishes_it(
    data_dir: Path, inbox: Path, tmp_path: Path
) -> None:
    for number in range(6):
        tiny_scan(inbox / f"scan-{number}.png", 30 + number)
    run = start(
        sohoa("watch", "--inbox", str(inbox), "--stable-seconds", "0.2", "--workers", "1"),
        tmp_path / "watch.log",
    )
    url = sqlite_url(data_dir)
    wait_for(lambda: len(documents(url)) >= 1, 90, "a first commit")
    assert stop_gently(run) == 0
    rows = ledger_rows(url)
    states = {row.state for row in rows}
    assert states <= {"committed", "queued", "stable", "received"}, states
    committed = [row for row in rows if row.state == "committed"]
    assert len(committed) == len(documents(url))
    for row in rows:  # what is not committed is still in the inbox, untouched
        assert Path(row.path).exists() == (row.state != "committed")


def test_after_commit_delete_removes_the_input_and_the_ledger_says_so(
    settings: Settings, inbox: Path, tmp_path: Path
) -> None:
    tiny_scan(inbox / "gone.png", 40)
    box = InboxSettings(path=inbox, unit="256", stable_seconds=0.2, after_commit="delete")
    with watching(settings, [box]):
        wait_for(lambda: not (inbox / "gone.png").exists(), 60, "the scan to be committed")
    [row] = ledger_rows(settings.database_url)
    assert (row.state, row.moved_to) == ("committed", "deleted")
    assert not (inbox.parent / "processed").exists()


def test_inboxes_come_from_the_configuration(data_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(load_settings().config_dir, config)
    with (config / "sohoa.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[[inboxes]]\npath = "drop/desk"\nunit = "256"\nkind = "dossier"\n'
            'polling = true\npriority = 5\nstable_seconds = 2\nafter_commit = "delete"\n'
        )
    [box] = load_settings(config).inboxes
    assert box.path == config / "drop" / "desk"
    assert (box.unit, box.kind, box.polling, box.priority) == ("256", "dossier", True, 5)
    assert (box.stable_seconds, box.after_commit) == (2, "delete")
    assert box.processed_folder == config / "drop" / "processed"

    with (config / "sohoa.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[[inboxes]]\npath = "x"\nunit = "no-such-unit"\n')
    with pytest.raises(ConfigError, match="no-such-unit"):
        load_settings(config)


def test_a_folder_moved_into_the_inbox_is_taken_without_waiting_for_a_rescan(
    settings: Settings, inbox: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "scanner-batch"
    tiny_scan(batch / "p1.png", 50)
    tiny_scan(batch / "p2.png", 51)
    box = InboxSettings(path=inbox, unit="256", stable_seconds=0.2)
    with watching(settings, [box], rescan_seconds=3600):
        time.sleep(0.5)  # after the start-up scan
        batch.rename(inbox / "batch")
        wait_for(lambda: not any((inbox / "batch").iterdir()), 60, "both scans to be taken")
    rows = ledger_rows(settings.database_url)
    assert sorted(Path(row.path).name for row in rows) == ["p1.png", "p2.png"]
    assert {row.state for row in rows} == {"committed"}
