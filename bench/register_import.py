"""How fast `sohoa register import` takes a million-row register, on SQLite.

Generates a deterministic register over all configured units (ISO and Vietnamese dates mixed,
some validity ends, revocations, replacements and digitisations, and a few bad rows), imports
it into a fresh database, then imports it again (every row already stored, nothing changed),
and prints rows per second for both runs. Run: `.venv/bin/python bench/register_import.py`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pipeline.count.register import COLUMNS
from pipeline.settings import load_settings

HEADER = COLUMNS
DOC_TYPES = ("quyet_dinh", "giay_phep_xay_dung", "giay_chung_nhan", "trich_luc")
FIRST_DAY = date(2018, 1, 1)
BAD_ROW_EVERY = 10_000


def write_register(path: Path, rows: int, unit_codes: list[str]) -> None:
    generator = random.Random(2022)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for index in range(rows):
            writer.writerow(_register_row(generator, index, unit_codes))


def _register_row(generator: random.Random, index: int, unit_codes: list[str]) -> list[str]:
    issued = FIRST_DAY + timedelta(days=generator.randrange(5 * 365))
    later = issued + timedelta(days=generator.randrange(1, 3 * 365))
    doc_type = generator.choice(DOC_TYPES)
    return [
        "999" if index % BAD_ROW_EVERY == 0 else generator.choice(unit_codes),
        f"{index}/{doc_type[:4].upper()}-UBND",
        issued.isoformat() if index % 2 else issued.strftime("%d/%m/%Y"),
        doc_type,
        later.isoformat() if generator.random() < 0.4 else "",
        later.isoformat() if generator.random() < 0.03 else "",
        later.isoformat() if generator.random() < 0.02 else "",
        f"0{generator.randrange(10**10, 10**11)}",
        later.strftime("%d/%m/%Y") if generator.random() < 0.3 else "",
    ]


def timed_import(register: Path, data_dir: Path) -> float:
    environment = {**os.environ, "SOHOA_DATA_DIR": str(data_dir)}
    environment.pop("SOHOA_DATABASE_URL", None)
    command = [sys.executable, "-m", "pipeline.cli", "register", "import", str(register)]
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()
    unit_codes = sorted(load_settings().units)
    with tempfile.TemporaryDirectory(prefix="sohoa-register-bench-") as temporary:
        register = Path(temporary) / "register.csv"
        write_register(register, arguments.rows, unit_codes)
        size = register.stat().st_size / 1e6
        print(f"register: {arguments.rows:,} rows, {size:.0f} MB, {len(unit_codes)} units")
        for run in ("first import (empty database)", "second import (all rows stored)"):
            seconds = timed_import(register, Path(temporary) / "var")
            print(f"{run}: {seconds:.1f} s, {arguments.rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
