"""The trainable document-type model: character n-gram TF-IDF and a calibrated linear model.

Character n-grams of the folded text (no diacritics, lower case) tolerate OCR slips that break
words; calibration makes the predicted probability usable as a confidence next to the rules'.

The shipped model lives in ``ocr_models/doctype/`` beside the texts it was trained on; a model
retrained by ``sohoa train`` from people's reviews goes to ``<data dir>/ocr_models/doctype/`` and
is preferred there, so one installation's training never touches another's. Each folder holds
``model.joblib`` and ``model.json`` (version, library versions, training-data summary).
"""

from __future__ import annotations

import functools
import json
import os
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.durable import atomic_output
from pipeline.errors import ConfigError
from pipeline.understand.classify import DOC_TYPES, Classification, fold

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "ocr_models" / "doctype"
SHIPPED_TEXTS = SHIPPED_DIR / "training-texts.jsonl"
MODEL_FILE = "model.joblib"
INFO_FILE = "model.json"
# Enough of a document for its title, header and the body phrases that characterise its type.
TEXT_CHARS = 3000
CALIBRATION_FOLDS = 3


@dataclass(frozen=True)
class TrainingText:
    doc_type: str
    text: str
    source: str  # "shipped" or "reviewed"


@dataclass(frozen=True)
class DocTypeModel:
    estimator: Any  # a fitted scikit-learn Pipeline
    info: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.info["version"])

    def predict(self, text: str) -> Classification:
        probabilities = self.estimator.predict_proba([model_input(text)])[0]
        best = int(probabilities.argmax())
        return Classification(
            doc_type=str(self.estimator.classes_[best]),
            confidence=round(float(probabilities[best]), 4),
            method="model",
        )


def model_input(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)[:TEXT_CHARS]).split())


def train(texts: Sequence[TrainingText], version: str | None = None) -> DocTypeModel:
    """Fit the model; every type needs a few texts for the calibration folds."""
    from sklearn import __version__ as sklearn_version
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    counts = Counter(t.doc_type for t in texts)
    _check_training_set(counts)
    estimator = Pipeline(
        [
            (
                "ngrams",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, max_features=30000
                ),
            ),
            (
                "linear",
                CalibratedClassifierCV(
                    LogisticRegression(C=10.0, max_iter=2000),
                    method="sigmoid",
                    cv=CALIBRATION_FOLDS,
                ),
            ),
        ]
    )
    estimator.fit([model_input(t.text) for t in texts], [t.doc_type for t in texts])
    trained_at = datetime.now(UTC)
    info = {
        "version": version or trained_at.strftime("doctype-%Y%m%dT%H%M%SZ"),
        "trained_at": trained_at.isoformat(timespec="seconds"),
        "scikit_learn": sklearn_version,
        "features": "char_wb 2-4-grams of the folded text, TF-IDF (sublinear), 30000 max",
        "classifier": "LogisticRegression(C=10) calibrated by sigmoid, 3 folds",
        "training_data": {
            "texts": len(texts),
            "by_source": dict(sorted(Counter(t.source for t in texts).items())),
            "by_doc_type": dict(sorted(counts.items())),
        },
    }
    return DocTypeModel(estimator=estimator, info=info)


def _check_training_set(counts: Counter[str]) -> None:
    unknown = sorted(set(counts) - set(DOC_TYPES))
    if unknown:
        raise ConfigError(
            f"training texts carry unknown document types {', '.join(unknown)}",
            advice=f"Use one of {', '.join(DOC_TYPES)}.",
        )
    scarce = sorted(t for t, n in counts.items() if n < CALIBRATION_FOLDS)
    if scarce or len(counts) < 2:
        raise ConfigError(
            f"too few training texts (types with fewer than {CALIBRATION_FOLDS}: "
            f"{', '.join(scarce) or 'none'}; {len(counts)} types in all)",
            advice="Train with the shipped texts as well as the reviewed documents.",
        )


def save(model: DocTypeModel, folder: Path) -> None:
    import joblib

    folder.mkdir(parents=True, exist_ok=True)
    with atomic_output(folder / MODEL_FILE) as out:
        joblib.dump(model.estimator, out, compress=3)
    with atomic_output(folder / INFO_FILE) as out:
        out.write((json.dumps(model.info, ensure_ascii=False, indent=2) + "\n").encode())
    forget_installed_model()


def load(folder: Path) -> DocTypeModel | None:
    """The model in ``folder``, or None if there is none or this scikit-learn cannot read it
    (the rules then decide alone until ``sohoa train`` is run). A model saved by another
    scikit-learn release usually loads; ``model.json`` says which one saved it."""
    import joblib

    if not (folder / MODEL_FILE).is_file() or not (folder / INFO_FILE).is_file():
        return None
    info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            estimator = joblib.load(folder / MODEL_FILE)
        except Exception:  # an unreadable model is as good as none: the rules still work
            return None
    return DocTypeModel(estimator=estimator, info=info)


def trained_dir(data_dir: Path) -> Path:
    return data_dir / "ocr_models" / "doctype"


def _data_dir() -> Path:
    return Path(os.environ.get("SOHOA_DATA_DIR", "var")).absolute()


def installed_model() -> DocTypeModel | None:
    """The installation's retrained model if there is one, else the shipped one."""
    return _installed_model(_data_dir())


@functools.lru_cache(maxsize=4)
def _installed_model(data_dir: Path) -> DocTypeModel | None:
    return load(trained_dir(data_dir)) or load(SHIPPED_DIR)


def forget_installed_model() -> None:
    """Read the model again on next use (after training)."""
    _installed_model.cache_clear()


def shipped_texts(path: Path = SHIPPED_TEXTS) -> list[TrainingText]:
    return list(read_texts(path.read_text(encoding="utf-8").splitlines()))


def read_texts(lines: Iterable[str]) -> Iterable[TrainingText]:
    for line in lines:
        if line.strip():
            row = json.loads(line)
            yield TrainingText(row["doc_type"], row["text"], row.get("source", "shipped"))
