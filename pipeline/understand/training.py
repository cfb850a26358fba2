"""`sohoa train`: retrain the document-type model from what people confirmed.

A document counts once a person has reviewed it (review = "reviewed") or has decided its type
(a doc_type row in field_reviews); its type is the value the person accepted or typed. The
shipped training texts are always included, so that every type keeps examples however few
documents of it have been reviewed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from pipeline.db.models import Document, FieldReview
from pipeline.settings import Settings
from pipeline.understand.classify import DOC_TYPES
from pipeline.understand.doctype_model import (
    CALIBRATION_FOLDS,
    DocTypeModel,
    TrainingText,
    save,
    shipped_texts,
    train,
    trained_dir,
)

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class TrainingRun:
    model: DocTypeModel
    folder: Path
    reviewed: int
    shipped: int
    # Types left out for having too few texts to train on, with how many they had.
    too_few: dict[str, int]


def reviewed_texts(
    sessions: sessionmaker[Session], doc_types: Sequence[str] = DOC_TYPES
) -> list[TrainingText]:
    """One text per document whose type a person confirmed or corrected."""
    with sessions() as session:
        confirmed_types = _person_confirmed_types(session)
        query = (
            select(Document)
            .where(or_(Document.review == "reviewed", Document.id.in_(list(confirmed_types))))
            .options(selectinload(Document.pages))
            .order_by(Document.id)
        )
        texts = []
        for document in session.scalars(query):
            doc_type = confirmed_types.get(document.id, document.doc_type)
            if doc_type not in doc_types:
                continue
            text = PAGE_BREAK.join(page.text for page in document.pages if not page.blank)
            if text.strip():
                texts.append(TrainingText(doc_type=str(doc_type), text=text, source="reviewed"))
        return texts


def _person_confirmed_types(session: Session) -> dict[int, str | None]:
    """The latest doc_type each reviewed document was given by a person."""
    query = (
        select(FieldReview.document_id, FieldReview.value)
        .where(FieldReview.field == "doc_type")
        .order_by(FieldReview.reviewed_at, FieldReview.id)
    )
    return {document_id: value for document_id, value in session.execute(query)}


def retrain(sessions: sessionmaker[Session], settings: Settings) -> TrainingRun:
    """Train on the shipped texts and people's reviews of the configured types; save the model
    in the data directory."""
    doc_types = tuple(settings.doc_types) or DOC_TYPES
    reviewed = reviewed_texts(sessions, doc_types)
    shipped = shipped_texts()
    counts = Counter(t.doc_type for t in shipped + reviewed)
    too_few = {t: n for t, n in sorted(counts.items()) if n < CALIBRATION_FOLDS}
    kept = [t for t in reviewed if t.doc_type not in too_few]
    model = train(shipped + kept, doc_types=doc_types)
    folder = trained_dir(settings.data_dir)
    save(model, folder)
    return TrainingRun(
        model=model, folder=folder, reviewed=len(kept), shipped=len(shipped), too_few=too_few
    )
