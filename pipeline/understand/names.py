"""The holder's name after its label: "Họ, chữ đệm, tên: LÊ THỊ HOA", "Cấp cho: Ông Nguyễn Văn
An;", "tiếp nhận hồ sơ của: Công ty TNHH Điện tử Hanul Vina", "Cơ sở: CÔNG TY TNHH …".

Names are returned as a sentence writes them: a person's words capitalised ("Park Ji-hoon"),
an organisation's printed in capitals re-cased by NĐ 30/2020's rule for organisations' names
(legal form, business lines, then the proper name: "Công ty TNHH Thực phẩm Sạch Thiên Phú").
A surname OCR read without its marks ("NGUYÊN") is given them back from the list of common
surnames, at a lower certainty.
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
# "Chị" is an honorific, "Chi nhánh" (a branch) an organisation's first words.
_HONORIFIC = re.compile(r"^(?:ong|ba|anh|chi(?![ \t\n]+nhanh)|ho ong|ho ba)[ \t\n]+")
# "hộ ông Trần Văn Bình" in a decision's subject line.
HOUSEHOLD_OF = re.compile(r"(?<![a-z])ho (?:ong|ba) ")
_STOP = re.compile(r"[;,.()\d]|[ \t](?:gioi tinh|sinh ngay|can cuoc|quoc tich|dan toc)(?![a-z])")

ORGANISATION_WORDS = {"cong", "ty", "doanh", "nghiep", "hop", "tac", "xa", "chi", "nhanh"}
# An organisation's name is written as NĐ 30/2020 (Phụ lục II) writes an organisation's: the
# phrases naming its kind (legal form) and its business lines each begin with a capital ("Công
# ty Cổ phần", "Hợp tác xã", "Thực phẩm", "Nước sạch"), "và" between two business lines stays in
# lower case, and the proper name that follows has every syllable capitalised ("Sạch Thiên
# Phú"). Phrases are folded syllables; an abbreviation in LEGAL_FORM_ABBREVIATIONS stays capitals.
LEGAL_FORM_ABBREVIATIONS = {"tnhh", "cp", "mtv", "htx", "dntn", "jsc", "ltd"}
LEGAL_FORM_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "chi nhanh", "van phong dai dien", "cong ty", "tong cong ty", "trach nhiem huu han",
        "mot thanh vien", "hai thanh vien tro len", "co phan", "hop danh", "hop tac xa",
        "lien hiep hop tac xa", "ho kinh doanh", "doanh nghiep tu nhan", "tap doan",
        "nha may", "xi nghiep", "co so", *sorted(LEGAL_FORM_ABBREVIATIONS),
    )
)  # fmt: skip
BUSINESS_LINE_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "thuc pham", "nuoc sach", "nuoc uong", "nuoc giai khat", "xay dung", "xay lap",
        "thuong mai", "dich vu", "dau tu", "san xuat", "van tai", "van chuyen", "du lich",
        "co khi", "chinh xac", "dien", "dien tu", "dien lanh", "dien luc", "vien thong",
        "cong nghe", "cong nghe thong tin", "phan mem", "tu van", "thiet ke", "kinh doanh",
        "phat trien", "bat dong san", "do thi", "ha tang", "noi that", "moi truong", "nong nghiep",
        "lam nghiep", "thuy san", "chan nuoi", "che bien", "may mac", "det may", "vat lieu",
        "linh kien", "thiet bi", "xuat nhap khau", "xuat khau", "nhap khau", "giao duc",
        "dao tao", "y te", "duoc pham", "my pham", "hoa chat", "nang luong", "khai thac",
        "khoang san", "ky thuat", "tu dong hoa", "quang cao", "truyen thong", "in",
        "tai chinh", "bao hiem", "an uong", "nha hang", "khach san", "tap hoa", "tong hop",
        "kho van", "giao nhan", "logistics", "go", "my nghe", "thu cong", "nhua", "bao bi",
    )
)  # fmt: skip
_AND = "va"
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
    folded = [fold(word) for word in cleaned]
    written: list[str] = []
    index = _take_phrases(cleaned, folded, 0, LEGAL_FORM_PHRASES, written)
    index = _take_phrases(cleaned, folded, index, BUSINESS_LINE_PHRASES, written)
    written.extend(_capitalised(word) for word in cleaned[index:])
    # Case was guessed for a name printed in capitals: worth a person's glance.
    return " ".join(written), 0.75


def _take_phrases(
    words: list[str],
    folded: list[str],
    start: int,
    phrases: frozenset[tuple[str, ...]],
    written: list[str],
) -> int:
    """Write the run of ``phrases`` (joined by "và") from ``start``; where the run ends."""
    index = start
    while index < len(words):
        length = _phrase_length(folded, index, phrases)
        if length:
            written.extend(_phrase_written(words[index : index + length]))
            index += length
        elif index > start and folded[index] == _AND and _phrase_length(folded, index + 1, phrases):
            written.append(words[index].lower())
            index += 1
        else:
            break
    return index


def _phrase_length(folded: list[str], start: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """How many words the longest of ``phrases`` found at ``start`` covers (0: none)."""
    longest = max(len(phrase) for phrase in phrases)
    for length in range(min(longest, len(folded) - start), 0, -1):
        if tuple(folded[start : start + length]) in phrases:
            return length
    return 0


def _phrase_written(words: list[str]) -> list[str]:
    """A phrase begins with a capital and goes on in lower case; abbreviations stay capitals."""
    return [
        word.upper()
        if fold(word) in LEGAL_FORM_ABBREVIATIONS
        else _capitalised(word)
        if position == 0
        else word.lower()
        for position, word in enumerate(words)
    ]


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:].lower()
