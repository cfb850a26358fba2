"""Which certificate signs a unit's documents: its own PKCS#12 from config, else the test PKI."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.keep.job import SigningIdentity
from pipeline.keep.testpki import ensure_test_identity
from pipeline.settings import Settings, SigningIdentityConfig, Unit

INSTALLATION_CODE = "installation"
INSTALLATION_NAME = "sohoa installation"
# Where pipeline.keep.testpki keeps the test CA's certificate, under the test PKI folder.
TEST_CA_CERTIFICATE = Path("ca") / "ca-cert.pem"


def signing_identity(settings: Settings, unit: Unit | None) -> SigningIdentity:
    code = unit.code if unit is not None else INSTALLATION_CODE
    configured = settings.signing.identities.get(code)
    if configured is not None:
        return _configured_identity(settings, code, configured)
    name = unit.name if unit is not None else INSTALLATION_NAME
    return ensure_test_identity(settings.test_pki_dir, code, name)


def _configured_identity(
    settings: Settings, code: str, configured: SigningIdentityConfig
) -> SigningIdentity:
    pkcs12 = settings.config_dir / configured.pkcs12
    if not pkcs12.is_file():
        raise ConfigError(
            f"the signing certificate for unit {code} is missing",
            advice="Fix signing.identities in sohoa.toml.",
            path=pkcs12,
        )
    passphrase: bytes | None = None
    if configured.passphrase_env is not None:
        value = os.environ.get(configured.passphrase_env)
        if value is None:
            raise ConfigError(
                f"the passphrase for unit {code}'s certificate is not set",
                advice=f"Set the environment variable {configured.passphrase_env}.",
            )
        passphrase = value.encode("utf-8")
    roots = tuple(settings.config_dir / root for root in configured.trust_roots)
    return SigningIdentity(code, pkcs12, passphrase, is_test=False, trust_roots=roots)


def known_trust_roots(settings: Settings) -> tuple[Path, ...]:
    """The CA certificates a verifier of this installation's signatures should trust."""
    roots = [
        settings.config_dir / root
        for configured in settings.signing.identities.values()
        for root in configured.trust_roots
    ]
    test_ca = settings.test_pki_dir / TEST_CA_CERTIFICATE
    if test_ca.is_file():
        roots.append(test_ca)
    return tuple(roots)
