"""Until when a paper is valid, when it says so itself.

Absolute: "có hiệu lực đến ngày 19 tháng 4 năm 2025", "có giá trị đến 31/12/2024", a work
permit's "Thời hạn làm việc: từ ngày (from) 01/4/2022 đến ngày (to) 31/3/2024". Relative to the
issue date: "có hiệu lực … trong thời hạn 12 tháng kể từ ngày cấp". Otherwise the type's default
from config applies (pipeline/understand/extract.py), or nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.understand.dates import find_dates
from pipeline.understand.text import fold

# A validity phrase, then (within a line or two) "đến [ngày] [(to)]" and a date.
_UNTIL = re.compile(
    r"(co hieu luc|co gia tri|hieu luc|gia tri su dung|thoi han lam viec|thoi han)"
    r"[^.;]{0,120}?(?<![a-z])den(?![a-z])"
)
# What may stand between "đến" and its date.
_BEFORE_DATE = re.compile(r"^[ \t\n:]*(?:ngay)?[ \t\n]*(?:\(to\))?[ \t\n:]*$")
_RELATIVE = re.compile(
    r"(co hieu luc|co gia tri|hieu luc|gia tri su dung)[^.;]{0,80}?trong thoi han[ \t\n]+"
    r"(?P<n>[0-9]{1,3})[ \t\n]+(?P<unit>thang|nam)[ \t\n,]+ke tu ngay (?:cap|ky|ban hanh)"
)


@dataclass(frozen=True)
class FoundValidity:
    value: date
    start: int
    end: int
    certainty: float


def explicit_validity(text: str, issue_date: date | None) -> FoundValidity | None:
    folded = fold(text)
    for match in _UNTIL.finditer(folded):
        dates = find_dates(text[match.end() : match.end() + 40])
        if dates and _BEFORE_DATE.match(folded[match.end() : match.end() + dates[0].start]):
            found = dates[0]
            return FoundValidity(found.value, match.start(), match.end() + found.end, 1.0)
    if issue_date is not None:
        relative = _RELATIVE.search(folded)
        if relative is not None:
            count = int(relative["n"])
            months = count if relative["unit"] == "thang" else 12 * count
            return FoundValidity(
                plus_months(issue_date, months), relative.start(), relative.end(), 0.95
            )
    return None


def plus_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
