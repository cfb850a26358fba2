"""Dossier intake: the dossiers each unit received, from the one-stop system's CSV export
(`unit_code, dossier_code, received_on`), upserted by mã hồ sơ."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, bindparam, insert, select, update

from pipeline.count.register import BadRow, RegisterUnreadable, Rejection, register_date
from pipeline.db.models import DossierIntake

COLUMNS = ("unit_code", "dossier_code", "received_on")
BATCH_ROWS = 10_000


@dataclass
class IntakeSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def import_dossiers(
    path: Path, unit_codes: Collection[str], connection: Connection
) -> IntakeSummary:
    """Import every good row of the intake export at `path`, in the caller's transaction."""
    summary = IntakeSummary()
    imported_at = datetime.now(UTC)
    records: dict[str, tuple[str, date]] = {}
    for line, cells in _rows(path):
        try:
            unit_code, dossier_code, received_on = _checked(cells, unit_codes)
        except BadRow as bad:
            summary.rejections.append(Rejection(line, bad.reason, cells))
            continue
        records[dossier_code] = (unit_code, received_on)
    codes = list(records)
    for start in range(0, len(codes), BATCH_ROWS):
        _write(
            connection,
            {c: records[c] for c in codes[start : start + BATCH_ROWS]},
            imported_at,
            summary,
        )
    return summary


def _rows(path: Path) -> list[tuple[int, tuple[object, ...]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = [cell.strip().lower() for cell in next(reader, [])]
            missing = [name for name in COLUMNS if name not in header]
            if missing:
                raise RegisterUnreadable(
                    f"the header row has no {', '.join(missing)} column",
                    path=path,
                    advice=f"The first row must name the columns {', '.join(COLUMNS)}.",
                )
            positions = [header.index(name) for name in COLUMNS]
            rows: list[tuple[int, tuple[object, ...]]] = []
            for record in reader:
                if any(record):
                    cells: tuple[object, ...] = tuple(
                        record[p] if p < len(record) else None for p in positions
                    )
                    rows.append((reader.line_num, cells))
            return rows
    except FileNotFoundError:
        raise RegisterUnreadable("dossier export not found", path=path) from None
    except UnicodeDecodeError:
        raise RegisterUnreadable(
            "the CSV is not UTF-8 text", path=path, advice="Export it as CSV UTF-8."
        ) from None


def _checked(cells: tuple[object, ...], unit_codes: Collection[str]) -> tuple[str, str, date]:
    unit_code, dossier_code, received = (
        unicodedata.normalize("NFC", str(cell or "")).strip() for cell in cells
    )
    for name, value in zip(COLUMNS, (unit_code, dossier_code, received), strict=True):
        if not value:
            raise BadRow(f"{name} is empty")
    if unit_code not in unit_codes:
        raise BadRow(f"unit_code {unit_code!r} is not a configured unit")
    if len(dossier_code) > 64:
        raise BadRow("dossier_code is longer than 64 characters")
    return unit_code, dossier_code, register_date("received_on", received)


def _write(
    connection: Connection,
    records: dict[str, tuple[str, date]],
    imported_at: datetime,
    summary: IntakeSummary,
) -> None:
    stored = {
        row.dossier_code: row
        for row in connection.execute(
            select(
                DossierIntake.id,
                DossierIntake.dossier_code,
                DossierIntake.unit_code,
                DossierIntake.received_on,
            ).where(DossierIntake.dossier_code.in_(list(records)))
        )
    }
    new, changed = [], []
    for code, (unit_code, received_on) in records.items():
        row = stored.get(code)
        values = {"unit_code": unit_code, "received_on": received_on, "imported_at": imported_at}
        if row is None:
            new.append({"dossier_code": code, **values})
        elif (row.unit_code, row.received_on) == (unit_code, received_on):
            summary.unchanged += 1
        else:
            changed.append({"row_id": row.id, **values})
    if new:
        connection.execute(insert(DossierIntake), new)
    if changed:
        connection.execute(
            update(DossierIntake).where(DossierIntake.id == bindparam("row_id")), changed
        )
    summary.added += len(new)
    summary.updated += len(changed)
