"""What a document is and says: its type, issuer, number, dates and holder (DESIGN §5 fields).

``understand`` reads the pages that crossed the OCR boundary and returns each field with a value
(null when the paper does not say, never a guess), a confidence in [0, 1] and its evidence (page
and box). Where each field is found depends on the type: a certified copy is numbered, dated and
issued by its certification stamp, not by the copied paper; an application is addressed to its
issuer ("Kính gửi"); a household-business certificate's number is its registration code.

A field's confidence is the certainty of the rule that found it times a factor from the OCR
confidence of its words. A field the type should carry but that was not found has confidence 0.
Any confidence under ``understand.review_threshold`` sends the document to a person.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.settings import Settings
from pipeline.sidecar import FIELD_NAMES
from pipeline.understand.classify import classify_document
from pipeline.understand.dates import FoundDate, find_dates
from pipeline.understand.dossier_code import find_dossier_codes
from pipeline.understand.ids import find_ids
from pipeline.understand.issuer import IssuerMatch, IssuerMatcher
from pipeline.understand.names import find_holder_name
from pipeline.understand.numbers import (
    find_certification_number,
    find_household_code,
    parse_number,
)
from pipeline.understand.text import Evidence, Segment, Text, fold, union
from pipeline.understand.validity import explicit_validity, plus_months
from pipeline.values import DocumentKind, PageText

_log = logging.getLogger(__name__)

AUTO = "auto"
NEEDS_REVIEW = "needs_review"

# Types that print no number of their own (DESIGN §5: null for a receipt or an application).
_UNNUMBERED = {"phieu_hen_tra_ket_qua", "don_de_nghi"}
# Types whose holder may be nobody (a decision addressed to all units).
_HOLDER_OPTIONAL = {"quyet_dinh"}
_CERTIFIED_COPY = "chung_thuc_ban_sao"
_APPLICATION = "don_de_nghi"
_RECEIPT = "phieu_hen_tra_ket_qua"
_HOUSEHOLD_BUSINESS = "gcn_ho_kinh_doanh"

# The agency header: the left column of the page's top.
HEADER_MAX_CENTRE = 0.42
HEADER_MAX_TOP = 0.22
# Lines of one header are closer than this share of the page height.
HEADER_LINE_GAP = 0.035
# The number line sits under the header, a little lower.
NUMBER_MAX_TOP = 0.30
# Left of the dateline's column; a permit may centre its "Số /No:" under the title.
NUMBER_MAX_CENTRE = 0.62
# Certainty of each way of finding a date of issue.
DATELINE_CERTAINTY = 0.97
DATE_LINE_CERTAINTY = 0.85
STAMP_DATE_CERTAINTY = 0.95
NUMBER_CERTAINTY = 0.97
ID_CERTAINTY = 0.95
NAME_CERTAINTY = 0.95
DOSSIER_CERTAINTY = 0.95
EXPLICIT_VALIDITY_CERTAINTY = 0.95
DEFAULT_VALIDITY_CERTAINTY = 0.9
# Lines of a certification stamp above its first line that name the certifying body.
STAMP_HEADER_LINES = 3
_STAMP = re.compile(r"chung thuc ban sao dung voi ban chinh")
_RECEIVES = re.compile(r"[ \t]tiep nhan ho so(?: cua)?[ \t]*:")
_ADDRESSED_TO = re.compile(r"kinh gui[ \t]*:?[ \t]*")


@dataclass(frozen=True)
class FieldValue:
    """One extracted field: its value as the sidecar writes it, confidence and evidence."""

    value: str | None
    confidence: float
    evidence: Evidence | None = None
    # False for a field the paper's type does not carry and that was not found (a receipt's
    # number): its null is an answer, not a doubt, and it has no confidence.
    applies: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 4) if self.applies else None,
            "evidence": self.evidence.as_json() if self.evidence else None,
        }


@dataclass(frozen=True)
class Understanding:
    fields: dict[str, FieldValue]
    review: str
    issuer_unit_code: str | None = None
    issue_date: date | None = None
    valid_until: date | None = None

    def value(self, name: str) -> str | None:
        return self.fields[name].value

    @property
    def values(self) -> dict[str, str | None]:
        return {name: self.fields[name].value for name in FIELD_NAMES}

    @property
    def confidence(self) -> dict[str, float]:
        """Confidence of every field found or expected of the paper's type."""
        return {name: round(f.confidence, 4) for name, f in self.fields.items() if f.applies}

    @property
    def evidence_json(self) -> dict[str, Any]:
        return {name: f.as_json() for name, f in self.fields.items()}

    @property
    def columns(self) -> dict[str, Any]:
        """The documents table's typed field columns (dates as dates); the dossier code is
        left to the caller, which may know it better from a receipt's QR code."""
        values: dict[str, Any] = {
            name: self.fields[name].value for name in FIELD_NAMES if name != "dossier_code"
        }
        values["issue_date"] = self.issue_date
        values["valid_until"] = self.valid_until
        values["issuer_unit_code"] = self.issuer_unit_code
        return values


