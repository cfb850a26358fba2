"""PAdES baseline B-B signing with pyHanko, appended as an incremental update.

The unsigned bytes stay an exact prefix of the signed file, so a PDF/A input stays PDF/A and
anyone can check that nothing before the signature was rewritten.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from pipeline.durable import atomic_output
from pipeline.errors import SigningError
from pipeline.keep.job import SigningIdentity as SigningIdentity
from pipeline.keep.signatures import carries_signature as carries_signature
from pipeline.keep.signatures import has_signature as has_signature

SIGNATURE_FIELD = "SohoaSignature"
# Room for the CMS signature: a B-B signature with a three-certificate RSA chain is ~6 KB.
SIGNATURE_RESERVED = 16384
DIGEST_ALGORITHM = "sha256"


def sign_pdf(
    unsigned: Path,
    signed: Path,
    identity: SigningIdentity,
    *,
    reason: str,
    location: str,
    durable: bool = True,
) -> None:
    """Write ``signed``: ``unsigned`` plus an invisible PAdES B-B signature by ``identity``
    (not fsynced unless ``durable``: see pipeline.durable.atomic_output)."""
    _refuse_to_resign(unsigned, signed)
    signer = _loaded_signer(identity)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm=DIGEST_ALGORITHM,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    try:
        with unsigned.open("rb") as source, atomic_output(signed, durable=durable) as out:
            writer = IncrementalPdfFileWriter(source)
            _check_signable(writer.prev, unsigned)
            # A fixed reservation spares pyHanko a dummy signature to measure the real one.
            signers.sign_pdf(
                writer, metadata, signer=signer, output=out, bytes_reserved=SIGNATURE_RESERVED
            )
    except SigningError:
        raise
    except OSError as exc:
        raise SigningError(
            f"could not read the PDF or write {signed.name} ({exc.strerror or exc})",
            advice="Check that the file exists and that the output folder is writable.",
            path=unsigned,
        ) from exc
    except Exception as exc:
        # Beyond PdfReadError, pyHanko meets damaged files with zlib errors, AttributeError,
        # AssertionError...; each one means this PDF cannot be signed as it is.
        raise SigningError(
            f"pyHanko could not sign this PDF ({type(exc).__name__}: {exc})",
            advice="The PDF may be damaged; rebuild it from the scans and sign again.",
            path=unsigned,
        ) from exc


def _refuse_to_resign(unsigned: Path, signed: Path) -> None:
    if not unsigned.is_file():
        raise SigningError(
            "the PDF to sign does not exist",
            advice="Check the path; the assembly stage may have failed.",
            path=unsigned,
        )
    if signed.resolve() == unsigned.resolve():
        raise SigningError(
            "the signed PDF would overwrite its own input",
            advice="Give a different output path.",
            path=unsigned,
        )
    if has_signature(unsigned):
        raise _already_signed(unsigned)


def _check_signable(reader: PdfFileReader, unsigned: Path) -> None:
    if reader.encrypted:
        raise SigningError(
            "the PDF is encrypted and cannot be signed as it is",
            advice="Remove the password protection first, then sign again.",
            path=unsigned,
        )
    # has_signature() already asked qpdf; this asks the parser that is about to append.
    if reader.embedded_signatures:
        raise _already_signed(unsigned)


def _already_signed(unsigned: Path) -> SigningError:
    return SigningError(
        "the PDF already carries a signature and must be kept byte for byte",
        advice="Store it as it is; sign an OCR copy only if one is needed.",
        path=unsigned,
    )


def _loaded_signer(identity: SigningIdentity) -> signers.SimpleSigner:
    """The identity's signer, read once per process while its .p12 file is unchanged."""
    try:
        stamp = identity.pkcs12_path.stat().st_mtime_ns
    except OSError:
        stamp = -1  # _checked_pkcs12 reports the missing file
    signer, certificate = _signer_and_certificate(identity, stamp)
    _check_certificate_period(certificate, identity.pkcs12_path)
    return signer


@functools.lru_cache(maxsize=32)
def _signer_and_certificate(
    identity: SigningIdentity, stamp: int
) -> tuple[signers.SimpleSigner, x509.Certificate]:
    # Opening a PKCS#12 and checking its RSA key costs more than signing a page; a worker
    # signs many documents with the same identity.
    data, key, certificate = _checked_pkcs12(identity)
    return _KeptKeySigner(_signer_for(identity, data), key), certificate


def _checked_pkcs12(
    identity: SigningIdentity,
) -> tuple[bytes, rsa.RSAPrivateKey, x509.Certificate]:
    """The identity's PKCS#12 bytes, once they open and hold a usable RSA key and certificate."""
    p12 = identity.pkcs12_path
    try:
        data = p12.read_bytes()
    except OSError as exc:
        raise SigningError(
            f"the signing key file for unit {identity.unit_code} cannot be read"
            f" ({exc.strerror or exc})",
            advice="Check the signing identity in config/ and that the .p12 file exists.",
            path=p12,
        ) from exc
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, identity.passphrase)
    except ValueError as exc:
        raise SigningError(
            f"the signing key file for unit {identity.unit_code} does not open:"
            " the passphrase is wrong or the file is not a PKCS#12 (.p12/.pfx) file",
            advice="Check the passphrase configured for this unit.",
            path=p12,
        ) from exc
    if key is None or cert is None:
        raise SigningError(
            "the signing key file holds no private key with its certificate",
            advice="Export the .p12 again with its private key included.",
            path=p12,
        )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningError(
            "the signing key is not an RSA key; sohoa signs with RSA only",
            advice="Use an RSA signing certificate.",
            path=p12,
        )
    return data, key, cert


def _check_certificate_period(cert: x509.Certificate, p12: Path) -> None:
    now = datetime.now(UTC)
    if now > cert.not_valid_after_utc:
        raise SigningError(
            f"the signing certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}",
            advice="Renew the certificate with the certificate authority and update the .p12.",
            path=p12,
        )
    if now < cert.not_valid_before_utc:
        raise SigningError(
            f"the signing certificate is not valid before {cert.not_valid_before_utc:%Y-%m-%d}",
            advice="Check this machine's clock, or wait until the certificate becomes valid.",
            path=p12,
        )


def _signer_for(identity: SigningIdentity, pkcs12_data: bytes) -> signers.SimpleSigner:
    signer: signers.SimpleSigner = signers.SimpleSigner.load_pkcs12_data(
        pkcs12_data, other_certs=[], passphrase=identity.passphrase
    )
    return signer


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's signer with the RSA key parsed once: SimpleSigner parses its DER key again for
    every signature, which took 45 ms of the ~100 ms of signing a document."""

    def __init__(self, loaded: signers.SimpleSigner, key: rsa.RSAPrivateKey) -> None:
        super().__init__(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
            signature_mechanism=loaded.signature_mechanism,
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15":
            return bytes(super().sign_raw(data, digest_algorithm))
        return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
