"""Which kind of paper is this? (DESIGN §5 document-type slugs.)

Administrative papers carry a formulaic title in capitals under the national motto ("QUYẾT ĐỊNH",
"GIẤY PHÉP XÂY DỰNG", ...), so rules over the title decide most documents. A certified copy keeps
the copied paper's title; it is recognised by the certification stamp ("Chứng thực bản sao đúng
với bản chính"), which wins over any title.

Text is compared folded: lower case, without diacritics, punctuation as spaces, so "QUYÉT ĐINH",
"Quyet dinh" and "QUYẾT ĐỊNH" are the same title; small OCR slips are absorbed by fuzzy matching.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

DOC_TYPES = (
    "quyet_dinh",
    "giay_phep_xay_dung",
    "gcn_ho_kinh_doanh",
    "gcn_attp",
    "khai_sinh",
    "gcn_ket_hon",
    "chung_thuc_ban_sao",
    "giay_phep_lao_dong",
    "phieu_hen_tra_ket_qua",
    "don_de_nghi",
)

# (slug, folded title). A line may match several; the best-scoring, then the longest, wins.
TITLES: tuple[tuple[str, str], ...] = (
    ("phieu_hen_tra_ket_qua", "giay tiep nhan ho so va hen tra ket qua"),
    ("phieu_hen_tra_ket_qua", "phieu tiep nhan ho so va hen tra ket qua"),
    ("phieu_hen_tra_ket_qua", "phieu hen tra ket qua"),
    ("gcn_ho_kinh_doanh", "giay chung nhan dang ky ho kinh doanh"),
    ("gcn_attp", "giay chung nhan co so du dieu kien an toan thuc pham"),
    ("gcn_ket_hon", "giay chung nhan ket hon"),
    ("khai_sinh", "giay khai sinh"),
    ("khai_sinh", "trich luc khai sinh"),
    ("giay_phep_lao_dong", "giay phep lao dong"),
    ("giay_phep_lao_dong", "work permit"),
    ("giay_phep_xay_dung", "giay phep xay dung"),
    ("don_de_nghi", "don de nghi"),
    ("don_de_nghi", "giay de nghi"),
    ("don_de_nghi", "don xin"),
    ("don_de_nghi", "don dang ky"),
    ("quyet_dinh", "quyet dinh"),
)
# Titles of papers outside the closed list: such a paper's type is null, not the nearest type.
# They count only when no listed title is found (a header broken as "PHÒNG TÀI CHÍNH -" /
# "KẾ HOẠCH" must not hide the title below it).
OTHER_TITLES = (
    "ke hoach",
    "thong bao",
    "to trinh",
    "bao cao",
    "bien ban",
    "nghi quyet",
    "chi thi",
    "giay moi",
    "giay xac nhan",
    "giay uy quyen",
    "hop dong",
    "giay chung nhan quyen su dung dat",
)
CERTIFICATION_STAMP = "chung thuc ban sao dung voi ban chinh"
# Lines of the same stamp, for when its first line was not read: they appear on no other paper.
CERTIFICATION_DETAILS = ("so chung thuc", "nguoi thuc hien chung thuc")

# Fuzzy score (0-100) a folded line must reach to count as a title or stamp.
MATCH_THRESHOLD = 86.0
# Confidence of an exact title printed as a title; a weaker match or place scales it down.
TITLE_CONFIDENCE = 0.97
STAMP_CONFIDENCE = 0.98
STAMP_DETAIL_CONFIDENCE = 0.9
# How sure an unlisted title makes us that the type is none of the list.
OTHER_CONFIDENCE = 0.9
# A title phrase found only inside running text (not a capitalised title line) is weak evidence.
BODY_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Classification:
    """A document type with its confidence (0..1) and the text that decided it.

    ``evidence`` is the decisive line(s) as they appear in the classified text and ``span`` their
    character offsets in it (after NFC normalisation), so a caller can find the words and boxes.
    ``method`` says what decided: "rules", "model", "rules+model" or "none".
    """

    doc_type: str | None
    confidence: float
    evidence: str | None = None
    span: tuple[int, int] | None = None
    method: str = "none"

    @staticmethod
    def unknown() -> Classification:
        return Classification(doc_type=None, confidence=0.0)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    folded: str


@dataclass(frozen=True)
class _Match:
    doc_type: str | None  # None: a title outside the list
    score: float
    pattern_length: int
    line: _Line
    title_like: bool


def classify_document(text: str) -> Classification:
    """Classify by the rules, joined with the trained model when one is installed."""
    text = unicodedata.normalize("NFC", text)
    rules = classify_by_rules(text)
    from pipeline.understand import doctype_model

    model = doctype_model.installed_model()
    if model is None:
        return rules
    return combine(rules, model.predict(text))


def classify_by_rules(text: str) -> Classification:
    text = unicodedata.normalize("NFC", text)
    lines = list(_lines(text))
    stamp = _certification_stamp(lines)
    if stamp is not None:
        return stamp
    unlisted: _Match | None = None
    in_body: _Match | None = None
    for match in _title_matches(lines):  # reading order: the first listed title decides
        if match.title_like and match.doc_type is not None:
            chosen, weight = match, TITLE_CONFIDENCE
            break
        if match.title_like:
            unlisted = unlisted or match
        elif match.doc_type is not None:
            in_body = in_body or match
    else:
        if unlisted is not None:
            chosen, weight = unlisted, OTHER_CONFIDENCE
        elif in_body is not None:
            chosen, weight = in_body, BODY_CONFIDENCE
        else:
            return Classification.unknown()
    return Classification(
        doc_type=chosen.doc_type,
        confidence=round(weight * _strength(chosen.score), 4),
        evidence=chosen.line.text,
        span=(chosen.line.start, chosen.line.end),
        method="rules",
    )


def combine(rules: Classification, model: Classification) -> Classification:
    """One confidence from two opinions: agreement reinforces, disagreement weakens the winner.

    Rules that found an unlisted title answer "none of the types" (doc_type None with a
    confidence); that answer competes with the model's like any other."""
    if model.doc_type is None:
        return rules
    if rules.doc_type is None and rules.confidence == 0.0:
        return model
    if rules.doc_type == model.doc_type:
        joint = 1.0 - (1.0 - rules.confidence) * (1.0 - model.confidence)
        return Classification(
            doc_type=rules.doc_type,
            confidence=round(min(joint, 0.999), 4),
            evidence=rules.evidence,
            span=rules.span,
            method="rules+model",
        )
    winner, loser = (rules, model) if rules.confidence >= model.confidence else (model, rules)
    return Classification(
        doc_type=winner.doc_type,
        confidence=round(winner.confidence * (1.0 - loser.confidence), 4),
        evidence=winner.evidence,
        span=winner.span,
        method=winner.method,
    )


