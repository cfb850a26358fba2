"""A PDF page that is nothing but one JPEG scan filling the page, as scanners write them.

Tesseract can read such a page's JPEG as it is, which is exactly what rendering the page would
give at the scan's own resolution, without the cost of rendering. Anything less plain (more
than one image, a mask, a colour space Tesseract would get wrong, a rotation, an image not
filling the page) is rendered instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Name

# How far (in points) the drawn image may miss the page edges, and how unequal its pixels may be.
EDGE_TOLERANCE_PT = 1.0
ASPECT_TOLERANCE = 0.01
_PAINTING_OPERATORS = {"q", "Q", "cm", "Do"}
_PLAIN_SPACES = {Name.DeviceGray: 1, Name.DeviceRGB: 3}


@dataclass(frozen=True)
class ScanJpeg:
    data: bytes
    width_px: int
    height_px: int
    dpi: float


def scan_jpeg(page: pikepdf.Page) -> ScanJpeg | None:
    if int(page.obj.get("/Rotate", 0)) % 360 != 0:
        return None
    placement = _sole_placement(page)
    if placement is None:
        return None
    matrix, name = placement
    xobjects = page.resources.get("/XObject")
    image = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
    if image is None or not _plain_jpeg(image) or not _fills_page(matrix, page):
        return None
    width, height = int(image.Width), int(image.Height)
    dpi_x = width / (matrix[0] / 72)
    dpi_y = height / (matrix[3] / 72)
    if abs(dpi_x - dpi_y) > ASPECT_TOLERANCE * dpi_x:
        return None
    return ScanJpeg(image.read_raw_bytes(), width, height, dpi_x)


def _plain_jpeg(image: pikepdf.Object) -> bool:
    if not isinstance(image, pikepdf.Stream):
        return False
    if image.get("/Filter") != Name.DCTDecode or image.get("/BitsPerComponent") != 8:
        return False
    if any(key in image for key in ("/SMask", "/Mask", "/Decode", "/ImageMask", "/DecodeParms")):
        return False
    return _components(image.get("/ColorSpace")) is not None


def _components(space: pikepdf.Object | None) -> int | None:
    if isinstance(space, Name):
        return _PLAIN_SPACES.get(space)
    if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == Name.ICCBased:
        count = int(space[1].get("/N", 0))
        return count if count in (1, 3) else None
    return None


def _sole_placement(page: pikepdf.Page) -> tuple[tuple[float, ...], str] | None:
    """The matrix and name of the page's only painted XObject, if the content does nothing else."""
    try:
        instructions = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return None
    matrix: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    painted: list[tuple[tuple[float, ...], str]] = []
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            return None
        operator, operands = str(instruction.operator), instruction.operands
        if operator not in _PAINTING_OPERATORS:
            return None
        if operator == "q":
            saved.append(matrix)
        elif operator == "Q" and saved:
            matrix = saved.pop()
        elif operator == "cm":
            matrix = _concatenate(tuple(float(v) for v in operands), matrix)
        elif operator == "Do":
            painted.append((matrix, str(operands[0])))
    return painted[0] if len(painted) == 1 else None


def _concatenate(first: tuple[float, ...], then: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _fills_page(matrix: tuple[float, ...], page: pikepdf.Page) -> bool:
    a, b, c, d, e, f = matrix
    if abs(b) > 1e-6 or abs(c) > 1e-6 or a <= 0 or d <= 0:
        return False
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    edges = (e - min(x0, x1), f - min(y0, y1), e + a - max(x0, x1), f + d - max(y0, y1))
    return all(abs(edge) <= EDGE_TOLERANCE_PT for edge in edges)
