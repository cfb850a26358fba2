"""Typesetting in PDF points: paragraphs, columns and page flow, independent of any renderer.

A document is laid out into ``PagePlan`` values (text pieces at baseline positions, rules, and
where signatures and seals go). The raster renderer and the born-digital PDF writer both draw
the same plans, and the ground-truth text is read off the plan, so it is exactly what is drawn.

Reading order of the ground truth: lines top to bottom; where a block has columns side by side
(the NĐ 30 header, the signature row), the whole left column comes before the right one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
MM = 72 / 25.4
A4_WIDTH = 210 * MM
A4_HEIGHT = 297 * MM
ASCENT = 0.891  # Liberation Serif ascender, in ems
RULE_DROP = 5.0  # a rule sits this far below the line above it, clear of descenders


class Face(StrEnum):
    REGULAR = "LiberationSerif-Regular"
    BOLD = "LiberationSerif-Bold"
    ITALIC = "LiberationSerif-Italic"
    BOLD_ITALIC = "LiberationSerif-BoldItalic"

    @property
    def path(self) -> Path:
        return FONT_DIR / f"{self.value}.ttf"


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Make the four Liberation Serif faces known to reportlab (for metrics and embedding)."""
    for face in Face:
        pdfmetrics.registerFont(TTFont(face.value, str(face.path)))


def text_width(text: str, face: Face, size: float) -> float:
    """Advance width in points, from the font's own metrics (no kerning)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, face.value, size))


class Align(StrEnum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Span:
    """A run of text in one face; always stored in NFC."""

    text: str
    face: Face = Face.REGULAR

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", unicodedata.normalize("NFC", self.text))


# --- what a page plan holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Text drawn with its left end on the baseline at (x, baseline), in points from top-left."""

    x: float
    baseline: float
    text: str
    face: Face
    size: float


@dataclass(frozen=True)
class RuleLine:
    x0: float
    x1: float
    y: float
    weight: float = 0.7


@dataclass(frozen=True)
class SignatureMark:
    """Where a hand signature goes: a box in points."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class SealMark:
    """A round seal centred at (x, y), with the agency name that runs around its ring."""

    x: float
    y: float
    radius: float
    ring_text: str


Mark = SignatureMark | SealMark


@dataclass(frozen=True)
class Box:
    """An unbreakable piece of layout: coordinates relative to its own top edge."""

    height: float
    pieces: tuple[Piece, ...] = ()
    rules: tuple[RuleLine, ...] = ()
    lines: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()

    def moved_down(self, dy: float) -> Box:
        return Box(
            height=self.height,
            pieces=tuple(replace(p, baseline=p.baseline + dy) for p in self.pieces),
            rules=tuple(replace(r, y=r.y + dy) for r in self.rules),
            lines=self.lines,
            marks=tuple(replace(m, y=m.y + dy) for m in self.marks),
        )


@dataclass(frozen=True)
class Space:
    """Vertical space between boxes; dropped at the top of a page."""

    height: float


@dataclass(frozen=True)
class PageBreak:
    """A laid-out page break: the flowables after it go on a new page."""


Flowable = Box | Space | PageBreak


@dataclass
class PagePlan:
    width: float = A4_WIDTH
    height: float = A4_HEIGHT
    pieces: list[Piece] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    blank: bool = False
    photocopy: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def add(self, box: Box, top: float) -> None:
        placed = box.moved_down(top)
        self.pieces.extend(placed.pieces)
        self.rules.extend(placed.rules)
        self.lines.extend(placed.lines)
        self.marks.extend(placed.marks)


# --- paragraphs -------------------------------------------------------------------------------

Word = tuple[Span, ...]


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    size: float = 14
    align: Align = Align.JUSTIFY
    first_indent: float = 0.0
    indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 4.0
    leading: float = 1.25


TAB = "\t"
TAB_WIDTH = 10 * MM


def split_words(spans: Sequence[Span]) -> list[Word]:
    """Split spans at spaces and tabs; a tab becomes a word of its own (a wide gap).

    Text of adjacent spans with no space between them forms one word.
    """
    words: list[list[Span]] = [[]]
    for span in spans:
        for t, segment in enumerate(span.text.split(TAB)):
            if t > 0:
                words += [[Span(TAB)], []]
            for i, part in enumerate(segment.split(" ")):
                if i > 0 and words[-1]:
                    words.append([])
                if part:
                    words[-1].append(Span(part, span.face))
    return [tuple(w) for w in words if w]


def is_tab(word: Word) -> bool:
    return word[0].text == TAB


def word_width(word: Word, size: float) -> float:
    if is_tab(word):
        return TAB_WIDTH
    return sum(text_width(s.text, s.face, size) for s in word)


def space_width(size: float) -> float:
    return text_width(" ", Face.REGULAR, size)


def break_lines(
    words: list[Word], first_width: float, width: float, size: float
) -> list[list[Word]]:
    """Greedy line breaking; a word longer than the line gets a line of its own."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    limit = first_width
    for word in words:
        w = word_width(word, size)
        needed = w if not lines[-1] else used + space_width(size) + w
        if lines[-1] and needed > limit:
            lines.append([word])
            used = w
            limit = width
        else:
            lines[-1].append(word)
            used = needed
    return [line for line in lines if line]


