"""SIGKILL at random moments: `sohoa watch` and `sohoa backfill` killed (with their workers) and
started again end with every input committed exactly once or quarantined, none lost, and no
document stored twice."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.db.session import open_database
from pipeline.intake import ledger
from pipeline.intake.files import walk_scans
from pipeline.intake.ledger import Source, State
from tests.intake_scans import (
    documents,
    drop,
    kill_hard,
    ledger_rows,
    sha256,
    sohoa,
    start,
    stop_gently,
    tiny_scan,
    tree_snapshot,
    wait_for,
)

FINAL = {"committed", "duplicate", "quarantined"}
BAD = b"%PDF-1.7 cut short by a scanner that lost power"


def watch_command(inbox: Path) -> list[str]:
    return sohoa(
        "watch", "--inbox", str(inbox), "--unit", "256", "--stable-seconds", "0.2", "--workers", "1"
    )


def crash_watch(trials: int, data_dir: Path, tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    inbox = tmp_path / "desk" / "inbox"
    inbox.mkdir(parents=True)
    url = f"sqlite:///{data_dir / 'sohoa.db'}"
    log = tmp_path / "watch.log"
    good: dict[str, bytes] = {}
    bad: dict[str, bytes] = {}
    for trial in range(trials):
        for _ in range(2):
            number = len(good) + 1
            data = tiny_scan(tmp_path / "made" / f"{number}.png", 5000 + number).read_bytes()
            good[f"scan-{number}.png"] = drop(inbox, f"scan-{number}.png", data).read_bytes()
        if trial % 3 == 0:
            name = f"bad-{trial}.pdf"
            bad[name] = drop(inbox, name, BAD + str(trial).encode()).read_bytes()
        run = start(watch_command(inbox), log)
        time.sleep(rng.uniform(0.3, 6.0))
        kill_hard(run)

    announced = watching_lines(log)
    run = start(watch_command(inbox), log)
    try:
        # SIGTERM before the watcher is up would find Python's default handler, not sohoa's.
        wait_for(lambda: watching_lines(log) > announced, 60, f"the watcher to start ({seed})")
        wait_for(
            lambda: not any(inbox.iterdir()) and {row.state for row in ledger_rows(url)} <= FINAL,
            240,
            f"every input to be done (seed {seed})",
        )
        assert stop_gently(run) == 0
    finally:
        if run.poll() is None:
            kill_hard(run)
    check_watch_outcome(url, inbox, good, bad, seed)


def watching_lines(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Watching ")


def check_watch_outcome(
    url: str, inbox: Path, good: dict[str, bytes], bad: dict[str, bytes], seed: int
) -> None:
    rows = ledger_rows(url)
    names = Counter(Path(row.path).name for row in rows)
    assert names == Counter(list(good) + list(bad)), f"one ledger row per input (seed {seed})"
    stored = documents(url)
    assert sorted(d.source_sha256 for d in stored) == sorted(map(sha256, good.values())), seed
    for row in rows:
        name = Path(row.path).name
        kept = Path(row.moved_to or "")
        if name in good:
            assert row.state == "committed", (name, row.state, row.last_error, seed)
            assert kept.parent.parent.parent.parent == inbox.parent / "processed"
            assert kept.read_bytes() == good[name]
        else:
            assert row.state == "quarantined", (name, row.state, seed)
            assert kept.parent == inbox.parent / "quarantine"
            assert kept.read_bytes() == bad[name]
            assert kept.with_name(kept.name + ".reason.txt").exists()
    committed_per_document = Counter(row.document_id for row in rows if row.state == "committed")
    assert set(committed_per_document.values()) == {1}, seed
    # Nothing is left anywhere else: every input is in exactly one place.
    processed = [p for p in (inbox.parent / "processed").rglob("*") if p.is_file()]
    assert sorted(p.read_bytes() for p in processed) == sorted(good.values()), seed
    quarantined = [
        p for p in (inbox.parent / "quarantine").iterdir() if not p.name.endswith(".reason.txt")
    ]
    assert sorted(p.read_bytes() for p in quarantined) == sorted(bad.values()), seed


def crash_backfill(trials: int, data_dir: Path, tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    archive = tmp_path / "archive"
    files = 2 * trials + 4
    for number in range(files):
        tiny_scan(archive / f"box-{number % 3}" / f"scan-{number}.png", 7000 + number)
    (archive / "box-0" / "bad.pdf").write_bytes(BAD)
    before = tree_snapshot(archive)
    url = f"sqlite:///{data_dir / 'sohoa.db'}"
    command = sohoa(
        "backfill",
        str(archive),
        "--unit",
        "256",
        "--workers",
        "1",
        "--nice",
        "0",
        "--report",
        str(tmp_path / "report.csv"),
    )
    for _ in range(trials):
        run = start(command, tmp_path / "backfill.log")
        time.sleep(rng.uniform(0.5, 6.0))
        kill_hard(run)
    final = start(command, tmp_path / "backfill.log")
    assert final.wait(timeout=300) == 0, f"seed {seed}"

    assert tree_snapshot(archive) == before
    rows = ledger_rows(url)
    assert Counter(Path(row.path).name for row in rows) == Counter(
        [f"scan-{n}.png" for n in range(files)] + ["bad.pdf"]
    ), seed
    states = {Path(row.path).name: row.state for row in rows}
    assert states.pop("bad.pdf") == "quarantined"
    assert set(states.values()) == {"committed"}, (states, seed)
    assert len(documents(url)) == files
    assert len({row.document_id for row in rows if row.state == "committed"}) == files


def test_watch_killed_at_random_moments_loses_and_duplicates_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    crash_watch(3, data_dir, tmp_path)


def test_backfill_killed_at_random_moments_resumes_to_a_complete_archive(
    data_dir: Path, tmp_path: Path
) -> None:
    crash_backfill(2, data_dir, tmp_path)


@pytest.mark.slow
def test_watch_survives_twenty_kills(data_dir: Path, tmp_path: Path) -> None:
    crash_watch(20, data_dir, tmp_path)


@pytest.mark.slow
def test_backfill_survives_twenty_kills(data_dir: Path, tmp_path: Path) -> None:
    crash_backfill(20, data_dir, tmp_path)


def test_a_document_committed_just_before_a_crash_counts_as_that_inputs_commit(
    database_url: str, tmp_path: Path
) -> None:
    """The window between the document's commit and the ledger's: the next run finds the
    document by its SHA-256 and records it as this input's commit, not as a duplicate."""
    archive = tmp_path / "archive"
    scan = tiny_scan(archive / "scan.png", 9000)
    sessions = open_database(database_url)
    [row] = ledger.receive(sessions, Source(archive, None, "result"), list(walk_scans(archive)))
    row.sha256 = sha256(scan.read_bytes())
    ledger.mark_stable(sessions, [row], {row.id: next(walk_scans(archive))})
    ledger.mark(sessions, [row], State.QUEUED)
    ledger.mark_processing(sessions, [row])
    # The pipeline commits the document; then the process dies before the ledger hears of it.
    out = tmp_path / "out"
    assert cli.main(["process", str(scan), "--out", str(out), "--workers", "1"]) == 0
    [document] = documents(database_url)

    assert (
        cli.main(
            [
                "backfill",
                str(archive),
                "--workers",
                "1",
                "--nice",
                "0",
                "--report",
                str(tmp_path / "report.csv"),
            ]
        )
        == 0
    )

    [after] = ledger_rows(database_url)
    assert (after.state, after.document_id, after.attempts) == ("committed", document.id, 2)
    assert len(documents(database_url)) == 1
