"""Figure fixtures: tiny images made here, and copies of the sample bundle that show them."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
ALT = "A plain grey square, drawn for the tests"
CREDIT = "Drawn by the Twofold test suite"


def make_png(width: int = 6, height: int = 4, grey: int = 128) -> bytes:
    """A valid PNG of ``width`` x ``height`` pixels of one grey, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes([grey]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def add_figure(
    bundle: Path,
    *,
    line: str = f"![{ALT}](figures/square.png)",
    data: bytes | None = None,
    credit: str | None = CREDIT,
) -> Path:
    """Put ``square.png`` (``data``, else a grey PNG) in ``bundle``'s figures/, shown by
    ``line`` at the end of the layperson overview, with ``credit`` in article.yaml."""
    (bundle / "figures").mkdir(exist_ok=True)
    (bundle / "figures" / "square.png").write_bytes(make_png() if data is None else data)
    overview = bundle / "overview.layperson.md"
    overview.write_text(overview.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    if credit is not None:
        yaml = bundle / "article.yaml"
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(
            text + f"figures:\n  - file: square.png\n    credit: {credit}\n", encoding="utf-8"
        )
    return bundle


@pytest.fixture(name="png")
def png_fixture() -> Callable[..., bytes]:
    """``make_png(width=6, height=4, grey=128)``: a tiny PNG built by hand."""
    return make_png


@pytest.fixture(name="add_figure")
def add_figure_fixture() -> Callable[..., Path]:
    """``add_figure(bundle, line=..., data=..., credit=...)``: a bundle shows square.png."""
    return add_figure


@pytest.fixture
def copy_sample() -> Callable[..., Path]:
    """``copy(root, slug="figured")``: a copy of the sample bundle as root/en/slug."""

    def copy(root: Path, slug: str = "figured") -> Path:
        return Path(shutil.copytree(SAMPLE, root / "en" / slug))

    return copy
