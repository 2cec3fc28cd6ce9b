"""The article page: every region of the seed, in both audiences."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

AUDIENCES = ["layperson", "clinician"]


@pytest.fixture
def milia(milia_app: Flask) -> FlaskClient:
    return milia_app.test_client()


def ld_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page carries JSON-LD"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize(
    ("audience", "title", "schema_audience", "disclaimer"),
    [
        ("layperson", "What causes milia?", "Patient", "not medical advice"),
        (
            "clinician",
            "Milia: causes and pathogenesis",
            "Clinician",
            "intended for healthcare professionals",
        ),
    ],
)
def test_each_variant_has_every_region_of_the_seed(
    milia: FlaskClient, audience: str, title: str, schema_audience: str, disclaimer: str
) -> None:
    response = milia.get(f"/en/articles/milia/{audience}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What causes milia to form?" in html
    assert f"<h1>{title}</h1>" in html.replace("&#34;", '"')
    assert "Medical Advisory Board" in html
    assert "Article Review Status" in html
    for step in ("Submitted", "Under Review", "Approved"):
        assert step in html
    assert "Last updated:" in html and "June 27, 2025" in html
    assert 'href="/en/editorial-policy"' in html
    assert "Which best describes you?" in html and "Help us tailor your experience" in html
    assert "References" in html and "Milia: a review and classification." in html
    assert "https://doi.org/10.1016/j.jaad.2008.07.034" in html
    assert disclaimer in html
    assert "Have a follow-up question?" in html
    data = ld_json(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["audience"] == {"@type": "MedicalAudience", "audienceType": schema_audience}
    assert data["lastReviewed"] == "2025-06-27"
    assert data["reviewedBy"]["name"] == "Medical Advisory Board"


def test_approved_article_shows_no_pending_banner(milia: FlaskClient) -> None:
    html = milia.get("/en/articles/milia/layperson").get_data(as_text=True)
    assert "pending human review" not in html
    assert re.search(r'<li class="reached" aria-current="step">\s*Approved', html)


def test_citations_are_numbered_links_in_order_of_first_use(milia: FlaskClient) -> None:
    html = milia.get("/en/articles/milia/clinician").get_data(as_text=True)
    cited = re.findall(r'href="#ref-([\w-]+)" class="citation" title="Reference (\d+)"', html)
    first_use: dict[str, str] = {}
    for key, number in cited:
        first_use.setdefault(key, number)
    assert list(first_use.values()) == [str(n) for n in range(1, len(first_use) + 1)]
    for key, number in first_use.items():
        assert f'<li id="ref-{key}" value="{number}">' in html


def test_raw_html_in_markdown_is_not_rendered(milia: FlaskClient) -> None:
    html = milia.get("/en/articles/milia/layperson").get_data(as_text=True)
    assert "<script>" not in html.split("</head>")[1]


def test_layperson_and_clinician_text_differ(milia: FlaskClient) -> None:
    lay = milia.get("/en/articles/milia/layperson").get_data(as_text=True)
    clin = milia.get("/en/articles/milia/clinician").get_data(as_text=True)
    assert "corticosteroid" in clin and "corticosteroid" not in lay
