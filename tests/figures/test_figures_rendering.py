"""Rendering figures: an article's own figure becomes <figure>; no other image is ever an <img>."""

from __future__ import annotations

import pytest
from flask import Flask

from service.reader.rendering import FigureView, render_markdown

SQUARE = FigureView("square.png", "/figures/abc.png", 6, 4, "Drawn for the tests")


def render(app: Flask, body: str, *figures: FigureView) -> str:
    with app.test_request_context("/en/"):
        return str(render_markdown(body, figures=figures))


def test_an_articles_figure_is_a_figure_with_caption_and_credit(app: Flask) -> None:
    html = render(app, '![A grey square](figures/square.png "A caption")', SQUARE)
    assert html == (
        '<figure class="figure"><img src="/figures/abc.png" alt="A grey square" width="6" '
        'height="4" loading="lazy" decoding="async"><figcaption>A caption — '
        '<span class="figure-credit">Drawn for the tests</span></figcaption></figure>\n'
    )


def test_alt_text_caption_and_credit_are_escaped(app: Flask) -> None:
    credit = FigureView("square.png", "/figures/abc.png", 6, 4, "<b>Me</b> & co")
    html = render(app, '![A "quoted" <alt>](figures/square.png "<i>x</i>")', credit)
    assert 'alt="A &quot;quoted&quot; &lt;alt&gt;"' in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html and "&lt;b&gt;Me&lt;/b&gt; &amp; co" in html
    assert "<b>" not in html and "<i>" not in html


@pytest.mark.parametrize(
    "body",
    [
        "![A remote picture](https://example.org/x.png)",
        "![Another host](//example.org/x.png)",
        "![Inline data](data:image/png;base64,iVBORw0KGgo=)",
        "![Not a figure of this article](figures/other.png)",
        "Text with ![an inline picture](figures/square.png) inside.",
    ],
)
def test_no_other_image_is_ever_rendered(app: Flask, body: str) -> None:
    html = render(app, body, SQUARE)
    assert "<img" not in html and "<figure" not in html


def test_without_figure_urls_a_figure_shows_its_alt_text(app: Flask) -> None:
    assert render(app, "![A grey square](figures/square.png)") == "<p>A grey square</p>\n"
