"""The new-article page has the section editor's layout: readability beside each text,
and the ``[@key]`` picker beside each text in the section editor."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.editorial import revisions
from service.storage.db import db
from service.storage.revisions import ArticleNotFound

NEW = "/staff/articles/new"
OVERVIEW = "/staff/articles/en/sample/sections/overview"


def new_article(client: FlaskClient, auth: Any, **changes: str) -> dict[str, str]:
    """A complete new-article form, with ``changes``."""
    return {
        "csrf_token": auth.csrf_token(client, NEW),
        "locale": "en",
        "slug": "dry-skin",
        "question": "Why is my skin dry?",
        "title_layperson": "Dry skin",
        "title_clinician": "Xerosis",
        "topic": "",
        "section_key": "overview",
        "layperson_title": "What dry skin is",
        "layperson_body": "Dry skin feels rough. It can itch.",
        "clinician_title": "Definition",
        "clinician_body": "Xerosis is abnormal dryness of the skin.",
        **changes,
    }


def test_the_new_article_page_has_a_readability_panel_beside_each_text(
    app: Flask, auth: Any
) -> None:
    writer = auth.client("writer")
    html = writer.get(NEW).get_data(as_text=True)
    for audience in ("layperson", "clinician"):
        assert f'id="readability-{audience}-heading"' in html
        assert f'data-readability-panel="readability-{audience}"' in html
    assert "No text to score yet." in html
    assert "/static/reference-picker." in html and "/static/editor." in html
    # A new article has no references yet: the picker says where they come from.
    assert "A new article has no references yet" in html


def test_check_readability_on_the_new_article_page_scores_and_creates_nothing(
    app: Flask, auth: Any
) -> None:
    writer = auth.client("writer")
    data = new_article(writer, auth, action="check", question="")
    response = writer.post(NEW, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dry skin feels rough. It can itch." in html  # the text is kept
    assert "No text to score yet." not in html
    assert re.search(r'class="verdict verdict-(pass|warn|fail)"', html)
    assert "nothing was saved" not in html  # no errors shown for a check
    with app.app_context(), pytest.raises(ArticleNotFound):
        revisions.current(db.new_session(), "en", "dry-skin")


def test_creating_still_works_from_the_new_layout(app: Flask, auth: Any) -> None:
    writer = auth.client("writer")
    response = writer.post(NEW, data=new_article(writer, auth, action="create"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/articles/en/dry-skin/sections/overview")


def test_the_section_editor_lists_the_articles_reference_keys_beside_each_text(
    app: Flask, auth: Any
) -> None:
    writer = auth.client("writer")
    html = writer.get(OVERVIEW).get_data(as_text=True)
    for audience in ("layperson", "clinician"):
        picker = html.split(f'id="references-{audience}"')[1].split("</ul>")[0]
        assert "<code>[@berk2008]</code>" in picker
        assert (
            "Milia: a review and classification. "
            "(Journal of the American Academy of Dermatology, 2008)" in picker
        )
        assert f'data-reference-picker="references-{audience}"' in html
