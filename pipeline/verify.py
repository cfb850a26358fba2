"""`sohoa verify`: is this signed file intact, signed by a trusted identity, ours, and PDF/A?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from pipeline.db.records import find_stored_file
from pipeline.ingest.sniff import file_sha256
from pipeline.keep.identities import known_trust_roots
from pipeline.keep.pdfa_check import check_pdfa, pikepdf_pdfa_opinion
from pipeline.keep.signature_check import check_signature
from pipeline.settings import Settings


@dataclass(frozen=True)
class FileVerdict:
    path: Path
    problems: tuple[str, ...]
    findings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def headline(self) -> str:
        if self.ok:
            return f"OK    {self.path}"
        return f"FAIL  {self.path}: {len(self.problems)} problem(s)"

    @property
    def details(self) -> tuple[str, ...]:
        return tuple(f"✗ {p}" for p in self.problems) + tuple(f"✓ {f}" for f in self.findings)


def verify_files(
    paths: Sequence[Path], settings: Settings, sessions: sessionmaker[Session]
) -> list[FileVerdict]:
    roots = known_trust_roots(settings)
    return [verify_file(path, roots, sessions) for path in paths]


def verify_file(path: Path, roots: Sequence[Path], sessions: sessionmaker[Session]) -> FileVerdict:
    if not path.is_file():
        return FileVerdict(path, ("no such file",), ())
    problems: list[str] = []
    findings: list[str] = []
    _check_stored_hash(path, sessions, problems, findings)
    signature = check_signature(path, roots)
    if signature.ok:
        findings.append(
            f"signature valid and trusted, signed by {signature.signer} ({signature.subfilter})"
        )
    else:
        problems.extend(signature.problems or ("the signature does not verify",))
    _check_pdfa(path, problems, findings)
    return FileVerdict(path, tuple(problems), tuple(findings))


def _check_stored_hash(
    path: Path, sessions: sessionmaker[Session], problems: list[str], findings: list[str]
) -> None:
    sha256 = file_sha256(path)
    stored = find_stored_file(sessions, sha256)
    if stored is None:
        problems.append(
            f"SHA-256 {sha256[:16]}… matches no file this installation stored: the file was "
            "changed after signing, or it comes from another installation"
        )
    elif stored.role != "signed_pdf":
        problems.append(
            f"this is the stored original of document {stored.document_id}, not its signed PDF/A"
        )
    else:
        findings.append(f"matches the stored signed PDF/A of document {stored.document_id}")


def _check_pdfa(path: Path, problems: list[str], findings: list[str]) -> None:
    own = check_pdfa(path)
    problems.extend(f"PDF/A: {p}" for p in own)
    if not own:
        findings.append("PDF/A-2b structure checks passed")
    opinion = pikepdf_pdfa_opinion(path)
    problems.extend(f"PDF/A (pikepdf validator): {v}" for v in opinion.violations)
    if not opinion.violations:
        unchecked = (
            f"; not checked by it: {'; '.join(opinion.unchecked)}" if opinion.unchecked else ""
        )
        findings.append(f"pikepdf's PDF/A-2b validator found no violation{unchecked}")
