"""The holder's name after its label: "Họ, chữ đệm, tên: LÊ THỊ HOA", "Cấp cho: Ông Nguyễn Văn
An;", "tiếp nhận hồ sơ của: Công ty TNHH Điện tử Hanul Vina", "Cơ sở: CÔNG TY TNHH …".

Names are returned as a sentence writes them: a person's words capitalised ("Park Ji-hoon"),
an organisation's legal form kept in capitals and its trade words in lower case ("Công ty TNHH
Thực phẩm Hương Lúa Kinh Bắc"). A surname OCR read without its marks ("NGUYÊN") is given them
back from the list of common surnames, at a lower certainty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.understand.text import fold

# Labels before a holder's name, folded; the first labelled name in the document wins.
PERSON_LABELS = (
    r"ho, chu dem, ten(?: chong| nguoi yeu cau| nguoi duoc cap)?",
    r"ho va ten(?: dai dien ho kinh doanh)?(?: \(full name\)| ?/ ?full name)?",
    r"dai dien ho kinh doanh",
    r"ho ten",
    r"ten chu dau tu",
    r"cap cho",
    r"tiep nhan ho so cua",
    r"nguoi lam don",
    r"toi(?: ten)? la",
    r"ten toi la",
)
ORGANISATION_LABELS = (r"co so", r"ten doanh nghiep", r"ten to chuc")
_HONORIFIC = re.compile(r"^(?:ong|ba|anh|chi|ho ong|ho ba)[ \t\n]+")
# "hộ ông Trần Văn Bình" in a decision's subject line.
HOUSEHOLD_OF = re.compile(r"(?<![a-z])ho (?:ong|ba) ")
_STOP = re.compile(r"[;,.()\d]|[ \t](?:gioi tinh|sinh ngay|can cuoc|quoc tich|dan toc)(?![a-z])")

ORGANISATION_WORDS = {"cong", "ty", "doanh", "nghiep", "hop", "tac", "xa", "chi", "nhanh"}
LEGAL_FORMS = {"tnhh", "cp", "mtv", "htx", "dntn", "jsc", "ltd"}
# Legal forms spelled out, written as a sentence writes them after "Công ty".
SPELLED_LEGAL_FORMS = {("co", "phan"): ("Cổ", "phần"), ("trach", "nhiem"): ("Trách", "nhiệm")}
# Trade words written in lower case inside an organisation's name, after its first trade word.
TRADE_WORDS = {
    "thuc", "pham", "dien", "tu", "xay", "dung", "thuong", "mai", "dich", "vu", "dau", "san",
    "xuat", "van", "thiet", "ke", "cong", "nghe", "may", "mac", "tai", "du", "lich", "co", "khi",
    "nong", "nghiep", "thuy", "vat", "lieu", "moi", "truong", "kinh", "doanh", "phat", "trien",
    "bat", "dong", "noi", "that", "go", "my", "che", "bien", "nuoc", "uong", "va", "sach",
}  # fmt: skip
# Common surnames, folded → written; OCR drops their marks more than any other word's.
SURNAMES = {
    "nguyen": "Nguyễn", "tran": "Trần", "le": "Lê", "pham": "Phạm", "hoang": "Hoàng",
    "huynh": "Huỳnh", "phan": "Phan", "vu": "Vũ", "vo": "Võ", "dang": "Đặng", "bui": "Bùi",
    "do": "Đỗ", "ho": "Hồ", "ngo": "Ngô", "duong": "Dương", "ly": "Lý", "dao": "Đào",
    "doan": "Đoàn", "trinh": "Trịnh", "luong": "Lương", "dinh": "Đinh", "mai": "Mai",
    "truong": "Trương", "ha": "Hà", "cao": "Cao", "lam": "Lâm", "ta": "Tạ", "vuong": "Vương",
}  # fmt: skip
_MAX_NAME_WORDS = 6
# Words of a name that may have gone onto the next line, and words that are never a name's.
_TAIL_WORDS = 2
_NOT_NAME_WORDS = {"gioi", "tinh", "nam", "nu", "sinh", "ngay", "dan", "toc", "quoc", "tich"}
# An organisation's name whose first line holds no more words than this may go on below.
_BROKEN_NAME_WORDS = 4


@dataclass(frozen=True)
class FoundName:
    value: str
    start: int
    end: int
    certainty: float
    organisation: bool


def find_holder_name(text: str) -> FoundName | None:
    """The first labelled holder's name in ``text``."""
    folded = fold(text)
    best: FoundName | None = None
    for label in PERSON_LABELS + ORGANISATION_LABELS:
        pattern = re.compile(rf"(?<![a-z]){label}[ \t]*:[ \t\n]*")
        for match in pattern.finditer(folded):
            found = _name_after(text, folded, match.end(), label in ORGANISATION_LABELS)
            if found is not None:
                if best is None or found.start < best.start:
                    best = found
                break
    if best is None:
        household = HOUSEHOLD_OF.search(folded)
        if household is not None:
            best = _name_after(text, folded, household.end(), False)
    return best


