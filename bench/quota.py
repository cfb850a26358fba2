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
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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


def _sohoa(arguments: list[str], data_dir: Path) -> float:
    environment = {**os.environ, "SOHOA_DATA_DIR": str(data_dir)}
    environment.pop("SOHOA_DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *arguments],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    arguments = parser.parse_args()
    unit_codes = sorted(load_settings().units)
    with tempfile.TemporaryDirectory(prefix="sohoa-quota-bench-") as temporary:
        data_dir = arguments.keep or Path(temporary) / "var"
        register = Path(temporary) / "register.csv"
        started = time.perf_counter()
        write_register(register, arguments.rows, unit_codes)
        size = register.stat().st_size / 1e6
        print(
            f"register: {arguments.rows:,} rows, {size:.0f} MB, {len(unit_codes)} units, "
            f"generated in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        seconds = _sohoa(["register", "import", str(register)], data_dir)
        print(f"import: {seconds:.1f} s, {arguments.rows / seconds:,.0f} rows/s", flush=True)
        out = Path(temporary) / "report.json"
        as_of = ["report", "quota", "--format", "json", "--out", str(out), "--as-of"]
        seconds = _sohoa([*as_of, REPORT_DAY.isoformat()], data_dir)
        report = json.loads(out.read_text(encoding="utf-8"))
        valid = sum(row["valid"] for row in report["tiers"])
        print(f"report for {REPORT_DAY}: {seconds:.2f} s (command), {valid:,} valid results")
        ends = month_ends(date(2023, 6, 30))
        total = sum(_sohoa([*as_of, day.isoformat()], data_dir) for day in ends)
        print(
            f"reports for 12 month-ends {ends[0]}..{ends[-1]}: {total:.1f} s, "
            f"{total / len(ends):.2f} s each (command)"
        )
        engine = make_engine(f"sqlite:///{data_dir / 'sohoa.db'}")
        with engine.connect() as connection:
            started = time.perf_counter()
            for day in ends:
                counts_on(connection, day)
            query = (time.perf_counter() - started) / len(ends)
        print(f"counting query alone: {query * 1000:.0f} ms per date")
        engine.dispose()


if __name__ == "__main__":
    main()
