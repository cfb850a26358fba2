"""Build the Vietnamese post-correction model in ocr_models/vi/ from sources the project may ship.

    .venv/bin/python ocr_models/build_vietnamese_model.py            # the shipped model
    .venv/bin/python ocr_models/build_vietnamese_model.py --without-samples --out /tmp/vi-heldout

Sources (see ocr_models/vi/README.md for licences):
  1. the word list of the PyPI package pyvi 0.1.1 (MIT), fetched with `pip download`;
  2. ocr_models/vi/administrative.txt, administrative phrases written for this project;
  3. unless --without-samples: the text of the sample papers (samples/scangen/*.py,
     samples/make_samples.py string literals and samples/ground-truth/*.json).

Output: syllables.tsv (syllable, count) and bigrams.tsv (syllable pair, count). A dictionary
entry counts once per syllable and once per adjacent pair inside it; running administrative
text counts every occurrence RUNNING_TEXT_WEIGHT times, as it is the domain we read.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import itertools
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.read.vietnamese import parse_syllable  # noqa: E402

PYVI = "pyvi==0.1.1"
PYVI_WORDS = "pyvi/models/words.txt"
RUNNING_TEXT_WEIGHT = 4
# Punctuation ends a run of syllables: no bigram is counted across it.
BREAK = re.compile(r"[\n.,;:!?()\[\]\"“”'‘’/\\–—\-]+")


def pyvi_words() -> tuple[list[str], str]:
    """The lines of pyvi's word list and their SHA-256, from the wheel pip downloads."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", PYVI, "--no-deps", "-q", "-d", folder],
            check=True,
        )
        (wheel,) = Path(folder).glob("pyvi-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(PYVI_WORDS)
    return data.decode("utf-8").splitlines(), hashlib.sha256(data).hexdigest()


def administrative_text() -> Iterator[str]:
    path = ROOT / "ocr_models" / "vi" / "administrative.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            yield line


def sample_texts() -> Iterator[str]:
    """Vietnamese string literals of the sample generator, and the ground truth pages."""
    sources = sorted((ROOT / "samples").glob("**/*.py"))
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value
    for truth in sorted((ROOT / "samples" / "ground-truth").glob("*.json")):
        for page in json.loads(truth.read_text(encoding="utf-8"))["pages"]:
            yield page["text"]


def syllable_runs(text: str) -> Iterator[list[str]]:
    """Runs of consecutive syllables in lower case with tone marks in place; other tokens break."""
    for segment in BREAK.split(unicodedata.normalize("NFC", text)):
        run: list[str] = []
        for token in segment.split():
            syllable = parse_syllable(token.lower())
            if syllable is None:
                if len(run) > 0:
                    yield run
                run = []
            else:
                run.append(syllable.spelled)
        if run:
            yield run


def count(
    runs: Iterable[list[str]], weight: int, unigrams: Counter[str], bigrams: Counter[str]
) -> None:
    for run in runs:
        for syllable in run:
            unigrams[syllable] += weight
        for left, right in itertools.pairwise(run):
            bigrams[f"{left} {right}"] += weight


def write_counts(path: Path, counts: Counter[str], header: str) -> None:
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [header] + [f"{key}\t{value}" for key, value in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "ocr_models" / "vi")
    parser.add_argument(
        "--without-samples",
        action="store_true",
        help="leave out the sample papers' text (to measure on the samples without seeing them)",
    )
    args = parser.parse_args()
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    words, words_sha256 = pyvi_words()
    count((run for line in words for run in syllable_runs(line)), 1, unigrams, bigrams)
    running = list(administrative_text())
    if not args.without_samples:
        running += list(sample_texts())
    count(
        (run for text in running for run in syllable_runs(text)),
        RUNNING_TEXT_WEIGHT,
        unigrams,
        bigrams,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    sources = f"pyvi 0.1.1 words.txt sha256 {words_sha256}; administrative.txt" + (
        "" if args.without_samples else "; samples"
    )
    write_counts(args.out / "syllables.tsv", unigrams, f"# syllable\tcount\t({sources})")
    write_counts(args.out / "bigrams.tsv", bigrams, f"# syllable pair\tcount\t({sources})")
    print(f"{len(unigrams)} syllables, {len(bigrams)} bigrams -> {args.out}")


if __name__ == "__main__":
    main()
