"""How `sohoa register import` writes: rows staged and written set-based in stages, the quota
changes brought up to date with the difference each stage makes (equal to a rebuild from the
whole register), keys repeated across batches and stages, a malformed line part-way, and
progress; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from pipeline.cli import main
from pipeline.count import register
from pipeline.count.changes import refresh_changes
from pipeline.count.register import COLUMNS, RegisterUnreadable, import_register
from pipeline.db.models import QuotaChange, QuotaMonthChange, RegisteredResult
from pipeline.db.session import open_database
from pipeline.settings import load_settings
from tests.quota_helpers import report, store_document, write_register

Changes = dict[tuple[str, str, date], tuple[int, int]]


def _changes(connection: Connection, table: type[QuotaChange] | type[QuotaMonthChange]) -> Changes:
    """The table's rows that change something (rows of zeros change no sum)."""
    when = QuotaChange.day if table is QuotaChange else QuotaMonthChange.month
    rows = connection.execute(
        select(table.unit_code, table.doc_type, when, table.valid_change, table.digitised_change)
    )
    return {(u, t, d): (v, g) for u, t, d, v, g in rows if (v, g) != (0, 0)}


def _as_kept_and_rebuilt(url: str) -> tuple[list[Changes], list[Changes]]:
    """The change tables as the imports left them, and as a rebuild from the whole register
    makes them (rolled back)."""
    engine = open_database(url).kw["bind"]
    with engine.connect() as connection:
        kept = [_changes(connection, QuotaChange), _changes(connection, QuotaMonthChange)]
        refresh_changes(connection)
        rebuilt = [_changes(connection, QuotaChange), _changes(connection, QuotaMonthChange)]
        connection.rollback()
    return kept, rebuilt


def _rows_of_zeros(url: str) -> int:
    """Rows of the change tables whose changes came to nothing: the import deletes them."""
    with open_database(url)() as session:
        return sum(
            session.scalar(
                select(func.count())
                .select_from(table)
                .where(table.valid_change == 0, table.digitised_change == 0)
            )
            or 0
            for table in (QuotaChange, QuotaMonthChange)
        )


def _row(number: str, issue: str, **values: str) -> dict[str, str]:
    return {"unit_code": "260", "number": number, "issue_date": issue, **values}


FIRST = [
    _row("1/GP", "2022-01-10", doc_type="giay_phep_xay_dung", valid_until="2022-12-31"),
    _row("2/GP", "2022-02-10", doc_type="giay_phep_xay_dung", digitised_on="2022-05-01"),
    _row("3/QĐ", "2022-03-10", doc_type="quyet_dinh", revoked_on="2022-09-01"),
    _row("4/QĐ", "2022-03-10", doc_type="quyet_dinh"),
    {"unit_code": "27", "number": "5/QĐ", "issue_date": "2021-06-01", "replaced_on": "2023-01-01"},
    _row("6/QĐ", "2022-04-01", digitised_on="2022-04-01", valid_until="2022-04-01"),
]
# Every kind of change: a validity shortened, a digitisation moved, a doc type changed (the
# row moves between groups), a revocation lifted, one row as it was, and a new row.
SECOND = [
    _row("1/GP", "2022-01-10", doc_type="giay_phep_xay_dung", valid_until="2022-06-30"),
    _row("2/GP", "2022-02-10", doc_type="giay_phep_xay_dung", digitised_on="2022-08-01"),
    _row("3/QĐ", "2022-03-10", doc_type="giay_chung_nhan", revoked_on="2022-09-01"),
    _row("4/QĐ", "2022-03-10", doc_type="quyet_dinh", revoked_on="2022-03-10"),
    {"unit_code": "27", "number": "5/QĐ", "issue_date": "2021-06-01", "replaced_on": "2023-01-01"},
    _row("7/QĐ", "2022-07-01", doc_type="quyet_dinh", digitised_on="2021-01-01"),
]


def test_the_changes_an_import_keeps_equal_a_rebuild_from_the_whole_register(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["register", "import", str(write_register(tmp_path / "a.csv", FIRST))]) == 0
    # A document matched to 3/QĐ digitises it from its commit day, whatever the import says.
    store_document(
        database_url,
        number="3/QĐ",
        issue_date=date(2022, 3, 10),
        unit="260",
        committed=datetime(2022, 6, 1, 3, tzinfo=UTC),
    )
    before = report(capsys, "2022-07-15")
    assert before["unmatched_documents"] == 0
    assert _rows_of_zeros(database_url) == 0  # after matching rebuilt unit 260's changes
    kept, rebuilt = _as_kept_and_rebuilt(database_url)
    assert kept == rebuilt
    assert main(["register", "import", str(write_register(tmp_path / "b.csv", SECOND))]) == 0
    assert "1 added, 4 updated, 1 unchanged, 0 rejected" in capsys.readouterr().err
    kept, rebuilt = _as_kept_and_rebuilt(database_url)
    assert kept == rebuilt
    assert kept[0]  # the comparison compared something
    assert _rows_of_zeros(database_url) == 0
    after = report(capsys, "2022-07-15", "--by-doc-type")
    # 2/GP, 3/QĐ and the new 7/QĐ: 1/GP expired on 30 June, 4/QĐ was revoked on its issue
    # day and 6/QĐ, not in the second file, is still stored and expired in April.
    assert next(u for u in after["units"] if u["unit_code"] == "260")["valid"] == 3
    doc_types = {(row["tier"], row["doc_type"]): row for row in after["doc_types"]}
    assert doc_types[("district", "giay_chung_nhan")]["digitised"] == 1


