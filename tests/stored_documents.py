"""Stored documents made directly in the database, for tests of what reads them back."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.models import Document, Page

MACHINE_FIELDS: dict[str, Any] = {
    "doc_type": ("giay_phep_xay_dung", 0.97, 0, [320.0, 610.0, 900.0, 60.0]),
    "tier": ("district", 0.95, 0, [120.0, 140.0, 500.0, 50.0]),
    "issuer": ("Ủy ban nhân dân huyện Tiên Du", 0.93, 0, [120.0, 140.0, 500.0, 50.0]),
    "number": ("128/GPXD-UBND", 0.41, 0, [130.0, 260.0, 420.0, 48.0]),
    "issue_date": ("2022-03-15", 0.88, 0, [1300.0, 330.0, 820.0, 50.0]),
    "valid_until": ("2023-03-15", 0.85, None, None),
    "subject_name": ("Nguyễn Văn An", 0.9, 0, [400.0, 900.0, 380.0, 50.0]),
    "subject_id": ("027090001234", 0.99, 0, [700.0, 960.0, 330.0, 50.0]),
    "dossier_code": (None, 0.6, None, None),
}
PAGE_TEXT = (
    "ỦY BAN NHÂN DÂN\nHUYỆN TIÊN DU\nSố: 128/GPXD-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Tiên Du, ngày 15 tháng 3 năm 2022\nGIẤY PHÉP XÂY DỰNG\nSố: 123/GPXD\n"
    "1. Cấp cho: Ông Nguyễn Văn An\nCăn cước công dân số 027090001234"
)


def stored_document(
    sessions: sessionmaker[Session],
    file_name: str = "gpxd-tien-du.pdf",
    *,
    part_index: int = 0,
    source: str | None = None,
    review: str = "needs_review",
    text: str = PAGE_TEXT,
) -> int:
    """A document as `sohoa process` with extraction would leave it; returns its id."""
    source_sha256 = hashlib.sha256((source or file_name).encode()).hexdigest()
    pdf_sha256 = hashlib.sha256(f"{source or file_name}#{part_index}".encode()).hexdigest()
    fields = {
        name: {
            "value": value,
            "confidence": confidence,
            "evidence": None if page is None else {"page": page, "box": box},
        }
        for name, (value, confidence, page, box) in MACHINE_FIELDS.items()
    }
    document = Document(
        source_sha256=source_sha256,
        part_index=part_index,
        file_name=file_name,
        media_type="application/pdf",
        kind="result",
        unit_code=None,
        page_count=1,
        pdf_sha256=pdf_sha256,
        source_was_signed=False,
        signed_by="test",
        fields=fields,
        confidence={name: spec[1] for name, spec in MACHINE_FIELDS.items()},
        review=review,
        committed_at=datetime(2022, 3, 20, 8, 0, tzinfo=UTC),
        doc_type="giay_phep_xay_dung",
        tier="district",
        issuer="Ủy ban nhân dân huyện Tiên Du",
        number="128/GPXD-UBND",
        issue_date=date(2022, 3, 15),
        valid_until=date(2023, 3, 15),
        subject_name="Nguyễn Văn An",
        subject_id="027090001234",
        pages=[
            Page(
                page_index=0,
                text_source="ocr",
                text=text,
                rotation=0,
                blank=False,
                confidence=0.91,
                dpi=300.0,
            )
        ],
    )
    with sessions.begin() as session:
        session.add(document)
        session.flush()
        return document.id
