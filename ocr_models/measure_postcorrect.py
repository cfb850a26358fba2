"""Measure what Vietnamese post-correction does to the CER of sohoa's OCR on the samples.

    .venv/bin/python ocr_models/measure_postcorrect.py [--model DIR] [--work DIR]

Every scanned sample page is read by sohoa's read stage with post-correction off (Tesseract
after the configured preprocessing): as it is, and degraded as poorer scans are (200 dpi black
and white with noise; 150 dpi grey JPEG at quality 25, deterministic). The words are then
post-corrected with and without the context step, and each text is scored against
samples/ground-truth with bench/ocr_metrics.py. OCR results are cached in --work, so a second
run only re-scores. By default the model is rebuilt without the samples' text (held out),
so the figures are not measured on text the model has seen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ocr_metrics import character_errors  # noqa: E402
from pipeline.ingest.load import load_input  # noqa: E402
from pipeline.ingest.sniff import file_sha256  # noqa: E402
from pipeline.read.ocr import ReadJob, read_page  # noqa: E402
from pipeline.read.postcorrect import LanguageModel, correct_page, load_model  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402
from pipeline.values import BoundingBox, PageOrigin, PageSource, PageText, TextSource, Word  # noqa: E402

VARIANTS = ("as scanned", "200 dpi b/w", "150 dpi jpeg")


def degraded(grey: np.ndarray, dpi: float, variant: str, seed: int) -> tuple[np.ndarray, int]:
    page = cv2.resize(grey, None, fx=300 / dpi, fy=300 / dpi, interpolation=cv2.INTER_AREA)
    if variant == "200 dpi b/w":
        small = cv2.resize(page, None, fx=2 / 3, fy=2 / 3, interpolation=cv2.INTER_AREA)
        noise = np.random.default_rng(seed).normal(0, 18, small.shape)
        noisy = np.clip(small.astype(np.int16) + noise, 0, 255).astype(np.uint8)
        return cv2.threshold(noisy, 150, 255, cv2.THRESH_BINARY)[1], 200
    small = cv2.resize(page, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (3, 3), 0.6)
    _, jpeg = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 25])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), 150


def ocr_pages(
    scans: list[Path], variants: tuple[str, ...], cache: Path
) -> dict[str, list[dict[str, object]]]:
    """{variant: [{file, index, words}]} read with post-correction off; cached in a file."""
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    settings = load_settings()
    work = cache.parent / cache.stem
    results: dict[str, list[dict[str, object]]] = {variant: [] for variant in variants}
    for number, scan in enumerate(scans):
        folder = work / scan.name
        folder.mkdir(parents=True, exist_ok=True)
        loaded = load_input(scan, file_sha256(scan), settings, folder)
        for page in loaded.pages:
            if page.embedded_text is not None:
                continue  # born-digital text is exact and never post-corrected
            job = _job(page, loaded.pdf_path, folder, settings)
            read = read_page(job)
            if read.blank:
                continue
            results[variants[0]].append(_record(scan.name, page.index, read))
            if len(variants) > 1:
                grey = _page_grey(page, loaded.pdf_path, folder)
            for variant in variants[1:]:
                image, dpi = degraded(grey, page.dpi, variant, seed=number * 100 + page.index)
                path = folder / f"{page.index}-{variant.replace(' ', '-').replace('/', '')}.png"
                cv2.imwrite(str(path), image)
                source = PageSource(
                    page.index, PageOrigin.IMAGE, path, dpi, image.shape[1], image.shape[0]
                )
                read = read_page(_job(source, None, folder, settings))
                results[variant].append(_record(scan.name, page.index, read))
            print(f"read {scan.name} page {page.index + 1}", file=sys.stderr)
    cache.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return results


def _job(page: PageSource, pdf: Path | None, folder: Path, settings: object) -> ReadJob:
    ocr = settings.ocr  # type: ignore[attr-defined]
    return ReadJob(
        page, pdf, folder, ocr.language, ocr.max_dpi, ocr.page_timeout_seconds, ocr.preprocess,
        post_correction=False,
    )  # fmt: skip


def _page_grey(page: PageSource, pdf: Path | None, folder: Path) -> np.ndarray:
    if page.image_path is not None:
        return cv2.imread(str(page.image_path), cv2.IMREAD_GRAYSCALE)
    target = folder / f"page-{page.index}-300.png"
    subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", str(round(page.dpi)), "-singlefile", "-f",
         str(page.index + 1), "-l", str(page.index + 1), str(pdf), str(target.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return cv2.imread(str(target), cv2.IMREAD_GRAYSCALE)


def _record(name: str, index: int, page: PageText) -> dict[str, object]:
    words = [asdict(word) for word in page.words]
    return {"file": name, "index": index, "size": [page.width_px, page.height_px, page.dpi],
            "words": words}  # fmt: skip


def _page(record: dict[str, object]) -> PageText:
    width, height, dpi = record["size"]  # type: ignore[misc]
    words = tuple(
        Word(**{**w, "box": BoundingBox(**w["box"])})
        for w in record["words"]  # type: ignore[attr-defined]
    )
    return PageText(int(record["index"]), TextSource.OCR, words, width, height, dpi)  # type: ignore[call-overload]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="model folder (default: held-out build)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sohoa-pc")
    parser.add_argument(
        "--evalset",
        type=Path,
        help="also measure on the evaluation set made by python -m bench.evalset.generate",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    model_dir = args.model
    if model_dir is None:
        model_dir = args.work / "model-without-samples"
        builder = ROOT / "ocr_models" / "build_vietnamese_model.py"
        subprocess.run(
            [sys.executable, str(builder), "--without-samples", "--out", str(model_dir)],
            check=True,
        )
    model = load_model(model_dir)
    samples = ROOT / "samples"
    scans = sorted(p for p in samples.iterdir() if p.is_file() and p.suffix != ".py")
    sets = [(samples, ocr_pages(scans, VARIANTS, args.work / "ocr.json"))]
    if args.evalset is not None:
        scans = sorted(args.evalset / json.loads(t.read_text(encoding="utf-8"))["file"]
                       for t in (args.evalset / "ground-truth").glob("*.json"))  # fmt: skip
        sets.append((args.evalset, ocr_pages(scans, ("evaluation set",), args.work / "eval.json")))
    print(f"model: {model_dir}")
    print(f"{'pages':<16}{'n':>4}{'characters':>12}{'raw CER':>10}{'corrected':>11}"
          f"{'+ context':>11}{'ms/page':>9}")  # fmt: skip
    for folder, results in sets:
        truth = {
            path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))["pages"]
            for path in (folder / "ground-truth").glob("*.json")
        }
        for variant, records in results.items():
            _score(variant, records, truth, model)


def _score(
    variant: str,
    records: list[dict[str, object]],
    truth: dict[str, list[dict[str, str]]],
    model: LanguageModel,
) -> None:
    errors = [0, 0, 0]
    characters = 0
    pages = [_page(record) for record in records]
    for record, page in zip(records, pages, strict=True):
        expected = truth[str(record["file"])][page.index]["text"]
        plain = correct_page(page, model)
        with_context = correct_page(page, model, context=True)
        for i, text in enumerate((page.text, plain.text, with_context.text)):
            errors[i] += character_errors(expected, text).errors
        characters += character_errors(expected, "").characters
    rates = [f"{e / characters:.2%}" for e in errors]
    seconds = min(_timed(pages, model) for _ in range(3))  # the best of three: a shared machine
    print(f"{variant:<16}{len(records):>4}{characters:>12}{rates[0]:>10}{rates[1]:>11}"
          f"{rates[2]:>11}{seconds / len(records) * 1000:>9.1f}")  # fmt: skip


def _timed(pages: list[PageText], model: LanguageModel) -> float:
    started = time.perf_counter()
    for page in pages:
        correct_page(page, model)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
