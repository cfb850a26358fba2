"""Shared fixtures: every test runs against its own data directory and database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import create_engine, text

from pipeline.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED_DATA = REPO.parent / "shared" / "data"
SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
POSTGRES_URL = os.environ.get("SOHOA_TEST_POSTGRES_URL")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "var"
    monkeypatch.setenv("SOHOA_DATA_DIR", str(data))
    monkeypatch.delenv("SOHOA_DATABASE_URL", raising=False)
    yield data


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return load_settings()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty database, once SQLite and once PostgreSQL (in a schema of its own), which the
    commands under test also use through SOHOA_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'sohoa.db'}"
        monkeypatch.setenv("SOHOA_DATABASE_URL", url)
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("SOHOA_TEST_POSTGRES_URL is not set; `make test` starts PostgreSQL and sets it")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("SOHOA_DATABASE_URL", url)
    yield url
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


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
