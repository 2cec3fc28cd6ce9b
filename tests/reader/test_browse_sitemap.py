"""The sitemap of a library too large for one file: an index of numbered files, all valid."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient
from library import write_library

from service.storage.db import close

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
ARTICLES = 30  # 15 in English, 15 in Spanish
PER_FILE = 12  # URLs: the three indexes and four articles' two variants fit, not five


@pytest.fixture(scope="module", params=BACKENDS)
def split(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build_app: Callable[..., Flask],
) -> Iterator[Flask]:
    """30 generated articles in two languages, at most 12 URLs to a sitemap file."""
    variants = tmp_path_factory.mktemp("variants")
    write_library(variants, ARTICLES, locales=("en", "es"), seed=3)
    app = build_app(
        tmp_path_factory.mktemp("db"),
        request.param,
        VARIANTS_PATH=str(variants),
        SITEMAP_URLS_PER_FILE=PER_FILE,
    )
    yield app
    close(app)


def parsed(client: FlaskClient, url: str) -> ElementTree.Element:
    """The XML document at ``url``, after checking it is served as one, with no cookie."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/xml"
    assert "Set-Cookie" not in response.headers
    return ElementTree.fromstring(response.get_data())


def locs(element: ElementTree.Element, child: str) -> list[str]:
    return [item.findtext("s:loc", namespaces=NS) or "" for item in element.findall(child, NS)]


def every_url(client: FlaskClient) -> list[str]:
    """Every page URL the sitemap names, following its index if it has one."""
    root = parsed(client, "/sitemap.xml")
    if root.tag == f"{{{NS['s']}}}urlset":
        return locs(root, "s:url")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    urls = []
    for file_url in locs(root, "s:sitemap"):
        document = parsed(client, urlsplit(file_url).path)
        assert document.tag == f"{{{NS['s']}}}urlset"
        assert 0 < len(document) <= PER_FILE
        urls += locs(document, "s:url")
    return urls


def test_a_large_library_gets_a_sitemap_index_of_numbered_files(split: Flask) -> None:
    root = parsed(split.test_client(), "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    files = locs(root, "s:sitemap")
    # (12 URLs - 3 language indexes) // 2 variants = 4 articles a file: 30 articles, 8 files.
    assert files == [f"http://localhost/sitemaps/{n}.xml" for n in range(1, 9)]


def test_the_files_list_every_variant_and_index_once_and_each_answers_200(split: Flask) -> None:
    client = split.test_client()
    urls = every_url(client)
    assert len(urls) == len(set(urls)) == ARTICLES * 2 + 3
    assert {"http://localhost/en/", "http://localhost/es/", "http://localhost/de/"} <= set(urls)
    for url in urls:
        assert client.get(urlsplit(url).path).status_code == 200, url


@pytest.mark.parametrize("number", ["0", "9", "99999"])
def test_a_sitemap_file_past_the_last_is_not_found(split: Flask, number: str) -> None:
    assert split.test_client().get(f"/sitemaps/{number}.xml").status_code == 404


def test_the_sitemap_index_and_its_files_revalidate(split: Flask) -> None:
    client = split.test_client()
    for url in ("/sitemap.xml", "/sitemaps/2.xml"):
        first = client.get(url)
        assert first.headers["Cache-Control"].startswith("public")
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_small_library_is_one_sitemap_whose_every_url_answers_200(app: Flask) -> None:
    client = app.test_client()
    assert parsed(client, "/sitemap.xml").tag == f"{{{NS['s']}}}urlset"
    urls = every_url(client)
    assert "http://localhost/en/articles/sample/clinician" in urls
    for url in urls:
        assert client.get(urlsplit(url).path).status_code == 200, url
    # Its one file has a number too, as an index would name it.
    assert client.get("/sitemaps/1.xml").get_data() == client.get("/sitemap.xml").get_data()


def test_robots_txt_names_the_sitemap(app: Flask) -> None:
    robots = app.test_client().get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /staff/" in robots
    assert "Sitemap: http://localhost/sitemap.xml" in robots.splitlines()
