"""Check the signatures in a PDF with pyHanko, and say in plain words what is wrong.

The verdict is about the file as a whole: every signature must be intact, valid and trusted,
and the last one must cover the whole file (nothing appended after signing).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pipeline.errors import SigningError


@dataclass(frozen=True)
class SignatureVerdict:
    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signer: str | None
    subfilter: str | None
    problems: tuple[str, ...]
    digest_algorithm: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.signed and self.intact and self.valid and self.trusted and self.covers_whole_file
        )


@dataclass(frozen=True)
class _OneSignature:
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signer: str | None
    subfilter: str | None
    digest_algorithm: str | None
    problems: tuple[str, ...]


_TRUST_PROBLEMS: dict[AdESSubIndic, str] = {
    AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND: (
        "the signer's certificate does not chain to any of the trusted root certificates"
    ),
    AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE: (
        "the signer's certificate chain could not be verified up to a trusted root certificate"
    ),
    AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE: (
        "the signer's certificate chain breaks the rules for certificate authorities"
    ),
    AdESIndeterminate.EXPIRED: "the signer's certificate has expired",
    AdESIndeterminate.NOT_YET_VALID: "the signer's certificate is not yet valid",
    AdESFailure.NOT_YET_VALID: "the signer's certificate was not yet valid when it signed",
    AdESFailure.REVOKED: "the signer's certificate has been revoked",
    AdESIndeterminate.REVOKED_NO_POE: "the signer's certificate has been revoked",
    AdESIndeterminate.REVOKED_CA_NO_POE: "a certificate in the signer's chain has been revoked",
    AdESIndeterminate.SIG_CONSTRAINTS_FAILURE: (
        "the signer's certificate is not meant for signing documents"
        " (it lacks the non-repudiation key usage)"
    ),
    AdESIndeterminate.TRY_LATER: "the revocation status of the signer's certificate is unknown",
}


def check_signature(pdf: Path, trust_roots: Sequence[Path]) -> SignatureVerdict:
    """Validate every signature in ``pdf`` against ``trust_roots`` (PEM or DER certificates).

    A damaged or unreadable PDF gives a verdict with a problem, never an exception. Trust roots
    that cannot be read are the installation's fault and raise ``SigningError``.
    """
    roots = _load_trust_roots(trust_roots)
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        return _unsigned(f"The file cannot be read ({exc.strerror or exc}).")
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:
        # pyHanko's parser fails in many ways on damaged files; all of them mean "unreadable".
        return _unsigned(f"The file is not a readable PDF ({_describe(exc)}).")
    if not signatures:
        return _unsigned("The file carries no signature.")
    findings = [
        _check_one(number, signature, roots) for number, signature in enumerate(signatures, start=1)
    ]
    return _combine(findings)


def _load_trust_roots(paths: Sequence[Path]) -> list[Any]:
    roots: list[Any] = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder_data(path.read_bytes()))
        except (OSError, ValueError) as exc:
            raise SigningError(
                f"the trusted root certificate cannot be read ({exc})",
                advice="Check the trust roots configured for signature checking.",
                path=path,
            ) from exc
    return roots


def _check_one(number: int, signature: EmbeddedPdfSignature, roots: list[Any]) -> _OneSignature:
    subfilter = _subfilter(signature)
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=roots, allow_fetching=False)
        )
    except Exception as exc:
        # Same as reading: a mangled signature dictionary or CMS blob can fail anywhere.
        return _OneSignature(
            intact=False,
            valid=False,
            trusted=False,
            covers_whole_file=False,
            signer=None,
            subfilter=subfilter,
            digest_algorithm=None,
            problems=(f"Signature {number} cannot be checked ({_describe(exc)}).",),
        )
    return _OneSignature(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=_signer_name(status),
        subfilter=subfilter,
        digest_algorithm=status.md_algorithm,
        problems=_problems(number, status),
    )


def _problems(number: int, status: PdfSignatureStatus) -> tuple[str, ...]:
    problems: list[str] = []
    if not status.intact:
        problems.append(
            f"Signature {number}: the signed part of the file was changed after signing."
        )
    elif not status.valid:
        problems.append(f"Signature {number}: the cryptographic signature does not verify.")
    elif not status.trusted:
        indic = status.trust_problem_indic
        reason = _TRUST_PROBLEMS.get(indic) if indic is not None else None
        if reason is None:
            reason = "the signer's certificate is not trusted" + (
                f" ({indic.name})" if isinstance(indic, AdESFailure | AdESIndeterminate) else ""
            )
        problems.append(f"Signature {number}: {reason}.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append(
            f"Signature {number} does not cover the whole file:"
            " content was added after it was signed."
        )
    return tuple(problems)


def _combine(findings: list[_OneSignature]) -> SignatureVerdict:
    latest = findings[-1]
    return SignatureVerdict(
        signed=True,
        intact=all(f.intact for f in findings),
        valid=all(f.valid for f in findings),
        trusted=all(f.trusted for f in findings),
        covers_whole_file=latest.covers_whole_file,
        signer=latest.signer,
        subfilter=latest.subfilter,
        problems=tuple(problem for f in findings for problem in f.problems),
        digest_algorithm=latest.digest_algorithm,
    )


def _unsigned(problem: str) -> SignatureVerdict:
    return SignatureVerdict(
        signed=False,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_file=False,
        signer=None,
        subfilter=None,
        problems=(problem,),
    )


def _subfilter(signature: EmbeddedPdfSignature) -> str | None:
    value = signature.sig_object.get("/SubFilter")
    return str(value) if value is not None else None


def _signer_name(status: PdfSignatureStatus) -> str | None:
    subject = status.signing_cert.subject.native
    name = subject.get("common_name") or status.signing_cert.subject.human_friendly
    return str(name) if name else None


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
