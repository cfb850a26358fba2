"""The result register: a unit's list of the results it issued, imported from CSV or XLSX.

Every row is checked on its own; a bad row is set aside with its line number and reason and
the rest is imported. Rows are written set-based, one transaction per batch: the batch's keys
are looked up in one query, new rows go in with one bulk insert and changed rows with one
executemany update. The natural key is (unit_code, number, issue_date), so importing the same
register again updates rows and never duplicates them.
"""

from __future__ import annotations

import contextlib
import csv
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
    Date,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from pipeline.count.changes import refresh_changes
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
DATE_COLUMNS = frozenset({"issue_date", "valid_until", "revoked_on", "replaced_on", "digitised_on"})
TEXT_LIMITS = {"unit_code": 32, "number": 128, "doc_type": 64, "subject_id": 32}
VALUE_COLUMNS = tuple(c for c in COLUMNS if c not in KEY_COLUMNS)

BATCH_ROWS = 10_000
REJECTIONS_SHOWN = 50
PROGRESS_FROM_ROWS = 50_000
REFRESH_UNITS_ONE_BY_ONE = 20

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_VIETNAMESE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_DELIMITERS = ",;\t"

RegisterKey = tuple[str, str, date]

# The keys of the batch being written; lives for one transaction, never in the schema.
_BATCH_KEYS = Table(
    "register_batch_keys",
    MetaData(),
    Column("unit_code", String(32)),
    Column("number", String(128)),
    Column("issue_date", Date),
    prefixes=["TEMPORARY"],
)
RegisterRecord = dict[str, Any]


class RegisterUnreadable(SohoaError):
    """The register file as a whole cannot be read: nothing in it can be trusted."""


class BadRow(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SheetRow:
    """One data row as it stands in the file: its line (the header is line 1) and its cells in
    `COLUMNS` order (None for a column the file does not have)."""

    line: int
    cells: tuple[object, ...]


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
    try:
        for record in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if any(record):
                yield SheetRow(line, _pick(record, positions))
    except UnicodeDecodeError:
        raise _not_utf8(path, previous_end + 1) from None
    except csv.Error as error:
        raise RegisterUnreadable(
            f"the CSV is malformed near line {previous_end + 1} ({error})",
            path=path,
            advice="Rows before that line were imported; fix the file and import it again "
            "(rows already imported are updated, not duplicated).",
        ) from None


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
            yield SheetRow(line, _pick(values, positions))


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


def checked_record(row: SheetRow, unit_codes: Collection[str]) -> RegisterRecord:
    """The row as table values, or `BadRow` saying what is wrong with it."""
    record: RegisterRecord = {
        column: read(column, cell)
        for (column, read), cell in zip(_CELL_READERS, row.cells, strict=True)
    }
    for column in KEY_COLUMNS:
        if record[column] is None:
            raise BadRow(f"{column} is empty")
    if record["unit_code"] not in unit_codes:
        raise BadRow(f"unit_code {record['unit_code']!r} is not a configured unit")
    valid_until = record["valid_until"]
    if valid_until is not None and valid_until < record["issue_date"]:
        raise BadRow(
            f"valid_until {valid_until.isoformat()} is before issue_date "
            f"{record['issue_date'].isoformat()}"
        )
    return record


def _text_cell(column: str, cell: object) -> str | None:
    if cell is None:
        return None
    text = _cell_text(cell).strip()
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


def _date_cell(column: str, cell: object) -> date | None:
    if cell is None or cell == "":
        return None
    if type(cell) is str and len(cell) == 10 and cell[4] == cell[7] == "-" and cell.isascii():
        # Most registers write ISO dates: parse them in C, and leave anything odd (a day
        # that does not exist) to the checks below, which say what is wrong.
        with contextlib.suppress(ValueError):
            return date.fromisoformat(cell)
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise BadRow(f"{column} is the number {cell!r}, not a date (format the cell as a date)")
    text = cell.strip()
    return register_date(column, text) if text else None


_CELL_READERS = tuple(
    (column, _date_cell if column in DATE_COLUMNS else _text_cell) for column in COLUMNS
)


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
) -> ImportSummary:
    """Import every good row of the register at `path`; report the bad ones."""
    summary = ImportSummary()
    imported_at = datetime.now(UTC)
    codes = frozenset(unit_codes)
    touched_units: set[str] = set()
    try:
        with open_register(path) as sheet:
            on_sheet(sheet.estimated_rows)
            for batch in _batches(sheet.rows, BATCH_ROWS):
                records = _checked_batch(batch, codes, summary)
                with sessions.begin() as session:
                    _write_batch(session.connection(), records, imported_at, summary)
                touched_units.update(key[0] for key in records)
                on_batch(len(batch))
    finally:
        # Also after a malformed line: the rows imported before it count from now on.
        if touched_units:
            # Many units: one pass over the whole register beats an index lookup per row.
            units = touched_units if len(touched_units) <= REFRESH_UNITS_ONE_BY_ONE else None
            with sessions.begin() as session:
                refresh_changes(session.connection(), units)
    return summary


