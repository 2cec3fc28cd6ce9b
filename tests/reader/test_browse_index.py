"""Browsing a library of 60 generated articles: the index a page at a time, and topic pages."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from library import write_library
from sqlalchemy import event
from werkzeug.test import TestResponse

from service.storage.db import close, db

ARTICLES = 60
PAGE_SIZE = 20  # three pages, the last one exactly full
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="module", params=BACKENDS)
def library(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build_app: Callable[..., Flask],
) -> Iterator[Flask]:
    """The app serving 60 generated English articles, 20 to a page, on each database."""
    variants = tmp_path_factory.mktemp("variants")
    write_library(variants, ARTICLES, locales=("en",), seed=15)
    app = build_app(
        tmp_path_factory.mktemp("db"),
        request.param,
        VARIANTS_PATH=str(variants),
        READER_PAGE_SIZE=PAGE_SIZE,
    )
    yield app
    close(app)


def html(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def titles(response: TestResponse) -> list[str]:
    """The article titles a list page shows, in order."""
    return re.findall(r'<span class="article-title">([^<]+)</span>', html(response))


def head_link(response: TestResponse, rel: str) -> str | None:
    """The ``href`` of the page's ``<link rel=...>``, if it has one."""
    found = re.search(rf'<link rel="{rel}" href="([^"]+)">', html(response))
    return found.group(1) if found else None


def current_page(response: TestResponse) -> str | None:
    """The page number the navigation marks as the current page."""
    found = re.search(r'<a href="[^"]*" aria-current="page">(\d+)</a>', html(response))
    return found.group(1) if found else None


def topics(response: TestResponse) -> dict[str, tuple[str, int]]:
    """The index's topic links: slug to (name, article count)."""
    pattern = r'href="/en/topics/([^"]+)">([^<]+)</a>\s*<span class="topic-count">(\d+) article'
    return {slug: (name, int(n)) for slug, name, n in re.findall(pattern, html(response))}


# --- The index, a page at a time ----------------------------------------------------------


