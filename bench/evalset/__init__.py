"""The accuracy benchmark's evaluation set: papers, scan degradations, and their ground truth.

It reuses the typesetting and scanner pieces of ``samples/scangen`` (imported, never edited) but
has its own document templates, so nothing in it is one of the unit-test samples.
"""

from __future__ import annotations

import sys
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
if str(SAMPLES_DIR) not in sys.path:
    sys.path.insert(0, str(SAMPLES_DIR))
