"""A scanned input cut into the documents it holds: one per dossier in a stack, else one.

Each part carries the pages of the input that belong to it (a `LoadedInput` of its own, whose
pages keep their index in the input so the assembler finds them in the source PDF) and the
text read from them, renumbered from 0 as the part's own PDF numbers them.

Outputs: the first part keeps the names DESIGN §5 gives an input (``<input name>.json`` and
``.pdf``); part ``n`` (counting from 1) of a stack is ``<input name>.part<n>.json`` and ``.pdf``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pipeline.dossier.receipt import CodeSource, Receipt
from pipeline.dossier.split import Part, plan_parts
from pipeline.understand.dossier_code import find_dossier_codes
from pipeline.understand.text import Evidence, union
from pipeline.values import LoadedInput, PageText, Word

# A QR code's payload passed Reed-Solomon error correction: as sure as a reading gets.
QR_CONFIDENCE = 1.0


@dataclass(frozen=True)
class StackPart:
    index: int
    loaded: LoadedInput
    pages: tuple[PageText, ...]
    dossier_code: str | None = None
    code_source: CodeSource | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def dossier_code_field(self) -> dict[str, Any] | None:
        """The ``fields`` JSON entry of the mã hồ sơ: value, confidence, evidence."""
        if self.dossier_code is None:
            return None
        receipt = self.pages[0]
        line = _line_holding(receipt, self.dossier_code)
        if self.code_source is CodeSource.QR or line is None:
            evidence: dict[str, object] = {"page": receipt.index, "box": None}
            confidence = QR_CONFIDENCE
        else:
            confidence = round(sum(word.confidence for word in line) / len(line), 4)
            box = union(word.box for word in line)
            evidence = Evidence(receipt.index, box, confidence).as_json()
        return {"value": self.dossier_code, "confidence": confidence, "evidence": evidence}


def part_file_name(input_name: str, part_index: int) -> str:
    """The name that a part's outputs take before ``.json`` / ``.pdf``."""
    return input_name if part_index == 0 else f"{input_name}.part{part_index + 1}"


def whole_input(loaded: LoadedInput, pages: Mapping[int, PageText]) -> tuple[StackPart]:
    return (StackPart(0, loaded, tuple(pages[i] for i in sorted(pages))),)


def split_stack(
    loaded: LoadedInput,
    pages: Mapping[int, PageText],
    receipts: Mapping[int, Receipt | None],
) -> tuple[StackPart, ...]:
    """One part per dossier, cut at each receipt (see :mod:`pipeline.dossier.split`)."""
    plan = plan_parts([receipts.get(i) for i in range(len(loaded.pages))])
    return tuple(_stack_part(loaded, pages, part) for part in plan)


def _stack_part(loaded: LoadedInput, pages: Mapping[int, PageText], part: Part) -> StackPart:
    sources = tuple(loaded.pages[i] for i in part.pages)
    texts = tuple(replace(pages[i], index=n) for n, i in enumerate(part.pages))
    return StackPart(
        part.index, replace(loaded, pages=sources), texts, part.dossier_code, part.code_source
    )


def _line_holding(page: PageText, code: str) -> list[Word] | None:
    for line in page.lines:
        if code in find_dossier_codes(" ".join(word.text for word in line)):
            return line
    return None
