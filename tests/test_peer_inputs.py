"""Real scans and awkward PDFs from a peer's test suite: each is stored as a PDF/A that
`sohoa verify` accepts, or quarantined with a reason; none stops the batch or fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.cli import main
from tests.conftest import SHARED_DATA

NOT_DIGITISABLE = {
    "invalid.pdf": "damaged",
    "linn.txt": "looks like text",
    "README.md": "looks like text",
}


def test_peer_inputs_are_stored_as_verified_pdfa_or_quarantined(
    data_dir: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "peer-pdfs"
    shutil.copytree(SHARED_DATA / "peer-pdfs", inbox)
    out = tmp_path / "out"

    assert main(["process", str(inbox), "--out", str(out)]) == 0

    stored = []
    for source in sorted(inbox.iterdir()):
        sidecar = json.loads((out / f"{source.name}.json").read_text("utf-8"))
        if source.name in NOT_DIGITISABLE:
            assert NOT_DIGITISABLE[source.name] in sidecar["error"], source.name
            continue
        assert sidecar["error"] is None, (source.name, sidecar["error"])
        assert sidecar["pages"], source.name
        stored.append(out / f"{source.name}.pdf")
    assert len(stored) == 31
    assert main(["verify", *map(str, stored)]) == 0
