"""Assemble the pages of one input into a searchable PDF/A-2b file.

A page that came from an image embeds that image without lossy recompression: a JPEG's bytes
as they are (DCTDecode), anything else decoded and Flate-compressed, greyscale as DeviceGray,
bilevel as 1-bit DeviceGray and colour as DeviceRGB (the output intent is sRGB, so CMYK,
palette and alpha images become RGB). A page that came from a PDF is copied with its content as
it is; its annotations are flattened into the page as they would print, and annotations,
actions and form fields are then dropped (PDF/A forbids JavaScript and most actions).

An invisible text layer (see :mod:`pipeline.keep.textlayer`) is added to every page whose text
was read by OCR. The file carries XMP metadata claiming PDF/A-2b, an sRGB output intent and a
trailer /ID, and is written deterministically and atomically.
"""

from __future__ import annotations

import contextlib
import io
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageCms

from pipeline.durable import atomic_output
from pipeline.errors import AssemblyError
from pipeline.keep.glyphless import (
    CharacterCodes,
    FontProgram,
    add_glyphless_font,
    find_font_program,
    read_font_program,
)
from pipeline.keep.textlayer import (
    RasterFrame,
    Rectangle,
    check_raster_matches,
    raster_frame,
    text_layer,
)
from pipeline.values import LoadedInput, PageOrigin, PageSource, PageText, TextSource, nfc

PRODUCER = "sohoa"
PDF_VERSION = "1.7"
POINTS_PER_INCH = 72.0
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
ADVICE_DEFECT = "This is a defect in sohoa; keep the input and report it."

# Little CMS stamps the profile with the time it was made; a fixed stamp keeps output stable.
_ICC_DATE_OFFSET = 24
_ICC_FIXED_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)

