"""Make the accuracy benchmark's evaluation set: degraded scans of Bắc Ninh papers + ground truth.

    .venv/bin/python -m bench.evalset.generate [--out bench/evalset/out] [--jobs N] [--limit N]

48 documents (every type of DESIGN.md §5, every tier) are typeset from bench/evalset/papers.py,
scanned with the degradations of bench/evalset/degrade.py, and written as JPEG, PNG, TIFF or
image-only PDF. ``ground-truth/<file>.json`` holds each page's text exactly as drawn (seal and
signature excluded), whether it is blank, the clockwise rotation that makes it upright, every
degradation applied to it, and the fields. Every choice comes from generators seeded by the
document's name, so the bytes are the same on every run with the same library versions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from scangen.layout import PagePlan, paginate
from scangen.scanner import device_jpeg
from scangen.writers import ground_truth, jpeg_bytes, write_ground_truth, write_image_pdf

from bench.evalset import papers
from bench.evalset.degrade import ColourMode, PageScan, page_tags, scan

DEFAULT_OUT = Path(__file__).resolve().parent / "out"
DOCUMENT_COUNT = 48
NORMAL_JPEG = 80
LOW_JPEG = 35


@dataclass(frozen=True)
class DocumentPlan:
    """How one document of the set is made: its paper, and the scanner's settings for it."""

    index: int
    doc_type: str
    dpi: int
    colour: ColourMode
    low_jpeg: bool
    blank_back: bool

    @property
    def stem(self) -> str:
        return f"{self.index:02d}-{self.doc_type.replace('_', '-')}"

    @property
    def variant(self) -> int:
        return self.index // len(papers.TEMPLATES)


COLOUR_CYCLE = (ColourMode.COLOUR, ColourMode.GREY, ColourMode.COLOUR, ColourMode.BLACK_AND_WHITE)


def document_plans(count: int = DOCUMENT_COUNT) -> list[DocumentPlan]:
    """Types in turn; resolution, colour, JPEG quality and blank backs on interleaved cycles so
    that every degradation meets every type sooner or later."""
    types = list(papers.TEMPLATES)
    return [
        DocumentPlan(
            index=i,
            doc_type=types[i % len(types)],
            dpi=200 if i % 3 == 1 else 300,
            colour=COLOUR_CYCLE[i % 4],
            low_jpeg=i % 5 == 2,
            blank_back=i % 5 == 3 or i % 7 == 5,
        )
        for i in range(count)
    ]