@dataclass
class _Draft:
    fields: dict[str, FieldValue] = field(default_factory=dict)
    expected: set[str] = field(default_factory=set)

    def put(
        self, name: str, value: str | None, certainty: float, evidence: Evidence | None
    ) -> None:
        confidence = certainty * _ocr_factor(evidence) if value is not None else 0.0
        self.fields[name] = FieldValue(value, round(min(max(confidence, 0.0), 1.0), 4), evidence)


_MATCHERS: dict[int, IssuerMatcher] = {}


def issuer_matcher(settings: Settings) -> IssuerMatcher:
    """One matcher per configuration, built once (a thousand keys)."""
    key = id(settings)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = IssuerMatcher(settings)
    return _MATCHERS[key]


def understand(pages: Sequence[PageText], kind: DocumentKind, settings: Settings) -> Understanding:
    text = Text.of_pages([p for p in pages if not p.blank])
    draft = _Draft()
    doc_type = _doc_type(text, draft)
    stamp = _STAMP.search(text.folded) if doc_type == _CERTIFIED_COPY else None
    # Before a certification stamp: the copied paper, which holds the holder.
    copied_end = stamp.start() if stamp else len(text.text)
    issue_date = _issue_date(text, doc_type, stamp, draft)
    issuer = _issuer(text, doc_type, stamp, issue_date, settings, draft)
    _number(text, doc_type, stamp, draft)
    valid_until = _valid_until(text, doc_type, issue_date, settings, draft)
    _holder(text, doc_type, copied_end, draft)
    _dossier_code(text, doc_type, draft)
    draft.expected.update({"doc_type", "issuer", "tier", "issue_date"})
    fields = {}
    for name in FIELD_NAMES:
        found = draft.fields.get(name, FieldValue(None, 0.0))
        applies = found.value is not None or name in draft.expected
        fields[name] = FieldValue(found.value, found.confidence, found.evidence, applies)
    threshold = settings.understand.review_threshold
    doubtful = [n for n, f in fields.items() if f.applies and f.confidence < threshold]
    _ = kind  # a dossier's papers are read by the same rules as results
    return Understanding(
        fields=fields,
        review=NEEDS_REVIEW if doubtful else AUTO,
        issuer_unit_code=issuer.unit.code if issuer else None,
        issue_date=issue_date,
        valid_until=valid_until,
    )


def understand_or_review(
    pages: Sequence[PageText], kind: DocumentKind, settings: Settings
) -> Understanding:
    """``understand``, or nothing known and a person's review when it fails on odd text: a
    document is stored either way, and a defect here never stops a batch."""
    try:
        return understand(pages, kind, settings)
    except Exception:
        _log.exception("field extraction failed; the document goes to review")
        empty = {name: FieldValue(None, 0.0) for name in FIELD_NAMES}
        return Understanding(fields=empty, review=NEEDS_REVIEW)


def _ocr_factor(evidence: Evidence | None) -> float:
    if evidence is None:
        return 1.0
    return 0.5 + 0.5 * min(max(evidence.ocr_confidence, 0.0), 1.0)


def _doc_type(text: Text, draft: _Draft) -> str | None:
    if not text.text.strip():
        draft.put("doc_type", None, 0.0, None)
        return None
    classification = classify_document(text.text)
    evidence = text.evidence(*classification.span) if classification.span else None
    draft.put("doc_type", classification.doc_type, classification.confidence, evidence)
    return classification.doc_type


