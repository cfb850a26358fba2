"""What keeps `sohoa process` close to raw Tesseract without timing anything: the parent process
stays light, each worker parses its signing key once, and the largest inputs go first.
The speed itself is measured by bench/throughput.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.sign.signers import pdf_cms

from pipeline.keep.sign import sign_pdf
from pipeline.keep.signature_check import check_signature
from pipeline.keep.testpki import ensure_test_identity
from pipeline.process import largest_first
from tests.test_signing import make_pdf

# Libraries only workers use; the parent process should never pay for importing them.
WORKER_ONLY_MODULES = ("cv2", "pyhanko", "fontTools")


def test_the_parent_imports_no_worker_library() -> None:
    # What `sohoa process` imports in its own process before it hands pages to workers.
    parent = (
        "import sys, pipeline.cli, pipeline.process, pipeline.db.session, "
        "pipeline.keep.identities, pipeline.progress, pipeline.exec.stages; "
        f"print([m for m in {WORKER_ONLY_MODULES!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", parent], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_stage_functions_reach_their_modules_in_a_worker() -> None:
    worker = (
        "import sys, pipeline.exec.stages as s; "
        "[__import__(m) for m in s.STAGE_MODULES]; "
        "from pipeline.read.ocr import read_page; "
        "from pipeline.keep.finish import finish_document; "
        "print(all(m in sys.modules for m in ('cv2', 'pyhanko')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", worker], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_a_worker_forks_with_the_post_correction_model_already_read() -> None:
    from pipeline.exec.local import LocalPool
    from pipeline.exec.stages import STAGE_MODULES

    pool = LocalPool(1, preload=STAGE_MODULES)
    try:
        cached = pool.submit(_model_reads_so_far, None).result(timeout=120)
    finally:
        pool.shutdown()
    assert cached == 1


def _model_reads_so_far(_: None) -> int:
    from pipeline.read.postcorrect import load_model

    return load_model.cache_info().currsize


def test_largest_inputs_come_first_and_missing_ones_last(tmp_path: Path) -> None:
    small, large, middle = (tmp_path / name for name in ("small.jpg", "large.pdf", "middle.png"))
    small.write_bytes(b"x" * 10)
    large.write_bytes(b"x" * 1000)
    middle.write_bytes(b"x" * 100)
    missing = tmp_path / "gone.jpg"
    assert largest_first([small, missing, middle, large]) == (large, middle, small, missing)


def test_a_worker_signs_many_documents_with_its_key_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = ensure_test_identity(tmp_path / "pki", "27001", "UBND HUYỆN TIÊN DU")
    sign_pdf(
        make_pdf(tmp_path / "a.pdf"), tmp_path / "a.signed.pdf", identity, reason="r", location="l"
    )

    def parse_again(*args: object, **kwargs: object) -> object:
        raise AssertionError("the signing key was parsed again")

    monkeypatch.setattr(pdf_cms.serialization, "load_der_private_key", parse_again)
    for name in ("b", "c"):
        signed = tmp_path / f"{name}.signed.pdf"
        sign_pdf(make_pdf(tmp_path / f"{name}.pdf"), signed, identity, reason="r", location="l")
        assert check_signature(signed, identity.trust_roots).ok