def set_line(
    words: list[Word], x0: float, width: float, size: float, align: Align, last: bool
) -> tuple[list[Piece], str]:
    """Position one line's words; returns the pieces (baseline 0) and the line's text."""
    natural = sum(word_width(w, size) for w in words) + space_width(size) * (len(words) - 1)
    gap = space_width(size)
    if align is Align.CENTRE:
        x = x0 + (width - natural) / 2
    elif align is Align.RIGHT:
        x = x0 + width - natural
    else:
        x = x0
        if align is Align.JUSTIFY and not last and len(words) > 1:
            gap += (width - natural) / (len(words) - 1)
    pieces: list[Piece] = []
    for word in words:
        if is_tab(word):
            x += TAB_WIDTH + gap
            continue
        for span in word:
            pieces.append(Piece(x, 0.0, span.text, span.face, size))
            x += text_width(span.text, span.face, size)
        x += gap
    text = " ".join("".join(s.text for s in w) for w in words if not is_tab(w))
    return pieces, text


def set_para(para: Para, x0: float, width: float) -> list[Flowable]:
    """A paragraph as one box per line (so it can break across pages), with its spacing."""
    words = split_words(para.spans)
    line_height = para.size * para.leading
    first_x = x0 + para.indent + para.first_indent
    rest_x = x0 + para.indent
    lines = break_lines(words, x0 + width - first_x, x0 + width - rest_x, para.size)
    out: list[Flowable] = [Space(para.space_before)] if para.space_before else []
    for i, line in enumerate(lines):
        lx = first_x if i == 0 else rest_x
        pieces, text = set_line(
            line, lx, x0 + width - lx, para.size, para.align, i == len(lines) - 1
        )
        baseline = (line_height - para.size) / 2 + para.size * ASCENT
        out.append(
            Box(
                height=line_height,
                pieces=tuple(replace(p, baseline=baseline) for p in pieces),
                lines=(text,),
            )
        )
    if para.space_after:
        out.append(Space(para.space_after))
    return out


# --- composite blocks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A short horizontal rule, centred in its column (NĐ 30 puts one under headings)."""

    length: float
    space_after: float = 6.0


@dataclass(frozen=True)
class Gap:
    height: float


@dataclass(frozen=True)
class Signature:
    """Room for a hand signature (and, if ``seal`` is given, the seal stamped over it)."""

    height: float = 64.0
    seal: str | None = None
    seal_radius: float = 19 * MM


@dataclass(frozen=True)
class Column:
    width_share: float
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Columns:
    """Columns side by side that are kept together on one page."""

    columns: tuple[Column, ...]
    space_after: float = 0.0
    outdent: float = 0.0