_JPEG_FORMATS = frozenset({"JPEG", "MPO"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# (PNG colour type, bit depth) -> colour components, for the PNGs embedded as they are.
_PNG_COLOURS = {(0, 1): 1, (0, 8): 1, (2, 8): 3}
_JPEG_COLOUR_SPACES = {"L": Name.DeviceGray, "RGB": Name.DeviceRGB}
_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_INTERACTIVE = ("/Annots", "/AA", "/PresSteps")


def assemble_pdfa(
    loaded: LoadedInput,
    pages: Sequence[PageText],
    out: Path,
    *,
    title: str,
    created: datetime,
    durable: bool = True,
) -> None:
    """Write ``out``: one PDF/A-2b page per ``loaded.pages[i]``, text layer from ``pages[i]``
    (not fsynced unless ``durable``: see pipeline.durable.atomic_output)."""
    if len(pages) != len(loaded.pages):
        raise AssemblyError(
            f"{len(loaded.pages)} pages were loaded but {len(pages)} were read",
            advice=ADVICE_DEFECT,
            path=loaded.path,
        )
    layered = [
        _needs_text_layer(source, text) for source, text in zip(loaded.pages, pages, strict=True)
    ]
    codes = CharacterCodes(
        word.text
        for text, wanted in zip(pages, layered, strict=True)
        if wanted
        for word in text.words
    )
    with pikepdf.new() as pdf, _open_source(loaded) as source_pdf:
        layer = _TextLayerFont.add_to(pdf, codes) if any(layered) else None
        for number, (source, text) in enumerate(zip(loaded.pages, pages, strict=True), start=1):
            page, frame = _build_page(pdf, source_pdf, source, text, loaded)
            if layer is not None and layered[number - 1]:
                check_raster_matches(frame, text, number)
                layer.add_to_page(pdf, page, frame, text)
        _add_output_intent(pdf)
        _write_metadata(pdf, title=title, created=created)
        _save_atomically(pdf, out, durable)


def _needs_text_layer(source: PageSource, text: PageText) -> bool:
    if source.origin is PageOrigin.IMAGE and text.source is TextSource.TEXT_LAYER:
        raise AssemblyError(
            f"page {source.index + 1} is an image but its text is said to come from a "
            "PDF text layer",
            advice=ADVICE_DEFECT,
        )
    return text.source is TextSource.OCR and any(w.text.strip() for w in text.words)


@dataclass(frozen=True)
class _TextLayerFont:
    font: pikepdf.Object
    codes: CharacterCodes
    program: FontProgram

    @classmethod
    def add_to(cls, pdf: pikepdf.Pdf, codes: CharacterCodes) -> _TextLayerFont:
        program = read_font_program(find_font_program())
        return cls(add_glyphless_font(pdf, program, codes), codes, program)

    def add_to_page(
        self, pdf: pikepdf.Pdf, page: pikepdf.Page, frame: RasterFrame, text: PageText
    ) -> None:
        name = page.add_resource(self.font, Name.Font, _unused_name(page, Name.Font, "FSohoa"))
        stream = text_layer(text, frame, str(name)[1:], self.codes, self.program.glyph_width)
        page.contents_add(pikepdf.Stream(pdf, stream))


@contextlib.contextmanager
def _open_source(loaded: LoadedInput) -> Iterator[pikepdf.Pdf | None]:
    if not any(p.origin is PageOrigin.PDF_PAGE for p in loaded.pages):
        yield None
        return
    if loaded.pdf_path is None:
        raise AssemblyError(
            "the input has PDF pages but no PDF file", advice=ADVICE_DEFECT, path=loaded.path
        )
    try:
        source_pdf = pikepdf.open(loaded.pdf_path)
    except pikepdf.PdfError as exc:
        raise AssemblyError(
            f"the input PDF could not be opened again for assembly: {exc}",
            advice=ADVICE_DEFECT,
            path=loaded.pdf_path,
        ) from exc
    with source_pdf:
        _flatten_annotations(source_pdf)
        yield source_pdf


def _flatten_annotations(source_pdf: pikepdf.Pdf) -> None:
    """Draw printable annotations (filled-in form fields, stamps) into their pages' content."""
    if Name.AcroForm in source_pdf.Root:
        with contextlib.suppress(pikepdf.PdfError):
            # A form qpdf cannot draw keeps the appearances it has, as a printout would.
            source_pdf.generate_appearance_streams()
    source_pdf.flatten_annotations(mode="print")


def _build_page(
    pdf: pikepdf.Pdf,
    source_pdf: pikepdf.Pdf | None,
    source: PageSource,
    text: PageText,
    loaded: LoadedInput,
) -> tuple[pikepdf.Page, RasterFrame]:
    if source.origin is PageOrigin.IMAGE:
        page = _image_page(pdf, source, loaded)
    else:
        if source_pdf is None:  # _open_source opened it whenever a page needs it
            raise AssertionError("source PDF not open")
        page = _copied_page(pdf, source_pdf, source, loaded)
    if text.rotation % 90 != 0:
        raise AssemblyError(
            f"page {source.index + 1} was turned by {text.rotation}°, not a multiple of 90°",
            advice=ADVICE_DEFECT,
            path=loaded.path,
        )
    shown = int(page.obj.get("/Rotate", 0))
    rotate = (shown + text.rotation) % 360
    if rotate != shown % 360:
        page.obj.Rotate = rotate
    media_box = Rectangle.from_pdf(page.mediabox)
    crop_box = Rectangle.from_pdf(page.cropbox).intersection(media_box)
    return page, raster_frame(crop_box, rotate, text.width_px, text.height_px)


# --- pages from images ---------------------------------------------------------------------


def _image_page(pdf: pikepdf.Pdf, source: PageSource, loaded: LoadedInput) -> pikepdf.Page:
    if source.image_path is None:
        raise AssemblyError(
            f"page {source.index + 1} is an image page without an image file",
            advice=ADVICE_DEFECT,
            path=loaded.path,
        )
    if source.dpi <= 0:
        raise AssemblyError(
            f"page {source.index + 1} has a resolution of {source.dpi} dpi",
            advice=ADVICE_DEFECT,
            path=loaded.path,
        )
    image = image_xobject(pdf, source.image_path)
    width = int(image.Width) * POINTS_PER_INCH / source.dpi
    height = int(image.Height) * POINTS_PER_INCH / source.dpi
    page = pdf.add_blank_page(page_size=(width, height))
    name = page.add_resource(image, Name.XObject, _unused_name(page, Name.XObject, "Im"))
    page.contents_add(
        pikepdf.Stream(pdf, f"q {width:.4f} 0 0 {height:.4f} 0 0 cm {name} Do Q\n".encode())
    )
    return page


def image_xobject(pdf: pikepdf.Pdf, path: Path) -> pikepdf.Stream:
    """An image XObject holding the image file at ``path`` without lossy recompression."""
    try:
        with Image.open(path) as image:
            if image.format in _JPEG_FORMATS and image.mode in _JPEG_COLOUR_SPACES:
                return _dct_image(pdf, path, image)
            if image.format == "PNG" and (passed := _png_passthrough(pdf, path)) is not None:
                return passed
            frames = int(getattr(image, "n_frames", 1))
            if frames > 1:
                raise AssemblyError(
                    f"the page image has {frames} frames; one page image is expected",
                    advice=ADVICE_DEFECT,
                    path=path,
                )
            image.load()
            return _flate_image(pdf, image, path)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AssemblyError(
            f"the page image could not be read for assembly: {exc}",
            advice=ADVICE_DEFECT,
            path=path,
        ) from exc


def _dct_image(pdf: pikepdf.Pdf, path: Path, image: Image.Image) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, path.read_bytes())
    stream.Type = Name.XObject
    stream.Subtype = Name.Image
    stream.Width, stream.Height = image.size
    stream.ColorSpace = _JPEG_COLOUR_SPACES[image.mode]
    stream.BitsPerComponent = 8
    stream.Filter = Name.DCTDecode
    return stream


def _png_passthrough(pdf: pikepdf.Pdf, path: Path) -> pikepdf.Stream | None:
    """A PNG's compressed data as it is: PNG's row filters are PDF's Flate predictor 15.

    Only for the plain cases (greyscale at 1 or 8 bits, RGB at 8, not interlaced, no palette or
    alpha); everything else is decoded and compressed again. Saves a decode and a compression
    of every page, with the same pixels.
    """
    header, data = _png_chunks(path.read_bytes())
    if header is None:
        return None
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    colours = _PNG_COLOURS.get((colour_type, depth))
    if colours is None or interlace != 0:
        return None
    stream = pikepdf.Stream(pdf, data)
    stream.Type = Name.XObject
    stream.Subtype = Name.Image
    stream.Width, stream.Height = width, height
    stream.ColorSpace = Name.DeviceGray if colours == 1 else Name.DeviceRGB
    stream.BitsPerComponent = depth
    stream.Filter = Name.FlateDecode
    stream.DecodeParms = Dictionary(
        Predictor=15, Colors=colours, BitsPerComponent=depth, Columns=width
    )
    return stream


def _png_chunks(png: bytes) -> tuple[bytes | None, bytes]:
    """The IHDR payload and the concatenated IDAT payloads of a PNG file."""
    header: bytes | None = None
    data = bytearray()
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        payload = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = payload
        elif kind == b"IDAT":
            data += payload
        elif kind == b"IEND":
            break
        position += 12 + length
    return header, bytes(data)


def _flate_image(pdf: pikepdf.Pdf, image: Image.Image, path: Path) -> pikepdf.Stream:
    samples, colour_space, bits = _samples(image, path)
    stream = pikepdf.Stream(pdf, zlib.compress(samples, 6))
    stream.Type = Name.XObject
    stream.Subtype = Name.Image
    stream.Width, stream.Height = image.size
    stream.ColorSpace = colour_space
    stream.BitsPerComponent = bits
    stream.Filter = Name.FlateDecode
    return stream


def _samples(image: Image.Image, path: Path) -> tuple[bytes, Name, int]:
    """Image samples as PDF expects them: rows of packed samples, most significant bit first."""
    mode = image.mode
    if mode == "1":
        return image.tobytes(), Name.DeviceGray, 1
    if mode == "L":
        return image.tobytes(), Name.DeviceGray, 8
    if mode.startswith("I;16"):
        return np.asarray(image).astype(">u2").tobytes(), Name.DeviceGray, 16
    if mode == "I":
        return _sixteen_bit_grey(image, path), Name.DeviceGray, 16
    if mode == "RGB":
        return image.tobytes(), Name.DeviceRGB, 8
    if mode == "CMYK":
        return _cmyk_to_rgb(image).tobytes(), Name.DeviceRGB, 8
    if mode == "P" and "transparency" not in image.info and _grey_palette(image):
        return _samples(_palette_to_grey(image), path)
    if mode in ("P", "PA", "LA", "RGBA", "RGBa", "La") or "transparency" in image.info:
        return _on_white(image).tobytes(), Name.DeviceRGB, 8
    if mode in ("YCbCr", "HSV", "RGBX"):
        return image.convert("RGB").tobytes(), Name.DeviceRGB, 8
    raise AssemblyError(
        f"page images in Pillow mode {mode!r} cannot be embedded without loss",
        advice="Convert the scan to 8-bit greyscale or RGB and submit it again.",
        path=path,
    )


def _grey_palette(image: Image.Image) -> bool:
    """Whether every palette entry the image uses is a grey (a scanner's grey or bilevel PNG)."""
    palette = image.getpalette() or []
    return all(len(set(palette[3 * i : 3 * i + 3])) == 1 for i in _values_present(image))


def _palette_to_grey(image: Image.Image) -> Image.Image:
    grey = image.convert("L")
    if set(_values_present(grey)) <= {0, 255}:
        return grey.convert("1", dither=Image.Dither.NONE)
    return grey


def _values_present(image: Image.Image) -> list[int]:
    """The pixel values (palette indices, grey levels) of a one-band 8-bit image that occur."""
    return [value for value, count in enumerate(image.histogram()[:256]) if count]


def _sixteen_bit_grey(image: Image.Image, path: Path) -> bytes:
    values = np.asarray(image)
    if values.size and (values.min() < 0 or values.max() > 0xFFFF):
        raise AssemblyError(
            "the page image has grey values outside 0–65535",
            advice="Convert the scan to 8- or 16-bit greyscale and submit it again.",
            path=path,
        )
    return values.astype(">u2").tobytes()


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    embedded = image.info.get("icc_profile")
    if embedded:
        with contextlib.suppress(ImageCms.PyCMSError, OSError):
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(embedded)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
            if converted is not None:
                return converted
    return image.convert("RGB")


def _on_white(image: Image.Image) -> Image.Image:
    """Composite a transparent image on white paper, which is what a printout shows."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


# --- pages from PDFs -----------------------------------------------------------------------


def _copied_page(
    pdf: pikepdf.Pdf, source_pdf: pikepdf.Pdf, source: PageSource, loaded: LoadedInput
) -> pikepdf.Page:
    if not 0 <= source.index < len(source_pdf.pages):
        raise AssemblyError(
            f"page {source.index + 1} does not exist in the input PDF "
            f"({len(source_pdf.pages)} pages)",
            advice=ADVICE_DEFECT,
            path=loaded.pdf_path,
        )
    original = source_pdf.pages[source.index]
    _push_inherited_attributes(original.obj)
    pdf.pages.append(original)
    page = pdf.pages[-1]
    for key in _INTERACTIVE:
        if key in page.obj:
            del page.obj[key]
    _drop_interpolation(page.obj.get("/Resources"), set())
    # The layer's cm must not inherit whatever graphics state the original content leaves.
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n"))
    return page


def _drop_interpolation(resources: pikepdf.Object | None, seen: set[tuple[int, int]]) -> None:
    """Remove /Interpolate, a smoothing hint PDF/A forbids, from images the resources paint."""
    xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
    if not isinstance(xobjects, Dictionary):
        return
    for xobject in xobjects.values():
        if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        for image in (xobject, xobject.get("/SMask"), xobject.get("/Mask")):
            if isinstance(image, pikepdf.Stream) and "/Interpolate" in image:
                del image["/Interpolate"]
        if xobject.get("/Subtype") == Name.Form:
            _drop_interpolation(xobject.get("/Resources"), seen)


def _unused_name(page: pikepdf.Page, category: Name, stem: str) -> Name:
    """A resource name not yet in use; pikepdf's own prefix names are random, ours repeatable."""
    existing = page.obj.get("/Resources", Dictionary()).get(category, Dictionary())
    number = 0
    while f"/{stem}{number}" in existing:
        number += 1
    return Name(f"/{stem}{number}")


def _push_inherited_attributes(page: pikepdf.Dictionary) -> None:
    """Copy attributes a page inherits from its page tree onto the page itself."""
    for key in _INHERITABLE:
        if key in page:
            continue
        value = _inherited(page, key)
        if value is not None:
            page[key] = value


def _inherited(page: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    node = page.get("/Parent")
    seen: set[tuple[int, int]] = set()
    while isinstance(node, pikepdf.Dictionary) and node.objgen not in seen:
        seen.add(node.objgen)
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


# --- document level ------------------------------------------------------------------------


def srgb_profile() -> bytes:
    """An sRGB ICC profile made by Little CMS, with a fixed creation date."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    end = _ICC_DATE_OFFSET + len(_ICC_FIXED_DATE)
    return profile[:_ICC_DATE_OFFSET] + _ICC_FIXED_DATE + profile[end:]


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pikepdf.Stream(pdf, zlib.compress(srgb_profile(), 9))
    profile.Filter = Name.FlateDecode
    profile.N = 3
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
        Info=pikepdf.String(OUTPUT_CONDITION),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _write_metadata(pdf: pikepdf.Pdf, *, title: str, created: datetime) -> None:
    # PDF dates hold whole seconds; XMP must say the same as the Info dictionary.
    stamp = created.replace(microsecond=0).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = _printable(title)
        # No pdf:Producer: the signer is the last processor and writes its own name into both
        # the Info dictionary and the XMP; a Producer of ours would leave the two disagreeing.
        meta["xmp:CreatorTool"] = PRODUCER
        meta["xmp:CreateDate"] = stamp
        meta["xmp:ModifyDate"] = stamp
        meta["xmp:MetadataDate"] = stamp
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in nfc(text)).strip()


def _save_atomically(pdf: pikepdf.Pdf, out: Path, durable: bool) -> None:
    with atomic_output(out, durable=durable) as stream:
        pdf.save(stream, force_version=PDF_VERSION, deterministic_id=True)
