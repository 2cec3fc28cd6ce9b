"""A figure in Chromium, on a phone and a desktop: shown within the text column, its
caption and credit beneath, and no axe-core violations."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[1] / "bundles" / "en" / "sample"
ALT = "A plain grey rectangle, drawn for the tests"
CAPTION = "A test figure wider than a phone"
CREDIT = "Drawn by the Twofold test suite"


def wide_png(width: int = 900, height: int = 300) -> bytes:
    """A grey PNG wider than a phone's screen, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def figure_server(
    build_app: Callable[..., Any],
    serve: Callable[[Any], AbstractContextManager[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A server of its own whose one article shows a figure in its layperson overview."""
    root = tmp_path_factory.mktemp("variants")
    bundle = Path(shutil.copytree(SAMPLE, root / "en" / "figured"))
    (bundle / "figures").mkdir()
    (bundle / "figures" / "rectangle.png").write_bytes(wide_png())
    overview = bundle / "overview.layperson.md"
    figure = f'![{ALT}](figures/rectangle.png "{CAPTION}")'
    overview.write_text(overview.read_text(encoding="utf-8") + f"\n{figure}\n", encoding="utf-8")
    meta = bundle / "article.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + f"figures:\n  - file: rectangle.png\n    credit: {CREDIT}\n",
        encoding="utf-8",
    )
    app = build_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(root))
    with serve(app) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_figure_fits_the_column_with_its_caption_and_has_no_violations(
    browser: Browser, figure_server: str, assert_accessible: Callable[[Any], None], width: int
) -> None:
    context = browser.new_context(
        base_url=figure_server, bypass_csp=True, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/en/articles/figured/layperson")
        image = page.get_by_role("img", name=ALT)
        image.scroll_into_view_if_needed()
        expect(image).to_be_visible()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth === 900", arg=image.element_handle()
        )
        figure = page.locator("figure", has=image)
        expect(figure.locator("figcaption")).to_have_text(f"{CAPTION} — {CREDIT}")
        shown = image.bounding_box()
        column = page.locator(".article-section").first.bounding_box()
        assert shown is not None and column is not None
        assert shown["width"] <= column["width"] + 0.5, "the figure overflows the text column"
        assert abs(shown["width"] / shown["height"] - 3) < 0.05, "the figure keeps its shape"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
    finally:
        context.close()


def test_the_figure_shows_without_javascript(browser: Browser, figure_server: str) -> None:
    context = browser.new_context(base_url=figure_server, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/en/articles/figured/layperson")
        image = page.get_by_role("img", name=ALT)
        image.scroll_into_view_if_needed()
        expect(image).to_be_visible()
        box = image.bounding_box()
        assert box is not None and box["height"] > 0
    finally:
        context.close()