def _issue_date(
    text: Text, doc_type: str | None, stamp: re.Match[str] | None, draft: _Draft
) -> date | None:
    dates = find_dates(text.text)
    chosen: FoundDate | None = None
    certainty = 0.0
    if stamp is not None:
        after = [d for d in dates if d.start > stamp.end() and d.role in ("line", "dateline")]
        if after:
            chosen, certainty = after[0], STAMP_DATE_CERTAINTY
    else:
        datelines = [d for d in dates if d.role == "dateline"]
        lines = [d for d in dates if d.role == "line"]
        if datelines:
            chosen, certainty = datelines[0], DATELINE_CERTAINTY
        elif lines:
            chosen, certainty = lines[0], DATE_LINE_CERTAINTY
    if chosen is None:
        draft.put("issue_date", None, 0.0, None)
        return None
    draft.put(
        "issue_date",
        chosen.value.isoformat(),
        certainty,
        text.evidence(chosen.start, chosen.end),
    )
    return chosen.value


def _issuer(
    text: Text,
    doc_type: str | None,
    stamp: re.Match[str] | None,
    issue_date: date | None,
    settings: Settings,
    draft: _Draft,
) -> IssuerMatch | None:
    matcher = issuer_matcher(settings)
    receiver = _receiver(text) if doc_type == _RECEIPT else None
    received = matcher.match(receiver[0], issue_date) if receiver else None
    if stamp is not None:
        segments = _stamp_header(text, stamp.start())
    elif doc_type == _APPLICATION:
        segments = _addressee(text)
    else:
        segments = _header(text)
    match = evidence = None
    if segments:
        header = "\n".join(_clip_addressee(s.text) for s in segments)
        match = matcher.match(header, issue_date)
        evidence = _segments_evidence(text, segments)
    if receiver is not None and received is not None:
        # A receipt names its receiving unit in so many words ("Ủy ban nhân dân phường Đình
        # Bảng tiếp nhận hồ sơ của"), even when its header names the desk.
        match, evidence = received, receiver[1]
    if match is None:
        draft.put("issuer", None, 0.0, None)
        draft.put("tier", None, 0.0, None)
        return None
    draft.put("issuer", match.name, match.confidence, evidence)
    draft.put("tier", match.unit.tier.value, match.confidence, evidence)
    return match


def _receiver(text: Text) -> tuple[str, Evidence | None] | None:
    """The unit a receipt says received the dossier: the words before "tiếp nhận hồ sơ"."""
    found = _RECEIVES.search(text.folded)
    if found is None:
        return None
    line_start = text.text.rfind("\n", 0, found.start()) + 1
    named = text.text[line_start : found.start()].strip()
    if not named:
        return None
    return named, text.evidence(line_start, found.start())


def _header(text: Text) -> list[Segment]:
    first_page = _first_page(text)
    header = [
        s
        for s in text.segments
        if s.page == first_page
        and s.centre_x < HEADER_MAX_CENTRE
        and s.top < HEADER_MAX_TOP
        and not any(c.isdigit() for c in s.text)
        and "ngay" not in fold(s.text).split()
    ]
    header.sort(key=lambda s: s.box.top)
    # The header is one block of lines: it ends at the first wide vertical gap.
    for index in range(1, len(header)):
        if header[index].top - header[index - 1].top > HEADER_LINE_GAP:
            return header[:index]
    return header


def _stamp_header(text: Text, stamp_start: int) -> list[Segment]:
    stamp_segment = text.segment_at(stamp_start)
    if stamp_segment is None:
        return []
    index = text.segments.index(stamp_segment)
    above = [
        s
        for s in text.segments[max(0, index - STAMP_HEADER_LINES) : index]
        if s.page == stamp_segment.page and s.box.top < stamp_segment.box.top
    ]
    return above


def _addressee(text: Text) -> list[Segment]:
    for segment in text.segments:
        if _ADDRESSED_TO.search(fold(segment.text)):
            return [segment]
    return []


