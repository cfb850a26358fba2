"""Tesseract's GlyphLessFont as a PDF Type0 font for an invisible text layer.

The font program (``pdf.ttf``, shipped with Tesseract's data) holds ``.notdef`` and one glyph.
It is embedded as the FontFile2 of a CIDFontType2 whose CIDToGIDMap sends every CID to that one
glyph, under a Type0 font with the Identity-H encoding: a character code is two bytes and equals
its CID. A character in the Basic Multilingual Plane (all of Vietnamese) is encoded as its UTF-16
code unit; a character outside it is given a code from the surrogate block D800–DFFF, which no
character uses on its own. The ToUnicode CMap maps every code that the document shows back to its
text, in ``beginbfchar`` blocks of at most 100 entries as the PDF specification requires.
"""

from __future__ import annotations

import math
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from pipeline.errors import AssemblyError, ToolMissing
from pipeline.values import nfc

FONT_NAME = "GlyphLessFont"
FONT_FILE_NAME = "pdf.ttf"
FONT_SEARCH_PATH: tuple[Path, ...] = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
    Path("/usr/local/share/tessdata"),
)

# Glyph 0 is .notdef, which PDF/A forbids a text layer to reference.
DRAWN_GLYPH = 1
BFCHAR_BLOCK_LIMIT = 100
CID_COUNT = 0x10000
PDF_GLYPH_SPACE = 1000
SURROGATES = range(0xD800, 0xE000)
SPACE = " "


@dataclass(frozen=True)
class FontProgram:
    """The embedded TrueType program and the metrics a PDF font dictionary must repeat."""

    data: bytes
    units_per_em: int
    advance_width: int
    bbox: tuple[int, int, int, int]
    ascender: int
    descender: int

    def in_glyph_space(self, units: int) -> float:
        """Font units expressed in the PDF's 1/1000 text space units."""
        return units * PDF_GLYPH_SPACE / self.units_per_em

    @property
    def glyph_width(self) -> float:
        """Advance width of every shown character, in glyph space (1/1000 em)."""
        return self.in_glyph_space(self.advance_width)


def find_font_program() -> Path:
    """Locate Tesseract's pdf.ttf: ``$TESSDATA_PREFIX`` first, then the usual install folders."""
    folders = list(FONT_SEARCH_PATH)
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        folders.insert(0, Path(prefix))
    for folder in folders:
        candidate = folder / FONT_FILE_NAME
        if candidate.is_file():
            return candidate
    raise ToolMissing(
        f"Tesseract's glyphless font {FONT_FILE_NAME} was not found in "
        + ", ".join(str(f) for f in folders),
        advice="Install Tesseract's data (e.g. `apt-get install tesseract-ocr`) "
        "or set TESSDATA_PREFIX to the folder that holds pdf.ttf.",
    )


def read_font_program(path: Path) -> FontProgram:
    """Read the font and the metrics of its drawn glyph from the sfnt tables."""
    data = path.read_bytes()
    try:
        tables = _sfnt_tables(data)
        head, hhea, hmtx = tables["head"], tables["hhea"], tables["hmtx"]
        units_per_em = struct.unpack_from(">H", head, 18)[0]
        bbox = struct.unpack_from(">4h", head, 36)
        ascender, descender = struct.unpack_from(">2h", hhea, 4)
        metric_count = struct.unpack_from(">H", hhea, 34)[0]
        metric = min(DRAWN_GLYPH, metric_count - 1)
        advance_width = struct.unpack_from(">H", hmtx, 4 * metric)[0]
    except (KeyError, struct.error) as exc:
        raise AssemblyError(
            f"{path} is not a TrueType font with head, hhea and hmtx tables",
            advice="Reinstall Tesseract's data files.",
            path=path,
        ) from exc
    return FontProgram(data, units_per_em, advance_width, bbox, ascender, descender)


def _sfnt_tables(data: bytes) -> dict[str, bytes]:
    table_count = struct.unpack_from(">H", data, 4)[0]
    tables: dict[str, bytes] = {}
    for entry in range(table_count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * entry)
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


