"""The trainable document-type model: character n-gram TF-IDF and a calibrated linear model.

Character n-grams of the folded text (no diacritics, lower case) tolerate OCR slips that break
words; calibration makes the predicted probability usable as a confidence next to the rules'.

The shipped model lives in ``ocr_models/doctype/`` beside the texts it was trained on; a model
retrained by ``sohoa train`` from people's reviews goes to ``<data dir>/ocr_models/doctype/`` and
is preferred there, so one installation's training never touches another's. Each folder holds
``model.npz`` and ``model.json`` (version, library versions, training-data summary).

scikit-learn fits the model; predicting needs only numpy: the fitted vocabulary, IDF weights,
the linear models of the calibration folds and their sigmoids are saved as plain arrays (no
pickle), so every OCR worker skips importing scikit-learn and a model stays readable whatever
scikit-learn release is installed later. tests/test_classify.py checks that the arrays predict
what scikit-learn predicts.
"""

from __future__ import annotations

import functools
import json
import math
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pipeline.durable import atomic_output
from pipeline.errors import ConfigError
from pipeline.understand.classify import DOC_TYPES, Classification, fold

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "ocr_models" / "doctype"
SHIPPED_TEXTS = SHIPPED_DIR / "training-texts.jsonl"
MODEL_FILE = "model.npz"
INFO_FILE = "model.json"
# Enough of a document for its title, header and the body phrases that characterise its type.
TEXT_CHARS = 3000
CALIBRATION_FOLDS = 3
NGRAM_SIZES = (2, 4)
MAX_FEATURES = 30000


@dataclass(frozen=True)
class TrainingText:
    doc_type: str
    text: str
    source: str  # "shipped" or "reviewed"


@dataclass(frozen=True)
class DocTypeModel:
    """Calibrated linear models over TF-IDF character n-grams, as arrays.

    ``coef`` is (folds, types, n-grams), ``intercept``, ``sigmoid_a`` and ``sigmoid_b`` are
    (folds, types): each calibration fold's logistic regression and its per-type sigmoid.
    """

    doc_types: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: NDArray[np.float64]
    sigmoid_a: NDArray[np.float64]
    sigmoid_b: NDArray[np.float64]
    info: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.info["version"])

    def predict(self, text: str) -> Classification:
        probabilities = self.probabilities(text)
        best = int(probabilities.argmax())
        return Classification(
            doc_type=self.doc_types[best],
            confidence=round(float(probabilities[best]), 4),
            method="model",
        )

    def probabilities(self, text: str) -> NDArray[np.float64]:
        features = self.features(model_input(text))
        scores = self.coef @ features + self.intercept
        calibrated = 1.0 / (1.0 + np.exp(self.sigmoid_a * scores + self.sigmoid_b))
        totals = calibrated.sum(axis=1, keepdims=True)
        uniform = np.full_like(calibrated, 1.0 / len(self.doc_types))
        per_fold = np.divide(calibrated, totals, out=uniform, where=totals != 0)
        mean: NDArray[np.float64] = per_fold.mean(axis=0)
        return mean

    def features(self, folded: str) -> NDArray[np.float64]:
        """Sublinear TF-IDF of the known n-grams, L2-normalised (scikit-learn's TfidfVectorizer
        with analyzer="char_wb", sublinear_tf=True)."""
        vector = np.zeros(len(self.idf))
        for ngram, count in Counter(char_wb_ngrams(folded)).items():
            index = self.vocabulary.get(ngram)
            if index is not None:
                vector[index] = (1.0 + math.log(count)) * self.idf[index]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


def char_wb_ngrams(text: str) -> list[str]:
    """The n-grams of each space-padded word, as scikit-learn's "char_wb" analyzer makes them."""
    low, high = NGRAM_SIZES
    ngrams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            ngrams.extend(padded[i : i + n] for i in range(max(len(padded) - n + 1, 1)))
            if len(padded) <= n:  # a short word counts once, whole
                break
    return ngrams


def model_input(text: str) -> str:
    return " ".join(fold(unicodedata.normalize("NFC", text)[:TEXT_CHARS]).split())


