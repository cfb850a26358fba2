"""Per-field exact accuracy of `understand` on the samples' stored OCR, and its time.

    .venv/bin/python tests/data/understand-ocr/score.py [OCR_DIR GROUND_TRUTH_DIR] [--wrong]

Reads the words kept here by refresh.py (no Tesseract), scores every field against
samples/ground-truth and counts wrong values whose confidence reaches the review threshold.
Another set (the accuracy benchmark's, say) is scored the same way from its own OCR folder
(``<file>.json`` as refresh.py writes) and ground-truth folder; ``--wrong`` lists every miss.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from pipeline.settings import load_settings  # noqa: E402
from pipeline.sidecar import FIELD_NAMES  # noqa: E402
from pipeline.understand.extract import understand  # noqa: E402
from pipeline.values import DocumentKind  # noqa: E402
from tests.test_understand_samples import GROUND_TRUTH, OCR, pages_of  # noqa: E402


def main() -> None:
    arguments = [a for a in sys.argv[1:] if a != "--wrong"]
    ocr, ground_truth = (
        (Path(arguments[0]), Path(arguments[1])) if arguments else (OCR, GROUND_TRUTH)
    )
    settings = load_settings()
    threshold = settings.understand.review_threshold
    names = sorted(p.name.removesuffix(".json") for p in ocr.glob("*.json"))
    understand(pages_of(ocr / f"{names[0]}.json"), DocumentKind.RESULT, settings)  # warm
    exact = dict.fromkeys(FIELD_NAMES, 0)
    confident_wrong: list[str] = []
    misses: list[str] = []
    seconds = 0.0
    for name in names:
        pages = pages_of(ocr / f"{name}.json")
        started = time.perf_counter()
        result = understand(pages, DocumentKind.RESULT, settings)
        seconds += time.perf_counter() - started
        truth = json.loads((ground_truth / f"{name}.json").read_text(encoding="utf-8"))["fields"]
        for field in FIELD_NAMES:
            found = result.fields[field]
            if found.value == truth[field]:
                exact[field] += 1
                continue
            line = (
                f"{name} {field}: {found.value!r} (truth {truth[field]!r}, "
                f"confidence {found.confidence:.2f})"
            )
            misses.append(line)
            if found.confidence >= threshold:
                confident_wrong.append(line)
    print(f"{'field':14} exact / {len(names)}")
    for field in FIELD_NAMES:
        print(f"{field:14} {exact[field]:5} {100 * exact[field] / len(names):6.1f} %")
    total = sum(exact.values())
    print(f"{'all':14} {total:5} {100 * total / (len(names) * len(FIELD_NAMES)):6.1f} %")
    print(f"wrong at confidence >= {threshold}: {len(confident_wrong)}")
    for line in confident_wrong:
        print("  " + line)
    print(f"understand(): {1000 * seconds / len(names):.1f} ms per document (warm)")
    if "--wrong" in sys.argv:
        print("misses:")
        for line in misses:
            print("  " + line)


if __name__ == "__main__":
    main()
