"""What each OCR preprocessing step earns and costs (issue 5), on the sample scans.

    .venv/bin/python bench/preprocess.py samples [--only orientation|steps|resolution] [--pages N]

costs        each step alone on one 300 dpi colour page
orientation  every scanned page fed at 0/90/180/270° (and with an extra ±4° skew): which
             turn the OpenCV text-line measure and Tesseract's OSD find, and how long each takes
steps        every page read by Tesseract after `prepare` with each step switched on or off:
             character error rate against the ground truth, and the preparation's time
resolution   the 300 dpi pages again at 250 and 200 dpi, and 200 dpi pages upsampled to 300
evalset      with --evalset DIR: rotation accuracy and blank-page precision/recall on the
             evaluation set's pages (bench/evalset), whose ground truth records both

The pages are the samples' scans (seals, signatures, crooked feed, uneven light, 200 and 300
dpi); a variant "skewed" turns each page a further 4° to show what deskew earns.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageSequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ocr_metrics import character_errors
from pipeline.read.blank import looks_blank
from pipeline.read.ocr import NO_STEPS
from pipeline.read.osd import osd_rotation, reading_turn
from pipeline.read.preprocess import (
    background_normalised,
    binarised,
    cleaned,
    ink_suppressed,
    measure_orientation,
    prepare,
    rotated,
    straightened,
    turned_clockwise,
    without_borders,
)
from pipeline.settings import PreprocessSettings
from pipeline.tools.tesseract import TesseractRequest, read_words

SCAN_SUFFIXES = {".jpg", ".png", ".tif", ".pdf"}
MAX_DPI = 300
NONE = NO_STEPS
DEFAULT = PreprocessSettings()
VARIANTS: dict[str, PreprocessSettings] = {
    "no step": NONE,
    "default": DEFAULT,
    "default - ink suppression": DEFAULT.model_copy(update={"suppress_colour_ink": False}),
    "default - deskew": DEFAULT.model_copy(update={"deskew": False}),
    "default - border removal": DEFAULT.model_copy(update={"remove_borders": False}),
    "default - background": DEFAULT.model_copy(update={"normalise_background": False}),
    "default + binarise": DEFAULT.model_copy(update={"binarise": True}),
    "default + upsample to 300 dpi": DEFAULT.model_copy(update={"min_dpi": 300}),
}


@dataclass(frozen=True)
class SamplePage:
    name: str
    image: Any
    dpi: float
    truth: str


def sample_pages(folder: Path) -> Iterator[SamplePage]:
    """Every non-blank scanned page of the samples, in colour where the scan is."""
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SCAN_SUFFIXES):
        truth = json.loads((folder / "ground-truth" / f"{path.name}.json").read_text("utf-8"))
        if truth.get("doc_type") and path.suffix == ".pdf" and _born_digital(path):
            continue
        for index, (image, dpi) in enumerate(_page_images(path)):
            page = truth["pages"][index]
            if str(page.get("blank")) == "True" or page.get("blank") is True:
                continue
            yield SamplePage(f"{path.name}#{index + 1}", image, dpi, page["text"])


def _born_digital(path: Path) -> bool:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return len(fonts.stdout.splitlines()) > 2


def _page_images(path: Path) -> Iterator[tuple[Any, float]]:
    if path.suffix == ".pdf":
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(["pdftoppm", "-r", "300", str(path), f"{work}/p"], check=True)
            for page in sorted(Path(work).iterdir()):
                yield cv2.imread(str(page), cv2.IMREAD_ANYCOLOR), 300.0
        return
    with Image.open(path) as image:
        dpi = float(image.info.get("dpi", (300, 300))[0])
        for frame in ImageSequence.Iterator(image):
            pixels = np.asarray(frame.convert("RGB" if frame.mode != "L" else "L"))
            yield (pixels if pixels.ndim == 2 else pixels[:, :, ::-1].copy()), dpi


def orientation_study(pages: list[SamplePage]) -> None:
    rows: dict[str, list[tuple[bool, float]]] = {"opencv": [], "osd": []}
    for page in pages:
        grey = without_borders(ink_suppressed(page.image))  # as `prepare` measures it
        for extra in (0.0, 4.0, -4.0):
            for turn in (0, 90, 180, 270):
                scan = turned_clockwise(rotated(grey, extra), (360 - turn) % 360)
                started = time.perf_counter()
                found = measure_orientation(scan, page.dpi).rotation
                rows["opencv"].append((found == turn, time.perf_counter() - started))
                if extra == 0.0:
                    started = time.perf_counter()
                    found = osd_rotation(scan, page.dpi)
                    rows["osd"].append((found == turn, time.perf_counter() - started))
                print(f"  {page.name:48} skew {extra:+.0f} turn {turn:3}: {found}", file=sys.stderr)
    print("\nOrientation (0/90/180/270; OpenCV also with ±4° extra skew)")
    print(f"{'method':8} {'pages':>6} {'correct':>8} {'accuracy':>9} {'ms/page':>8}")
    for method, results in rows.items():
        correct = sum(ok for ok, _ in results)
        mean_ms = 1000 * sum(t for _, t in results) / len(results)
        print(
            f"{method:8} {len(results):6} {correct:8} {correct / len(results):9.1%} {mean_ms:8.0f}"
        )


def steps_study(
    pages: list[SamplePage], work: Path, names: list[str], extra_skew: float = 4.0
) -> None:
    print(f"\nSteps: CER over all pages (as scanned, and turned a further {extra_skew}°)")
    print(f"{'variant':34} {'CER':>7} {'CER skewed':>11} {'prep ms/page':>13}")
    extras = (0.0, extra_skew) if extra_skew else (0.0,)
    for name in names:
        steps = VARIANTS[name]
        errors = characters = skewed_errors = skewed_characters = 0
        prep_seconds = 0.0
        for page in pages:
            for extra in extras:
                scan = page.image if extra == 0 else rotated(page.image, extra)
                started = time.perf_counter()
                prepared = prepare(scan, page.dpi, MAX_DPI, steps)
                prep_seconds += time.perf_counter() - started
                target = work / "ocr.pgm"
                cv2.imwrite(str(target), prepared.image)
                words = read_words(TesseractRequest(target, "vie", round(prepared.dpi), 300))
                text = _text(words)
                counted = character_errors(page.truth, text)
                if extra == 0:
                    errors, characters = errors + counted.errors, characters + counted.characters
                else:
                    skewed_errors += counted.errors
                    skewed_characters += counted.characters
        mean_ms = 1000 * prep_seconds / (len(extras) * len(pages))
        print(
            f"{name:34} {errors / characters:7.2%} "
            f"{skewed_errors / max(1, skewed_characters):11.2%} {mean_ms:13.0f}",
            flush=True,
        )


def resolution_study(pages: list[SamplePage], work: Path) -> None:
    """What Tesseract reads best: the 300 dpi pages also area-averaged to 250 and 200 dpi, the
    200 dpi ones also upsampled back to 300; and the scans made at 200 dpi, as they are and
    upsampled. OCR time is Tesseract's alone."""
    print("\nResolution")
    print(f"{'pages':12} {'read at':30} {'pages':>5} {'CER':>7} {'OCR s/page':>11}")
    fine = [page for page in pages if page.dpi == 300]
    coarse = [page for page in pages if page.dpi == 200]
    for group, chosen, dpi, min_dpi, label in (
        ("300 dpi", fine, 300, 0, "300 dpi (as scanned)"),
        ("300 dpi", fine, 250, 0, "250 dpi"),
        ("300 dpi", fine, 200, 0, "200 dpi"),
        ("300 dpi", fine, 200, 300, "200 dpi upsampled to 300"),
        ("200 dpi", coarse, 200, 0, "200 dpi (as scanned)"),
        ("200 dpi", coarse, 200, 300, "upsampled to 300 dpi"),
    ):
        if not chosen:
            continue
        errors = characters = 0
        seconds = 0.0
        steps = DEFAULT.model_copy(update={"min_dpi": min_dpi})
        for page in chosen:
            scale = dpi / page.dpi
            scan = page.image
            if scale != 1:
                scan = cv2.resize(scan, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            prepared = prepare(scan, dpi, MAX_DPI, steps)
            target = work / "ocr.pgm"
            cv2.imwrite(str(target), prepared.image)
            started = time.perf_counter()
            words = read_words(TesseractRequest(target, "vie", round(prepared.dpi), 300))
            seconds += time.perf_counter() - started
            counted = character_errors(page.truth, _text(words))
            errors, characters = errors + counted.errors, characters + counted.characters
        print(
            f"{group:12} {label:30} {len(chosen):5} {errors / characters:7.2%} "
            f"{seconds / len(chosen):11.2f}",
            flush=True,
        )


def evalset_study(folder: Path) -> None:
    """Orientation and blank pages on a folder whose ground truth says each page's upright
    rotation and whether it is blank (bench/evalset), measured as `read_page` measures them."""
    turns = blank_truth = blank_found = blank_both = asked_osd = 0
    correct = pages = 0
    seconds = 0.0
    wrong: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SCAN_SUFFIXES):
        truth = json.loads((folder / "ground-truth" / f"{path.name}.json").read_text("utf-8"))
        for index, (image, dpi) in enumerate(_page_images(path)):
            page = truth["pages"][index]
            blank = str(page.get("blank")) == "True"
            started = time.perf_counter()
            grey, dpi = cleaned(image, dpi, MAX_DPI, DEFAULT)
            found_blank = looks_blank(grey)
            blank_truth += blank
            blank_found += found_blank
            blank_both += blank and found_blank
            if blank or found_blank:
                continue
            expected = int(page.get("rotation") or 0)
            # As `read_page` does: a page the OpenCV measure cannot tell is read both ways up.
            asked_osd += not measure_orientation(grey, dpi).confident
            found = straightened(grey, dpi, DEFAULT, osd_rotation, reading_turn).rotation
            seconds += time.perf_counter() - started
            pages += 1
            turns += expected != 0
            correct += found == expected
            if found != expected:
                wrong.append(f"{path.name}#{index + 1}: {found} for {expected}")
    print(f"\nEvaluation set {folder}: {pages} pages with text, {turns} of them turned")
    print(f"rotation accuracy {correct}/{pages} = {correct / max(1, pages):.1%}, ", end="")
    print(f"{1000 * seconds / max(1, pages):.0f} ms/page (every step but the OCR)")
    print(f"pages the OpenCV measure could not tell, read both ways up: {asked_osd}")
    print(
        f"blank pages: {blank_truth} true, {blank_found} found, {blank_both} both: precision ",
        end="",
    )
    print(f"{blank_both / max(1, blank_found):.1%}, recall {blank_both / max(1, blank_truth):.1%}")
    for line in wrong:
        print("  wrong:", line)


