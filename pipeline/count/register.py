"""The result register: a unit's list of the results it issued, imported from CSV or XLSX.

Every row is checked on its own; a bad row is set aside with its line number and reason and
the rest is imported. Rows are written set-based, one transaction per batch: the batch goes to
the driver as plain text into a temporary table, from which one UPDATE changes the stored rows
whose values differ and one INSERT ... SELECT adds the rows not stored yet, and the quota
changes take the difference the batch makes (changes.py). The natural key is
(unit_code, number, issue_date), so importing the same register again updates rows and never
duplicates them.
"""

from __future__ import annotations

import csv
import json
import operator
import queue
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    column,
    delete,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.selectable import TextualSelect

from pipeline.count.changes import apply_register_changes
from pipeline.db.models import RegisteredResult
from pipeline.errors import SohoaError

KEY_COLUMNS = ("unit_code", "number", "issue_date")
OPTIONAL_COLUMNS = (
    "doc_type",
    "valid_until",
    "revoked_on",
    "replaced_on",
    "subject_id",
    "digitised_on",
)
COLUMNS = KEY_COLUMNS + OPTIONAL_COLUMNS
TEXT_LIMITS = {"unit_code": 32, "number": 128, "doc_type": 64, "subject_id": 32}
VALUE_COLUMNS = tuple(c for c in COLUMNS if c not in KEY_COLUMNS)
DATE_COLUMNS = ("issue_date", "valid_until", "revoked_on", "replaced_on", "digitised_on")

BATCH_ROWS = 10_000
BATCHES_AHEAD = 8
HAND_OVER_WAIT = 0.1
STAGE_ROWS = 1_000_000
TEMP_CACHE_KB = 256 * 1024
MAIN_CACHE_KB = 1024 * 1024
WORK_MEM_MB = 256
REJECTIONS_SHOWN = 50
PROGRESS_FROM_ROWS = 50_000

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_VIETNAMESE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_DELIMITERS = ",;\t"

# A data row as it stands in the file: its line (the header is line 1) and its cells in
# `COLUMNS` order (None for a column the file does not have).
SheetRow = tuple[int, tuple[object, ...]]
# A checked row's values in `COLUMNS` order, dates as ISO text.
StagedRow = tuple[str | None, ...]

# The rows of the stage that are new (no `result_id`) or differ from the stored row
# `result_id`, waiting to be written; lives for one transaction, never in the schema. Keyed
# like the register (on SQLite the table is that key's B-tree): read in key order, the new
# rows go to the register's unique index at neighbouring places instead of all over it.
_DIFFERENT = Table(
    "register_staging_different",
    MetaData(),
    *(
        Column(name, RegisteredResult.__table__.c[name].type, primary_key=name in KEY_COLUMNS)
        for name in COLUMNS
    ),
    Column("result_id", Integer),
    prefixes=["TEMPORARY"],
    sqlite_with_rowid=False,
)


class RegisterUnreadable(SohoaError):
    """The register file as a whole cannot be read: nothing in it can be trusted."""


