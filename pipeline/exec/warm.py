"""Imported by the pool's server process only (one of STAGE_MODULES): it reads the Vietnamese
post-correction model once, so every worker forks with it in memory instead of each reading the
same 0.2 CPU-seconds of tables on its first page."""

from __future__ import annotations

import contextlib

from pipeline.errors import SohoaError
from pipeline.read.postcorrect import load_model

# A broken model must not stop the pool: the first page that uses it says what is wrong.
with contextlib.suppress(SohoaError):
    load_model()