def _batches(rows: Iterator[SheetRow], size: int) -> Iterator[list[SheetRow]]:
    batch: list[SheetRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _checked_batch(
    batch: list[SheetRow], unit_codes: Collection[str], summary: ImportSummary
) -> dict[RegisterKey, RegisterRecord]:
    """The batch's good rows by key; a key repeated in the batch keeps its last row."""
    records: dict[RegisterKey, RegisterRecord] = {}
    for row in batch:
        try:
            record = checked_record(row, unit_codes)
        except BadRow as bad:
            summary.rejections.append(Rejection(row.line, bad.reason, row.cells))
            continue
        key = _key_of(record)
        earlier = records.get(key)
        if earlier is not None and _same_values(earlier, record):
            summary.unchanged += 1
        elif earlier is not None:
            summary.updated += 1
        records[key] = record
    return records


def _key_of(record: RegisterRecord) -> RegisterKey:
    return (record["unit_code"], record["number"], record["issue_date"])


def _same_values(stored: RegisterRecord, record: RegisterRecord) -> bool:
    return all(stored[column] == record[column] for column in VALUE_COLUMNS)


def _write_batch(
    connection: Connection,
    records: dict[RegisterKey, RegisterRecord],
    imported_at: datetime,
    summary: ImportSummary,
) -> None:
    table = _register_table()
    stored = _stored_rows(connection, table, list(records))
    new_rows: list[RegisterRecord] = []
    changed_rows: list[RegisterRecord] = []
    for key, record in records.items():
        existing = stored.get(key)
        if existing is None:
            new_rows.append({**record, "imported_at": imported_at})
        elif _same_values(existing, record):
            summary.unchanged += 1
        else:
            changed_rows.append({**record, "row_id": existing["id"], "imported_at": imported_at})
    if new_rows:
        connection.execute(insert(table), new_rows)
    if changed_rows:
        for row in changed_rows:
            for column in KEY_COLUMNS:
                del row[column]
        connection.execute(update(table).where(table.c.id == bindparam("row_id")), changed_rows)
    summary.added += len(new_rows)
    summary.updated += len(changed_rows)


def _register_table() -> Table:
    table = RegisteredResult.__table__
    assert isinstance(table, Table)
    return table


def _stored_rows(
    connection: Connection, table: Table, keys: list[RegisterKey]
) -> dict[RegisterKey, RegisterRecord]:
    """The rows already stored under any of `keys`, by key: the keys go into a temporary table
    that is joined on the register's unique key, so each one is an index lookup. (An IN list
    of (unit, number, date) tuples makes SQLite scan the whole register once per query.)"""
    _BATCH_KEYS.create(connection)
    connection.execute(
        insert(_BATCH_KEYS), [dict(zip(KEY_COLUMNS, key, strict=True)) for key in keys]
    )
    same_key = and_(*(table.c[column] == _BATCH_KEYS.c[column] for column in KEY_COLUMNS))
    stored: dict[RegisterKey, RegisterRecord] = {}
    for row in connection.execute(select(table).join(_BATCH_KEYS, same_key)).mappings():
        record = dict(row)
        stored[_key_of(record)] = record
    _BATCH_KEYS.drop(connection)
    return stored


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
            TextColumn("[bold]Importing the register"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("rows"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self._console,
        )
        self._task = self._progress.add_task("register", total=estimated_rows)
        self._progress.start()

    def advance(self, rows: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, rows)


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