def fold(text: str) -> str:
    """Lower case, no diacritics (đ is d), anything but letters and digits a space; same length."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if base.isascii() and base.isalnum() else " "


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if stripped:
            offset = start + body.index(stripped)
            folded = " ".join(fold(stripped).split())
            if folded:
                yield _Line(offset, offset + len(stripped), stripped, folded)
        start += len(raw)


def _certification_stamp(lines: list[_Line]) -> Classification | None:
    for line in _lines_and_pairs(lines):
        if len(line.folded) > len(CERTIFICATION_STAMP) + 12:
            continue
        score = _score(CERTIFICATION_STAMP, line.folded)
        if score >= MATCH_THRESHOLD:
            return Classification(
                doc_type="chung_thuc_ban_sao",
                confidence=round(STAMP_CONFIDENCE * _strength(score), 4),
                evidence=line.text,
                span=(line.start, line.end),
                method="rules",
            )
    for line in lines:
        for detail in CERTIFICATION_DETAILS:
            if _starts_with(detail, line.folded):
                score = _score(detail, line.folded[: len(detail)])
                return Classification(
                    doc_type="chung_thuc_ban_sao",
                    confidence=round(STAMP_DETAIL_CONFIDENCE * _strength(score), 4),
                    evidence=line.text,
                    span=(line.start, line.end),
                    method="rules",
                )
    return None


def _title_matches(lines: list[_Line]) -> Iterator[_Match]:
    """The best title match of each line (or line joined with the next), in reading order."""
    for index, line in enumerate(lines):
        best = _best_title(line)
        if best is None and index + 1 < len(lines) and _title_pair(line, lines[index + 1]):
            best = _best_title(_joined(line, lines[index + 1]))
        if best is not None:
            yield best


def _title_pair(first: _Line, second: _Line) -> bool:
    """A title broken over two capitalised lines ("GIẤY CHỨNG NHẬN" / "CƠ SỞ ĐỦ ĐIỀU KIỆN ...")."""
    return _capitalised(first.text) and _capitalised(second.text)


def _best_title(candidate: _Line) -> _Match | None:
    best: _Match | None = None
    for doc_type, title in _ALL_TITLES:
        score = _score(title, candidate.folded)
        if score < MATCH_THRESHOLD:
            continue
        match = _Match(
            doc_type=doc_type,
            score=score,
            pattern_length=len(title),
            line=candidate,
            title_like=_capitalised(candidate.text) and _starts_with(title, candidate.folded),
        )
        if best is None or _rank(match) > _rank(best):
            best = match
    return best


_ALL_TITLES: tuple[tuple[str | None, str], ...] = (
    *TITLES,
    *((None, title) for title in OTHER_TITLES),
)


def _rank(match: _Match) -> tuple[bool, float, int]:
    return (match.title_like, match.score, match.pattern_length)


def _score(pattern: str, folded_line: str) -> float:
    if len(folded_line) <= len(pattern):
        return float(fuzz.ratio(pattern, folded_line))
    return float(fuzz.partial_ratio(pattern, folded_line))


def _starts_with(pattern: str, folded_line: str) -> bool:
    """The title phrase opens the line (fuzzily), as a title does, not in the middle of a phrase."""
    head = folded_line[: len(pattern)]
    return fuzz.ratio(pattern, head) >= MATCH_THRESHOLD


def _capitalised(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _joined(first: _Line, second: _Line) -> _Line:
    return _Line(
        start=first.start,
        end=second.end,
        text=f"{first.text}\n{second.text}",
        folded=f"{first.folded} {second.folded}",
    )


def _lines_and_pairs(lines: list[_Line]) -> Iterator[_Line]:
    for index, line in enumerate(lines):
        yield line
        if index + 1 < len(lines):
            yield _joined(line, lines[index + 1])


def _strength(score: float) -> float:
    """A fuzzy score of 100 keeps the full confidence; each lost point costs about 2%."""
    return (score / 100.0) ** 2