def costs_study(pages: list[SamplePage], work: Path) -> None:
    """Each step alone on the first 300 dpi colour page, best of 7 runs."""
    page = next(p for p in pages if p.dpi == 300 and p.image.ndim == 3)
    grey = ink_suppressed(page.image)
    tilted = rotated(grey, 2.0)
    framed = tilted.copy()
    framed[:, :120] = 30
    level = background_normalised(tilted, page.dpi)
    height, width = page.image.shape[:2]
    print(f"\nCost of each step on {page.name} ({width} x {height}, colour), best of 7")
    for label, run in (
        ("coloured ink faded", lambda: ink_suppressed(page.image)),
        ("scanner margins, none found", lambda: without_borders(tilted)),
        ("scanner margins, one found", lambda: without_borders(framed)),
        ("blank-page test", lambda: looks_blank(tilted)),
        ("orientation and skew measure", lambda: measure_orientation(tilted, page.dpi)),
        ("deskew (turning the OCR image)", lambda: rotated(tilted, -2.0)),
        ("background normalisation", lambda: background_normalised(tilted, page.dpi)),
        ("binarisation", lambda: binarised(level)),
        ("writing the OCR image (PGM)", lambda: cv2.imwrite(str(work / "ocr.pgm"), level)),
    ):
        best = min(_seconds(run) for _ in range(7))
        print(f"  {label:32} {1000 * best:6.0f} ms")


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _text(words: tuple[Any, ...]) -> str:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for word in words:
        lines.setdefault(word.line_key, []).append(word.text)
    return "\n".join(" ".join(line) for line in lines.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", type=Path)
    parser.add_argument(
        "--only", choices=["costs", "orientation", "steps", "resolution", "evalset"]
    )
    parser.add_argument("--evalset", type=Path, help="a folder made by bench/evalset/generate.py")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--variants", nargs="*", choices=list(VARIANTS), help="steps: only these")
    parser.add_argument("--extra-skew", type=float, default=4.0, help="steps: 0 for none")
    args = parser.parse_args()
    if args.evalset is not None:
        evalset_study(args.evalset)
    if args.only == "evalset":
        return 0
    pages = list(sample_pages(args.samples))
    if args.pages:
        pages = pages[: args.pages]
    print(f"{len(pages)} scanned pages from {args.samples}")
    if args.only in (None, "costs"):
        with tempfile.TemporaryDirectory() as work:
            costs_study(pages, Path(work))
    if args.only in (None, "orientation"):
        orientation_study(pages)
    if args.only in (None, "steps"):
        with tempfile.TemporaryDirectory() as work:
            steps_study(pages, Path(work), args.variants or list(VARIANTS), args.extra_skew)
    if args.only in (None, "resolution"):
        with tempfile.TemporaryDirectory() as work:
            resolution_study(pages, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