def seed_for(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def sheets(plan: DocumentPlan, rng: np.random.Generator) -> tuple[papers.Paper, list[PagePlan]]:
    paper = papers.make_paper(
        plan.stem,
        plan.doc_type,
        plan.variant,
        rng,
        blank_back=plan.blank_back,
        photocopy_first=plan.doc_type == "chung_thuc_ban_sao",
    )
    pages = paginate(paper.blocks, number_pages=paper.number_pages)
    for index in paper.photocopied_pages:
        pages[index].photocopy = True
    if paper.blank_back_after is not None:
        pages.insert(paper.blank_back_after + 1, PagePlan(blank=True))
    return paper, pages


def page_scan(plan: DocumentPlan, rng: np.random.Generator, jpeg_quality: int | None) -> PageScan:
    """This page's own degradations, drawn from its generator."""
    turn_draw = rng.random()
    turned = 180 if turn_draw < 0.12 else 90 if turn_draw < 0.19 else 270 if turn_draw < 0.25 else 0
    crooked = rng.random() < 0.4
    skew = (
        float(rng.uniform(2.0, 5.0) * rng.choice([-1, 1]))
        if crooked
        else float(rng.uniform(-1.5, 1.5))
    )
    noisy = rng.random() < 0.25
    uneven = rng.random() < 0.3
    sides = tuple(s for s in ("left", "top", "right", "bottom") if rng.random() < 0.35)
    bordered = rng.random() < 0.35
    return PageScan(
        dpi=plan.dpi,
        colour=plan.colour,
        skew_degrees=round(skew, 2),
        turned_clockwise=turned,
        jpeg_quality=jpeg_quality,
        noise=round(float(rng.uniform(0.02, 0.04)), 3) if noisy else 0.006,
        uneven_light=round(float(rng.uniform(0.25, 0.45)), 2) if uneven else 0.0,
        dark_border_sides=(sides or ("left",)) if bordered else (),
    )


def file_format(plan: DocumentPlan, pages: int) -> str:
    if plan.colour is ColourMode.BLACK_AND_WHITE:
        return "tif" if pages > 1 or plan.index % 2 else "png"
    if pages > 1:
        return "pdf" if plan.index % 2 == 0 else "tif"
    return "jpg" if plan.index % 2 == 0 else "png"


def jpeg_quality(plan: DocumentPlan) -> int | None:
    if plan.colour is ColourMode.BLACK_AND_WHITE:
        return None
    return LOW_JPEG if plan.low_jpeg else NORMAL_JPEG


def write_document(images: list[Image.Image], path: Path, dpi: int, quality: int | None) -> None:
    suffix = path.suffix
    if suffix in (".png", ".tif") and quality is not None:
        images = [device_jpeg(image, quality) for image in images]
    if suffix == ".jpg":
        assert quality is not None and len(images) == 1
        path.write_bytes(jpeg_bytes(images[0], dpi, quality))
    elif suffix == ".png":
        images[0].save(path, "PNG", dpi=(dpi, dpi), compress_level=9)
    elif suffix == ".tif":
        first, *rest = images
        compression = "group4" if first.mode == "1" else "tiff_adobe_deflate"
        first.save(
            path, "TIFF", save_all=True, append_images=rest, compression=compression, dpi=(dpi, dpi)
        )
    else:
        write_pdf(images, path, dpi, quality or NORMAL_JPEG)


def write_pdf(images: list[Image.Image], path: Path, dpi: int, quality: int) -> None:
    """scangen's image PDF, at this document's JPEG quality (it writes at its own fixed one)."""
    import scangen.writers as writers

    default = writers.PDF_JPEG_QUALITY
    writers.PDF_JPEG_QUALITY = quality
    try:
        write_image_pdf(images, path, dpi)
    finally:
        writers.PDF_JPEG_QUALITY = default


def make_document(plan: DocumentPlan, out_dir: Path) -> tuple[str, int]:
    """Write one document and its ground truth; returns the file name and its page count."""
    seed = seed_for(plan.stem)
    paper, pages = sheets(plan, np.random.default_rng([seed, 0]))
    suffix = file_format(plan, len(pages))
    path = out_dir / f"{plan.stem}.{suffix}"
    quality = jpeg_quality(plan)
    scans = [
        page_scan(plan, np.random.default_rng([seed, 1, index]), quality)
        for index in range(len(pages))
    ]
    images = [
        scan(page, settings, np.random.default_rng([seed, 2, index]))
        for index, (page, settings) in enumerate(zip(pages, scans, strict=True))
    ]
    write_document(images, path, plan.dpi, quality)
    truth = ground_truth(path.name, paper.fields, pages)
    truth["tier"] = paper.fields.tier
    truth["format"] = suffix
    page_truths = truth["pages"]
    assert isinstance(page_truths, list)
    for entry, page, settings in zip(page_truths, pages, scans, strict=True):
        entry["rotation"] = settings.upright_rotation
        entry["degradations"] = settings.record()
        entry["tags"] = page_tags(settings, page)
    write_ground_truth(truth, out_dir / "ground-truth" / f"{path.name}.json")
    return path.name, len(pages)


def _make(arguments: tuple[DocumentPlan, Path]) -> tuple[str, int]:
    return make_document(*arguments)


def make_evalset(
    out_dir: Path, limit: int | None = None, only: set[str] | None = None, jobs: int = 1
) -> list[tuple[str, int]]:
    """Make the set (or its first ``limit`` documents, or the named stems); the bytes do not
    depend on the order or the number of workers."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plans = document_plans()
    if only:
        plans = [p for p in plans if p.stem in only]
    if limit is not None:
        plans = plans[:limit]
    work = [(plan, out_dir) for plan in plans]
    if jobs <= 1:
        return [_make(item) for item in work]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_make, work))


def summary(out_dir: Path, made: list[tuple[str, int]]) -> str:
    tags: Counter[str] = Counter()
    types: Counter[str] = Counter()
    tiers: Counter[str] = Counter()
    for name, _ in made:
        truth = json.loads((out_dir / "ground-truth" / f"{name}.json").read_text("utf-8"))
        types[truth["doc_type"]] += 1
        tiers[str(truth["tier"])] += 1
        for page in truth["pages"]:
            tags.update(page["tags"])
    pages = sum(count for _, count in made)
    lines = [
        f"{len(made)} documents, {pages} pages",
        "types: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items())),
        "tiers: " + ", ".join(f"{k} {v}" for k, v in sorted(tiers.items())),
        "pages by degradation: " + ", ".join(f"{k} {v}" for k, v in sorted(tags.items())),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--only", nargs="*", help="only these documents (file stems)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    started = time.monotonic()
    made = make_evalset(args.out, args.limit, set(args.only) if args.only else None, args.jobs)
    seconds = time.monotonic() - started
    print(summary(args.out, made))
    print(f"generated in {seconds:.1f} s with {args.jobs} worker(s) into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
