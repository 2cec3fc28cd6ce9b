"""`flask variants load` with figures: each refused figure named by file and line, nothing
loaded; a good one stored once, by its bytes, and written back byte for byte."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from service.storage import repository
from service.storage.db import db
from service.storage.figures import figure_bytes

BEFORE = [("en", "sample"), ("en", "second")]
ALT = "A plain grey square, drawn for the tests"
FIGURE_LINE = f"![{ALT}](figures/square.png)"
CREDIT = "Drawn by the Twofold test suite"
AddFigure = Callable[..., Path]
GIF = b"GIF89a" + struct.pack("<HH", 2, 2) + b"\0" * 20
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'


@pytest.fixture
def bundle(tmp_path: Path, copy_sample: Callable[..., Path]) -> Path:
    """A copy of the sample bundle as ``en/figured`` in a variants root, no figure yet."""
    return copy_sample(tmp_path / "variants")


@pytest.fixture
def figured(bundle: Path, add_figure: AddFigure) -> Path:
    """The copied sample bundle with one credited figure in its layperson overview."""
    return add_figure(bundle, line=FIGURE_LINE, credit=CREDIT)


def load(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["variants", "load", *args])


def stored(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [(a.locale, a.slug) for a in repository.latest_articles(db.new_session())]


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def refused(app: Flask, bundle: Path, where: str, message: str) -> None:
    """Loading ``bundle`` fails, the table names ``where`` with ``message``, nothing changed."""
    result = load(app, str(bundle.parent.parent))
    assert result.exit_code == 1, result.output
    assert "Nothing was loaded." in result.output
    problems = result.output.split("Nothing was loaded.\n", 1)[1].strip().splitlines()
    assert len(problems) == 1, result.output  # the one mistake, and nothing else
    assert problems[0].startswith(f"{where}: "), result.output
    assert message in problems[0], result.output
    assert stored(app) == BEFORE


OVERVIEW = "overview.layperson.md"

# Markdown that shows the figure wrongly: what the writer wrote, and what the table says.
BAD_MARKDOWN = {
    "missing file": (
        f"![{ALT}](figures/sqaure.png)",
        "figures/sqaure.png does not exist; write figures/square.png, or add the image file",
    ),
    "missing alt text": (
        "![](figures/square.png)",
        "figure figures/square.png has no alt text; say what the picture shows",
    ),
    "blank alt text": ("![  ](figures/square.png)", "has no alt text"),
    "remote image": (
        f"![{ALT}](https://example.org/square.png)",
        "image https://example.org/square.png is not in the bundle, and Twofold never loads "
        "images from elsewhere",
    ),
    "image on another host": (f"![{ALT}](//example.org/square.png)", "never loads images"),
    "data URL": (f"![{ALT}](data:image/png;base64,iVBORw0KGgo=)", "never loads images"),
    "outside figures/": (
        f"![{ALT}](square.png)",
        "image square.png must be written figures/<file name>",
    ),
    "inside a sentence": (
        f"See ![{ALT}](figures/square.png) here.",
        "figure figures/square.png must stand alone in its own paragraph",
    ),
}


@pytest.mark.parametrize("line, message", BAD_MARKDOWN.values(), ids=BAD_MARKDOWN.keys())
def test_a_figure_shown_wrongly_is_refused_at_its_line(
    app: Flask, bundle: Path, add_figure: AddFigure, line: str, message: str
) -> None:
    add_figure(bundle, line=FIGURE_LINE)  # the file is there and shown correctly once...
    add_figure(bundle, line=line, credit=None)  # ...then shown wrongly
    where = f"{bundle / OVERVIEW}:{line_of(bundle / OVERVIEW, line)}"
    refused(app, bundle, where, message)


# Files in figures/ that are no figure: their bytes, and what the table says.
BAD_FILES = {
    "not an image": (b"just some text", "is not a PNG, JPEG, GIF or WebP image"),
    "an SVG": (SVG, "is an SVG drawing, which can carry scripts; export it as a PNG"),
    "a PNG cut short": (b"\x89PNG\r\n\x1a\n" + bytes(22), "is not a PNG, JPEG, GIF or WebP image"),
    "a GIF named .png": (GIF, "holds a GIF image but its name ends in .png; rename it square.gif"),
}


@pytest.mark.parametrize("data, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_file_that_is_no_usable_image_is_refused(
    app: Flask, bundle: Path, add_figure: AddFigure, data: bytes, message: str
) -> None:
    add_figure(bundle, data=data)
    refused(app, bundle, str(bundle / "figures" / "square.png"), message)


def test_an_oversized_figure_is_refused_with_the_limit(
    app_factory: Callable[..., Flask],
    bundle: Path,
    add_figure: AddFigure,
    png: Callable[..., bytes],
) -> None:
    app = app_factory(FIGURE_MAX_BYTES=64)
    add_figure(bundle, data=png(40, 40) + b"\0" * 100)
    refused(
        app,
        bundle,
        str(bundle / "figures" / "square.png"),
        "is larger than 64 bytes, the limit for one figure; save it smaller",
    )


def test_a_figure_no_section_shows_is_refused(
    app: Flask, bundle: Path, add_figure: AddFigure, png: Callable[..., bytes]
) -> None:
    add_figure(bundle)
    (bundle / "figures" / "spare.png").write_bytes(png(grey=9))
    refused(app, bundle, str(bundle / "figures" / "spare.png"), "no section shows this figure")


def test_a_credit_for_no_file_is_refused_at_its_line(
    app: Flask, bundle: Path, add_figure: AddFigure
) -> None:
    add_figure(bundle)
    yaml = bundle / "article.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + "  - file: missing.png\n    credit: Someone\n",
        encoding="utf-8",
    )
    where = f"{yaml}:{line_of(yaml, 'missing.png')}"
    refused(app, bundle, where, "figure 'missing.png' has a credit but no file in figures/")


def test_a_good_figure_is_stored_served_and_dumped_byte_for_byte(
    any_db_app: Flask, figured: Path, tmp_path: Path
) -> None:
    app = any_db_app
    assert load(app, "--trust-status", str(figured.parent.parent)).exit_code == 0
    data = (figured / "figures" / "square.png").read_bytes()
    served = app.test_client().get(f"/figures/{hashlib.sha256(data).hexdigest()}.png")
    assert served.status_code == 200 and served.data == data
    again = load(app, "--trust-status", str(figured.parent.parent))
    assert "Loaded 0 new revision(s)" in again.output  # same bytes: no new revision

    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["variants", "dump", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "en" / "figured"
    source = {p.relative_to(figured): p.read_bytes() for p in figured.rglob("*") if p.is_file()}
    dumped = {p.relative_to(written): p.read_bytes() for p in written.rglob("*") if p.is_file()}
    assert dumped == source
    assert f"credit: {CREDIT}" in (written / "article.yaml").read_text(encoding="utf-8")


def test_identical_images_are_stored_once(
    any_db_app: Flask, figured: Path, tmp_path: Path, png: Callable[..., bytes]
) -> None:
    app = any_db_app
    twin = tmp_path / "variants" / "en" / "twin"
    twin.mkdir()
    for path in figured.rglob("*"):
        if path.is_file():
            target = twin / path.relative_to(figured)
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(path.read_bytes())
    assert load(app, str(figured.parent.parent)).exit_code == 0
    with app.app_context():
        session = db.new_session()
        articles = {a.slug: a for a in repository.latest_articles(session)}
        digests = {f.digest for slug in ("figured", "twin") for f in articles[slug].figures}
        assert len(digests) == 1
        assert figure_bytes(session, digests) == {digests.pop(): png()}
