"""The sidecar JSON (DESIGN §5): one per input, what other tools read."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.db.models import Document

FIELD_NAMES = (
    "doc_type",
    "tier",
    "issuer",
    "number",
    "issue_date",
    "valid_until",
    "subject_name",
    "subject_id",
    "dossier_code",
)


def empty_fields() -> dict[str, Any]:
    return dict.fromkeys(FIELD_NAMES)


def field_values(fields: dict[str, Any] | None) -> dict[str, Any]:
    """Each field's value from the ``fields`` JSON, whose entries also hold confidence and
    evidence."""
    return {
        name: entry.get("value") if isinstance(entry, dict) else entry
        for name, entry in (fields or {}).items()
    }


def column_values(document: Document) -> dict[str, Any]:
    """The fields the documents table holds in typed columns (what review corrects), dates in
    ISO 8601. Once a document was understood (it has a review state) every column counts, so a
    value a person cleared stays null; before that, empty columns are not listed."""
    values = {}
    for name in FIELD_NAMES:
        value = getattr(document, name)
        if value is not None or document.review is not None:
            values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def document_sidecar(document: Document) -> dict[str, Any]:
    return {
        "file": document.file_name,
        "sha256": document.source_sha256,
        "kind": document.kind,
        "unit": document.unit_code,
        "pages": [
            {
                "index": page.page_index,
                "text": page.text,
                "rotation": page.rotation,
                "blank": page.blank,
                "confidence": None if page.confidence is None else round(page.confidence, 4),
            }
            for page in document.pages
        ],
        "fields": {**empty_fields(), **field_values(document.fields), **column_values(document)},
        "confidence": dict(document.confidence or {}),
        "review": document.review,
        "error": None,
    }


def error_sidecar(
    file_name: str, sha256: str | None, kind: str, unit: str | None, error: str
) -> dict[str, Any]:
    return {
        "file": file_name,
        "sha256": sha256,
        "kind": kind,
        "unit": unit,
        "pages": [],
        "fields": empty_fields(),
        "confidence": {},
        "review": None,
        "error": error,
    }


def write_sidecar(path: Path, sidecar: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