class CharacterCodes:
    """The two-byte character codes of a document's text layer and the text they stand for.

    Texts are registered, and must be shown, in NFC.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        characters = {SPACE}
        for text in texts:
            characters.update(nfc(text))
        self._code_of: dict[str, int] = {}
        beyond_bmp = sorted(c for c in characters if ord(c) > 0xFFFF)
        if len(beyond_bmp) > len(SURROGATES):
            raise AssemblyError(
                f"the text uses {len(beyond_bmp)} characters outside the Basic Multilingual "
                f"Plane; a text layer can hold at most {len(SURROGATES)}",
                advice="Check the OCR output for garbage characters.",
            )
        for character in characters:
            if ord(character) <= 0xFFFF and ord(character) not in SURROGATES:
                self._code_of[character] = ord(character)
        self._code_of.update(zip(beyond_bmp, SURROGATES, strict=False))

    def encode(self, text: str) -> bytes:
        """The string operand of a text-showing operator for ``text``."""
        try:
            return b"".join(self._code_of[c].to_bytes(2, "big") for c in text)
        except KeyError as exc:
            raise AssemblyError(
                f"character {exc.args[0]!r} was not registered for the text layer",
                advice="This is a defect in sohoa; report it with the input file.",
            ) from exc

    @property
    def to_unicode(self) -> dict[int, str]:
        return dict(sorted((code, character) for character, code in self._code_of.items()))

    def __len__(self) -> int:
        return len(self._code_of)


def to_unicode_cmap(mapping: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap for two-byte codes, ``bfchar`` blocks of at most 100 entries."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for block in _blocks(sorted(mapping.items()), BFCHAR_BLOCK_LIMIT):
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(f"<{code:04X}> <{_utf16_hex(text)}>" for code, text in block)
        lines.append("endbfchar")
    lines += [
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return ("\n".join(lines) + "\n").encode("ascii")


def _blocks(items: list[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def add_glyphless_font(
    pdf: pikepdf.Pdf, program: FontProgram, codes: CharacterCodes
) -> pikepdf.Object:
    """Add the Type0 font to ``pdf`` and return it (an indirect object)."""
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/" + FONT_NAME),
        CIDSystemInfo=Dictionary(
            Registry=pikepdf.String("Adobe"),
            Ordering=pikepdf.String("Identity"),
            Supplement=0,
        ),
        FontDescriptor=pdf.make_indirect(_font_descriptor(pdf, program)),
        DW=_pdf_number(program.glyph_width),
        CIDToGIDMap=_cid_to_gid_map(pdf),
    )
    type0 = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type0,
        BaseFont=Name("/" + FONT_NAME),
        Encoding=Name("/Identity-H"),
        DescendantFonts=Array([pdf.make_indirect(cid_font)]),
        ToUnicode=_flate_stream(pdf, to_unicode_cmap(codes.to_unicode)),
    )
    return pdf.make_indirect(type0)


def _font_descriptor(pdf: pikepdf.Pdf, program: FontProgram) -> Dictionary:
    font_file = _flate_stream(pdf, program.data)
    font_file.Length1 = len(program.data)
    ascent = math.ceil(program.in_glyph_space(program.ascender))
    return Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + FONT_NAME),
        Flags=_FIXED_PITCH | _SYMBOLIC,
        FontBBox=Array([_pdf_number(program.in_glyph_space(v)) for v in program.bbox]),
        ItalicAngle=0,
        Ascent=ascent,
        Descent=math.floor(program.in_glyph_space(program.descender)),
        CapHeight=ascent,
        # StemV is required but meaningless for a glyph nobody sees.
        StemV=80,
        FontFile2=font_file,
    )


_FIXED_PITCH = 1 << 0
_SYMBOLIC = 1 << 2


def _cid_to_gid_map(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return _flate_stream(pdf, DRAWN_GLYPH.to_bytes(2, "big") * CID_COUNT)


def _flate_stream(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, zlib.compress(data, 9))
    stream.Filter = Name.FlateDecode
    return stream


def _pdf_number(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 3)
