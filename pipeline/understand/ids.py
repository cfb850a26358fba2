"""Identity numbers of a paper's holder: a person's CCCD (12 digits) or CMND (9 digits), a
passport number, an organisation's tax or enterprise code (10 digits, or 10-3 for a branch).

A number counts only after a label that says what it is ("Căn cước công dân số", "Số định danh
cá nhân", "Mã số doanh nghiệp", "Số hộ chiếu" …); a bare run of digits (a phone number, a land
parcel) is never taken for an id. ``O``/``o`` inside the digits is read as 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.understand.text import fold


class IdKind(StrEnum):
    CCCD = "cccd"
    CMND = "cmnd"
    PASSPORT = "passport"
    TAX_CODE = "tax_code"


@dataclass(frozen=True)
class FoundId:
    value: str
    kind: IdKind
    start: int
    end: int


# Up to 40 characters between label and number, across at most one line break.
_GAP = r"[^\n]{0,40}?(?:\n[ \t]*)?"
_LABELS: tuple[tuple[IdKind, str], ...] = (
    (IdKind.CCCD, rf"(can cuoc cong dan|can cuoc|cccd|so dinh danh ca nhan|dinh danh){_GAP}"),
    (IdKind.CCCD, rf"so giay to phap ly cua ca nhan{_GAP}"),
    (IdKind.CMND, rf"(chung minh nhan dan|cmnd){_GAP}"),
    (IdKind.PASSPORT, rf"(ho chieu|passport){_GAP}"),
    (IdKind.TAX_CODE, rf"(ma so doanh nghiep|ma so thue|mst){_GAP}"),
)
_DIGITS = r"[0-9o]"
_VALUE = {
    IdKind.CCCD: rf"(?P<v>[0o]{_DIGITS}{{11}})(?![0-9])",
    IdKind.CMND: rf"(?P<v>{_DIGITS}{{9}}|{_DIGITS}{{12}})(?![0-9])",
    IdKind.PASSPORT: r"(?<![a-z0-9])(?P<v>[a-z]{1,2}[0-9o]{7,8})(?![0-9])",
    IdKind.TAX_CODE: rf"(?P<v>{_DIGITS}{{10}}(?:-{_DIGITS}{{3}})?)(?![0-9])",
}
_PATTERNS = tuple(
    (kind, re.compile(rf"(?<![a-z]){label}(?<![0-9])" + _VALUE[kind])) for kind, label in _LABELS
)


def find_ids(text: str) -> list[FoundId]:
    """Labelled ids in ``text`` in reading order, as printed (upper case, digits)."""
    folded = fold(text)
    found: dict[int, FoundId] = {}
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span("v")
            value = _clean(text[start:end], kind)
            if value is not None and start not in found:
                found[start] = FoundId(value, _kind_of(value, kind), start, end)
    return [found[start] for start in sorted(found)]


def _clean(raw: str, kind: IdKind) -> str | None:
    if kind is IdKind.PASSPORT:
        letters = 2 if raw[1].isalpha() and raw[1] not in "oO" else 1
        return raw[:letters].upper() + raw[letters:].replace("O", "0").replace("o", "0")
    return raw.replace("O", "0").replace("o", "0")


def _kind_of(value: str, labelled: IdKind) -> IdKind:
    """A CMND label over 12 digits is a new CCCD (people keep saying the old name)."""
    if labelled is IdKind.CMND and len(value) == 12:
        return IdKind.CCCD
    return labelled


def is_cccd(value: str) -> bool:
    return len(value) == 12 and value.isdigit() and value.startswith("0")


def is_tax_code(value: str) -> bool:
    return re.fullmatch(r"[0-9]{10}(-[0-9]{3})?", value) is not None