def test_the_index_lists_every_article_once_across_its_pages(library: Flask) -> None:
    client = library.test_client()
    pages = [client.get("/en/"), client.get("/en/?page=2"), client.get("/en/?page=3")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    shown = [title for page in pages for title in titles(page)]
    assert [len(titles(page)) for page in pages] == [PAGE_SIZE] * 3
    assert len(shown) == len(set(shown)) == ARTICLES


def test_the_first_page_points_only_forward(library: Flask) -> None:
    first = library.test_client().get("/en/")
    assert head_link(first, "prev") is None
    assert head_link(first, "next") == "http://localhost/en/?page=2"
    assert head_link(first, "canonical") == "http://localhost/en/"
    assert current_page(first) == "1"
    assert 'rel="next">Next page</a>' in html(first)
    assert "Previous page" not in html(first)


def test_a_middle_page_points_both_ways(library: Flask) -> None:
    middle = library.test_client().get("/en/?page=2")
    assert head_link(middle, "prev") == "http://localhost/en/"  # page 1 has one URL
    assert head_link(middle, "next") == "http://localhost/en/?page=3"
    assert current_page(middle) == "2"
    assert "Page 2 of 3" in html(middle)


def test_the_last_page_exactly_full_points_only_back(library: Flask) -> None:
    client = library.test_client()
    last = client.get("/en/?page=3")
    assert head_link(last, "next") is None
    assert head_link(last, "prev") == "http://localhost/en/?page=2"
    assert current_page(last) == "3"
    assert "Next page" not in html(last)
    # Sixty articles at twenty a page: no empty fourth page.
    assert client.get("/en/?page=4").status_code == 404


@pytest.mark.parametrize(
    "page", ["4", "0", "-1", "abc", "", "02", "1.5", "99999999999999999999", "%00", "2&page=3"]
)
def test_a_page_that_does_not_exist_is_a_clear_404(library: Flask, page: str) -> None:
    response = library.test_client().get(f"/en/?page={page}")
    assert response.status_code == 404
    assert "This list has no page by that number: it has 3 pages." in html(response)
    assert '<a href="/en/">Go to the first page</a>' in html(response)
    assert "Set-Cookie" not in response.headers


def test_page_one_has_one_address(library: Flask) -> None:
    response = library.test_client().get("/en/?page=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/en/"


def test_other_query_parameters_change_nothing(library: Flask) -> None:
    client = library.test_client()
    assert titles(client.get("/en/?utm_source=mail")) == titles(client.get("/en/"))
    assert titles(client.get("/en/?page=2&utm_source=mail")) == titles(client.get("/en/?page=2"))


def test_each_listed_article_shows_its_question_clinician_title_topic_and_date(
    library: Flask,
) -> None:
    page = html(library.test_client().get("/en/"))
    first = page[page.index('<ul class="article-list">') :].split("</li>")[0]
    assert re.search(r'<a href="/en/articles/[a-z0-9-]+">', first)
    assert re.search(
        r'<p class="article-question">What is [^<]+, and how is it treated\?</p>', first
    )
    assert re.search(r'<a href="/en/articles/[a-z0-9-]+/clinician">[^<]+diagnosis and', first)
    assert '<p class="article-topic">' in first
    assert re.search(r'Last updated: <time datetime="\d{4}-\d\d-\d\d">', first)


def test_two_anonymous_readers_get_the_same_bytes_and_no_cookie(library: Flask) -> None:
    for url in ("/en/", "/en/?page=2", "/en/topics/cardiology"):
        first, second = library.test_client().get(url), library.test_client().get(url)
        assert first.get_data() == second.get_data()
        assert first.headers["ETag"] == second.headers["ETag"]
        assert "Set-Cookie" not in first.headers


def test_list_pages_are_cacheable_and_revalidate(library: Flask) -> None:
    client = library.test_client()
    for url in ("/en/", "/en/?page=2"):
        first = client.get(url)
        assert first.headers["Cache-Control"].startswith("public")
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304


# --- Topics ------------------------------------------------------------------------------


def test_the_index_links_every_topic_with_its_count(library: Flask) -> None:
    listed = topics(library.test_client().get("/en/"))
    assert sum(count for _, count in listed.values()) == ARTICLES
    assert listed["respiratory-medicine"][0] == "Respiratory medicine"
    assert all(slug == re.sub(r"[^a-z]+", "-", name.lower()) for slug, (name, _) in listed.items())


def test_a_topic_page_lists_that_topics_articles_and_no_other(library: Flask) -> None:
    client = library.test_client()
    listed = topics(client.get("/en/"))
    slug, (name, count) = max(listed.items(), key=lambda item: item[1][1])
    page = client.get(f"/en/topics/{slug}")
    assert page.status_code == 200
    assert f"<h1>{name}</h1>" in html(page)
    assert f"{count} articles" in html(page)
    everywhere: Counter[str] = Counter()
    for n in (1, 2, 3):
        index = html(client.get("/en/" if n == 1 else f"/en/?page={n}"))
        for item in index.split("<li>")[1:]:
            topic = re.search(r'<p class="article-topic">([^<]+)</p>', item)
            title = re.search(r'<span class="article-title">([^<]+)</span>', item)
            if topic and title and topic.group(1) == name:
                everywhere[title.group(1)] += 1
    assert sorted(titles(page)) == sorted(everywhere)


def test_an_unknown_topic_is_a_clear_404_that_lists_the_topics(library: Flask) -> None:
    response = library.test_client().get("/en/topics/astrology")
    assert response.status_code == 404
    assert "No article in this language has that topic." in html(response)
    assert 'href="/en/topics/cardiology"' in html(response)


def test_a_topic_spelled_another_way_redirects_to_its_one_address(library: Flask) -> None:
    response = library.test_client().get("/en/topics/Respiratory_Medicine?page=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/en/topics/respiratory-medicine?page=1"


def test_a_topic_of_another_language_is_not_found_here(library: Flask) -> None:
    assert library.test_client().get("/es/topics/cardiology").status_code == 404


# --- Cheap at any size ----------------------------------------------------------------------


def test_a_list_page_reads_no_article_text_and_a_few_rows(library: Flask) -> None:
    """The index selects what it prints: no section, reference or figure is loaded, and
    the number of statements does not grow with the library."""
    with library.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client = library.test_client()
        client.get("/en/?page=3&fresh=1")  # a query string the page cache does not keep
        statements.clear()
        assert client.get("/en/?page=2&fresh=1").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    text = " ".join(statements).lower()
    for table in ("variants", "article_references", "revision_asked", "revision_figures"):
        assert f"from {table} " not in text and f"join {table} " not in text, table
    # The publication generation, then the page itself: counts and topics are kept.
    assert len(statements) <= 3, statements
