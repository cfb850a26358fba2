"""Read every sample once, as `sohoa process` reads it, and keep the words as JSON here.

    .venv/bin/python tests/data/understand-ocr/refresh.py [FILE NAME ...] [--from DIR --to DIR]

The extraction tests (tests/test_understand_samples.py) run on these files, so they need no
Tesseract and take a second; run this again whenever samples/ or the read stage change.
``--from``/``--to`` read another set (bench/evalset/out, say) into another folder, for score.py.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from pipeline.ingest.load import load_input  # noqa: E402
from pipeline.ingest.sniff import file_sha256  # noqa: E402
from pipeline.read.ocr import ReadJob, read_page  # noqa: E402
from pipeline.settings import load_settings  # noqa: E402

SCAN_SUFFIXES = {".jpg", ".png", ".tif", ".pdf"}


def main() -> None:
    settings = load_settings()
    arguments = sys.argv[1:]
    source, target = REPO / "samples", HERE
    if "--from" in arguments:
        at = arguments.index("--from")
        source, target = Path(arguments[at + 1]), Path(arguments[at + 3])
        target.mkdir(parents=True, exist_ok=True)
        del arguments[at : at + 4]
    names = arguments
    for sample in sorted(source.iterdir()):
        if sample.suffix not in SCAN_SUFFIXES or (names and sample.name not in names):
            continue
        with tempfile.TemporaryDirectory() as work:
            loaded = load_input(sample, file_sha256(sample), settings, Path(work))
            pages = []
            for page in loaded.pages:
                job = ReadJob(
                    page,
                    loaded.pdf_path,
                    Path(work),
                    settings.ocr.language,
                    settings.ocr.max_dpi,
                    settings.ocr.page_timeout_seconds,
                    preprocess=settings.ocr.preprocess,
                    post_correction=settings.ocr.post_correction,
                    context_correction=settings.ocr.context_correction,
                )
                pages.append(asdict(read_page(job)))
        out = target / f"{sample.name}.json"
        out.write_text(json.dumps(pages, ensure_ascii=False) + "\n", encoding="utf-8")
        print(out.name, flush=True)


if __name__ == "__main__":
    main()
