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
import operator
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
    delete,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

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

BATCH_ROWS = 10_000
STAGE_ROWS = 1_000_000
TEMP_CACHE_KB = 256 * 1024
MAIN_CACHE_KB = 1024 * 1024
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

# The checked rows of the stage being written; lives for one transaction, never in the schema.
_STAGING = Table(
    "register_staging",
    MetaData(),
    # Numbered by the database as the rows come in.
    Column("position", Integer, primary_key=True),
    *(Column(name, RegisteredResult.__table__.c[name].type) for name in COLUMNS),
    prefixes=["TEMPORARY"],
)
# The staged rows that are new (no `result_id`) or differ from the stored row `result_id`.
_DIFFERENT = Table(
    "register_staging_different",
    MetaData(),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("result_id", Integer),
    prefixes=["TEMPORARY"],
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
        try:
            date.fromisoformat(iso)
        except ValueError:
            pass
        else:
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

    Rows are checked in batches and staged in a temporary table; up to `STAGE_ROWS` of them
    are then written in one transaction that also brings the quota changes up to date, so
    the database never holds rows that its counts do not include. A malformed line ends the
    import after the rows before it are written."""
    summary = ImportSummary()
    imported_at = datetime.now(UTC)
    codes = frozenset(unit_codes)
    unreadable: RegisterUnreadable | None = None
    with open_register(path) as sheet:
        on_sheet(sheet.estimated_rows)
        rows = iter(sheet.rows)
        more = True
        while more and unreadable is None:
            with sessions.begin() as session:
                stage = _Stage(session.connection(), codes, imported_at, summary)
                try:
                    more = stage.fill(rows, on_batch)
                except RegisterUnreadable as error:
                    unreadable = error
                on_write()
                stage.write()
    if unreadable is not None:
        raise unreadable
    return summary


class _Stage:
    """The checked rows waiting in the temporary staging table to be written together."""

    def __init__(
        self,
        connection: Connection,
        unit_codes: Collection[str],
        imported_at: datetime,
        summary: ImportSummary,
    ) -> None:
        self._connection = connection
        self._unit_codes = unit_codes
        self._imported_at = imported_at
        self._summary = summary
        self._pending: list[SheetRow] = []
        # Hashes of the staged keys: a key seen again must meet its earlier row stored first.
        self._staged_keys: set[int] = set()
        self._staged = 0
        self._main_cache = None
        if connection.dialect.name == "sqlite":
            # The staging table and the sorts of writing it out stay in the page cache: 2 MB,
            # SQLite's default for temporary tables, made every sort of a stage spill to disk.
            connection.exec_driver_sql(f"PRAGMA temp.cache_size = -{TEMP_CACHE_KB}")
            # The register's indexes and the daily changes are touched all over by a stage.
            self._main_cache = connection.exec_driver_sql("PRAGMA main.cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA main.cache_size = -{MAIN_CACHE_KB}")
        _STAGING.create(connection)

    def fill(self, rows: Iterator[SheetRow], on_batch: Callable[[int], None]) -> bool:
        """Stage rows until `STAGE_ROWS` are staged (True) or the rows run out (False)."""
        for row in rows:
            self._pending.append(row)
            if len(self._pending) == BATCH_ROWS:
                on_batch(self._stage_pending())
                if self._staged >= STAGE_ROWS:
                    return True
        if self._pending:
            on_batch(self._stage_pending())
        return False

    def write(self) -> None:
        """Stage what is pending (the rows before a malformed line) and write every staged
        row to the register."""
        if self._pending:
            self._stage_pending()
        if self._staged:
            self._merge()
        _STAGING.drop(self._connection)
        if self._connection.dialect.name == "sqlite":
            self._connection.exec_driver_sql(f"PRAGMA main.cache_size = {self._main_cache}")

    def _stage_pending(self) -> int:
        checked = _checked_batch(self._pending, self._unit_codes, self._summary)
        keys = {hash(row[:3]) for row in checked}
        if not keys.isdisjoint(self._staged_keys):
            self._merge()
        _stage(self._connection, checked)
        self._staged_keys |= keys
        self._staged += len(checked)
        read = len(self._pending)
        self._pending = []
        return read

    def _merge(self) -> None:
        _write_staged(self._connection, self._staged, self._imported_at, self._summary)
        self._connection.execute(delete(_STAGING))
        self._staged_keys.clear()
        self._staged = 0


def _checked_batch(
    batch: list[SheetRow], unit_codes: Collection[str], summary: ImportSummary
) -> list[StagedRow]:
    """The batch's good rows; a key repeated in the batch keeps its last row, and counts as
    updated when its values differ from the earlier row's, else as unchanged."""
    rows: dict[tuple[object, ...], StagedRow] = {}
    for line, cells in batch:
        try:
            row = checked_row(cells, unit_codes)
        except BadRow as bad:
            summary.rejections.append(Rejection(line, bad.reason, cells))
            continue
        key = row[:3]
        earlier = rows.get(key)
        if earlier is not None:
            if earlier == row:
                summary.unchanged += 1
            else:
                summary.updated += 1
        rows[key] = row
    return list(rows.values())


def _write_staged(
    connection: Connection, staged: int, imported_at: datetime, summary: ImportSummary
) -> None:
    """Set-based: find the staged rows that are new or differ from the stored row (each key
    looked up once), bring the quota changes up to date with the difference they make,
    update the stored rows that differ and insert the new ones."""
    register = _register_table()
    same_key = and_(*(register.c[column] == _STAGING.c[column] for column in KEY_COLUMNS))
    differs = or_(
        *(register.c[column].is_distinct_from(_STAGING.c[column]) for column in VALUE_COLUMNS)
    )
    _DIFFERENT.create(connection)
    connection.execute(
        insert(_DIFFERENT).from_select(
            ["position", "result_id"],
            select(_STAGING.c.position, register.c.id)
            .select_from(_STAGING.outerjoin(register, same_key))
            .where(or_(register.c.id.is_(None), differs)),
        )
    )
    apply_register_changes(connection, _STAGING, _DIFFERENT)
    staged_row = _STAGING.c.position == _DIFFERENT.c.position
    updated = connection.execute(
        update(register)
        .where(register.c.id == _DIFFERENT.c.result_id, staged_row)
        .values({**{c: _STAGING.c[c] for c in VALUE_COLUMNS}, "imported_at": imported_at})
    ).rowcount
    new_rows = (
        select(
            *(_STAGING.c[column] for column in COLUMNS),
            literal(imported_at, register.c.imported_at.type),
        )
        .select_from(_DIFFERENT.join(_STAGING, staged_row))
        .where(_DIFFERENT.c.result_id.is_(None))
        # In key order, the register's unique index grows at its end instead of everywhere.
        .order_by(*(_STAGING.c[column] for column in KEY_COLUMNS))
    )
    added = connection.execute(
        insert(register).from_select([*COLUMNS, "imported_at"], new_rows),
        # psycopg's cursor forgets an INSERT's row count once SQLAlchemy closes it.
        execution_options={"preserve_rowcount": True},
    ).rowcount
    _DIFFERENT.drop(connection)
    summary.added += added
    summary.updated += updated
    summary.unchanged += staged - added - updated


def _stage(connection: Connection, rows: list[StagedRow]) -> None:
    if not rows:  # a batch of bad rows only: the driver refuses an empty executemany
        return
    # The rows go to the driver as they are (text and None): SQLAlchemy's per-row binding
    # of typed values cost more than everything else an import does.
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {_STAGING.name} ({', '.join(COLUMNS)}) "
        f"VALUES ({', '.join(marker for _ in COLUMNS)})"
    )
    connection.exec_driver_sql(statement, rows)


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
