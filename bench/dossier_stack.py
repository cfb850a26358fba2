"""Dossier stacks: what splitting costs and whether it cuts where the ground truth says.

    .venv/bin/python bench/dossier_stack.py [STACK.pdf]

1. QR reading per page of the stack (the dossier read stage's only extra work on an image
   page): the quick look every non-blank page gets, and the thorough one a receipt candidate
   gets, timed on the page images the scanner PDF carries.
2. `sohoa process --kind dossier` against `--kind result` on the same stack (fresh data
   directories): the elapsed time of each, and the parts and mã hồ sơ found, checked against
   ``ground-truth/<stack>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.dossier.qr import read_qr_codes  # noqa: E402
from pipeline.dossier.stack import part_file_name  # noqa: E402

DEFAULT_STACK = REPO / "samples" / "dossier-stack" / "tiep-nhan-ho-so-2022-03.pdf"


def page_images(stack: Path, into: Path) -> list[Path]:
    """The JPEG of each page, as the scanner put it in the PDF."""
    images = []
    with pikepdf.open(stack) as pdf:
        for number, page in enumerate(pdf.pages):
            (image,) = page.get_images().values()
            target = into / f"page-{number:03d}.jpg"
            target.write_bytes(image.read_raw_bytes())
            images.append(target)
    return images


def time_qr(images: list[Path], truth: dict[str, object]) -> None:
    pages = truth["pages"]
    assert isinstance(pages, list)
    quick, thorough = [], []
    for image, page in zip(images, pages, strict=True):
        if page["blank"]:
            continue
        started = time.perf_counter()
        found = read_qr_codes(image)
        quick.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_qr_codes(image, thorough=True)
        thorough.append(time.perf_counter() - started)
        print(
            f"  page {page['index']}: {found or '-'} quick {quick[-1] * 1000:.0f} ms, "
            f"thorough {thorough[-1] * 1000:.0f} ms"
        )
    print(
        f"QR quick look: median {statistics.median(quick) * 1000:.0f} ms a page, "
        f"max {max(quick) * 1000:.0f} ms; thorough: median "
        f"{statistics.median(thorough) * 1000:.0f} ms, max {max(thorough) * 1000:.0f} ms "
        f"({len(quick)} non-blank pages)"
    )


def process(stack: Path, kind: str, root: Path) -> tuple[float, Path]:
    out = root / kind / "out"
    env = {**os.environ, "SOHOA_DATA_DIR": str(root / kind / "var")}
    env.pop("SOHOA_DATABASE_URL", None)
    command = [str(REPO / ".venv" / "bin" / "sohoa"), "process", str(stack), "--out", str(out)]
    started = time.perf_counter()
    subprocess.run([*command, "--kind", kind], check=True, env=env, capture_output=True)
    return time.perf_counter() - started, out


def check_parts(stack: Path, out: Path, truth: dict[str, object]) -> int:
    parts = truth["parts"]
    assert isinstance(parts, list)
    wrong = 0
    for part in parts:
        name = part_file_name(stack.name, part["part_index"])
        sidecar_path = out / f"{name}.json"
        found = json.loads(sidecar_path.read_text("utf-8")) if sidecar_path.exists() else None
        code = found["fields"]["dossier_code"] if found else None
        pages = len(found["pages"]) if found else 0
        ok = code == part["dossier_code"] and pages == len(part["pages"])
        wrong += not ok
        print(
            f"  {name}: {pages} pages, mã hồ sơ {code} "
            f"({'right' if ok else 'WRONG'}; QR {part['qr']})"
        )
    extra = len(list(out.glob("*.json"))) - len(parts)
    return wrong + max(extra, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("stack", nargs="?", type=Path, default=DEFAULT_STACK)
    args = parser.parse_args(argv)
    stack: Path = args.stack.resolve()
    truth = json.loads((stack.parent / "ground-truth" / f"{stack.name}.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="sohoa-dossier-bench-") as temporary:
        root = Path(temporary)
        time_qr(page_images(stack, root), truth)
        split_seconds, out = process(stack, "dossier", root)
        whole_seconds, _ = process(stack, "result", root)
        print(
            f"sohoa process, {len(truth['pages'])} pages: --kind dossier {split_seconds:.1f} s, "
            f"--kind result (no splitting) {whole_seconds:.1f} s"
        )
        wrong = check_parts(stack, out, truth)
    print(f"parts wrong or extra: {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
