"""Planning the split of a scanned stack into one part per dossier.

Each receipt starts a new part; the pages up to the next receipt belong to it. Pages before the
first receipt form a part of their own with no dossier code, so nothing is dropped. A receipt
that repeats the code of the part it would end (the second copy, "liên 2", of the same receipt)
stays in that part. Blank pages (the backs of single-sided sheets) stay where they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.dossier.receipt import CodeSource, Receipt


@dataclass(frozen=True)
class Part:
    """One dossier of the stack: ``pages`` are indexes into the stack, in order."""

    index: int
    pages: tuple[int, ...]
    dossier_code: str | None = None
    code_source: CodeSource | None = None


def plan_parts(receipts: Sequence[Receipt | None]) -> tuple[Part, ...]:
    """The parts of a stack whose page ``i`` is the receipt ``receipts[i]`` (None: not one)."""
    parts: list[Part] = []
    for index, receipt in enumerate(receipts):
        if parts and not _starts_new_part(parts[-1], receipt):
            last = parts[-1]
            parts[-1] = Part(last.index, (*last.pages, index), last.dossier_code, last.code_source)
            continue
        code = receipt.dossier_code if receipt else None
        source = receipt.code_source if receipt else None
        parts.append(Part(len(parts), (index,), code, source))
    return tuple(parts)


def _starts_new_part(current: Part, receipt: Receipt | None) -> bool:
    if receipt is None:
        return False
    same_dossier = receipt.dossier_code is not None and receipt.dossier_code == current.dossier_code
    return not same_dossier
