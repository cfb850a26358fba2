"""How fast `sohoa register import` takes a million-row register, on SQLite.

Generates a deterministic register over all configured units (ISO and Vietnamese dates mixed,
some validity ends, revocations, replacements and digitisations, and a few bad rows), imports
it into a fresh database, imports it again (every row already stored, nothing changed), then
imports a copy in which every tenth row was revoked (those rows updated, the quota changes
corrected). Each import is the `sohoa` command in a process of its own (start-up and schema
check included); it prints wall and CPU seconds and rows per second against the issue's
anchor, "a million rows take seconds, not minutes". On a shared machine compare the CPU
seconds. Run: `.venv/bin/python bench/register_import.py [--rows N]`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
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
REVOKED_EVERY = 10
GOAL_SECONDS = 10.0


def write_register(
    path: Path, rows: int, unit_codes: list[str], *, revoke_every: int | None = None
) -> None:
    generator = random.Random(2022)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for index in range(rows):
            row = _register_row(generator, index, unit_codes)
            if revoke_every and index % revoke_every == 1 and not row[5]:
                # Revoked a month after issue: the same key, new values.
                row[5] = (_issued(row[2]) + timedelta(days=30)).isoformat()
            writer.writerow(row)


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


def _issued(text: str) -> date:
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


def timed_import(register: Path, data_dir: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `sohoa register import`, and its summary line."""
    environment = {**os.environ, "SOHOA_DATA_DIR": str(data_dir)}
    environment.pop("SOHOA_DATABASE_URL", None)
    command = [sys.executable, "-m", "pipeline.cli", "register", "import", str(register)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    finished = subprocess.run(command, env=environment, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    summary = next(line for line in finished.stderr.splitlines() if "rows read" in line)
    return wall, _children_cpu() - cpu_before, summary.split(": ", 1)[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    arguments = parser.parse_args()
    unit_codes = sorted(load_settings().units)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="sohoa-register-bench-") as temporary:
        register = Path(temporary) / "register.csv"
        revoked = Path(temporary) / "register-revoked.csv"
        write_register(register, arguments.rows, unit_codes)
        write_register(revoked, arguments.rows, unit_codes, revoke_every=REVOKED_EVERY)
        # The generated files' dirty pages would otherwise be written back during the first
        # import, and its commit would wait for them.
        os.sync()
        size = register.stat().st_size / 1e6
        print(f"register: {arguments.rows:,} rows, {size:.0f} MB, {len(unit_codes)} units")
        runs = (
            ("first import (empty database)", register),
            ("second import (all rows stored)", register),
            (f"third import (every {REVOKED_EVERY}th row revoked)", revoked),
        )
        for name, path in runs:
            wall, cpu, summary = timed_import(path, Path(temporary) / "var")
            print(
                f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU, {arguments.rows / wall:,.0f} rows/s"
                f" (goal for a million rows: about {GOAL_SECONDS:.0f} s); {summary}",
                flush=True,
            )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
