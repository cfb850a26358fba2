"""Make sohoa's sample scans of Bắc Ninh administrative papers, and their ground truth.

    .venv/bin/python samples/make_samples.py [--out DIR]

Each paper is typeset in the NĐ 30/2020 layout, then either "scanned" (printed on paper,
signed in blue ink, stamped with a red seal, scanned crooked with uneven light, blur, noise and
JPEG compression) or, for the one born-digital PDF, written straight to PDF with a text layer.
The output is byte-for-byte the same on every run with the same library versions: every random
choice comes from a generator seeded by the output file name, and no file carries a timestamp.

Next to the scans, ``ground-truth/<file name>.json`` holds each page's text exactly as drawn
(seal and signature excluded) and the fields of DESIGN.md §5.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
from PIL import Image
from scangen.documents import Paper, all_papers
from scangen.layout import PagePlan, paginate
from scangen.scanner import ScanSettings, device_jpeg, scan_page
from scangen.writers import (
    ground_truth,
    write_born_digital_pdf,
    write_ground_truth,
    write_image_pdf,
    write_jpeg,
    write_png,
    write_tiff,
)

SAMPLES_DIR = Path(__file__).resolve().parent


class Medium(StrEnum):
    JPEG = "jpg"
    PNG = "png"
    TIFF = "tif"
    SCANNED_PDF = "pdf"
    BORN_DIGITAL_PDF = "born-digital pdf"

    @property
    def extension(self) -> str:
        return "pdf" if self is Medium.BORN_DIGITAL_PDF else self.value


@dataclass(frozen=True)
class Output:
    """How one paper is delivered: file format, scan resolution, colour or greyscale."""

    medium: Medium
    dpi: int = 300
    colour: bool = True


OUTPUTS: dict[str, Output] = {
    "don-de-nghi-gpxd-nguyen-van-an-2022-0228": Output(Medium.TIFF, dpi=200, colour=False),
    "phieu-hen-tthcc-tien-du-2022-0301": Output(Medium.JPEG),
    "gpxd-ubnd-tien-du-2022-0315": Output(Medium.SCANNED_PDF),
    "qd-ubnd-tu-son-2022-0412": Output(Medium.SCANNED_PDF),
    "gcn-hkd-tu-son-2022-0418": Output(Medium.JPEG),
    "gcn-attp-so-y-te-2022-0420": Output(Medium.JPEG),
    "phieu-hen-tthcc-tinh-2022-0314": Output(Medium.PNG, colour=False),
    "gpld-so-ldtbxh-2022-0321": Output(Medium.JPEG),
    "qd-ubnd-tinh-so-hoa-2022-0228": Output(Medium.BORN_DIGITAL_PDF),
    "khai-sinh-ubnd-vu-ninh-2022-0214": Output(Medium.PNG, dpi=200),
    "gcn-ket-hon-ubnd-phat-tich-2022-0422": Output(Medium.JPEG),
    "chung-thuc-ubnd-vu-ninh-2022-0520": Output(Medium.SCANNED_PDF),
    "gpxd-so-xay-dung-2022-0607": Output(Medium.JPEG),
    "gcn-hkd-gia-binh-2022-0509": Output(Medium.JPEG, colour=False),
    "don-de-nghi-attp-thien-phu-2022-0620": Output(Medium.JPEG, colour=False),
    "gcn-attp-so-cong-thuong-2022-0711": Output(Medium.JPEG),
    "trich-luc-khai-sinh-ubnd-kinh-bac-2022-0803": Output(Medium.JPEG),
    "gcn-ket-hon-ubnd-canh-hung-2022-0916": Output(Medium.JPEG),
    "chung-thuc-phong-tu-phap-tien-du-2022-1004": Output(Medium.SCANNED_PDF),
    "gpld-bql-kcn-2022-1102": Output(Medium.JPEG, colour=False),
}


def seed_for(name: str) -> int:
    """A stable seed from the file name (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def sheets(paper: Paper) -> list[PagePlan]:
    """The pages as they come off the scanner: photocopies marked, blank backs inserted."""
    plans = paginate(paper.blocks, number_pages=paper.number_pages)
    for index in paper.photocopied_pages:
        plans[index].photocopy = True
    if paper.blank_back_after is not None:
        plans.insert(paper.blank_back_after + 1, PagePlan(blank=True))
    return plans


def scan_sheets(plans: list[PagePlan], output: Output, seed: int) -> list[Image.Image]:
    """Scan each page with its own generator; lossless formats get the scanner's JPEG stage."""
    settings = ScanSettings(output.dpi, output.colour)
    images = [
        scan_page(plan, settings, np.random.default_rng([seed, index]))
        for index, plan in enumerate(plans)
    ]
    if output.medium in (Medium.PNG, Medium.TIFF):
        images = [device_jpeg(image) for image in images]
    return images


def write_scans(images: list[Image.Image], output: Output, path: Path) -> None:
    single_image = output.medium in (Medium.JPEG, Medium.PNG)
    if single_image and len(images) != 1:
        raise ValueError(
            f"{path.name}: {len(images)} pages do not fit in one {output.medium} image"
        )
    match output.medium:
        case Medium.JPEG:
            write_jpeg(images[0], path, output.dpi)
        case Medium.PNG:
            write_png(images[0], path, output.dpi)
        case Medium.TIFF:
            write_tiff(images, path, output.dpi)
        case Medium.SCANNED_PDF:
            write_image_pdf(images, path, output.dpi)
        case _:
            raise ValueError(f"{path.name}: {output.medium} is not a scan format")


def deliver(paper: Paper, output: Output, out_dir: Path) -> Path:
    """Write one paper in its output format, then its ground truth; returns the file path."""
    path = out_dir / f"{paper.stem}.{output.medium.extension}"
    plans = sheets(paper)
    if output.medium is Medium.BORN_DIGITAL_PDF:
        write_born_digital_pdf(plans, path, title=paper.stem, author=paper.fields.issuer or "")
    else:
        write_scans(scan_sheets(plans, output, seed_for(path.name)), output, path)
    truth = ground_truth(path.name, paper.fields, plans)
    write_ground_truth(truth, out_dir / "ground-truth" / f"{path.name}.json")
    return path


def deliver_by_stem(stem: str, out_dir: Path) -> Path:
    """Make one paper by name (what a worker process is given)."""
    paper = next(p for p in all_papers() if p.stem == stem)
    return deliver(paper, OUTPUTS[stem], out_dir)


def make_samples(out_dir: Path, only: set[str] | None = None, jobs: int = 1) -> list[Path]:
    """Make every paper (or only the named ones), ``jobs`` at a time; the bytes do not depend
    on the order or the number of workers."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stems = [p.stem for p in all_papers() if not only or p.stem in only]
    if jobs <= 1:
        return [deliver_by_stem(stem, out_dir) for stem in stems]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(deliver_by_stem, stems, [out_dir] * len(stems)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=SAMPLES_DIR, help="output folder")
    parser.add_argument("--only", nargs="*", help="make only these papers (file stems)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)"
    )
    args = parser.parse_args(argv)
    for path in make_samples(args.out, set(args.only) if args.only else None, args.jobs):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
