"""The quota report as a terminal table, CSV, JSON or XLSX (HTML is in html.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from rich.console import Console
from rich.table import Table

from pipeline.count.quota import QuotaReport, Tally, report_json

FORMATS = ("table", "csv", "xlsx", "html", "json")
TALLY_HEADINGS = ("valid", "digitised", "ratio", "quota", "gap", "met")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _met(met: bool | None) -> str:
    return "–" if met is None else ("yes" if met else "no")


def tally_cells(tally: Tally) -> tuple[str, ...]:
    quota = None if tally.quota is None else tally.quota / 100
    gap = "–" if tally.gap is None else f"{tally.gap:,}"
    return (
        f"{tally.valid:,}",
        f"{tally.digitised:,}",
        percent(tally.ratio),
        percent(quota),
        gap,
        _met(tally.met),
    )


# Terminal ------------------------------------------------------------------------------------


def print_table(report: QuotaReport, console: Console) -> None:
    plan = report.plan.name if report.plan is not None else "no plan in force"
    console.print(f"Quota report as of {report.as_of.isoformat()} ({plan})", markup=False)
    tiers = _table("Tiers", ("tier",))
    for row in report.tiers:
        tiers.add_row(row.tier.value, *tally_cells(row.tally))
    console.print(tiers)
    units = _table("Units with results", ("unit", "name", "tier"))
    silent = 0
    for unit in report.units:
        if unit.tally.valid == 0 and unit.tally.digitised == 0:
            silent += 1
            continue
        name = unit.name + (f" ({unit.reorganised})" if unit.reorganised else "")
        units.add_row(unit.unit_code, name, unit.tier.value, *tally_cells(unit.tally))
    console.print(units)
    if silent:
        console.print(f"{silent} more units have no valid results on this date.")
    if report.doc_types is not None:
        types = _table("Doc types", ("tier", "doc type"))
        for doc in report.doc_types:
            types.add_row(doc.tier.value, doc.doc_type or "(none)", *tally_cells(doc.tally))
        console.print(types)
    _print_dossiers(report, console)
    console.print(f"Unmatched result documents: {len(report.unmatched)}")
    for unmatched in report.unmatched[:20]:
        console.print(f"  {unmatched.file_name}: {unmatched.reason}", markup=False)


def _table(title: str, keys: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for key in keys:
        table.add_column(key)
    for heading in TALLY_HEADINGS:
        table.add_column(heading, justify="right")
    return table


def _print_dossiers(report: QuotaReport, console: Console) -> None:
    dossiers = report.dossiers
    console.print(
        f"Dossiers received {dossiers.since.isoformat()} to {report.as_of.isoformat()}: "
        f"{dossiers.received:,}, digitised {dossiers.digitised:,}. Commune rollout: "
        f"{dossiers.communes_digitising} of {dossiers.communes} communes digitised dossiers "
        f"({percent(dossiers.rollout)}; plan "
        f"{percent(None if dossiers.rollout_quota is None else dossiers.rollout_quota / 100)}, "
        f"met: {_met(dossiers.rollout_met)})",
        markup=False,
    )


# CSV -----------------------------------------------------------------------------------------

CSV_HEADER = ("as_of", "level", "tier", "unit_code", "doc_type", *TALLY_HEADINGS)


def csv_rows(report: QuotaReport) -> Iterator[tuple[object, ...]]:
    as_of = report.as_of.isoformat()
    for row in report.tiers:
        yield (as_of, "tier", row.tier.value, "", "", *_plain(row.tally))
    for unit in report.units:
        yield (as_of, "unit", unit.tier.value, unit.unit_code, "", *_plain(unit.tally))
    for doc in report.doc_types or ():
        yield (as_of, "doc_type", doc.tier.value, "", doc.doc_type or "", *_plain(doc.tally))


def _plain(tally: Tally) -> tuple[object, ...]:
    values = tally.as_dict()
    return tuple("" if values[key] is None else values[key] for key in TALLY_HEADINGS)


def report_csv(report: QuotaReport) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(report))
    return stream.getvalue()


def report_json_text(report: QuotaReport) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


# XLSX ----------------------------------------------------------------------------------------


def write_xlsx(report: QuotaReport, path: Path | BinaryIO) -> None:
    """One sheet per level: tiers, units, doc types (on request), dossiers, unmatched."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = [
        (
            "Tiers",
            ("tier", *TALLY_HEADINGS),
            [(r.tier.value, *_plain(r.tally)) for r in report.tiers],
        ),
        (
            "Units",
            ("unit_code", "name", "tier", "reorganised", *TALLY_HEADINGS),
            [
                (u.unit_code, u.name, u.tier.value, u.reorganised or "", *_plain(u.tally))
                for u in report.units
            ],
        ),
    ]
    if report.doc_types is not None:
        sheets.append(
            (
                "Doc types",
                ("tier", "doc_type", *TALLY_HEADINGS),
                [(d.tier.value, d.doc_type or "", *_plain(d.tally)) for d in report.doc_types],
            )
        )
    sheets.append(
        (
            "Dossiers",
            ("unit_code", "name", "tier", "received", "digitised"),
            [
                (d.unit_code, d.name, d.tier.value, d.received, d.digitised)
                for d in report.dossiers.units
            ],
        )
    )
    sheets.append(
        (
            "Unmatched",
            ("document_id", "file_name", "reason"),
            [(u.document_id, u.file_name, u.reason) for u in report.unmatched],
        )
    )
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append([f"as of {report.as_of.isoformat()}"])
        sheet.append(list(header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for column in ("ratio", "quota"):
            if column in header:
                letter = sheet.cell(row=2, column=header.index(column) + 1).column_letter
                for cell in sheet[letter][2:]:
                    cell.number_format = "0.0%"
    workbook.save(path)
