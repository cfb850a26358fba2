"""Throughput on the same scanned pages, three ways, side by side (issue: end-to-end pipeline).

    raw Tesseract  `tesseract PAGE stdout -l vie`, two pages at a time: the OCR ceiling
    OCRmyPDF       `ocrmypdf -l vie --jobs N --output-type pdfa IN OUT`, one document at a time
    sohoa          `sohoa process FILES --out DIR`, which also signs, stores and records

Inputs whose pages already carry text (the born-digital PDF) are left out of all three: none of
them OCRs such pages, so they would only flatter the figures. Run with `make bench`.

Run as root on a machine with a cpuacct cgroup, each tool's CPU-seconds (its own and its
children's) are printed too: on a shared machine they compare tools where wall-clock cannot.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pdfplumber
from PIL import Image, PngImagePlugin

SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"}
GOAL_VS_OCRMYPDF = 1.0
GOAL_VS_RAW = 0.85
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


@dataclass(frozen=True)
class Run:
    tool: str
    pages: int
    seconds: float
    # CPU-seconds of the tool and all its processes; None where no cgroup could count them.
    cpu_seconds: float | None = None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def scanned_inputs(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SCAN_SUFFIXES)
    return [p for p in files if not _has_text_layer(p)]


def repeated(inputs: list[Path], times: int, work: Path) -> list[Path]:
    """``times`` copies of each input with distinct bytes (a trailing comment after the end of
    the image or PDF, which readers ignore), so sohoa does not take them for duplicates."""
    if times == 1:
        return inputs
    copies = []
    folder = work / "repeated"
    folder.mkdir()
    for copy in range(times):
        for source in inputs:
            target = folder / f"{source.stem}-{copy}{source.suffix}"
            _distinct_copy(source, target, copy)
            copies.append(target)
    return copies


def _has_text_layer(path: Path) -> bool:
    if path.suffix.lower() != ".pdf":
        return False
    with pdfplumber.open(path) as pdf:
        return any(page.extract_words() for page in pdf.pages)


def _distinct_copy(source: Path, target: Path, copy: int) -> None:
    if source.suffix.lower() == ".png":  # img2pdf refuses bytes after a PNG's IEND chunk
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", f"copy {copy}")
        with Image.open(source) as image:
            image.save(target, pnginfo=info, dpi=image.info.get("dpi", (300, 300)))
        return
    target.write_bytes(source.read_bytes() + f"\n% copy {copy}\n".encode())


def page_images(inputs: list[Path], work: Path) -> list[Path]:
    """Every page as an image file Tesseract can read, made before the clock starts."""
    pages: list[Path] = []
    for source in inputs:
        if source.suffix.lower() == ".pdf":
            prefix = work / source.stem
            subprocess.run(
                ["pdftoppm", "-r", "300", "-gray", "-png", str(source), str(prefix)], check=True
            )
            pages.extend(sorted(work.glob(f"{source.stem}-*.png")))
            continue
        with Image.open(source) as image:
            frames = getattr(image, "n_frames", 1)
            if frames == 1:
                pages.append(source)
                continue
            for index in range(frames):
                image.seek(index)
                target = work / f"{source.stem}-{index}.png"
                image.save(target, dpi=image.info.get("dpi", (300, 300)))
                pages.append(target)
    return pages


def run_raw_tesseract(pages: list[Path], parallel: int) -> Run:
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def read(page: Path) -> None:
        subprocess.run(
            ["tesseract", str(page), "stdout", "-l", "vie"],
            check=True,
            capture_output=True,
            env=environment,
        )

    started = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(read, pages))
    return Run("raw Tesseract (2 in parallel)", len(pages), time.monotonic() - started)


def run_ocrmypdf(inputs: list[Path], pages: int, jobs: int, work: Path) -> Run | None:
    if shutil.which("ocrmypdf") is None:
        print("ocrmypdf is not installed: apt-get install ocrmypdf", file=sys.stderr)
        return None
    started = time.monotonic()
    for source in inputs:
        output = work / f"{source.name}.ocrmypdf.pdf"
        subprocess.run(
            [
                "ocrmypdf",
                "-q",
                "-l",
                "vie",
                "--jobs",
                str(jobs),
                "--output-type",
                "pdfa",
                str(source),
                str(output),
            ],
            check=True,
        )
    return Run(f"OCRmyPDF --jobs {jobs} --output-type pdfa", pages, time.monotonic() - started)


def prepare_sohoa(work: Path) -> dict[str, str]:
    """sohoa's environment, with the test PKI made: it is made on first use, and is made here
    before the clock starts, as an agency has its own."""
    environment = {**os.environ, "SOHOA_DATA_DIR": str(work / "var")}
    environment.pop("SOHOA_DATABASE_URL", None)
    prepare = (
        "from pipeline.keep.identities import signing_identity; "
        "from pipeline.settings import load_settings; signing_identity(load_settings(), None)"
    )
    subprocess.run([sys.executable, "-c", prepare], check=True, env=environment)
    return environment


def run_sohoa(inputs: list[Path], pages: int, work: Path, environment: dict[str, str]) -> Run:
    sohoa = Path(sys.executable).with_name("sohoa")
    started = time.monotonic()
    subprocess.run(
        [str(sohoa), "process", *map(str, inputs), "--out", str(work / "out")],
        check=True,
        env=environment,
        capture_output=True,
    )
    return Run("sohoa process (OCR + PDF/A + sign + store)", pages, time.monotonic() - started)


class CpuCount:
    """CPU-seconds of this process's children from now on (a cpuacct cgroup this process
    moves into; its own idle waiting adds nothing)."""

    def __init__(self) -> None:
        self.seconds: float | None = None


@contextlib.contextmanager
def counted_cpu(name: str) -> Iterator[CpuCount]:
    count = CpuCount()
    joined = _joined_cpuacct_group(name)
    if joined is None:  # not root, or no cgroup v1 cpuacct: wall-clock only
        yield count
        return
    group, home = joined
    try:
        yield count
        count.seconds = int((group / "cpuacct.usage").read_text()) / 1e9
    finally:
        (home / "cgroup.procs").write_text(str(os.getpid()))
        with contextlib.suppress(OSError):
            group.rmdir()


def _joined_cpuacct_group(name: str) -> tuple[Path, Path] | None:
    """A new cpuacct cgroup with this process in it, and the group it left."""
    group = CPUACCT / f"sohoa-bench-{name}-{os.getpid()}"
    try:
        home = _own_cpuacct_group()
        group.mkdir()
    except OSError:
        return None
    try:
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        group.rmdir()
        return None
    return group, home


def _own_cpuacct_group() -> Path:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpuacct" in controllers.split(","):
            return CPUACCT / path.lstrip("/")
    raise OSError("no cpuacct cgroup")


def timed_and_counted(name: str, run: Callable[[], Run | None]) -> Run | None:
    with counted_cpu(name) as cpu:
        result = run()
    if result is None:
        return None
    return replace(result, cpu_seconds=cpu.seconds)


def print_table(runs: list[Run]) -> None:
    raw = runs[0]
    print(f"{'tool':48} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'vs raw':>7} {'CPU s':>7}")
    for run in runs:
        share = run.pages_per_second / raw.pages_per_second
        cpu = f"{run.cpu_seconds:>7.1f}" if run.cpu_seconds is not None else f"{'-':>7}"
        print(
            f"{run.tool:48} {run.pages:>5} {run.seconds:>8.1f} "
            f"{run.pages_per_second:>8.3f} {share:>6.0%} {cpu}"
        )


def print_goals(runs: dict[str, Run]) -> None:
    sohoa, raw, ocrmypdf = runs["sohoa"], runs["raw"], runs.get("ocrmypdf")
    ratio_raw = sohoa.pages_per_second / raw.pages_per_second
    print(
        f"goal: sohoa within 15% of raw Tesseract -> {ratio_raw:.0%} of raw: "
        f"{'met' if ratio_raw >= GOAL_VS_RAW else 'NOT met'}"
    )
    if sohoa.cpu_seconds is not None and raw.cpu_seconds is not None:
        extra = sohoa.cpu_seconds - raw.cpu_seconds
        print(
            f"CPU: sohoa {sohoa.cpu_seconds:.1f} s, raw Tesseract {raw.cpu_seconds:.1f} s: "
            f"{extra:.1f} CPU-s more ({extra / sohoa.pages:.2f} a page); on n saturated cores "
            "each CPU-second costs about 1/n s of wall-clock"
        )
    if ocrmypdf is not None:
        ratio = sohoa.pages_per_second / ocrmypdf.pages_per_second
        print(
            f"goal: sohoa at least as fast as OCRmyPDF -> {ratio:.2f}x: "
            f"{'met' if ratio >= GOAL_VS_OCRMYPDF else 'NOT met'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--no-ocrmypdf", action="store_true", help="skip OCRmyPDF (slow) for a quick comparison"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="process each scan this many times (steady state)"
    )
    parser.add_argument("--json", type=Path, default=Path("bench/results/throughput.json"))
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as folder:
        work = Path(folder)
        inputs = repeated(scanned_inputs(arguments.samples), arguments.repeat, work)
        pages = page_images(inputs, work)
        print(f"{len(inputs)} scanned documents, {len(pages)} pages, {arguments.jobs} cores\n")
        raw = timed_and_counted("raw", lambda: run_raw_tesseract(pages, 2))
        assert raw is not None
        runs = {"raw": raw}
        if not arguments.no_ocrmypdf:
            ocrmypdf = timed_and_counted(
                "ocrmypdf", lambda: run_ocrmypdf(inputs, len(pages), arguments.jobs, work)
            )
            if ocrmypdf is not None:
                runs["ocrmypdf"] = ocrmypdf
        environment = prepare_sohoa(work)
        sohoa = timed_and_counted("sohoa", lambda: run_sohoa(inputs, len(pages), work, environment))
        assert sohoa is not None
        runs["sohoa"] = sohoa
    print_table(list(runs.values()))
    print()
    print_goals(runs)
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(
        json.dumps(
            {k: {**asdict(v), "pages_per_second": v.pages_per_second} for k, v in runs.items()},
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
