"""Document numbers (số ký hiệu) as printed: ``Số: 123/QĐ-UBND`` gives ``123/QĐ-UBND``.

NĐ 30/2020 numbers are ``<number>/<type>-<body>`` (``328/KH-UBND``), optionally with the year
(``87/2022/ATTP-CNĐK``); civil-status books print a bare number (``Số: 12``). A household
business certificate's number is its registration code (``Mã số hộ kinh doanh: 21E8001415``), a
certified copy's is its số chứng thực. OCR slips are mended where the form leaves no doubt: ``O``
for 0 in the digits, a symbol read without its Đ ("QD-UBND" is "QĐ-UBND").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.understand.text import fold

# Symbols whose Đ OCR tends to lose, by their folded form (NĐ 30/2020 appendix I and sector forms).
_SYMBOLS_WITH_D = {
    "qd": "QĐ",
    "qyd": "QyĐ",
    "hd": "HĐ",
    "hdnd": "HĐND",
    "gpld": "GPLĐ",
    "cndk": "CNĐK",
    "slđtbxh": "SLĐTBXH",
    "sldtbxh": "SLĐTBXH",
    "ld": "LĐ",
    "ldtbxh": "LĐTBXH",
    "nd": "NĐ",
    "dkkd": "ĐKKD",
    "dkhkd": "ĐKHKD",
    "gddt": "GDĐT",
    "khdt": "KHĐT",
}
_NUMBER_PART = r"[0-9Oo]{1,6}"
_SYMBOL_PART = r"[A-ZĐa-zđ][A-ZĐa-zđ0-9&.]*"
NUMBER_SYMBOL = re.compile(
    rf"(?P<n>{_NUMBER_PART})(?:[ \t]?/[ \t]?(?P<y>(?:19|20)[0-9Oo]{{2}}))?"
    rf"(?:(?P<slash>[ \t]?/[ \t]?|(?=[A-ZĐ]{{2}}))"
    rf"(?P<s>{_SYMBOL_PART}(?:[ \t]?[-–][ \t]?{_SYMBOL_PART})*))?"
    rf"(?![0-9A-Za-zĐđ/])"
)
# A permit numbered by series letters and digits ("Số /No: BN52354461").
SERIES_NUMBER = re.compile(r"(?P<v>[A-Z]{1,3}[0-9][0-9OolI]{5,9})(?![0-9A-Za-z])")
_SERIES_DIGITS = str.maketrans("OolI", "0011")
# "Số:" at the start of a header line, bent: "Sô:", "So:", "S6:", "Số.", and the label lost.
_NUMBER_LABEL = re.compile(
    r"^[ \t]*(?:s[o0-9]{1,2}|si\??)[ \t]*(?:/[ \t]*no\.?)?[ \t]*[:;.?]?[ \t]*(?=[0-9a-z])"
)
_CERTIFICATION = re.compile(r"so chung thuc[ \t]*[:;.]?[ \t]*(?P<v>[0-9o]{1,8})(?![0-9])")
_HOUSEHOLD = re.compile(
    r"ma so (?:ho kinh doanh|dang ky ho kinh doanh)[ \t]*[:;.]?[ \t]*"
    r"(?P<v>[0-9a-z]{6,15})(?![0-9a-z])"
)


@dataclass(frozen=True)
class FoundNumber:
    value: str
    start: int
    end: int
    # 1.0 when printed exactly as the form wants; lower when a label or a letter was mended.
    certainty: float


def parse_number(text: str) -> FoundNumber | None:
    """The number that follows a ``Số:`` label at the start of ``text``."""
    folded = fold(text)
    label = _NUMBER_LABEL.match(folded)
    if label is None:
        return None
    certainty = 1.0 if folded[label.start() : label.end()].strip().startswith("so") else 0.6
    series = SERIES_NUMBER.match(text, label.end())
    if series is not None:
        letters = len(series["v"]) - len(series["v"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        value = series["v"][:letters] + series["v"][letters:].translate(_SERIES_DIGITS)
        return FoundNumber(value, series.start(), series.end(), certainty)
    match = NUMBER_SYMBOL.match(text, label.end())
    if match is None:
        return None
    value, mended = _canonical(match)
    if match["s"] and not match["slash"]:
        certainty *= 0.85  # "616GPXD-SXD": the slash OCR lost is put back
    return FoundNumber(value, match.start(), match.end(), certainty * (0.9 if mended else 1.0))


def find_certification_number(text: str) -> FoundNumber | None:
    match = _CERTIFICATION.search(fold(text))
    if match is None:
        return None
    start, end = match.span("v")
    return FoundNumber(_digits(text[start:end]), start, end, 1.0)


def find_household_code(text: str) -> FoundNumber | None:
    match = _HOUSEHOLD.search(fold(text))
    if match is None:
        return None
    start, end = match.span("v")
    return FoundNumber(text[start:end].upper(), start, end, 1.0)


def _digits(raw: str) -> str:
    return raw.replace("O", "0").replace("o", "0")


def _canonical(match: re.Match[str]) -> tuple[str, bool]:
    number = _digits(match["n"])
    mended = number != match["n"]
    parts = [number]
    if match["y"]:
        parts.append(_digits(match["y"]))
    if match["s"]:
        symbol, symbol_mended = _symbol(match["s"])
        parts.append(symbol)
        mended = mended or symbol_mended
    return "/".join(parts), mended


def _symbol(raw: str) -> tuple[str, bool]:
    pieces = re.split(r"[ \t]?[-–][ \t]?", raw.strip())
    fixed = []
    for piece in pieces:
        known = _SYMBOLS_WITH_D.get(fold(piece))
        fixed.append(known if known is not None and "Đ" not in piece.upper() else piece)
    value = "-".join(fixed)
    return value, value != raw
