"""`sohoa export --out DIR`: the sidecar (DESIGN §5) of every stored document, as files.

Each is named as `sohoa process` names it: `<input file name>.json`, and a later part of a
split stack `<input file name>.part<N>.json` (N = 2, 3, …; pipeline/dossier/stack.py). Two
stored documents from different inputs that share a file name (scans from two inboxes) would
overwrite each other, so the later one also carries the start of its SHA-256:
`<name>.<sha256[:12]>.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from pipeline.db.models import Document
from pipeline.dossier.stack import part_file_name
from pipeline.errors import StorageError
from pipeline.sidecar import document_sidecar, write_sidecar

# Documents read from the database at a time: memory stays flat for a large archive.
BATCH = 500


@dataclass(frozen=True)
class ExportSummary:
    written: int
    out_dir: Path


def sidecar_name(document: Document) -> str:
    return f"{part_file_name(document.file_name, document.part_index)}.json"


def export_sidecars(sessions: sessionmaker[Session], out_dir: Path) -> ExportSummary:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"cannot create the export folder {out_dir} ({error.strerror})",
            advice="Choose a folder you may write to with --out.",
        ) from None
    taken: set[str] = set()
    written = 0
    with sessions() as session:
        query = (
            select(Document)
            .options(selectinload(Document.pages))
            .order_by(Document.id)
            .execution_options(yield_per=BATCH)
        )
        for document in session.scalars(query):
            name = sidecar_name(document)
            if name in taken:
                name = f"{name.removesuffix('.json')}.{document.source_sha256[:12]}.json"
            taken.add(name)
            write_sidecar(out_dir / name, document_sidecar(document))
            written += 1
    return ExportSummary(written=written, out_dir=out_dir)
