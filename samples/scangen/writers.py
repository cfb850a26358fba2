"""Writing scans and ground truth to disk, byte-for-byte reproducibly.

No timestamps or random ids anywhere: JPEG/PNG/TIFF carry only their resolution, the image
PDFs are assembled with pikepdf and a deterministic /ID, and reportlab runs with invariant=1.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from .documents import Fields
from .layout import Face, PagePlan, register_fonts

JPEG_QUALITY = 80
PDF_JPEG_QUALITY = 75


def jpeg_bytes(image: Image.Image, dpi: int, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi), subsampling="4:2:0", optimize=True)
    return buffer.getvalue()


def write_jpeg(image: Image.Image, path: Path, dpi: int) -> None:
    path.write_bytes(jpeg_bytes(image, dpi, JPEG_QUALITY))


def write_png(image: Image.Image, path: Path, dpi: int) -> None:
    image.save(path, "PNG", dpi=(dpi, dpi), compress_level=9)


def write_tiff(images: Sequence[Image.Image], path: Path, dpi: int) -> None:
    """A multi-page TIFF, deflate-compressed."""
    first, *rest = images
    first.save(
        path,
        "TIFF",
        save_all=True,
        append_images=rest,
        compression="tiff_adobe_deflate",
        dpi=(dpi, dpi),
    )


def write_image_pdf(images: Sequence[Image.Image], path: Path, dpi: int) -> None:
    """An image-only PDF: one JPEG per page, the page as large as the paper that was scanned."""
    pdf = pikepdf.Pdf.new()
    for image in images:
        data = jpeg_bytes(image, dpi, PDF_JPEG_QUALITY)
        width_pt = image.width * 72 / dpi
        height_pt = image.height * 72 / dpi
        xobject = pikepdf.Stream(pdf, data)
        xobject.Type = pikepdf.Name.XObject
        xobject.Subtype = pikepdf.Name.Image
        xobject.Width = image.width
        xobject.Height = image.height
        xobject.ColorSpace = (
            pikepdf.Name.DeviceRGB if image.mode == "RGB" else pikepdf.Name.DeviceGray
        )
        xobject.BitsPerComponent = 8
        xobject.Filter = pikepdf.Name.DCTDecode
        content = f"q {width_pt:.4f} 0 0 {height_pt:.4f} 0 0 cm /Im0 Do Q".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, round(width_pt, 4), round(height_pt, 4)],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
            Contents=pikepdf.Stream(pdf, content),
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path, deterministic_id=True, compress_streams=True)


def write_born_digital_pdf(plans: Sequence[PagePlan], path: Path, title: str, author: str) -> None:
    """A PDF typeset directly from the plans: embedded TrueType fonts, a real text layer."""
    register_fonts()
    canvas = Canvas(
        str(path),
        pagesize=(plans[0].width, plans[0].height),
        invariant=1,
        initialFontName=Face.REGULAR.value,
    )
    canvas.setCreator("sohoa samples/make_samples.py")
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(title)
    for plan in plans:
        for piece in plan.pieces:
            canvas.setFont(piece.face.value, piece.size)
            canvas.drawString(piece.x, plan.height - piece.baseline, piece.text)
        for rule in plan.rules:
            canvas.setLineWidth(rule.weight)
            canvas.line(rule.x0, plan.height - rule.y, rule.x1, plan.height - rule.y)
        canvas.showPage()
    canvas.save()


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def ground_truth(file_name: str, fields: Fields, plans: Sequence[PagePlan]) -> dict[str, object]:
    return {
        "file": file_name,
        "doc_type": fields.doc_type,
        "pages": [
            {"index": i, "text": plan.text, "blank": plan.blank} for i, plan in enumerate(plans)
        ],
        "fields": {
            "doc_type": fields.doc_type,
            "tier": fields.tier,
            "issuer": fields.issuer,
            "number": fields.number,
            "issue_date": iso(fields.issue_date),
            "valid_until": iso(fields.valid_until),
            "subject_name": fields.subject_name,
            "subject_id": fields.subject_id,
            "dossier_code": fields.dossier_code,
        },
    }


def write_ground_truth(truth: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
