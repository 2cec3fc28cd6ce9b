"""Locales: the URL prefix wins; `/` follows the switcher's cookie, then Accept-Language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"


@pytest.fixture
def bilingual(app_factory: Any, tmp_path: Path) -> Flask:
    """The sample bundles, plus the sample article in Spanish."""
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    spanish = root / "es" / "sample"
    shutil.copytree(root / "en" / "sample", spanish)
    yaml_file = spanish / "article.yaml"
    yaml_file.write_text(
        yaml_file.read_text()
        .replace("What causes milia to form?", "¿Qué causa los milia?")
        .replace("layperson: What causes milia?", "layperson: ¿Por qué salen los milia?")
    )
    overview = spanish / "overview.layperson.md"
    overview.write_text("---\ntitle: Qué son los milia\n---\nSon bultos blancos y pequeños.\n")
    app: Flask = app_factory(VARIANTS_PATH=str(root))
    return app


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, None, "/en/"),
        (None, "es-MX,es;q=0.9,en;q=0.5", "/es/"),
        (None, "de-AT, de;q=0.8", "/de/"),
        (None, "fr-CA, it;q=0.5", "/en/"),
        ("de", "es", "/de/"),
        ("xx", "es", "/es/"),
        ("es", None, "/es/"),
    ],
)
def test_root_redirects_by_cookie_then_accept_language_then_english(
    client: FlaskClient, cookie: str | None, header: str | None, expected: str
) -> None:
    if cookie:
        client.set_cookie("twofold_locale", cookie)
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("header", ["es", "de", "en"])
def test_the_url_prefix_wins_over_cookie_and_header(bilingual: Flask, header: str) -> None:
    client = bilingual.test_client()
    client.set_cookie("twofold_locale", "de")
    html = client.get("/en/articles/sample", headers={"Accept-Language": header}).get_data(
        as_text=True
    )
    assert '<html lang="en">' in html and "What causes milia?" in html


def test_the_switcher_remembers_the_language_and_keeps_the_page(bilingual: Flask) -> None:
    client = bilingual.test_client()
    response = client.post(
        "/en/language", data={"language": "es", "next": "/en/articles/sample/clinician"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/es/articles/sample/clinician"
    assert "twofold_locale=es" in response.headers["Set-Cookie"]
    assert client.get("/").headers["Location"] == "/es/"


@pytest.mark.parametrize("language", ["xx", "", "javascript:alert(1)"])
def test_an_unknown_language_is_ignored(bilingual: Flask, language: str) -> None:
    response = bilingual.test_client().post(
        "/en/language", data={"language": language, "next": "https://evil.example/"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/"


def test_the_switcher_offers_the_locales_the_article_exists_in(bilingual: Flask) -> None:
    client = bilingual.test_client()
    html = client.get("/en/articles/sample").get_data(as_text=True)
    switcher = html.split('class="language-switcher"')[1].split("</form>")[0]
    assert 'value="es"' in switcher and 'value="de"' not in switcher
    only_english = client.get("/en/articles/second").get_data(as_text=True)
    assert 'class="language-switcher"' not in only_english


def test_translations_link_each_other_with_hreflang(bilingual: Flask) -> None:
    html = bilingual.test_client().get("/es/articles/sample/clinician").get_data(as_text=True)
    assert '<html lang="es">' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://localhost/en/articles/sample/clinician">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://localhost/es/articles/sample/clinician">'
        in html
    )
    assert re.search(r'"inLanguage": "es"', html)


def test_a_missing_translation_says_so_and_links_to_the_others(bilingual: Flask) -> None:
    response = bilingual.test_client().get("/de/articles/sample")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "What causes milia?" not in html  # never a silent swap
    assert 'href="/en/articles/sample"' in html and 'href="/es/articles/sample"' in html
    assert 'hreflang="es"' in html


def test_dates_follow_the_page_locale(bilingual: Flask) -> None:
    client = bilingual.test_client()
    assert "June 27, 2025" in client.get("/en/articles/sample").get_data(as_text=True)
    assert "27 de junio de 2025" in client.get("/es/articles/sample").get_data(as_text=True)
