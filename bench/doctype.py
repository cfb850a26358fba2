"""Held-out accuracy of the document-type classifier on the shipped training texts.

    .venv/bin/python bench/doctype.py [--folds 4]

The 400 shipped texts (ocr_models/doctype/training-texts.jsonl: invented papers with OCR damage,
some with their title line lost) are split into folds; for each fold the model is trained on
the others and the fold is classified by the rules alone, the model alone and the two joined
(pipeline/understand/classify.py). A "confident wrong" type is one given with a confidence at or
above the review threshold, so no person would see it.
"""

from __future__ import annotations

import argparse
import sys

from pipeline.settings import load_settings
from pipeline.understand import doctype_model
from pipeline.understand.classify import Classification, classify_by_rules, combine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--folds", type=int, default=4)
    args = parser.parse_args(argv)
    threshold = load_settings().understand.review_threshold
    texts = doctype_model.shipped_texts()
    tally = {name: {"right": 0, "wrong": 0, "unknown": 0, "confident wrong": 0}
             for name in ("rules", "model", "joined")}  # fmt: skip
    for fold in range(args.folds):
        held_out = texts[fold :: args.folds]
        training = [t for i, t in enumerate(texts) if i % args.folds != fold]
        model = doctype_model.train(training, version="held-out")
        for text in held_out:
            rules, alone = classify_by_rules(text.text), model.predict(text.text)
            answers: dict[str, Classification] = {
                "rules": rules,
                "model": alone,
                "joined": combine(rules, alone),
            }
            for name, answer in answers.items():
                counts = tally[name]
                if answer.doc_type is None:
                    counts["unknown"] += 1
                elif answer.doc_type == text.doc_type:
                    counts["right"] += 1
                else:
                    counts["wrong"] += 1
                    counts["confident wrong"] += answer.confidence >= threshold
    print(f"\nDocument types, {len(texts)} shipped texts, {args.folds}-fold held out; "
          f"confident = confidence >= {threshold:.2f}")  # fmt: skip
    print(f"{'':<8}{'right':>7}{'wrong':>7}{'unknown':>9}{'confident wrong':>17}")
    for name, counts in tally.items():
        print(
            f"{name:<8}{counts['right']:>7}{counts['wrong']:>7}{counts['unknown']:>9}"
            f"{counts['confident wrong']:>17}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
