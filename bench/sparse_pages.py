"""Near-empty pages for the orientation measure: only "Nơi nhận" and/or a signature block.

    .venv/bin/python bench/sparse_pages.py [--count N] [--osd-only] [--json FILE]
        [--evalset bench/evalset/out | --samples samples]

The evaluation set has one such page (the second page of a decision: recipients, signer's
title, seal, signature and name, nothing else), which was read upside down. One page proves
little, so this makes a set of its kind: five layouts (the closing of a decision with and
without recipients, recipients alone, a citizen's dated signature, two signers side by side),
each fed at 0/90/180/270°, at 200 and 300 dpi, in colour, grey and black-and-white, with
skew, noise, uneven light, dark borders and red seals, all drawn from generators seeded by the
page's number, so the pages are the same on every run. Each page is printed and scanned by the
evaluation set's own scanner (``bench/evalset/degrade.py``).

The benchmark turns each page upright exactly as ``read_page`` does (``cleaned`` then
``straightened``: the OpenCV measure, and for the pages it cannot tell a sample read both ways
up by Tesseract; ``--osd-only`` asks Tesseract's OSD instead, as before) and prints how many
pages come out upright, which pass decided, how many Tesseract calls the orientation made and
its CPU time a page. ``--evalset DIR`` does the same on the evaluation set's pages with text,
``--samples DIR`` on the unit-test samples' scanned pages fed at each quarter turn.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "samples")]

from scangen.layout import Block, Break, Gap, PagePlan, paginate  # noqa: E402
from scangen.nd30 import closing, dated_signature, recipients_column, signature_row  # noqa: E402

from bench.evalset import papers  # noqa: E402
from bench.evalset.degrade import ColourMode, PageScan, scan  # noqa: E402

RECIPIENTS = (
    ("- Như Điều 3;", "- Chủ tịch, các PCT;", "- Cổng thông tin điện tử;", "- Lưu: VT."),
    ("- Như trên;", "- Lưu: VT, VP."),
    ("- Sở Tư pháp (để b/c);", "- UBND các xã, thị trấn;", "- Lưu: VT, TP."),
)
LAYOUTS = ("closing", "signature", "recipients", "dated", "two-signers")
TURNS = (0, 90, 180, 270)
AGENCIES = (
    papers.UBND_YEN_PHONG,
    papers.UBND_QUE_VO,
    papers.UBND_DINH_BANG,
    papers.SO_TU_PHAP,
    papers.UBND_NHAN_THANG,
)


@dataclass(frozen=True)
class SparsePage:
    name: str
    layout: str
    scan: PageScan
    plan: PagePlan

    @property
    def rotation(self) -> int:
        """The clockwise turn that makes the page upright (what the sidecar should say)."""
        return self.scan.upright_rotation


def sparse_blocks(layout: str, rng: np.random.Generator) -> tuple[Block, ...]:
    agency = AGENCIES[int(rng.integers(len(AGENCIES)))]
    signer = papers.chairman(agency, rng)
    recipients = RECIPIENTS[int(rng.integers(len(RECIPIENTS)))]
    match layout:
        case "closing":
            return (closing(signer, recipients),)
        case "signature":
            return (closing(signer),)
        case "recipients":
            return recipients_column(recipients)
        case "dated":
            day = papers.day_in_2022(rng)
            return (dated_signature(f"{agency.place}, ngày {day.day:02d} tháng {day.month}"
                                    f" năm {day.year}", signer),)  # fmt: skip
        case _:
            other = papers.chairman(papers.SO_TU_PHAP, rng)
            return (signature_row(signer, other),)


def sparse_plan(layout: str, rng: np.random.Generator) -> PagePlan:
    """The last page of a paper: a page number on top (most of the time), the blocks below it,
    somewhere in the upper half."""
    numbered = bool(rng.random() < 0.7)
    drop = float(rng.uniform(0, 300))
    blocks = (Break(), Gap(drop), *sparse_blocks(layout, rng))
    return paginate(blocks, number_pages=numbered)[-1]


def sparse_scan(rng: np.random.Generator, dpi: int, turned: int) -> PageScan:
    colour = (ColourMode.COLOUR, ColourMode.COLOUR, ColourMode.GREY, ColourMode.BLACK_AND_WHITE)[
        int(rng.integers(4))
    ]
    noisy = bool(rng.random() < 0.5)
    return PageScan(
        dpi=dpi,
        colour=colour,
        skew_degrees=round(float(rng.uniform(-5.0, 5.0)), 2),
        turned_clockwise=turned,
        jpeg_quality=80,
        noise=round(float(rng.uniform(0.02, 0.04)), 3) if noisy else 0.006,
        uneven_light=round(float(rng.uniform(0.25, 0.45)), 2) if rng.random() < 0.5 else 0.0,
        dark_border_sides=("left",) if rng.random() < 0.3 else (),
    )


def sparse_pages(count: int | None = None) -> Iterator[SparsePage]:
    """Every layout at every turn and both resolutions (40 pages), or the first ``count``."""
    number = 0
    for dpi in (200, 300):
        for layout in LAYOUTS:
            for turned in TURNS:
                if count is not None and number >= count:
                    return
                rng = np.random.default_rng([5, number])
                plan = sparse_plan(layout, rng)
                settings = sparse_scan(rng, dpi, turned)
                yield SparsePage(f"{number:02d}-{layout}-{dpi}-{turned}", layout, settings, plan)
                number += 1


def scanned(page: SparsePage) -> np.ndarray:
    """The page as the scanner wrote it (JPEG artefacts included), as OpenCV decodes it:
    BGR for colour, one channel otherwise."""
    import cv2
    from scangen.scanner import device_jpeg

    image = scan(page.plan, page.scan, np.random.default_rng([6, int(page.name[:2])]))
    if page.scan.colour is not ColourMode.BLACK_AND_WHITE:
        image = device_jpeg(image, page.scan.jpeg_quality or 80)
    pixels = np.asarray(image.convert("L") if image.mode == "1" else image)
    if pixels.ndim == 3:
        return np.ascontiguousarray(cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    return np.ascontiguousarray(pixels)


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One page to turn upright: how to get its pixels, and the answer."""

    name: str
    pixels: Callable[[], np.ndarray]
    dpi: float
    rotation: int
    groups: tuple[str, ...]