class BadRow(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str
    cells: tuple[object, ...]


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def rows_read(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected


@dataclass(frozen=True)
class RegisterSheet:
    rows: Iterator[SheetRow]
    estimated_rows: int | None


# Reading -------------------------------------------------------------------------------------


@contextmanager
def open_register(path: Path) -> Iterator[RegisterSheet]:
    """The data rows of a register file, CSV (UTF-8, with or without BOM) or XLSX."""
    if not path.is_file():
        raise RegisterUnreadable(
            "register file not found", path=path, advice="Check the path and try again."
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with _csv_sheet(path) as sheet:
            yield sheet
    elif suffix == ".xlsx":
        with _xlsx_sheet(path) as sheet:
            yield sheet
    else:
        raise RegisterUnreadable(
            f"a register must be a .csv or .xlsx file, not {path.suffix or 'a file without one'}",
            path=path,
            advice="Save the register from the spreadsheet as CSV UTF-8 or as Excel workbook.",
        )


@contextmanager
def _csv_sheet(path: Path) -> Iterator[RegisterSheet]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            first_line = stream.readline()
        except UnicodeDecodeError:
            raise _not_utf8(path, 1) from None
        stream.seek(0)
        reader = csv.reader(stream, delimiter=_delimiter_of(first_line))
        header = _next_csv_record(reader, path)
        positions = _column_positions(header or [], path)
        estimate = max(_count_lines(path) - 1, 0)
        yield RegisterSheet(_csv_rows(reader, positions, path), estimate)


def _delimiter_of(header_line: str) -> str:
    """Comma, or the semicolon or tab that a spreadsheet in a Vietnamese locale may write."""
    return max(_DELIMITERS, key=header_line.count)


def _next_csv_record(reader: Iterator[list[str]], path: Path) -> list[str] | None:
    try:
        return next(reader, None)
    except UnicodeDecodeError:
        raise _not_utf8(path, 1) from None


def _csv_rows(reader: Any, positions: tuple[int | None, ...], path: Path) -> Iterator[SheetRow]:
    previous_end = reader.line_num
    pick = _picker(positions)
    try:
        for record in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if any(record):
                try:
                    yield line, pick(record)
                except IndexError:  # a short row: its missing cells are empty
                    yield line, _pick(record, positions)
    except UnicodeDecodeError:
        raise _not_utf8(path, previous_end + 1) from None
    except csv.Error as error:
        raise RegisterUnreadable(
            f"the CSV is malformed near line {previous_end + 1} ({error})",
            path=path,
            advice="Rows before that line were imported; fix the file and import it again "
            "(rows already imported are updated, not duplicated).",
        ) from None


def _picker(positions: tuple[int | None, ...]) -> Callable[[list[str]], tuple[object, ...]]:
    if all(position is not None for position in positions):
        return operator.itemgetter(*positions)
    return lambda record: _pick(record, positions)


def _not_utf8(path: Path, line: int) -> RegisterUnreadable:
    return RegisterUnreadable(
        f"the CSV is not UTF-8 text (line {line})",
        path=path,
        advice="Save it from the spreadsheet as 'CSV UTF-8' and import it again "
        "(rows already imported are updated, not duplicated).",
    )


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


@contextmanager
def _xlsx_sheet(path: Path) -> Iterator[RegisterSheet]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise RegisterUnreadable(
            f"cannot open the workbook ({error.__class__.__name__}: {error})",
            path=path,
            advice="Open it in a spreadsheet program and save it again as .xlsx.",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        positions = _column_positions(list(next(rows, ())), path)
        estimate = sheet.max_row - 1 if sheet.max_row else None
        yield RegisterSheet(_xlsx_rows(rows, positions), estimate)
    finally:
        workbook.close()


def _xlsx_rows(
    rows: Iterable[Sequence[object]], positions: tuple[int | None, ...]
) -> Iterator[SheetRow]:
    for line, values in enumerate(rows, start=2):
        if any(value is not None and value != "" for value in values):
            yield line, _pick(values, positions)


def _column_positions(header: Sequence[object], path: Path) -> tuple[int | None, ...]:
    """Where each of `COLUMNS` is in the header row; a missing key column is an error."""
    names = [_header_name(cell) for cell in header]
    for name in set(COLUMNS):
        if names.count(name) > 1:
            raise RegisterUnreadable(f"the header row names column {name!r} twice", path=path)
    missing = [name for name in KEY_COLUMNS if name not in names]
    if missing:
        raise RegisterUnreadable(
            f"the header row has no {', '.join(repr(name) for name in missing)} column"
            + ("s" if len(missing) > 1 else ""),
            path=path,
            advice=f"The first row must name the columns: {', '.join(KEY_COLUMNS)} (required) "
            f"and any of {', '.join(OPTIONAL_COLUMNS)}.",
        )
    return tuple(names.index(name) if name in names else None for name in COLUMNS)


def _header_name(cell: object) -> str:
    return unicodedata.normalize("NFC", str(cell)).strip().lower() if cell is not None else ""


def _pick(values: Sequence[object], positions: tuple[int | None, ...]) -> tuple[object, ...]:
    width = len(values)
    return tuple(
        values[index] if index is not None and index < width else None for index in positions
    )


# Checking ------------------------------------------------------------------------------------


def checked_row(cells: Sequence[object], unit_codes: Collection[str]) -> StagedRow:
    """The row's values in `COLUMNS` order as they are written (dates as ISO text, which both
    databases take for a date), or `BadRow` saying what is wrong with it."""
    unit_code = _text_cell(cells[0], "unit_code")
    number = _text_cell(cells[1], "number")
    issue_date = _iso_date_cell(cells[2], "issue_date")
    doc_type = _text_cell(cells[3], "doc_type")
    valid_until = _iso_date_cell(cells[4], "valid_until")
    revoked_on = _iso_date_cell(cells[5], "revoked_on")
    replaced_on = _iso_date_cell(cells[6], "replaced_on")
    subject_id = _text_cell(cells[7], "subject_id")
    digitised_on = _iso_date_cell(cells[8], "digitised_on")
    if unit_code is None:
        raise BadRow("unit_code is empty")
    if number is None:
        raise BadRow("number is empty")
    if issue_date is None:
        raise BadRow("issue_date is empty")
    if unit_code not in unit_codes:
        raise BadRow(f"unit_code {unit_code!r} is not a configured unit")
    # ISO dates compare as text.
    if valid_until is not None and valid_until < issue_date:
        raise BadRow(f"valid_until {valid_until} is before issue_date {issue_date}")
    return (
        unit_code,
        number,
        issue_date,
        doc_type,
        valid_until,
        revoked_on,
        replaced_on,
        subject_id,
        digitised_on,
    )


def _text_cell(cell: object, column: str) -> str | None:
    if cell is None:
        return None
    text = (cell if type(cell) is str else _cell_text(cell)).strip()
    if not text:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    limit = TEXT_LIMITS[column]
    if len(text) > limit:
        raise BadRow(f"{column} is longer than {limit} characters")
    return text


def _cell_text(cell: object) -> str:
    # A spreadsheet may hold a unit code or a number as a numeric cell: 256.0 means "256".
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _iso_date_cell(cell: object, column: str) -> str | None:
    if type(cell) is str and len(cell) == 10 and cell.isascii():
        # Most registers write 2022-03-15 or 15/03/2022: check those in C and keep the ISO
        # text. Anything odd (a day that does not exist) is left to the checks below, which
        # say what is wrong.
        if cell[4] == cell[7] == "-":
            iso = cell
        elif cell[2] == cell[5] == "/":
            iso = f"{cell[6:]}-{cell[3:5]}-{cell[:2]}"
        else:
            iso = ""
        with suppress(ValueError):
            date.fromisoformat(iso)
            return iso
    if cell is None or cell == "":
        return None
    day = _date_cell(column, cell)
    return None if day is None else day.isoformat()


def _date_cell(column: str, cell: object) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise BadRow(f"{column} is the number {cell!r}, not a date (format the cell as a date)")
    text = cell.strip()
    return register_date(column, text) if text else None


def register_date(column: str, text: str) -> date:
    """ISO `2022-03-15` or Vietnamese day-first `15/03/2022`; a day that does not exist is bad."""
    parts = _year_month_day(text)
    if parts is None:
        raise BadRow(f"{column} {text!r} is not a date (write 2022-03-15 or 15/03/2022)")
    try:
        return date(*parts)
    except ValueError:
        raise BadRow(f"{column} {text!r} is a day that does not exist") from None


def _year_month_day(text: str) -> tuple[int, int, int] | None:
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _VIETNAMESE_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    return int(year), int(month), int(day)


# Writing -------------------------------------------------------------------------------------


def import_register(
    path: Path,
    unit_codes: Collection[str],
    sessions: sessionmaker[Session],
    *,
    on_sheet: Callable[[int | None], None] = lambda estimated_rows: None,
    on_batch: Callable[[int], None] = lambda rows: None,
    on_write: Callable[[], None] = lambda: None,
) -> ImportSummary:
    """Import every good row of the register at `path`; report the bad ones.

    Rows are checked in batches, in a thread of their own, and staged in a temporary table;
    up to `STAGE_ROWS` of them are then written in one transaction that also brings the quota
    changes up to date, so the database never holds rows that its counts do not include. A
    malformed line ends the import after the rows before it are written."""
    summary = ImportSummary()
    imported_at = datetime.now(UTC)
    unreadable: RegisterUnreadable | None = None
    with open_register(path) as sheet, _CheckedBatches(sheet.rows, unit_codes) as checked:
        on_sheet(sheet.estimated_rows)
        batches = iter(checked)
        more = True
        while more and unreadable is None:
            with (
                sessions.begin() as session,
                _Stage(session.connection(), imported_at, summary) as stage,
            ):
                try:
                    more = stage.fill(batches, on_batch)
                except RegisterUnreadable as error:
                    unreadable = error
                on_write()
                stage.write()
    if unreadable is not None:
        raise unreadable
    return summary


@dataclass(frozen=True)
class _CheckedBatch:
    """A batch of the sheet's rows, checked: its good rows as JSON text (an array of arrays in
    `COLUMNS` order) ready to stage, the hashes of their keys, and its bad rows. A key repeated
    within the batch is staged once, with its last row, and counted as updated or unchanged."""

    read: int
    good_rows: str
    good: int
    keys: frozenset[int]
    rejections: tuple[Rejection, ...]
    updated: int
    unchanged: int


def _checked_batch(batch: list[SheetRow], unit_codes: Collection[str]) -> _CheckedBatch:
    rows: dict[tuple[object, ...], StagedRow] = {}
    rejections: list[Rejection] = []
    updated = unchanged = 0
    for line, cells in batch:
        try:
            row = checked_row(cells, unit_codes)
        except BadRow as bad:
            rejections.append(Rejection(line, bad.reason, cells))
            continue
        key = row[:3]
        earlier = rows.get(key)
        if earlier is not None:
            if earlier == row:
                unchanged += 1
            else:
                updated += 1
        rows[key] = row
    # In key order, the batch meets the register's unique index at neighbouring places.
    good = [rows[key] for key in sorted(rows)]
    return _CheckedBatch(
        read=len(batch),
        good_rows=json.dumps(good, ensure_ascii=False),
        good=len(good),
        keys=frozenset(map(hash, rows)),
        rejections=tuple(rejections),
        updated=updated,
        unchanged=unchanged,
    )


class _CheckedBatches:
    """The sheet's rows checked batch by batch in a thread of its own, up to `BATCHES_AHEAD`
    batches ahead of the writer. Checking is Python and holds the GIL; the database lets go
    of it while it writes, so on two cores the next rows are checked while the last ones are
    written. An error in reading (a malformed line) reaches the writer after the batch of
    the rows before it."""

    def __init__(self, rows: Iterator[SheetRow], unit_codes: Collection[str]) -> None:
        self._ready: queue.Queue[_CheckedBatch | Exception | None] = queue.Queue(BATCHES_AHEAD)
        self._closed = threading.Event()
        self._thread = threading.Thread(
            target=self._check, args=(rows, frozenset(unit_codes)), name="register-check"
        )

    def __enter__(self) -> _CheckedBatches:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closed.set()
        self._thread.join()

    def __iter__(self) -> Iterator[_CheckedBatch]:
        while (item := self._ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    def _check(self, rows: Iterator[SheetRow], unit_codes: frozenset[str]) -> None:
        ending: Exception | None
        try:
            ending = self._check_batches(rows, unit_codes)
        except _WriterStopped:
            return
        except Exception as error:  # a defect: the writer raises it
            ending = error
        with suppress(_WriterStopped):
            self._hand_over(ending)

    def _check_batches(
        self, rows: Iterator[SheetRow], unit_codes: frozenset[str]
    ) -> RegisterUnreadable | None:
        """Hand each checked batch over; return the malformed line that ended the rows, if
        one did (after the batch of the rows before it)."""
        batch: list[SheetRow] = []
        ending = None
        try:
            for row in rows:
                batch.append(row)
                if len(batch) == BATCH_ROWS:
                    self._hand_over(_checked_batch(batch, unit_codes))
                    batch = []
        except RegisterUnreadable as unreadable:
            ending = unreadable
        if batch:
            self._hand_over(_checked_batch(batch, unit_codes))
        return ending

    def _hand_over(self, item: _CheckedBatch | Exception | None) -> None:
        """Queue `item` for the writer, or raise `_WriterStopped` once it takes no more."""
        while not self._closed.is_set():
            try:
                self._ready.put(item, timeout=HAND_OVER_WAIT)
            except queue.Full:
                continue
            return
        raise _WriterStopped


class _WriterStopped(Exception):
    """The writer is done (or failed): checking more rows is of no use."""


class _Stage:
    """The rows of one transaction. Each checked batch is compared with the register as it
    comes, while the next one is checked: its rows that are new or differ from the stored
    ones are kept. At the end the quota changes they make are added up and all are written
    together."""

    def __init__(
        self, connection: Connection, imported_at: datetime, summary: ImportSummary
    ) -> None:
        self._connection = connection
        self._imported_at = imported_at
        self._summary = summary
        self._keep_different = _keep_different_statement(connection.dialect.name)
        # Hashes of the staged keys: a key seen again must meet its earlier row stored first.
        self._staged_keys: set[int] = set()
        self._staged = 0
        self._main_cache: object = None

    def __enter__(self) -> _Stage:
        connection = self._connection
        if connection.dialect.name == "sqlite":
            # The stage's tables and sums stay in the page cache: 2 MB, SQLite's default for
            # temporary tables, made every stage spill to disk.
            connection.exec_driver_sql(f"PRAGMA temp.cache_size = -{TEMP_CACHE_KB}")
            # The register's indexes and the daily changes are touched all over by a stage.
            self._main_cache = connection.exec_driver_sql("PRAGMA main.cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA main.cache_size = -{MAIN_CACHE_KB}")
        elif connection.dialect.name == "postgresql":
            # The stage's sums are hashed in memory: 4 MB, the default, spilled them to disk.
            connection.exec_driver_sql(f"SET LOCAL work_mem = '{WORK_MEM_MB}MB'")
        _DIFFERENT.create(connection)
        return self

    def __exit__(self, *exc_info: object) -> None:
        # The connection goes back to the pool: it must not keep a gigabyte of cache.
        if self._main_cache is not None:
            self._connection.exec_driver_sql(f"PRAGMA main.cache_size = {self._main_cache}")

    def fill(self, batches: Iterator[_CheckedBatch], on_batch: Callable[[int], None]) -> bool:
        """Stage batches until `STAGE_ROWS` rows are staged (True) or they run out (False)."""
        for batch in batches:
            self._add(batch)
            on_batch(batch.read)
            if self._staged >= STAGE_ROWS:
                return True
        return False

    def write(self) -> None:
        """Write every staged row to the register."""
        if self._staged:
            self._write_staged()
        _DIFFERENT.drop(self._connection)

    def _add(self, batch: _CheckedBatch) -> None:
        summary = self._summary
        summary.rejections.extend(batch.rejections)
        summary.updated += batch.updated
        summary.unchanged += batch.unchanged
        if not batch.keys.isdisjoint(self._staged_keys):
            self._write_staged()
        if batch.good:
            self._connection.execute(self._keep_different, {"rows": batch.good_rows})
        self._staged_keys |= batch.keys
        self._staged += batch.good

    def _write_staged(self) -> None:
        _write_different(self._connection, self._staged, self._imported_at, self._summary)
        self._staged_keys.clear()
        self._staged = 0


def _keep_different_statement(dialect: str) -> Insert:
    """Keep the rows of a batch, given as JSON text (`:rows`, an array of arrays in `COLUMNS`
    order), that are new or differ from the stored row of their key (each key looked up
    once). One statement a batch, which the database runs without holding the GIL."""
    batch = _batch_rows(dialect).cte("batch").prefix_with("MATERIALIZED")
    register = _register_table()
    same_key = and_(*(register.c[column] == batch.c[column] for column in KEY_COLUMNS))
    differs = or_(
        *(register.c[column].is_distinct_from(batch.c[column]) for column in VALUE_COLUMNS)
    )
    different = (
        select(*(batch.c[column] for column in COLUMNS), register.c.id)
        .select_from(batch.outerjoin(register, same_key))
        .where(or_(register.c.id.is_(None), differs))
    )
    return insert(_DIFFERENT).from_select([*COLUMNS, "result_id"], different)


def _batch_rows(dialect: str) -> TextualSelect:
    """The rows of the JSON text `:rows` with the register's columns (SQLite and PostgreSQL
    read the same `value->>N`; PostgreSQL wants its dates cast)."""
    if dialect == "postgresql":
        cells = [
            f"CAST(value->>{index} AS DATE)" if name in DATE_COLUMNS else f"value->>{index}"
            for index, name in enumerate(COLUMNS)
        ]
        rows = "json_array_elements(CAST(:rows AS json))"
    else:
        cells = [f"value->>{index}" for index in range(len(COLUMNS))]
        rows = "json_each(:rows)"
    selected = ", ".join(f"{cell} AS {name}" for cell, name in zip(cells, COLUMNS, strict=True))
    return text(f"SELECT {selected} FROM {rows}").columns(
        *(column(name, RegisteredResult.__table__.c[name].type) for name in COLUMNS)
    )


def _write_different(
    connection: Connection, staged: int, imported_at: datetime, summary: ImportSummary
) -> None:
    """Set-based: bring the quota changes up to date with the difference the kept rows make,
    update the stored rows that differ and insert the new ones."""
    apply_register_changes(connection, _DIFFERENT)
    register = _register_table()
    updated = connection.execute(
        update(register)
        .where(register.c.id == _DIFFERENT.c.result_id)
        .values({**{c: _DIFFERENT.c[c] for c in VALUE_COLUMNS}, "imported_at": imported_at})
    ).rowcount
    new_rows = (
        select(
            *(_DIFFERENT.c[column] for column in COLUMNS),
            literal(imported_at, register.c.imported_at.type),
        )
        .where(_DIFFERENT.c.result_id.is_(None))
        # SQLite reads its keyed table in this order anyway; PostgreSQL sorts in memory.
        .order_by(*(_DIFFERENT.c[column] for column in KEY_COLUMNS))
    )
    added = connection.execute(
        insert(register).from_select([*COLUMNS, "imported_at"], new_rows),
        # psycopg's cursor forgets an INSERT's row count once SQLAlchemy closes it.
        execution_options={"preserve_rowcount": True},
    ).rowcount
    connection.execute(delete(_DIFFERENT))
    summary.added += added
    summary.updated += updated
    summary.unchanged += staged - added - updated


def _register_table() -> Table:
    table = RegisteredResult.__table__
    assert isinstance(table, Table)
    return table


# Telling -------------------------------------------------------------------------------------


class RegisterProgress:
    """A progress bar on the console for registers large enough to wait for."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RegisterProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, estimated_rows: int | None) -> None:
        if estimated_rows is None or estimated_rows < PROGRESS_FROM_ROWS:
            return
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("rows"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self._console,
        )
        self._task = self._progress.add_task(_READING, total=estimated_rows)
        self._progress.start()

    def advance(self, rows: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=rows, description=_READING)

    def writing(self) -> None:
        """The rows read so far are being written: the count stands still meanwhile."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=_WRITING)


_READING = "Importing the register: checking rows"
_WRITING = "Importing the register: writing rows "


def describe_import(summary: ImportSummary, path: Path, rejects_file: Path | None) -> list[str]:
    """What was done, and the first rejected rows with their line and reason."""
    lines = [
        f"{path.name}: {summary.rows_read} rows read: {summary.added} added, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected"
    ]
    for rejection in summary.rejections[:REJECTIONS_SHOWN]:
        lines.append(f"  line {rejection.line}: {rejection.reason}")
    hidden = summary.rejected - REJECTIONS_SHOWN
    if hidden > 0:
        where = f"all are in {rejects_file}" if rejects_file else "--rejects FILE lists them all"
        lines.append(f"  … and {hidden} more rejected rows ({where})")
    elif rejects_file is not None:
        lines.append(f"  rejected rows written to {rejects_file}")
    return lines


def write_rejections(rejections: Sequence[Rejection], path: Path) -> None:
    """All rejected rows as CSV (UTF-8 with BOM, so that a spreadsheet reads the accents)."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("line", "reason", *COLUMNS))
        for rejection in rejections:
            writer.writerow(
                (rejection.line, rejection.reason, *(_rejected_cell(c) for c in rejection.cells))
            )


def _rejected_cell(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return _cell_text(cell)
