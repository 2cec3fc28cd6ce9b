"""Helpers for figure tests: tiny images made here, and a bundle that shows one."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
ALT = "A plain grey square, drawn for the tests"
CAPTION = "A test figure"
CREDIT = "Drawn by the Twofold test suite"
FIGURE_LINE = f'![{ALT}](figures/square.png "{CAPTION}")'


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
    bundle: Path, *, line: str = FIGURE_LINE, data: bytes | None = None, credit: bool = True
) -> Path:
    """Put ``square.png`` in ``bundle``'s figures/, shown by ``line`` in the layperson
    overview (on line 5 of that file), credited in article.yaml when ``credit``."""
    (bundle / "figures").mkdir(exist_ok=True)
    (bundle / "figures" / "square.png").write_bytes(make_png() if data is None else data)
    overview = bundle / "overview.layperson.md"
    overview.write_text(overview.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    if credit:
        yaml = bundle / "article.yaml"
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(
            text + f"figures:\n  - file: square.png\n    credit: {CREDIT}\n", encoding="utf-8"
        )
    return bundle


def copy_sample(root: Path, slug: str = "figured") -> Path:
    """A copy of the sample bundle as ``<root>/en/<slug>``, no figure yet."""
    return Path(shutil.copytree(SAMPLE, root / "en" / slug))