def sparse_cases(count: int | None) -> Iterator[Case]:
    for page in sparse_pages(count):
        groups = (
            page.layout,
            f"dpi{page.scan.dpi}",
            f"turned{page.scan.turned_clockwise}",
            page.scan.colour.value,
        )
        yield Case(page.name, partial(scanned, page), page.scan.dpi, page.rotation, groups)


def evalset_cases(folder: Path) -> Iterator[Case]:
    """The evaluation set's pages with text, decoded as ``sohoa process`` decodes them (an
    image-only PDF's page is its JPEG)."""
    import cv2
    from PIL import Image, ImageSequence

    for truth_path in sorted((folder / "ground-truth").glob("*.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        path = folder / truth["file"]
        frames: list[np.ndarray] = []
        if path.suffix == ".pdf":
            with tempfile.TemporaryDirectory() as work:
                subprocess.run(["pdfimages", "-all", str(path), f"{work}/p"], check=True)
                for extracted in sorted(Path(work).iterdir()):
                    frames.append(cv2.imread(str(extracted), cv2.IMREAD_ANYCOLOR))
        else:
            with Image.open(path) as image:
                for frame in ImageSequence.Iterator(image):
                    pixels = np.asarray(frame.convert("RGB" if frame.mode not in "1L" else "L"))
                    frames.append(pixels if pixels.ndim == 2 else pixels[:, :, ::-1].copy())
        for index, (page, pixels) in enumerate(zip(truth["pages"], frames, strict=True)):
            if page["blank"]:
                continue
            yield Case(
                f"{path.name}#{index + 1}",
                partial(lambda p: p, pixels),
                page["degradations"]["dpi"],
                page["rotation"],
                tuple(page["tags"]),
            )


def sample_cases(folder: Path) -> Iterator[Case]:
    """The unit-test samples' scanned pages, each fed at 0/90/180/270°."""
    from bench.preprocess import sample_pages
    from pipeline.read.preprocess import turned_clockwise

    for page in sample_pages(folder):
        for turn in TURNS:
            fed = partial(turned_clockwise, page.image, (360 - turn) % 360)
            yield Case(f"{page.name}@{turn}", fed, page.dpi, turn, (f"turned{turn}",))


def main() -> int:
    from pipeline.read.blank import looks_blank
    from pipeline.read.osd import osd_rotation, reading_turn
    from pipeline.read.preprocess import cleaned, measure_orientation, straightened
    from pipeline.settings import PreprocessSettings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, help="only the first N sparse pages")
    parser.add_argument(
        "--evalset", type=Path, help="the evaluation set's pages instead (bench/evalset/out)"
    )
    parser.add_argument(
        "--samples", type=Path, help="the samples' scanned pages at 0/90/180/270 (samples/)"
    )
    parser.add_argument("--json", type=Path, help="every page's result")
    parser.add_argument(
        "--osd-only",
        action="store_true",
        help="unsure pages asked of Tesseract's OSD, as before reading both ways up",
    )
    args = parser.parse_args()
    judge = None if args.osd_only else reading_turn
    if args.evalset:
        cases = evalset_cases(args.evalset)
    elif args.samples:
        cases = sample_cases(args.samples)
    else:
        cases = sparse_cases(args.count)

    steps = PreprocessSettings()
    calls = _counting_tesseract_calls()
    right = pages = 0
    by_group: dict[str, list[int]] = {}
    results = []
    seconds = cpu = 0.0
    for case in cases:
        grey, dpi = cleaned(case.pixels(), case.dpi, 300, steps)
        if looks_blank(grey):
            continue
        first = measure_orientation(grey, dpi)
        calls_before = sum(calls.values())
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        prepared = straightened(grey, dpi, steps, osd_rotation, judge)
        seconds += time.perf_counter() - started
        page_cpu = _cpu_seconds() - cpu_started
        cpu += page_cpu
        ok = prepared.rotation == case.rotation
        pages += 1
        right += ok
        for group in case.groups:
            by_group.setdefault(group, [0, 0])
            by_group[group][0] += ok
            by_group[group][1] += 1
        asked = sum(calls.values()) - calls_before
        results.append(
            {
                "page": case.name,
                "expected": case.rotation,
                "found": prepared.rotation,
                "opencv": first.rotation,
                "opencv_confident": first.confident,
                "tesseract_calls": asked,
                "cpu_seconds": round(page_cpu, 3),
            }
        )
        mark = "" if ok else "   WRONG"
        print(
            f"{case.name:32} expected {case.rotation:3} found {prepared.rotation:3} "
            f"(OpenCV {first.rotation:3}{'' if first.confident else '?'}, "
            f"{asked} Tesseract calls, {page_cpu:.2f} s CPU){mark}",
            flush=True,
        )
    print(f"\npages upright: {right}/{pages} = {right / max(1, pages):.1%}")
    for group, (ok_count, total) in sorted(by_group.items()):
        print(f"  {group:14} {ok_count}/{total}")
    print(
        f"Tesseract calls for orientation: {dict(calls)} "
        f"({sum(calls.values()) / max(1, pages):.2f} a page)"
    )
    print(
        f"orientation and the steps after it (straightened): {seconds / max(1, pages):.2f} s "
        f"wall, {cpu / max(1, pages):.2f} s CPU (Tesseract's included) a page"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    return 0


def _counting_tesseract_calls() -> Counter[str]:
    """Every run of the tesseract program from here on, counted by its page segmentation
    mode (``--psm 0`` is OSD)."""
    import pytesseract.pytesseract as wrapper

    calls: Counter[str] = Counter()
    run = wrapper.run_tesseract

    def counted(*args: object, **kwargs: object) -> object:
        config = str(kwargs.get("config", args[4] if len(args) > 4 else ""))
        calls["osd" if "--psm 0" in config else "read"] += 1
        return run(*args, **kwargs)

    wrapper.run_tesseract = counted
    return calls


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the tesseract runs)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())