def train(
    texts: Sequence[TrainingText],
    version: str | None = None,
    doc_types: Sequence[str] = DOC_TYPES,
) -> DocTypeModel:
    """Fit the model on texts of the given types (the configured closed list); every type
    needs a few texts for the calibration folds."""
    from sklearn import __version__ as sklearn_version

    counts = Counter(t.doc_type for t in texts)
    _check_training_set(counts, doc_types)
    estimator = fit_estimator(texts)
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
    return from_scikit_learn(estimator, info)


def fit_estimator(texts: Sequence[TrainingText]) -> Any:
    """The fitted scikit-learn Pipeline that ``from_scikit_learn`` turns into arrays."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    estimator = Pipeline(
        [
            (
                "ngrams",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=NGRAM_SIZES,
                    sublinear_tf=True,
                    max_features=MAX_FEATURES,
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
    return estimator


def from_scikit_learn(estimator: Any, info: dict[str, Any]) -> DocTypeModel:
    """The arrays of a fitted Pipeline(TfidfVectorizer, CalibratedClassifierCV(sigmoid))."""
    vectorizer, calibrated = estimator.named_steps["ngrams"], estimator.named_steps["linear"]
    doc_types = tuple(str(c) for c in calibrated.classes_)
    folds = calibrated.calibrated_classifiers_
    for fold_model in folds:
        if tuple(str(c) for c in fold_model.estimator.classes_) != doc_types:
            raise ConfigError(
                "a calibration fold did not see every document type",
                advice=f"Give every type at least {CALIBRATION_FOLDS} training texts.",
            )
    return DocTypeModel(
        doc_types=doc_types,
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coef=np.stack([np.asarray(f.estimator.coef_, dtype=np.float64) for f in folds]),
        intercept=np.stack([np.asarray(f.estimator.intercept_, dtype=np.float64) for f in folds]),
        sigmoid_a=np.array([[c.a_ for c in f.calibrators] for f in folds], dtype=np.float64),
        sigmoid_b=np.array([[c.b_ for c in f.calibrators] for f in folds], dtype=np.float64),
        info=info,
    )


def _check_training_set(counts: Counter[str], doc_types: Sequence[str]) -> None:
    unknown = sorted(set(counts) - set(doc_types))
    if unknown:
        raise ConfigError(
            f"training texts carry unknown document types {', '.join(unknown)}",
            advice=f"Use one of {', '.join(doc_types)}.",
        )
    scarce = sorted(t for t, n in counts.items() if n < CALIBRATION_FOLDS)
    if scarce or len(counts) < 2:
        raise ConfigError(
            f"too few training texts (types with fewer than {CALIBRATION_FOLDS}: "
            f"{', '.join(scarce) or 'none'}; {len(counts)} types in all)",
            advice="Train with the shipped texts as well as the reviewed documents.",
        )


def save(model: DocTypeModel, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ngrams = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    with atomic_output(folder / MODEL_FILE) as out:
        np.savez_compressed(
            out,
            doc_types=np.array(model.doc_types),
            ngrams=np.array(ngrams),
            idf=model.idf,
            coef=model.coef,
            intercept=model.intercept,
            sigmoid_a=model.sigmoid_a,
            sigmoid_b=model.sigmoid_b,
        )
    with atomic_output(folder / INFO_FILE) as out:
        out.write((json.dumps(model.info, ensure_ascii=False, indent=2) + "\n").encode())
    forget_installed_model()


def load(folder: Path) -> DocTypeModel | None:
    """The model in ``folder``, or None if there is none or it is unreadable (the rules then
    decide alone until ``sohoa train`` is run)."""
    if not (folder / MODEL_FILE).is_file() or not (folder / INFO_FILE).is_file():
        return None
    try:
        info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        with np.load(folder / MODEL_FILE, allow_pickle=False) as arrays:
            return DocTypeModel(
                doc_types=tuple(str(t) for t in arrays["doc_types"]),
                vocabulary={str(n): i for i, n in enumerate(arrays["ngrams"])},
                idf=arrays["idf"],
                coef=arrays["coef"],
                intercept=arrays["intercept"],
                sigmoid_a=arrays["sigmoid_a"],
                sigmoid_b=arrays["sigmoid_b"],
                info=info,
            )
    except (OSError, ValueError, KeyError):
        return None


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