def _clip_addressee(line: str) -> str:
    match = _ADDRESSED_TO.search(fold(line))
    return line[match.end() :] if match else line


def _first_page(text: Text) -> int:
    return text.segments[0].page if text.segments else 0


def _segments_evidence(text: Text, segments: list[Segment]) -> Evidence | None:
    evidences = []
    for segment in segments:
        start = text.offsets[text.segments.index(segment)]
        evidences.append(text.evidence(start, start + len(segment.text)))
    found = [e for e in evidences if e is not None]
    if not found:
        return None
    page = found[0].page
    same = [e for e in found if e.page == page]
    return Evidence(
        page,
        union(e.box for e in same),
        min(e.ocr_confidence for e in same),
    )


def _number(text: Text, doc_type: str | None, stamp: re.Match[str] | None, draft: _Draft) -> None:
    if doc_type in _UNNUMBERED:
        return
    draft.expected.add("number")
    if stamp is not None:
        found = find_certification_number(text.text[stamp.end() :])
        offset = stamp.end()
    elif doc_type == _HOUSEHOLD_BUSINESS:
        found = find_household_code(text.text)
        offset = 0
    else:
        found, offset = _header_number(text)
    if found is None:
        draft.put("number", None, 0.0, None)
        return
    evidence = text.evidence(offset + found.start, offset + found.end)
    draft.put("number", found.value, NUMBER_CERTAINTY * found.certainty, evidence)


def _header_number(text: Text) -> tuple[Any, int]:
    first_page = _first_page(text)
    for segment, offset in zip(text.segments, text.offsets, strict=True):
        if segment.page != first_page or segment.top > NUMBER_MAX_TOP:
            continue
        if segment.centre_x >= NUMBER_MAX_CENTRE:
            continue
        found = parse_number(segment.text)
        if found is not None:
            return found, offset
    return None, 0


def _valid_until(
    text: Text,
    doc_type: str | None,
    issue_date: date | None,
    settings: Settings,
    draft: _Draft,
) -> date | None:
    if doc_type is None or doc_type == _CERTIFIED_COPY:
        return None
    explicit = explicit_validity(text.text, issue_date)
    if explicit is not None:
        evidence = text.evidence(explicit.start, explicit.end)
        draft.put(
            "valid_until",
            explicit.value.isoformat(),
            EXPLICIT_VALIDITY_CERTAINTY * explicit.certainty,
            evidence,
        )
        return explicit.value
    configured = settings.doc_types.get(doc_type)
    if configured is None or configured.valid_months is None:
        return None
    draft.expected.add("valid_until")
    if issue_date is None:
        draft.put("valid_until", None, 0.0, None)
        return None
    value = plus_months(issue_date, configured.valid_months)
    issue_confidence = draft.fields["issue_date"].confidence
    draft.put(
        "valid_until",
        value.isoformat(),
        DEFAULT_VALIDITY_CERTAINTY * issue_confidence,
        draft.fields["issue_date"].evidence,
    )
    return value


def _holder(text: Text, doc_type: str | None, copied_end: int, draft: _Draft) -> None:
    body = text.text[:copied_end]
    name = find_holder_name(body)
    ids = find_ids(body)
    optional = doc_type in _HOLDER_OPTIONAL
    if not optional:
        draft.expected.update({"subject_name", "subject_id"})
    if name is not None:
        draft.put(
            "subject_name",
            name.value,
            NAME_CERTAINTY * name.certainty,
            text.evidence(name.start, name.end),
        )
    if ids:
        first = ids[0]
        draft.put("subject_id", first.value, ID_CERTAINTY, text.evidence(first.start, first.end))


def _dossier_code(text: Text, doc_type: str | None, draft: _Draft) -> None:
    if doc_type == _RECEIPT:
        draft.expected.add("dossier_code")
    codes = find_dossier_codes(text.text)
    if not codes:
        return
    code = codes[0]
    tail = code.rsplit("-", 2)
    position = text.text.find(tail[-2]) if len(tail) == 3 else -1
    evidence = text.evidence(position, position + len(tail[-2])) if position >= 0 else None
    draft.put("dossier_code", code, DOSSIER_CERTAINTY, evidence)
