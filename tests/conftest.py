"""Shared fixtures: every test runs against its own data directory and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED_DATA = REPO.parent / "shared" / "data"
SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "var"
    monkeypatch.setenv("SOHOA_DATA_DIR", str(data))
    monkeypatch.delenv("SOHOA_DATABASE_URL", raising=False)
    yield data


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return load_settings()


def text_page(
    path: Path,
    lines: list[str],
    *,
    size: tuple[int, int] = (2480, 1400),
    dpi: int = 300,
    mode: str = "L",
) -> Path:
    """A clean page image with the given lines typeset at 14 pt, saved with its resolution."""
    image = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(SERIF), round(14 * dpi / 72))
    for number, line in enumerate(lines):
        draw.text((dpi, dpi + number * round(0.3 * dpi)), line, font=font, fill="black")
    image.save(path, dpi=(dpi, dpi))
    return path