def test_a_key_repeated_in_a_later_batch_or_stage_updates_the_row_it_repeats(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "BATCH_ROWS", 2)
    monkeypatch.setattr(register, "STAGE_ROWS", 4)
    rows = [_row(f"{n}/QĐ", "2022-03-10") for n in range(9)]
    rows.insert(3, _row("0/QĐ", "2022-03-10"))  # as in batch 1: unchanged
    rows.insert(6, _row("1/QĐ", "2022-03-10", revoked_on="2022-05-01"))  # batch 1: updated
    rows.append(_row("1/QĐ", "2022-03-10", revoked_on="2022-06-01"))  # a later stage
    sessions = open_database(database_url)
    summary = import_register(
        write_register(tmp_path / "r.csv", rows), load_settings().units, sessions
    )
    assert (summary.added, summary.updated, summary.unchanged, summary.rejected) == (9, 2, 1, 0)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RegisteredResult)) == 9
        revoked = session.scalar(
            select(RegisteredResult.revoked_on).where(RegisteredResult.number == "1/QĐ")
        )
    assert revoked == date(2022, 6, 1)
    kept, rebuilt = _as_kept_and_rebuilt(database_url)
    assert kept == rebuilt


def test_a_malformed_line_keeps_the_rows_before_it_counted(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "BATCH_ROWS", 4)
    good = [f"260,{n}/QĐ,2022-03-10,,,,,," for n in range(6)]
    path = tmp_path / "r.csv"
    # A field longer than the csv module takes is a malformed file, not a bad row.
    lines = [",".join(COLUMNS), *good, "260,x" + "y" * 200_000 + ",2022-03-10,,,,,,"]
    path.write_text("\n".join([*lines, "260,99/QĐ,2022-03-10,,,,,,"]) + "\n", encoding="utf-8")
    sessions = open_database(database_url)
    with pytest.raises(RegisterUnreadable, match="malformed near line 8"):
        import_register(path, load_settings().units, sessions)
    with sessions() as session:
        numbers = set(session.scalars(select(RegisteredResult.number)))
    assert numbers == {f"{n}/QĐ" for n in range(6)}
    kept, _ = _as_kept_and_rebuilt(database_url)
    assert kept[0] == {("260", "", date(2022, 3, 10)): (6, 0)}


def test_progress_is_told_batch_by_batch_and_before_writing(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "BATCH_ROWS", 3)
    rows = [_row(f"{n}/QĐ", "2022-03-10") for n in range(10)]
    told: list[object] = []
    import_register(
        write_register(tmp_path / "r.csv", rows),
        load_settings().units,
        open_database(database_url),
        on_sheet=lambda estimate: told.append(("sheet", estimate)),
        on_batch=told.append,
        on_write=lambda: told.append("write"),
    )
    assert told == [("sheet", 10), 3, 3, 3, 1, "write"]


def test_a_defect_in_checking_reaches_the_caller_and_nothing_is_half_written(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "BATCH_ROWS", 2)
    checked_row = register.checked_row

    def failing_on_the_fifth(cells: tuple[object, ...], unit_codes: object) -> object:
        if cells[1] == "4/QĐ":
            raise RuntimeError("a defect")
        return checked_row(cells, unit_codes)  # type: ignore[arg-type]

    monkeypatch.setattr(register, "checked_row", failing_on_the_fifth)
    rows = [_row(f"{n}/QĐ", "2022-03-10") for n in range(9)]
    sessions = open_database(database_url)
    with pytest.raises(RuntimeError, match="a defect"):
        import_register(write_register(tmp_path / "r.csv", rows), load_settings().units, sessions)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RegisteredResult)) == 0
    assert not _checking_threads()


def test_a_failed_write_stops_the_checking_thread(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(register, "BATCH_ROWS", 1)
    monkeypatch.setattr(register, "BATCHES_AHEAD", 1)

    def failing(*arguments: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(register, "_write_different", failing)
    rows = [_row(f"{n}/QĐ", "2022-03-10") for n in range(50)]
    sessions = open_database(database_url)
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_register(write_register(tmp_path / "r.csv", rows), load_settings().units, sessions)
    assert not _checking_threads()
    if sessions.kw["bind"].dialect.name == "sqlite":
        with sessions() as session:  # the pooled connection is back to its own cache size
            assert session.connection().exec_driver_sql("PRAGMA main.cache_size").scalar() == -65536


def _checking_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "register-check"]
