"""Dates as Vietnamese papers print them, and which of them is the date of issue.

Accepted forms: ``Bắc Ninh, ngày 11 tháng 02 năm 2022``, ``ngày 5/3/2021``, ``11/02/2022``
(also with ``.`` or ``-``). Patterns run on folded text (no diacritics), so "thang", "thảng" and
"tháng" are alike; ``O``/``o`` and ``l``/``I`` stand for 0 and 1 where a digit must be; line
breaks may fall anywhere between the parts.

The date of issue is the one that follows a place name at the head of the page
(``Tiên Du, ngày 15 tháng 3 năm 2022``) or that stands alone on a line under a certification
stamp or a registration line; dates cited in the body ("căn cứ Luật … ngày 19 tháng 6 năm 2015",
"cấp ngày", "sinh ngày", "từ ngày … đến ngày") are never it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.understand.text import fold

_DIGIT = r"[0-9oli]"
_DIGIT_LOOKALIKES = str.maketrans("oli", "011")
_SPACE = r"[ \t\n]+"
# "thang" bent by OCR: "thàng", "thảng" fold to it; "tbang", "thang." are tolerated.
_THANG = r"t[hb]?[a-z]?ang"
_NAM = r"n[a-z]?[am]m?"

_WORDED = re.compile(
    rf"ng[a-z]?y[ \t\n:]*(?P<d>{_DIGIT}{{1,2}}){_SPACE}{_THANG}[ \t\n:]*(?P<m>{_DIGIT}{{1,2}})"
    rf"{_SPACE}{_NAM}[ \t\n:]*(?P<y>{_DIGIT}{{4}})"
)
_NUMERIC = re.compile(
    rf"(?<![0-9/.-])(?P<d>{_DIGIT}{{1,2}})[ \t]?(?P<s>[/.-])[ \t]?(?P<m>{_DIGIT}{{1,2}})"
    rf"[ \t]?(?P=s)[ \t]?(?P<y>(?:19|20){_DIGIT}{{2}})(?![0-9])"
)
# A place and a comma just before "ngày": the dateline of an NĐ 30 paper.
_DATELINE = re.compile(r"^[ \t]*[a-z][a-z .'-]{1,30},[ \t]*$")
# The end of a line that a date on the next line continues.
_CONTINUES = re.compile(r"(?:^|[^a-z])(ngay|den|tu|to\)|from\)|ngay:|den ngay:?)[ \t]*\n$")
_WORD = re.compile(r"[a-z0-9]")
_REGISTERED = re.compile(r"(?:^|[^a-z])(dang ky lan dau|ngay dang ky|dang ky)[ \t:]*$")


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    # "dateline" (place, ngày …), "line" (a line of its own or after a registration label),
    # "cited" (in running text), "numeric" (dd/mm/yyyy in running text).
    role: str


def to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(
            int(year.translate(_DIGIT_LOOKALIKES)),
            int(month.translate(_DIGIT_LOOKALIKES)),
            int(day.translate(_DIGIT_LOOKALIKES)),
        )
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The one date ``text`` holds in any accepted form, or None."""
    found = find_dates(text)
    return found[0].value if found else None


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text`` in reading order, each with its role."""
    folded = fold(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for match in _WORDED.finditer(folded):
        value = to_date(match["d"], match["m"], match["y"])
        if value is not None and 1900 <= value.year <= 2100:
            found.append(
                FoundDate(
                    value, match.start(), match.end(), _role(folded, match.start(), match.end())
                )
            )
            taken.append((match.start(), match.end()))
    for match in _NUMERIC.finditer(folded):
        if any(a <= match.start() < b for a, b in taken):
            continue
        value = to_date(match["d"], match["m"], match["y"])
        if value is not None:
            before = folded[max(0, match.start() - 6) : match.start()]
            start = match.start() - 5 if before.endswith("ngay ") else match.start()
            found.append(
                FoundDate(
                    value, start, match.end(), _role(folded, start, match.end(), numeric=True)
                )
            )
    return sorted(found, key=lambda f: f.start)


def _role(folded: str, start: int, end: int, numeric: bool = False) -> str:
    line_start = folded.rfind("\n", 0, start) + 1
    line_end = folded.find("\n", end)
    before_on_line = folded[line_start:start]
    after_on_line = folded[end : len(folded) if line_end < 0 else line_end]
    if _DATELINE.search(before_on_line):
        return "dateline"
    # A date alone on its line (under a stamp), not one that a broken sentence put first.
    # Specks before it ("-_ Ngày 18 tháng 02 năm 2022") do not count.
    alone = not _WORD.search(before_on_line) and not after_on_line.strip(" \t.;,")
    if alone and _CONTINUES.search(folded[max(0, line_start - 20) : line_start]):
        alone = False  # "… đến ngày\n30/10/2024": the sentence goes on
    if alone or _REGISTERED.search(before_on_line):
        return "line"
    return "numeric" if numeric else "cited"
