"""Writers edit an article with figures: its figures stay, until the text stops showing one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.editorial import revisions
from service.storage.db import db
from service.writing.audience import Audience

OVERVIEW = "/staff/articles/en/figured/sections/overview"
FIGURE = "![A plain grey square, drawn for the tests](figures/square.png)"


def newest(app: Flask) -> revisions.Current:
    with app.app_context():
        return revisions.current(db.new_session(), "en", "figured")


def save_overview(client: FlaskClient, app: Flask, layperson_body: str) -> TestResponse:
    """Save the overview section with a new layperson text."""
    html = client.get(OVERVIEW).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert token
    current = newest(app)
    overview = next(s for s in current.article.sections if s.key == "overview")
    data: dict[str, Any] = {
        "csrf_token": token.group(1),
        "base": current.number,
        "message": "",
        "action": "save",
    }
    for audience in Audience:
        variant = overview.variant(audience)
        data[f"{audience}_title"] = variant.title if variant else ""
        data[f"{audience}_body"] = variant.body if variant else ""
    data["layperson_body"] = layperson_body
    return client.post(OVERVIEW, data=data)


@pytest.fixture
def writer(
    app: Flask,
    auth: Any,
    tmp_path: Path,
    copy_sample: Callable[..., Path],
    add_figure: Callable[..., Path],
) -> FlaskClient:
    """A writer, with en/figured (one figure in its layperson overview) loaded."""
    add_figure(copy_sample(tmp_path / "variants"), line=FIGURE)
    result = app.test_cli_runner().invoke(args=["variants", "load", str(tmp_path / "variants")])
    assert result.exit_code == 0, result.output
    client: FlaskClient = auth.client("writer")
    return client


def test_an_edit_elsewhere_keeps_the_figure(app: Flask, writer: FlaskClient) -> None:
    before = newest(app)
    response = save_overview(writer, app, f"Milia are tiny white bumps.\n\n{FIGURE}")
    assert response.status_code == 303
    after = newest(app)
    assert after.number == before.number + 1
    assert after.article.figures == before.article.figures
    assert [f.name for f in after.article.figures] == ["square.png"]


def test_taking_the_figure_out_of_the_text_takes_it_out_of_the_revision(
    app: Flask, writer: FlaskClient
) -> None:
    before = newest(app)
    assert save_overview(writer, app, "Milia are tiny white bumps.").status_code == 303
    after = newest(app)
    assert after.number == before.number + 1
    assert after.article.figures == ()
    with app.app_context():  # the revision before keeps it, to restore from history
        kept = revisions.revision(db.new_session(), "en", "figured", before.number)
    assert [f.name for f in kept.article.figures] == ["square.png"]
    with app.app_context():
        revisions.restore(db.new_session(), "en", "figured", before.number, author="w@x.test")
    assert newest(app).article.figures == before.article.figures


def test_a_figure_the_article_lacks_is_refused_with_the_fix(
    app: Flask, writer: FlaskClient
) -> None:
    before = newest(app)
    response = save_overview(writer, app, f"{FIGURE}\n\n![A second picture](figures/other.png)")
    assert response.status_code == 422
    assert "figures/other.png does not exist" in response.get_data(as_text=True)
    assert newest(app).number == before.number
