"""Figures on reader pages and in staff previews, and their images served for ever at their URL."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.roles import Role
from service.editorial import workflow
from service.editorial.workflow import Action
from service.storage.db import db

ALT = "A plain grey square, drawn for the tests"
CAPTION = "A test figure"
CREDIT = "Drawn by the Twofold test suite"
LINE = f'![{ALT}](figures/square.png "{CAPTION}")'
PAGE = "/en/articles/figured/layperson"
YEAR = 365 * 24 * 60 * 60
AddFigure = Callable[..., Path]


def image_url(data: bytes) -> str:
    """Where readers get the PNG ``data``."""
    return f"/figures/{hashlib.sha256(data).hexdigest()}.png"


def load(app: Flask, root: Path, *options: str) -> None:
    result = app.test_cli_runner().invoke(args=["variants", "load", *options, str(root)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def figure_png(png: Callable[..., bytes]) -> bytes:
    """The bytes of square.png."""
    return png()


@pytest.fixture
def published(
    app: Flask, tmp_path: Path, copy_sample: Callable[..., Path], add_figure: AddFigure
) -> Flask:
    """``app`` with en/figured published (approved), showing square.png."""
    add_figure(copy_sample(tmp_path / "variants"), line=LINE, credit=CREDIT)
    load(app, tmp_path / "variants", "--trust-status")
    return app


def figure_html(html: str) -> str:
    match = re.search(r"<figure.*?</figure>", html, re.S)
    assert match, "the page shows a figure"
    return match.group(0)


def test_the_reader_page_shows_the_figure_with_alt_text_caption_and_credit(
    published: Flask, client: FlaskClient, figure_png: bytes
) -> None:
    html = client.get(PAGE).get_data(as_text=True)
    figure = figure_html(html)
    src = image_url(figure_png)
    assert f'<img src="{src}" alt="{ALT}" width="6" height="4" loading="lazy"' in figure
    caption = f'<figcaption>{CAPTION} — <span class="figure-credit">{CREDIT}</span></figcaption>'
    assert caption in figure
    assert "<p><figure" not in html  # a figure is a block of its own, not inside a paragraph


def test_the_other_audience_without_the_figure_shows_none(
    published: Flask, client: FlaskClient
) -> None:
    html = client.get("/en/articles/figured/clinician").get_data(as_text=True)
    assert "<figure" not in html and "<img" not in html


def test_the_image_is_served_for_a_year_with_a_strong_etag_and_304(
    published: Flask, client: FlaskClient, figure_png: bytes
) -> None:
    digest = hashlib.sha256(figure_png).hexdigest()
    response = client.get(image_url(figure_png))
    assert response.status_code == 200
    assert response.data == figure_png
    assert response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable"
    assert response.headers["ETag"] == f'"{digest}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers

    again = client.get(image_url(figure_png), headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable"


@pytest.mark.parametrize(
    "path",
    [
        f"/figures/{'0' * 64}.png",  # no such image
        "/figures/{digest}.jpg",  # not its type
        "/figures/{digest}",  # no type at all
        "/figures/..%2fconfig.png",  # no digest at all
    ],
)
def test_an_image_no_published_article_shows_is_a_404(
    published: Flask, client: FlaskClient, figure_png: bytes, path: str
) -> None:
    path = path.format(digest=hashlib.sha256(figure_png).hexdigest())
    assert client.get(path).status_code == 404


def test_a_drafts_figure_is_not_served_to_readers_but_staff_preview_it(
    app: Flask,
    client: FlaskClient,
    tmp_path: Path,
    auth: Any,
    copy_sample: Callable[..., Path],
    add_figure: AddFigure,
    figure_png: bytes,
) -> None:
    add_figure(copy_sample(tmp_path / "variants"), line=LINE)
    load(app, tmp_path / "variants")  # without --trust-status: a draft

    assert client.get(PAGE).status_code == 404
    assert client.get(image_url(figure_png)).status_code == 404

    staff = auth.client("reviewer")
    html = staff.get("/staff/articles/en/figured/preview/layperson").get_data(as_text=True)
    digest = hashlib.sha256(figure_png).hexdigest()
    staff_image = f"/staff/articles/en/figured/figures/{digest}/square.png"
    assert f'<img src="{staff_image}" alt="{ALT}"' in figure_html(html)
    response = staff.get(staff_image)
    assert response.status_code == 200 and response.data == figure_png
    assert response.headers["Cache-Control"] == f"private, max-age={YEAR}, immutable"
    assert app.test_client().get(staff_image).status_code in (302, 303, 401, 403)

    review = staff.get("/staff/articles/en/figured").get_data(as_text=True)
    assert f'<img src="{staff_image}" alt="{ALT}"' in review


def test_the_staff_export_holds_the_figure_byte_for_byte(
    published: Flask, auth: Any, figure_png: bytes, tmp_path: Path
) -> None:
    response = auth.client("writer").get("/staff/articles/en/figured/export.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.read("en/figured/figures/square.png") == figure_png
        archive.extractall(tmp_path / "out")
    result = published.test_cli_runner().invoke(args=["variants", "load", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Loaded 0 new revision(s)" in result.output  # the export loads back unchanged


def test_readers_get_the_published_figure_until_the_change_is_approved(
    published: Flask,
    client: FlaskClient,
    tmp_path: Path,
    copy_sample: Callable[..., Path],
    add_figure: AddFigure,
    png: Callable[..., bytes],
    figure_png: bytes,
) -> None:
    root = tmp_path / "next"
    add_figure(copy_sample(root), line=LINE, data=png(grey=200))
    load(published, root)  # a draft with another picture
    old, new = image_url(figure_png), image_url(png(grey=200))

    assert client.get(old).status_code == 200
    assert client.get(new).status_code == 404

    with published.app_context():
        session = db.new_session()
        for action in (Action.SUBMIT, Action.START_REVIEW, Action.APPROVE):
            workflow.apply(session, "en", "figured", action, actor="admin", role=Role.ADMIN)
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404  # out of the article: no longer served
    assert new in client.get(PAGE).get_data(as_text=True)