def _name_after(text: str, folded: str, start: int, organisation: bool) -> FoundName | None:
    honorific = _HONORIFIC.match(folded[start:])
    if honorific is not None:
        start += honorific.end()
    end = _name_end(text, folded, start, organisation)
    raw = " ".join(text[start:end].split())
    if not raw:
        return None
    words = raw.split(" ")
    is_organisation = organisation or fold(words[0]) in ORGANISATION_WORDS
    if not is_organisation:
        words = _capitalised_run(words)
        if not 2 <= len(words) <= _MAX_NAME_WORDS:
            return None
        end = start + len(" ".join(words))
    value, certainty = _organisation(words) if is_organisation else _person(words)
    return FoundName(value, start, end, certainty, is_organisation)


def _name_end(text: str, folded: str, start: int, organisation: bool) -> int:
    """Where the name stops: punctuation, a following label, or the end of its line (an
    organisation's name, or a person's cut after one word, may run onto a next line that holds
    no label)."""
    line_end = folded.find("\n", start)
    line_end = len(folded) if line_end < 0 else line_end
    stop = _STOP.search(folded, start, line_end)
    end = stop.start() if stop else line_end
    words_on_line = len(text[start:end].split())
    organisation_goes_on = words_on_line <= _BROKEN_NAME_WORDS and (
        organisation or fold(text[start:end]).startswith("cong")
    )
    # No one is named by one word: "Bà Nghiêm\nThị Bích Lan" goes on below.
    person_goes_on = words_on_line == 1 and not organisation
    if organisation_goes_on or person_goes_on:
        if stop is None:
            end = _next_line_end(folded, line_end)
        return end
    if stop is None and not organisation:
        return _tail_below(text, start, end)
    return end


def _next_line_end(folded: str, line_end: int) -> int:
    """Where a name broken at ``line_end`` stops on the line below, which must hold no label."""
    next_end = folded.find("\n", line_end + 1)
    next_line = folded[line_end + 1 : next_end if next_end >= 0 else len(folded)]
    if not next_line or ":" in next_line:
        return line_end
    following = _STOP.search(folded, line_end + 1, line_end + 1 + len(next_line))
    return following.start() if following else line_end + 1 + len(next_line)


def _tail_below(text: str, start: int, end: int) -> int:
    """A person's name whose last word or two went onto the next line ("Bà Bùi Thị Hồng\nLiên"):
    the next line holds just one or two capitalised words, in the same case, and no label."""
    if end >= len(text) or text[end] != "\n":
        return end
    next_end = text.find("\n", end + 1)
    next_end = len(text) if next_end < 0 else next_end
    below = text[end + 1 : next_end].split()
    above = text[start:end].split()
    shouting = all(w.isupper() for w in above)
    fits = (
        1 <= len(below) <= _TAIL_WORDS
        and len(above) + len(below) <= _MAX_NAME_WORDS - 1
        and all(w.isalpha() and w[:1].isupper() and w.isupper() == shouting for w in below)
        and not set(fold(" ".join(below)).split()) & _NOT_NAME_WORDS
    )
    return next_end if fits else end


def _capitalised_run(words: list[str]) -> list[str]:
    run = []
    for word in words:
        if not (word[:1].isalpha() and word[:1].isupper()):
            break
        run.append(word)
    return run


def _person(words: list[str]) -> tuple[str, float]:
    certainty = 1.0
    written = [_capitalised(word) for word in words]
    surname = SURNAMES.get(fold(written[0]))
    if surname is not None and surname != written[0]:
        written[0] = surname
        certainty = 0.85
    return " ".join(written), certainty


def _organisation(words: list[str]) -> tuple[str, float]:
    cleaned = [w.strip("'\"`_") for w in words if w.strip("'\"`_")]
    shouting = all(not any(c.islower() for c in w) for w in cleaned)
    if not shouting:
        return " ".join(cleaned), 1.0
    written: list[str] = []
    in_trade = False
    after_legal_form = False
    for index, word in enumerate(cleaned):
        folded = fold(word)
        pair = (fold(cleaned[index - 1]), folded) if index else ("", folded)
        following = (folded, fold(cleaned[index + 1])) if index + 1 < len(cleaned) else None
        if folded in LEGAL_FORMS:
            written.append(word.upper())
            after_legal_form = True
        elif following in SPELLED_LEGAL_FORMS:
            written.append(_capitalised(word))
        elif pair in SPELLED_LEGAL_FORMS:
            written.append(word.lower())
            after_legal_form = True
        elif index == 0:
            written.append(_capitalised(word))
        elif (folded in ORGANISATION_WORDS and index < 3 and not in_trade) or (
            folded in TRADE_WORDS and in_trade
        ):
            written.append(word.lower())
        elif folded in TRADE_WORDS and not in_trade and after_legal_form:
            written.append(_capitalised(word))
            in_trade = True
            after_legal_form = False
        else:
            written.append(_capitalised(word))
            in_trade = False
    # Case was guessed for a name printed in capitals: worth a person's glance.
    return " ".join(written), 0.75


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:].lower()
