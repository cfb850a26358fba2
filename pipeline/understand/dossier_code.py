"""Mã hồ sơ: the dossier code printed on a receipt and in its QR code (DESIGN §2).

A code is ``<agency id>-YYMMDD-NNNN``: the agency id of QCVN 102:2016 (``V1V2V3.Z1Z2.Y1Y2.MX1X2``,
e.g. ``000.00.25.H06``), the day the dossier was received and the day's sequence number. OCR
bends such strings: ``0`` read as ``O``, ``1`` as ``l``, spaces around dots and dashes, a comma
for a dot, an en dash for a hyphen. The patterns below accept those bends only where a digit or a
separator must stand, and a code counts only if its date part is a real date.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# What OCR makes of a digit: each look-alike maps to the digit it stands for.
_DIGIT_LOOKALIKES = str.maketrans("OoQDIl|i!ZzSsBbGgq", "000011111225586699")
_D = r"[0-9OoQDIl|i!ZzSsBbGgq]"
_DOT = r"[ \t]{0,2}[.,·][ \t]{0,2}"
_DASH = r"[ \t]{0,2}[-‐‑‒–—―−_~][ \t]{0,2}"

_CODE = re.compile(
    rf"(?<![0-9A-Za-z])"
    rf"(?P<v>{_D}{{3}}){_DOT}(?P<z>{_D}{{2}}){_DOT}(?P<y>{_D}{{2}}){_DOT}"
    rf"(?P<m>[A-Za-z])(?P<x>{_D}{{2}})"
    rf"{_DASH}(?P<yy>{_D}{{2}})[ \t]?(?P<mm>{_D}{{2}})[ \t]?(?P<dd>{_D}{{2}})"
    rf"{_DASH}(?P<n>{_D}{{4}})"
    rf"(?![0-9])"
)


def _digits(group: str) -> str:
    return group.translate(_DIGIT_LOOKALIKES)


def _received_on(yy: str, mm: str, dd: str) -> date | None:
    try:
        return date(2000 + int(yy), int(mm), int(dd))
    except ValueError:
        return None


def _canonical(match: re.Match[str]) -> str | None:
    """The code in its printed form, or None when the date part is not a real date."""
    yy, mm, dd = (_digits(match[name]) for name in ("yy", "mm", "dd"))
    if _received_on(yy, mm, dd) is None:
        return None
    agency = ".".join(
        (_digits(match["v"]), _digits(match["z"]), _digits(match["y"]), match["m"].upper())
    )
    return f"{agency}{_digits(match['x'])}-{yy}{mm}{dd}-{_digits(match['n'])}"


def find_dossier_codes(text: str) -> list[str]:
    """Every distinct mã hồ sơ in ``text``, in the order first seen, in canonical form."""
    found: list[str] = []
    for match in _CODE.finditer(unicodedata.normalize("NFKC", text)):
        code = _canonical(match)
        if code is not None and code not in found:
            found.append(code)
    return found


def parse_dossier_code(text: str) -> str | None:
    """The one mã hồ sơ that ``text`` holds (a QR payload, a field's value, a line such as
    ``Mã hồ sơ: …``) in canonical form; None when it holds none, or several different ones."""
    codes = find_dossier_codes(text)
    return codes[0] if len(codes) == 1 else None


def received_date(code: str) -> date | None:
    """The day the dossier was received, read from a code's date part."""
    match = _CODE.search(code)
    if match is None:
        return None
    return _received_on(*(_digits(match[name]) for name in ("yy", "mm", "dd")))
