"""A throw-away test PKI so that sohoa signs out of the box, clearly marked as not for production.

Layout under ``pki_dir``::

    ca/ca-cert.pem        the test CA's certificate (the trust root a verifier is given)
    ca/ca-key.pem         the test CA's private key
    <unit_code>.p12       one PKCS#12 per unit: key, certificate, and the CA certificate

The CA is published by renaming a finished folder into place; a rename onto a folder that
already holds files fails, so when two processes race, exactly one CA wins and the loser adopts
it. A unit's .p12 is published by an atomic replace: two racers both hold certificates from
the same CA and passphrase, so whichever lands last is as good as the other.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from pipeline.durable import atomic_output, fsync_folder
from pipeline.errors import SigningError
from pipeline.keep.job import SigningIdentity

TEST_CA_NAME = "sohoa TEST CA - NOT FOR PRODUCTION"
# Test keys are not secrets; the passphrase only exercises the same loading path as real ones.
TEST_PKCS12_PASSPHRASE = b"sohoa-test-only"

_KEY_BITS = 2048
_CA_LIFETIME = timedelta(days=20 * 365)
_UNIT_LIFETIME = timedelta(days=5 * 365)
# Back-date certificates a little so that a verifier whose clock lags ours still accepts them.
_CLOCK_SLACK = timedelta(hours=1)
# A unit certificate this close to expiry is replaced rather than reused.
_RENEW_BEFORE = timedelta(days=30)
_UNIT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class _TestCa:
    cert_path: Path
    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def ensure_test_identity(pki_dir: Path, unit_code: str, unit_name: str) -> SigningIdentity:
    """The unit's test signing identity, generating the test CA and the unit's .p12 if absent."""
    _check_unit_code(unit_code)
    pki_dir.mkdir(parents=True, exist_ok=True)
    ca = _ensure_test_ca(pki_dir)
    p12_path = pki_dir / f"{unit_code}.p12"
    if not _usable_unit_pkcs12(p12_path, ca, unit_name):
        _publish_private(p12_path, _unit_pkcs12(ca, unit_code, unit_name))
    return SigningIdentity(
        unit_code=unit_code,
        pkcs12_path=p12_path,
        passphrase=TEST_PKCS12_PASSPHRASE,
        is_test=True,
        trust_roots=(ca.cert_path,),
    )


def _check_unit_code(unit_code: str) -> None:
    if not _UNIT_CODE.match(unit_code):
        raise SigningError(
            f"unit code {unit_code!r} cannot name a key file",
            advice="Use letters, digits, dots, dashes and underscores only.",
        )


def _ensure_test_ca(pki_dir: Path) -> _TestCa:
    ca_dir = pki_dir / "ca"
    if not ca_dir.is_dir():
        _publish_new_ca(ca_dir)
    return _load_test_ca(ca_dir)


def _publish_new_ca(ca_dir: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".ca-", dir=ca_dir.parent))
    try:
        key = _new_key()
        cert = _ca_certificate(key)
        _write_durably(staging / "ca-key.pem", _key_pem(key), private=True)
        _write_durably(staging / "ca-cert.pem", cert.public_bytes(serialization.Encoding.PEM))
        # mkdtemp makes the folder owner-only; the certificate in it is public, the key is 0600.
        staging.chmod(0o755)
        try:
            staging.rename(ca_dir)
        except OSError:
            if not ca_dir.is_dir():
                raise
            # Another process published its CA first; use that one.
        else:
            fsync_folder(ca_dir.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _load_test_ca(ca_dir: Path) -> _TestCa:
    cert_path = ca_dir / "ca-cert.pem"
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key((ca_dir / "ca-key.pem").read_bytes(), None)
    except (OSError, ValueError) as exc:
        raise SigningError(
            f"the test CA in {ca_dir} cannot be read ({exc})",
            advice="Delete that folder and the .p12 files beside it; they are regenerated.",
            path=ca_dir,
        ) from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningError(f"the test CA key in {ca_dir} is not an RSA key", path=ca_dir)
    return _TestCa(cert_path=cert_path, cert=cert, key=key)


def _usable_unit_pkcs12(p12_path: Path, ca: _TestCa, unit_name: str) -> bool:
    """Whether an existing .p12 opens, names the unit as it is now called, was issued by this CA
    and is not about to expire."""
    try:
        _key, cert, _chain = pkcs12.load_key_and_certificates(
            p12_path.read_bytes(), TEST_PKCS12_PASSPHRASE
        )
    except (OSError, ValueError):
        return False
    if cert is None or cert.subject != _unit_subject(unit_name):
        return False
    try:
        cert.verify_directly_issued_by(ca.cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return cert.not_valid_after_utc - _RENEW_BEFORE > datetime.now(UTC)


def _unit_pkcs12(ca: _TestCa, unit_code: str, unit_name: str) -> bytes:
    key = _new_key()
    cert = _unit_certificate(ca, key, unit_name)
    return pkcs12.serialize_key_and_certificates(
        name=unit_code.encode(),
        key=key,
        cert=cert,
        cas=[ca.cert],
        encryption_algorithm=serialization.BestAvailableEncryption(TEST_PKCS12_PASSPHRASE),
    )


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=_KEY_BITS)


def _ca_certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, TEST_CA_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sohoa TEST"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = datetime.now(UTC)
    public_key = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _CLOCK_SLACK)
        .not_valid_after(now + _CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )


def _unit_certificate(ca: _TestCa, key: rsa.RSAPrivateKey, unit_name: str) -> x509.Certificate:
    now = datetime.now(UTC)
    public_key = key.public_key()
    ca_key_id = ca.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(_unit_subject(unit_name))
        .issuer_name(ca.cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _CLOCK_SLACK)
        .not_valid_after(min(now + _UNIT_LIFETIME, ca.cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, non_repudiation=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )


def _unit_subject(unit_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{unit_name} (TEST)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit_name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )


def _key_usage(
    *, digital_signature: bool = False, non_repudiation: bool = False, key_cert_sign: bool = False
) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_durably(path: Path, data: bytes, *, private: bool = False) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _publish_private(path: Path, data: bytes) -> None:
    with atomic_output(path, private=True) as out:
        out.write(data)
