"""How fast `sohoa register import` takes a 10-million-result register and how fast
`sohoa report quota` answers for one date and for 12 month-ends, on SQLite.

Generates a deterministic register over all configured units with realistic validity (by doc
type, as DESIGN §3: permits that expire, certificates that never do), revocations,
replacements and digitisations, imports it into a fresh database with the `sohoa` command,
then times the report command for one date and for each of 12 month-ends (a separate command
each, start-up included) and the counting query alone. Dates are arbitrary days: nothing is
precomputed for them. Run: `.venv/bin/python bench/quota.py [--rows N]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from pipeline.count.quota import counts_on, month_ends
from pipeline.count.register import COLUMNS
from pipeline.db.session import make_engine
from pipeline.settings import load_settings

FIRST_DAY = date(2015, 1, 1)
ISSUE_DAYS = 11 * 365
# (doc type, share of results, validity in days or None for no expiry), DESIGN §3.
DOC_TYPES = (
    ("khai_sinh", 0.25, None),
    ("gcn_ket_hon", 0.08, None),
    ("xac_nhan_tinh_trang_hon_nhan", 0.12, 183),
    ("gcn_ho_kinh_doanh", 0.10, None),
    ("giay_phep_xay_dung", 0.12, 365),
    ("gcn_attp", 0.05, 3 * 365),
    ("giay_phep_lao_dong", 0.03, 2 * 365),
    ("giay_phep_ban_le_thuoc_la", 0.02, 5 * 365),
    ("quyet_dinh", 0.23, None),
)
REVOKED_SHARE = 0.01
REPLACED_SHARE = 0.02
DIGITISED_SHARE = 0.35
REPORT_DAY = date(2022, 11, 17)


def write_register(path: Path, rows: int, unit_codes: list[str]) -> None:
    generator = random.Random(328)
    types = [name for name, _, _ in DOC_TYPES]
    weights = [share for _, share, _ in DOC_TYPES]
    validity = {name: days for name, _, days in DOC_TYPES}
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        chosen_types = generator.choices(types, weights, k=rows)
        for index, doc_type in enumerate(chosen_types):
            writer.writerow(_row(generator, index, doc_type, validity[doc_type], unit_codes))


def _row(
    generator: random.Random, index: int, doc_type: str, days: int | None, units: list[str]
) -> tuple[str, ...]:
    issued = FIRST_DAY + timedelta(days=generator.randrange(ISSUE_DAYS))
    valid_until = issued + timedelta(days=days) if days else None
    chance = generator.random()
    ended = issued + timedelta(days=generator.randrange(1, 4 * 365))
    revoked = ended if chance < REVOKED_SHARE else None
    replaced = ended if REVOKED_SHARE <= chance < REVOKED_SHARE + REPLACED_SHARE else None
    digitised = None
    if generator.random() < DIGITISED_SHARE:
        digitised = issued + timedelta(days=generator.randrange(0, 3 * 365))
    return (
        generator.choice(units),
        f"{index}/{doc_type[:6].upper()}",
        issued.isoformat(),
        doc_type,
        _iso(valid_until),
        _iso(revoked),
        _iso(replaced),
        "",
        _iso(digitised),
    )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def __str__(self) -> str:
        # CPU time too: on a shared machine the wall time says as much about the neighbours.
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _sohoa(arguments: list[str], data_dir: Path) -> Timing:
    environment = {**os.environ, "SOHOA_DATA_DIR": str(data_dir)}
    environment.pop("SOHOA_DATABASE_URL", None)
    before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *arguments],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Timing(time.perf_counter() - started, _children_cpu() - before)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    parser.add_argument(
        "--reports-only", action="store_true", help="time the reports on the --keep database"
    )
    parser.add_argument(
        "--register", type=Path, help="import this register (written before) instead of a new one"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-quota-bench-") as temporary:
        data_dir = arguments.keep or Path(temporary) / "var"
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        if arguments.register is not None:
            _import(arguments.register, data_dir)
        elif not arguments.reports_only:
            _generate_and_import(Path(temporary) / "register.csv", arguments.rows, data_dir)
        _time_reports(data_dir, Path(temporary) / "report.json")


def _generate_and_import(register: Path, rows: int, data_dir: Path) -> None:
    unit_codes = sorted(load_settings().units)
    started = time.perf_counter()
    write_register(register, rows, unit_codes)
    size = register.stat().st_size / 1e6
    print(
        f"register: {rows:,} rows, {size:.0f} MB, {len(unit_codes)} units, "
        f"generated in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    _import(register, data_dir)


def _import(register: Path, data_dir: Path) -> None:
    with register.open("rb") as stream:
        rows = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b"")) - 1
    timing = _sohoa(["register", "import", str(register)], data_dir)
    print(f"import of {rows:,} rows: {timing}, {rows / timing.wall:,.0f} rows/s", flush=True)


def _time_reports(data_dir: Path, out: Path) -> None:
    as_of = ["report", "quota", "--format", "json", "--out", str(out), "--as-of"]
    timing = _sohoa([*as_of, REPORT_DAY.isoformat()], data_dir)
    report = json.loads(out.read_text(encoding="utf-8"))
    valid = sum(row["valid"] for row in report["tiers"])
    print(f"report for {REPORT_DAY} (command): {timing}; {valid:,} valid results", flush=True)
    ends = month_ends(date(2023, 6, 30))
    total = Timing()
    for day in ends:
        total = total + _sohoa([*as_of, day.isoformat()], data_dir)
    print(f"reports for 12 month-ends {ends[0]}..{ends[-1]} (12 commands): {total}", flush=True)
    engine = make_engine(f"sqlite:///{data_dir / 'sohoa.db'}")
    with engine.connect() as connection:
        started, cpu = time.perf_counter(), time.process_time()
        for day in ends:
            counts_on(connection, day)
        wall = (time.perf_counter() - started) / len(ends)
        cpu = (time.process_time() - cpu) / len(ends)
        changes = connection.execute(text("SELECT count(*) FROM quota_changes")).scalar()
        months = connection.execute(text("SELECT count(*) FROM quota_month_changes")).scalar()
    print(
        f"counting query alone: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU per date "
        f"({changes:,} daily and {months:,} monthly change rows)"
    )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    engine.dispose()


if __name__ == "__main__":
    main()
