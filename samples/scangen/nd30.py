"""The parts of an administrative document as Nghị định 30/2020/NĐ-CP lays them out.

Sizes follow Phụ lục I of NĐ 30: header 13 pt, national motto 14 pt, title and body 14 pt,
"Nơi nhận:" 12 pt bold italic with its list in 11 pt, signer's authority and name 14 pt bold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .layout import (
    MM,
    Align,
    Block,
    Column,
    Columns,
    Face,
    Gap,
    Para,
    Rule,
    Signature,
    Span,
    text_width,
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_SIZE = 14.0
HEADER_SIZE = 13.0
INDENT = 10 * MM


@dataclass(frozen=True)
class Agency:
    """An issuing body as printed in the header, and as it is known canonically."""

    name_lines: tuple[str, ...]
    canonical: str
    tier: str
    place: str
    seal_text: str
    parent: str | None = None


@dataclass(frozen=True)
class Signer:
    authority: tuple[str, ...]
    name: str
    note: str | None = None
    seal: str | None = None


def vn_date(day: date) -> str:
    """'ngày 05 tháng 02 năm 2022': NĐ 30 pads days below 10 and the months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    return f"{place}, {vn_date(day)}"


def short_date(day: date) -> str:
    """'05/02/2022', '15/3/2022': the short form used inside the body."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def line(
    text: str,
    face: Face = Face.REGULAR,
    size: float = BODY_SIZE,
    align: Align = Align.CENTRE,
    after: float = 0.0,
) -> Para:
    return Para((Span(text, face),), size=size, align=align, space_after=after, leading=1.2)


def body(*spans: Span | str, indent: float = INDENT, after: float = 6.0) -> Para:
    """A justified body paragraph with a first-line indent."""
    parts = tuple(Span(s) if isinstance(s, str) else s for s in spans)
    return Para(parts, size=BODY_SIZE, first_indent=indent, space_after=after)


def article(number: int, text: str) -> Para:
    return body(Span(f"Điều {number}. ", Face.BOLD), text)


def labelled(label: str, value: str, indent: float = INDENT) -> Para:
    """'Label: value' with the value in bold, as forms fill in their blanks."""
    return body(f"{label}: ", Span(value, Face.BOLD), indent=indent, after=3.0)


def field_row(*cells: str) -> Para:
    """Several short 'label: value' cells on one line, separated by wide gaps."""
    spans: list[Span] = []
    for i, cell in enumerate(cells):
        label, value = cell.split(": ", 1)
        spans += [Span(("" if i == 0 else "\t") + label + ": "), Span(value, Face.BOLD)]
    return Para(
        tuple(spans), size=BODY_SIZE, align=Align.LEFT, first_indent=INDENT, space_after=3.0
    )


def motto_rule_length() -> float:
    return text_width(NATIONAL_MOTTO, Face.BOLD, BODY_SIZE)


def national_heading(date_line: str | None) -> tuple[Block, ...]:
    blocks: list[Block] = [
        line(NATIONAL_NAME, Face.BOLD, HEADER_SIZE),
        line(NATIONAL_MOTTO, Face.BOLD, BODY_SIZE),
        Rule(motto_rule_length(), space_after=8.0),
    ]
    if date_line:
        blocks.append(line(date_line, Face.ITALIC, BODY_SIZE))
    return tuple(blocks)


def agency_heading(agency: Agency, number_lines: tuple[str, ...]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if agency.parent:
        blocks.append(line(agency.parent, Face.REGULAR, HEADER_SIZE))
    blocks += [line(name, Face.BOLD, HEADER_SIZE) for name in agency.name_lines]
    longest = max(text_width(n, Face.BOLD, HEADER_SIZE) for n in agency.name_lines)
    blocks.append(Rule(max(longest * 0.4, 22 * MM), space_after=8.0))
    blocks += [line(n, Face.REGULAR, HEADER_SIZE) for n in number_lines]
    return tuple(blocks)


def header(agency: Agency, number_lines: tuple[str, ...], date_line: str | None) -> Columns:
    """Agency and số ký hiệu top left; national name, motto and place-and-date top right."""
    return Columns(
        (
            Column(0.44, agency_heading(agency, number_lines)),
            Column(0.56, national_heading(date_line)),
        ),
        space_after=14.0,
        outdent=10 * MM,
    )


def citizen_header() -> tuple[Block, ...]:
    """A citizen's application carries only the national name and motto, centred."""
    return (*national_heading(None), Gap(6.0))


def title(*lines: str, summary: tuple[str, ...] = (), rule: bool = True) -> tuple[Block, ...]:
    """The document's name in bold capitals, then its trích yếu, then a short rule."""
    blocks: list[Block] = [line(t, Face.BOLD, BODY_SIZE) for t in lines]
    blocks += [line(s, Face.BOLD, BODY_SIZE) for s in summary]
    if rule:
        blocks.append(Rule(40 * MM, space_after=12.0))
    else:
        blocks.append(Gap(12.0))
    return tuple(blocks)


def signature_column(signer: Signer) -> tuple[Block, ...]:
    blocks: list[Block] = [line(a, Face.BOLD, BODY_SIZE) for a in signer.authority]
    if signer.note:
        blocks.append(line(signer.note, Face.ITALIC, 12.0))
    blocks.append(Signature(seal=signer.seal))
    blocks.append(line(signer.name, Face.BOLD, BODY_SIZE))
    return tuple(blocks)


def recipients_column(recipients: tuple[str, ...]) -> tuple[Block, ...]:
    blocks: list[Block] = [line("Nơi nhận:", Face.BOLD_ITALIC, 12.0, Align.LEFT)]
    blocks += [line(r, Face.REGULAR, 11.0, Align.LEFT) for r in recipients]
    return tuple(blocks)


def closing(signer: Signer, recipients: tuple[str, ...] = ()) -> Columns:
    """'Nơi nhận:' bottom left, the signer's authority, signature and name bottom right."""
    return Columns(
        (
            Column(0.48, recipients_column(recipients) if recipients else ()),
            Column(0.52, signature_column(signer)),
        ),
        space_after=6.0,
    )


def signature_row(*signers: Signer) -> Columns:
    """Several signers side by side, e.g. the applicant and the receiving officer."""
    return Columns(tuple(Column(1.0, signature_column(s)) for s in signers), space_after=6.0)


def dated_signature(place_date: str, signer: Signer) -> Columns:
    """A citizen's form ends with place and date above the signature, on the right."""
    right = (line(place_date, Face.ITALIC, BODY_SIZE), *signature_column(signer))
    return Columns((Column(0.4, ()), Column(0.6, right)), space_after=6.0)