@dataclass(frozen=True)
class Break:
    """A page break in the document: what follows starts on a new page."""


Block = Para | Rule | Gap | Signature | Columns | Break


def set_block(block: Block, x0: float, width: float) -> list[Flowable]:
    match block:
        case Para():
            return set_para(block, x0, width)
        case Rule(length=length, space_after=after):
            left = x0 + (width - length) / 2
            return [Box(height=after, rules=(RuleLine(left, left + length, RULE_DROP),))]
        case Gap(height=height):
            return [Box(height=height)]
        case Signature():
            return [sign_here(block, x0, width)]
        case Columns():
            return [set_columns(block, x0, width), Space(block.space_after)]
        case Break():
            return [PageBreak()]
    raise TypeError(f"unknown block {block!r}")


def sign_here(block: Signature, x0: float, width: float) -> Box:
    centre = x0 + width / 2
    sig_w = min(width * 0.6, 46 * MM)
    mark = SignatureMark(centre - sig_w / 2, 4.0, sig_w, block.height - 8.0)
    marks: tuple[Mark, ...] = (mark,)
    if block.seal:
        seal = SealMark(centre - sig_w * 0.42, block.height / 2, block.seal_radius, block.seal)
        marks = (mark, seal)
    return Box(height=block.height, marks=marks)


def stack(flowables: Iterable[Flowable]) -> Box:
    """Glue flowables into one unbreakable box (page breaks are not allowed inside)."""
    pieces: list[Piece] = []
    rules: list[RuleLine] = []
    lines: list[str] = []
    marks: list[Mark] = []
    y = 0.0
    for item in flowables:
        if isinstance(item, Space):
            y += item.height
        elif isinstance(item, Box):
            moved = item.moved_down(y)
            pieces += moved.pieces
            rules += moved.rules
            lines += moved.lines
            marks += moved.marks
            y += item.height
    return Box(y, tuple(pieces), tuple(rules), tuple(lines), tuple(marks))


def set_columns(block: Columns, x0: float, width: float) -> Box:
    """Columns share the width; ``outdent`` lets them reach into the left margin."""
    x0, width = x0 - block.outdent, width + block.outdent
    total = sum(c.width_share for c in block.columns)
    boxes: list[Box] = []
    x = x0
    for column in block.columns:
        w = width * column.width_share / total
        flow = [f for b in column.blocks for f in set_block(b, x, w)]
        boxes.append(stack(flow))
        x += w
    return Box(
        height=max(b.height for b in boxes),
        pieces=tuple(p for b in boxes for p in b.pieces),
        rules=tuple(r for b in boxes for r in b.rules),
        lines=tuple(t for b in boxes for t in b.lines),
        marks=tuple(m for b in boxes for m in b.marks),
    )


# --- pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margins:
    """NĐ 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm."""

    top: float = 20 * MM
    bottom: float = 20 * MM
    left: float = 30 * MM
    right: float = 15 * MM


def paginate(
    blocks: Sequence[Block], margins: Margins = Margins(), number_pages: bool = False
) -> list[PagePlan]:
    """Flow blocks onto A4 pages; pages after the first get their number centred on top."""
    x0 = margins.left
    width = A4_WIDTH - margins.left - margins.right
    bottom = A4_HEIGHT - margins.bottom
    pages = [PagePlan()]
    y = margins.top

    def new_page() -> float:
        pages.append(PagePlan())
        if number_pages:
            number = set_para(
                Para((Span(str(len(pages))),), size=13, align=Align.CENTRE), x0, width
            )
            pages[-1].add(stack(number), 9 * MM)
        return margins.top

    for flowable in (f for b in blocks for f in set_block(b, x0, width)):
        if isinstance(flowable, PageBreak):
            y = new_page()
        elif isinstance(flowable, Space):
            if y > margins.top:
                y += flowable.height
        else:
            if y + flowable.height > bottom and y > margins.top:
                y = new_page()
            pages[-1].add(flowable, y)
            y += flowable.height
    return pages
