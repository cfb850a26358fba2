"""Per-field exact accuracy of `understand` on the samples' stored OCR, and its time.

    .venv/bin/python tests/data/understand-ocr/score.py

Reads the words kept here by refresh.py (no Tesseract), scores every field against
samples/ground-truth and counts wrong values whose confidence reaches the review threshold.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from pipeline.settings import load_settings  # noqa: E402
from pipeline.sidecar import FIELD_NAMES  # noqa: E402
from pipeline.understand.extract import understand  # noqa: E402
from pipeline.values import DocumentKind  # noqa: E402
from tests.test_understand_samples import OCR, pages_of, samples, truth_of  # noqa: E402


def main() -> None:
    settings = load_settings()
    threshold = settings.understand.review_threshold
    understand(pages_of(OCR / f"{samples()[0]}.json"), DocumentKind.RESULT, settings)  # warm
    exact = dict.fromkeys(FIELD_NAMES, 0)
    confident_wrong: list[str] = []
    seconds = 0.0
    names = samples()
    for name in names:
        pages = pages_of(OCR / f"{name}.json")
        started = time.perf_counter()
        result = understand(pages, DocumentKind.RESULT, settings)
        seconds += time.perf_counter() - started
        truth = truth_of(name)
        for field in FIELD_NAMES:
            if result.value(field) == truth[field]:
                exact[field] += 1
            elif result.fields[field].confidence >= threshold:
                confident_wrong.append(
                    f"{name} {field}: {result.value(field)!r} (truth {truth[field]!r}, "
                    f"confidence {result.fields[field].confidence:.2f})"
                )
    print(f"{'field':14} exact / {len(names)}")
    for field in FIELD_NAMES:
        print(f"{field:14} {exact[field]:5} {100 * exact[field] / len(names):6.1f} %")
    total = sum(exact.values())
    print(f"{'all':14} {total:5} {100 * total / (len(names) * len(FIELD_NAMES)):6.1f} %")
    print(f"wrong at confidence >= {threshold}: {len(confident_wrong)}")
    for line in confident_wrong:
        print("  " + line)
    print(f"understand(): {1000 * seconds / len(names):.1f} ms per document (warm)")


if __name__ == "__main__":
    main()
