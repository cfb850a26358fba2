"""Field accuracy on the labelled samples (issue 4): how often each extracted field is exactly
right, and how many wrong answers were confident enough to skip review.

    .venv/bin/python bench/fields.py [SAMPLES_DIR] [--workers N] [--details]

Runs `sohoa process` on every sample that has ground truth (samples/ground-truth/<file>.json),
in a data directory of its own, then compares each sidecar's `fields` with the ground truth.
A value is right when it is exactly the ground truth's (NFC text, ISO dates; unknown = null).
A "confident wrong" answer is a wrong value whose confidence is at or above the review
threshold ([understand] review_threshold), so it would not be shown to a person: the goal is
none. Goal per field: at least 97% right.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.sidecar import FIELD_NAMES

REPO = Path(__file__).resolve().parent.parent
SOHOA = Path(sys.executable).parent / "sohoa"
FIELDS = FIELD_NAMES
GOAL = 0.97


@dataclass
class Score:
    right: int = 0
    total: int = 0
    confident_wrong: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def labelled_samples(folder: Path) -> list[Path]:
    truth = folder / "ground-truth"
    return sorted(
        p for p in folder.iterdir() if p.is_file() and (truth / f"{p.name}.json").is_file()
    )


def scan_dpi(sample: Path) -> float | None:
    """The resolution a scan was made at; None for a PDF without page images (born digital)."""
    if sample.suffix.lower() == ".pdf":
        import pikepdf

        with pikepdf.open(sample) as pdf:
            for page in pdf.pages:
                width_in = float(page.mediabox[2]) / 72
                for image in page.Resources.get("/XObject", {}).values():
                    return round(int(image.Width) / width_in)
        return None
    from PIL import Image

    with Image.open(sample) as image:
        return round(float(image.info.get("dpi", (0, 0))[0]))


def process(samples: list[Path], out: Path, data: Path, workers: int | None) -> float:
    env = {**os.environ, "SOHOA_DATA_DIR": str(data)}
    env.pop("SOHOA_DATABASE_URL", None)
    command = [str(SOHOA), "process", *map(str, samples), "--out", str(out)]
    if workers:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=REPO)
    return time.perf_counter() - started


def value_of(raw: Any) -> Any:
    """A sidecar field is its value, or {"value": …, …} in an extended sidecar."""
    return raw.get("value") if isinstance(raw, dict) else raw


def confidence_of(sidecar: dict[str, Any], name: str) -> float | None:
    raw = sidecar.get("fields", {}).get(name)
    if isinstance(raw, dict) and isinstance(raw.get("confidence"), int | float):
        return float(raw["confidence"])
    value = (sidecar.get("confidence") or {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def same(found: Any, expected: Any) -> bool:
    if found is None or expected is None:
        return found is None and expected is None
    return unicodedata.normalize("NFC", str(found)) == unicodedata.normalize("NFC", str(expected))


def score(samples: list[Path], out: Path, threshold: float) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for sample in samples:
        truth = json.loads((sample.parent / "ground-truth" / f"{sample.name}.json").read_text())
        sidecar_path = out / f"{sample.name}.json"
        sidecar = json.loads(sidecar_path.read_text()) if sidecar_path.is_file() else {}
        for name in FIELDS:
            expected = truth["fields"][name]
            found = (
                value_of(sidecar.get("fields", {}).get(name)) if not sidecar.get("error") else None
            )
            entry = scores[name]
            entry.total += 1
            if same(found, expected):
                entry.right += 1
                continue
            confidence = confidence_of(sidecar, name)
            confident = confidence is not None and confidence >= threshold
            entry.confident_wrong += confident
            shown = "-" if confidence is None else f"{confidence:.2f}"
            entry.misses.append(
                f"{sample.name}: {found!r} instead of {expected!r} (confidence {shown}"
                f"{', CONFIDENT' if confident else ''})"
            )
    return scores


def print_table(title: str, scores: dict[str, Score]) -> None:
    print(f"\n{title}")
    print(f"{'field':<14}{'right':>8}{'accuracy':>10}{'confident wrong':>17}")
    for name, entry in scores.items():
        mark = "" if entry.accuracy >= GOAL and not entry.confident_wrong else "  <- below goal"
        print(
            f"{name:<14}{entry.right:>4}/{entry.total:<3}{entry.accuracy:>10.1%}"
            f"{entry.confident_wrong:>17}{mark}"
        )
    right = sum(e.right for e in scores.values())
    total = sum(e.total for e in scores.values())
    confident_wrong = sum(e.confident_wrong for e in scores.values())
    print(f"{'all fields':<14}{right:>4}/{total:<3}{right / total:>10.1%}{confident_wrong:>17}")


def review_threshold() -> float:
    from pipeline.settings import load_settings

    return load_settings().understand.review_threshold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("samples", nargs="?", type=Path, default=REPO / "samples")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--details", action="store_true", help="list every wrong value")
    args = parser.parse_args(argv)
    samples = labelled_samples(args.samples)
    threshold = review_threshold()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-fields-") as work:
        out = Path(work) / "out"
        seconds = process(samples, out, Path(work) / "var", args.workers)
        scores = score(samples, out, threshold)
        at_300 = [s for s in samples if (scan_dpi(s) or 0) >= 299]
        scores_300 = score(at_300, out, threshold)
    print(f"\nField accuracy on {len(samples)} labelled samples ({seconds:.0f} s to process);")
    print(
        f"confident = confidence >= review threshold {threshold:.2f}; "
        f"goal >= {GOAL:.0%} and 0 confident wrong"
    )
    print_table("all samples", scores)
    print_table(f"the {len(at_300)} scans at 300 dpi (the goal's set)", scores_300)
    if args.details:
        for name, entry in scores.items():
            for miss in entry.misses:
                print(f"  {name}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
