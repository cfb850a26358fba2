"""PAdES signing, the test PKI and signature checking, with real pyHanko and real pdfsig."""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from pipeline.errors import SigningError
from pipeline.keep.sign import SigningIdentity, has_signature, sign_pdf
from pipeline.keep.signature_check import check_signature
from pipeline.keep.testpki import TEST_CA_NAME, ensure_test_identity
from pipeline.tools.pdfsig import parse_pdfsig_output, run_pdfsig

PEER_PDFS = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer-pdfs"
UNIT_CODE = "27001"
UNIT_NAME = "UBND HUYỆN TIÊN DU"
PAGE_TEXT = b"Giay phep xay dung so 123/GPXD-UBND"

needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig not installed")


def make_pdf(path: Path) -> Path:
    """A one-page PDF whose page text is stored uncompressed, so tests can find and flip it."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
            )
        )
    )
    page.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 760 Td (" + PAGE_TEXT + b") Tj ET")
    pdf.save(path, compress_streams=False)
    return path


@pytest.fixture(scope="module")
def pki_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pki")


@pytest.fixture(scope="module")
def identity(pki_dir: Path) -> SigningIdentity:
    return ensure_test_identity(pki_dir, UNIT_CODE, UNIT_NAME)


@pytest.fixture
def unsigned(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "document.unsigned.pdf")


@pytest.fixture
def signed(unsigned: Path, identity: SigningIdentity) -> Path:
    out = unsigned.with_name("document.pdf")
    sign_pdf(unsigned, out, identity, reason="Số hoá kết quả TTHC", location="Bắc Ninh")
    return out


def first_byte_range(pdf: Path) -> tuple[int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf.read_bytes())
    assert match is not None
    return int(match.group(1)), int(match.group(2))


def flip_page_text_byte(pdf: Path) -> int:
    data = bytearray(pdf.read_bytes())
    offset = data.index(PAGE_TEXT)
    data[offset] ^= 0x01
    pdf.write_bytes(bytes(data))
    return offset


# --- signing and checking -------------------------------------------------------------------


def test_signed_pdf_is_intact_valid_and_trusted(signed: Path, identity: SigningIdentity) -> None:
    verdict = check_signature(signed, identity.trust_roots)

    assert verdict.signed and verdict.intact and verdict.valid and verdict.trusted
    assert verdict.covers_whole_file
    assert verdict.ok
    assert verdict.problems == ()
    assert verdict.subfilter == "/ETSI.CAdES.detached"
    assert verdict.digest_algorithm == "sha256"
    assert verdict.signer == f"{UNIT_NAME} (TEST)"


def test_signature_is_pades_with_signing_certificate_v2(signed: Path) -> None:
    with signed.open("rb") as stream:
        (signature,) = PdfFileReader(stream).embedded_signatures
        signed_attrs = signature.signer_info["signed_attrs"]
        attr_types = {attr["type"].native for attr in signed_attrs}
        assert "signing_certificate_v2" in attr_types
        # PAdES puts the signing time in the signature dictionary, not in the CMS.
        assert "signing_time" not in attr_types
        assert signature.md_algorithm == "sha256"
        assert str(signature.sig_object["/Reason"]) == "Số hoá kết quả TTHC"
        assert str(signature.sig_object["/Location"]) == "Bắc Ninh"


@needs_pdfsig
def test_pdfsig_agrees_the_signature_is_valid(signed: Path) -> None:
    report = run_pdfsig(signed)

    assert report.signature_count == 1
    assert report.all_valid, report.output
    assert "ETSI.CAdES.detached" in report.output
    assert "SHA-256" in report.output
    assert "Total document signed" in report.output


@needs_pdfsig
def test_a_flipped_byte_in_the_signed_range_breaks_the_signature(signed: Path) -> None:
    start, length = first_byte_range(signed)
    offset = flip_page_text_byte(signed)
    assert start <= offset < start + length  # inside the signed range, before /Contents

    verdict = check_signature(signed, [])
    assert verdict.signed
    assert not verdict.intact
    assert not verdict.ok
    assert any("changed after signing" in problem for problem in verdict.problems)

    report = run_pdfsig(signed)
    assert report.signature_count == 1
    assert not report.all_valid
    assert "Digest Mismatch" in report.output


def test_unsigned_bytes_are_a_prefix_of_the_signed_file(unsigned: Path, signed: Path) -> None:
    before = unsigned.read_bytes()
    after = signed.read_bytes()
    assert len(after) > len(before)
    assert after[: len(before)] == before


def test_signed_file_is_readable_and_no_temporary_files_remain(signed: Path) -> None:
    assert signed.stat().st_mode & 0o444 == 0o444
    assert sorted(p.name for p in signed.parent.iterdir()) == [
        "document.pdf",
        "document.unsigned.pdf",
    ]


def test_has_signature_before_and_after(unsigned: Path, signed: Path) -> None:
    assert not has_signature(unsigned)
    assert has_signature(signed)


def test_content_appended_after_signing_is_reported(
    signed: Path, identity: SigningIdentity
) -> None:
    with signed.open("rb+") as stream:
        writer = IncrementalPdfFileWriter(stream)
        writer.root["/SohoaNote"] = generic.TextStringObject("added after signing")
        writer.update_container(writer.root)
        writer.write_in_place()  # type: ignore[no-untyped-call]  # unannotated in pyHanko

    verdict = check_signature(signed, identity.trust_roots)
    assert verdict.intact and verdict.valid and verdict.trusted
    assert not verdict.covers_whole_file
    assert not verdict.ok
    assert any("does not cover the whole file" in problem for problem in verdict.problems)


# --- refusals -------------------------------------------------------------------------------


def test_signing_an_already_signed_file_is_refused(signed: Path, identity: SigningIdentity) -> None:
    original = signed.read_bytes()
    again = signed.with_name("again.pdf")

    with pytest.raises(SigningError) as caught:
        sign_pdf(signed, again, identity, reason="again", location="Bắc Ninh")

    assert "already carries a signature" in caught.value.for_person()
    assert not again.exists()
    assert signed.read_bytes() == original


def test_signing_onto_its_own_input_is_refused(unsigned: Path, identity: SigningIdentity) -> None:
    original = unsigned.read_bytes()
    with pytest.raises(SigningError):
        sign_pdf(unsigned, unsigned, identity, reason="r", location="l")
    assert unsigned.read_bytes() == original


def test_wrong_passphrase_gives_a_readable_error(unsigned: Path, identity: SigningIdentity) -> None:
    wrong = SigningIdentity(
        unit_code=identity.unit_code,
        pkcs12_path=identity.pkcs12_path,
        passphrase=b"not the passphrase",
        is_test=True,
        trust_roots=identity.trust_roots,
    )
    out = unsigned.with_name("document.pdf")

    with pytest.raises(SigningError) as caught:
        sign_pdf(unsigned, out, wrong, reason="r", location="l")

    message = caught.value.for_person()
    assert message.startswith(f"{identity.pkcs12_path.name}: ")
    assert "passphrase is wrong" in message
    assert "Traceback" not in message
    assert not out.exists()


def test_missing_pkcs12_gives_a_readable_error(unsigned: Path, tmp_path: Path) -> None:
    identity = SigningIdentity(
        unit_code="27001",
        pkcs12_path=tmp_path / "absent.p12",
        passphrase=None,
        is_test=False,
        trust_roots=(),
    )
    with pytest.raises(SigningError, match="cannot be read"):
        sign_pdf(unsigned, tmp_path / "out.pdf", identity, reason="r", location="l")


def test_expired_certificate_is_refused(unsigned: Path, tmp_path: Path) -> None:
    p12 = tmp_path / "expired.p12"
    p12.write_bytes(expired_pkcs12(b"pw"))
    identity = SigningIdentity(
        unit_code="27001", pkcs12_path=p12, passphrase=b"pw", is_test=True, trust_roots=()
    )
    with pytest.raises(SigningError, match="expired on"):
        sign_pdf(unsigned, tmp_path / "out.pdf", identity, reason="r", location="l")
    assert not (tmp_path / "out.pdf").exists()


def test_damaged_input_gives_a_signing_error(tmp_path: Path, identity: SigningIdentity) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    with pytest.raises(SigningError):
        sign_pdf(broken, tmp_path / "out.pdf", identity, reason="r", location="l")
    assert not (tmp_path / "out.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf"]


def expired_pkcs12(passphrase: bytes) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "expired (TEST)")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400))
        .not_valid_after(now - timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"expired", key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )


# --- the test PKI ---------------------------------------------------------------------------


def test_test_identity_is_reused(pki_dir: Path, identity: SigningIdentity) -> None:
    ca_before = identity.trust_roots[0].read_bytes()
    p12_before = identity.pkcs12_path.read_bytes()

    again = ensure_test_identity(pki_dir, UNIT_CODE, UNIT_NAME)

    assert again == identity
    assert again.trust_roots[0].read_bytes() == ca_before
    assert again.pkcs12_path.read_bytes() == p12_before


def test_test_certificate_is_labelled_and_fit_for_signing(identity: SigningIdentity) -> None:
    assert identity.is_test
    assert identity.pkcs12_path.name == f"{UNIT_CODE}.p12"
    _key, cert, chain = pkcs12.load_key_and_certificates(
        identity.pkcs12_path.read_bytes(), identity.passphrase
    )
    assert cert is not None
    ca = x509.load_pem_x509_certificate(identity.trust_roots[0].read_bytes())

    def first(name: x509.Name, oid: x509.ObjectIdentifier) -> str | bytes:
        return name.get_attributes_for_oid(oid)[0].value

    assert first(ca.subject, NameOID.COMMON_NAME) == TEST_CA_NAME
    assert first(cert.subject, NameOID.COMMON_NAME) == f"{UNIT_NAME} (TEST)"
    assert first(cert.subject, NameOID.ORGANIZATION_NAME) == UNIT_NAME
    assert first(cert.subject, NameOID.COUNTRY_NAME) == "VN"
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    assert [c.subject for c in chain] == [ca.subject]


def test_other_units_share_the_test_ca(pki_dir: Path, identity: SigningIdentity) -> None:
    other = ensure_test_identity(pki_dir, "27010", "UBND XÃ PHẬT TÍCH")
    assert other.trust_roots == identity.trust_roots
    assert other.pkcs12_path != identity.pkcs12_path


def test_signature_from_another_test_pki_is_untrusted(signed: Path, tmp_path: Path) -> None:
    stranger = ensure_test_identity(tmp_path / "other-pki", UNIT_CODE, UNIT_NAME)

    verdict = check_signature(signed, stranger.trust_roots)

    assert verdict.signed and verdict.intact and verdict.valid
    assert not verdict.trusted
    assert not verdict.ok
    # Both test CAs bear the same name, so pyHanko finds the stranger's root and fails on its key.
    assert any("trusted root" in problem for problem in verdict.problems)


def test_unit_code_that_is_not_a_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SigningError, match="cannot name a key file"):
        ensure_test_identity(tmp_path, "../escape", "x")


def _identity_in(pki_dir: str) -> tuple[bytes, bytes]:
    made = ensure_test_identity(Path(pki_dir), UNIT_CODE, UNIT_NAME)
    return made.trust_roots[0].read_bytes(), made.pkcs12_path.read_bytes()


def test_concurrent_first_use_yields_one_ca(tmp_path: Path) -> None:
    pki_dir = tmp_path / "pki"
    with ProcessPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_identity_in, [str(pki_dir)] * 4))

    ca_pems = {ca for ca, _p12 in results}
    assert len(ca_pems) == 1
    ca = x509.load_pem_x509_certificate(ca_pems.pop())
    assert (pki_dir / "ca" / "ca-cert.pem").read_bytes() == ca.public_bytes(
        serialization.Encoding.PEM
    )
    # Whichever racer's .p12 landed last, it is issued by the one CA.
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        (pki_dir / f"{UNIT_CODE}.p12").read_bytes(), b"sohoa-test-only"
    )
    assert cert is not None
    cert.verify_directly_issued_by(ca)
    assert sorted(p.name for p in pki_dir.iterdir()) == [f"{UNIT_CODE}.p12", "ca"]


# --- odd and damaged files ------------------------------------------------------------------

ODD_FILES = ["invalid.pdf", "livecycle.pdf", "acroform.pdf", "no_contents.pdf", "kcs.pdf"]


@pytest.mark.parametrize("name", ODD_FILES)
def test_odd_pdfs_have_no_signature_and_do_not_crash(name: str, tmp_path: Path) -> None:
    source = PEER_PDFS / name
    if not source.exists():
        pytest.skip(f"{source} not available")
    odd = tmp_path / name
    shutil.copyfile(source, odd)

    assert not has_signature(odd)
    verdict = check_signature(odd, [])
    assert not verdict.signed
    assert not verdict.ok
    assert verdict.problems


def test_unreadable_inputs_are_reported_not_raised(tmp_path: Path) -> None:
    not_pdf = tmp_path / "scan.tif"
    not_pdf.write_bytes(b"II*\x00" + bytes(64))
    missing = tmp_path / "missing.pdf"

    for path in (not_pdf, missing, tmp_path):
        assert not has_signature(path)
        verdict = check_signature(path, [])
        assert not verdict.signed
        assert len(verdict.problems) == 1


def test_truncated_signed_file_is_reported(signed: Path, identity: SigningIdentity) -> None:
    data = signed.read_bytes()
    signed.write_bytes(data[: len(data) - 300])

    verdict = check_signature(signed, identity.trust_roots)

    assert not verdict.ok
    assert verdict.problems


def test_unreadable_trust_root_is_an_installation_error(signed: Path, tmp_path: Path) -> None:
    with pytest.raises(SigningError, match="trusted root"):
        check_signature(signed, [tmp_path / "no-such-root.pem"])


# --- pdfsig ---------------------------------------------------------------------------------


@needs_pdfsig
def test_pdfsig_on_unsigned_and_unreadable_files(unsigned: Path, tmp_path: Path) -> None:
    report = run_pdfsig(unsigned)
    assert report.signature_count == 0
    assert not report.all_valid

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n")
    report = run_pdfsig(broken)
    assert report.signature_count == 0
    assert not report.all_valid


def test_pdfsig_output_with_one_bad_signature_of_two_is_not_all_valid() -> None:
    output = (
        "Digital Signature Info of: x.pdf\n"
        "Signature #1:\n"
        "  - Signature Validation: Signature is Valid.\n"
        "Signature #2:\n"
        "  - Signature Validation: Digest Mismatch.\n"
    )
    report = parse_pdfsig_output(output)
    assert report.signature_count == 2
    assert not report.all_valid


@pytest.mark.parametrize("user_password", ["citizen", ""])
def test_encrypted_pdf_is_refused(
    user_password: str, tmp_path: Path, identity: SigningIdentity
) -> None:
    encrypted = tmp_path / "encrypted.pdf"
    with pikepdf.open(make_pdf(tmp_path / "plain.pdf")) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="owner", user=user_password))

    with pytest.raises(SigningError, match="encrypted"):
        sign_pdf(encrypted, tmp_path / "out.pdf", identity, reason="r", location="l")
    assert not (tmp_path / "out.pdf").exists()
    assert not has_signature(encrypted)


def test_renamed_unit_gets_a_new_test_certificate(tmp_path: Path) -> None:
    before = ensure_test_identity(tmp_path, "27010", "UBND XÃ PHẬT TÍCH")
    old_p12 = before.pkcs12_path.read_bytes()

    after = ensure_test_identity(tmp_path, "27010", "UBND PHƯỜNG PHẬT TÍCH")

    assert after.pkcs12_path.read_bytes() != old_p12
    _key, cert, _chain = pkcs12.load_key_and_certificates(
        after.pkcs12_path.read_bytes(), after.passphrase
    )
    assert cert is not None
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == "UBND PHƯỜNG PHẬT TÍCH (TEST)"
