"""The article list page: a filter form that keeps its values, sort headings, pages whose
links keep the filters, clear messages for values it cannot use, and verdicts as stored."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.pagination import page_window
from service.quality.checks import current_fingerprint
from service.staff.editor import article_filters
from service.storage import db as database
from service.storage import revision_verdicts
from service.storage.db import db
from service.storage.models import RevisionVerdictRecord
from service.storage.revisions import newest_revision

if TYPE_CHECKING:  # mypy names test modules from the project root
    from tests.staff.staff_list_library import make_library
else:  # pytest puts this folder on sys.path (another package may own the name "tests")
    from staff_list_library import make_library

ARTICLES = "/staff/articles"


@pytest.fixture(scope="module")
def library_app(
    tmp_path_factory: pytest.TempPathFactory, build_app: Callable[..., Flask]
) -> Iterator[Flask]:
    """The app holding 90 generated articles (30 a language), for the whole module."""
    root = tmp_path_factory.mktemp("variants")
    make_library(root)
    app = build_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(root))
    yield app
    database.close(app)


@pytest.fixture(scope="module")
def writer(library_app: Flask, auth_class: Any) -> FlaskClient:
    """A writer logged in to the generated library."""
    client: FlaskClient = auth_class(library_app).client("writer")
    return client


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 10, so that 30 articles make three."""
    monkeypatch.setattr(article_filters, "PER_PAGE", 10)


def page_of(client: FlaskClient, query: str = "") -> str:
    """The list's HTML for ``query``; it always answers 200."""
    response = client.get(f"{ARTICLES}{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def listed(html: str) -> list[str]:
    """The ``locale/slug`` of each row, in order."""
    return re.findall(r'<span class="table-meta">([a-z]{2}/[a-z0-9-]+)</span>', html)


def links(html: str, pattern: str) -> dict[str, dict[str, list[str]]]:
    """Each link whose tag matches ``pattern``: its text, and its query string parsed."""
    found = {}
    for tag, text in re.findall(r"(<a [^>]*>)(.*?)</a>", html, flags=re.S):
        if re.search(pattern, tag):
            href = unescape(re.search(r'href="([^"]*)"', tag).group(1))  # type: ignore[union-attr]
            assert urlsplit(href).path == ARTICLES
            label = re.sub(r"<[^>]+>", "", text).strip(" ▲▼\n")  # without the sort mark
            found[label] = parse_qs(urlsplit(href).query)
    return found


def test_every_filter_is_a_labelled_control_that_keeps_its_value(writer: FlaskClient) -> None:
    html = page_of(
        writer, "?q=Kel%25&status=draft&language=de&verdict=not-checked&topic=Neurologie"
    )
    for control in ("q", "status", "topic", "language", "verdict"):
        assert f'<label for="filter-{control}">' in html
    assert 'value="Kel%"' in html
    for value in ("draft", "de", "not-checked", "Neurologie"):
        assert re.search(rf'<option value="{value}"[^>]*selected', html), value
    assert 'method="get"' in html and 'role="search"' in html
    assert re.search(r'href="/staff/articles">Clear filters</a>', html)


def test_filters_narrow_the_list(writer: FlaskClient) -> None:
    german_drafts = listed(page_of(writer, "?status=draft&language=de"))
    assert german_drafts and all(path.startswith("de/") for path in german_drafts)
    html = page_of(writer, "?status=draft&language=de")
    assert f"{len(german_drafts)} articles match these filters" in html
    assert "90 articles" in page_of(writer)


def test_nothing_matches_says_so_and_offers_to_clear(writer: FlaskClient) -> None:
    html = page_of(writer, "?q=no+such+article+anywhere")
    assert "No articles match these filters." in html and "<table" not in html
    assert "0 articles match these filters" in html
    assert 'href="/staff/articles">Clear filters</a>' in html


def test_page_links_keep_the_filters_and_the_sort(writer: FlaskClient, small_pages: None) -> None:
    html = page_of(writer, "?language=en&sort=title&order=desc")
    assert "Page 1 of 3" in html
    nav = html[html.index('<nav class="pagination"') :]
    assert 'aria-label="Pages of articles"' in nav
    assert re.search(r'aria-current="page">1</a>', nav)
    pages = links(nav, "")
    assert "Previous page" not in pages
    for text in ("2", "3", "Next page"):
        query = pages[text]
        assert query["language"] == ["en"] and query["sort"] == ["title"]
        assert query["order"] == ["desc"]
    assert pages["Next page"]["page"] == ["2"] and 'rel="next"' in nav
    last = page_of(writer, "?language=en&sort=title&order=desc&page=3")
    assert "Page 3 of 3" in last and "Next page" not in last
    assert links(last[last.index('<nav class="pagination"') :], "")["Previous page"]["page"] == [
        "2"
    ]
    everything = [
        path
        for n in (1, 2, 3)
        for path in listed(page_of(writer, f"?language=en&sort=title&order=desc&page={n}"))
    ]
    assert len(everything) == len(set(everything)) == 30


def test_sort_headings_say_how_the_list_is_sorted(writer: FlaskClient) -> None:
    html = page_of(writer, "?status=approved&sort=title&page=1")
    heading = re.search(r'<th scope="col" aria-sort="ascending">\s*<a[^>]*>Article', html)
    assert heading and html.count("aria-sort=") == 1
    sorts = links(html[html.index("<thead>") : html.index("</thead>")], "")
    assert sorts["Article"]["order"] == ["desc"]  # again: the other way
    assert sorts["Last edit"]["sort"] == ["updated"] and "order" not in sorts["Last edit"]
    assert all(query["status"] == ["approved"] for query in sorts.values())
    assert all("page" not in query for query in sorts.values())  # a new sort starts at page 1
    descending = page_of(writer, "?status=approved&sort=title&order=desc")
    assert 'aria-sort="descending"' in descending
    assert listed(descending) == sorted(listed(html), key=listed(html).index, reverse=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?status=retired", 'There is no status "retired": showing every status.'),
        ("?verdict=great", 'There is no readability verdict "great": showing every verdict.'),
        ("?language=fr", 'There is no language "fr": showing every language.'),
        ("?sort=colour", 'The list cannot be sorted by "colour": sorted by language.'),
        ("?page=abc", '"abc" is not a page number: showing page 1.'),
        ("?page=-2", '"-2" is not a page number: showing page 1.'),
        ("?page=%D9%A3", '"٣" is not a page number: showing page 1.'),
        ("?page=99", "There is no page 99: showing page 2, the last one."),
        ("?page=" + "9" * 40, "showing page 2, the last one."),
        (
            "?q=" + "a" * 10_000,
            "Search text is limited to 200 characters: the first 200 were used.",
        ),
    ],
)
def test_values_it_cannot_use_give_the_list_and_a_message(
    writer: FlaskClient, query: str, message: str
) -> None:
    html = page_of(writer, query)
    problems = html[html.index('class="list-problems"') : html.index("</ul>")]
    assert unescape(message) in unescape(problems)
    assert '<table class="staff-table">' in html or "No articles match" in html


def test_a_bad_value_never_reaches_the_page_unescaped(writer: FlaskClient) -> None:
    html = page_of(writer, "?status=%3Cscript%3Ealert(1)%3C/script%3E&topic=%3Cb%3Ex")
    assert "<script>alert(1)" not in html and "<b>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.fixture
def sample_writer(auth: Any) -> FlaskClient:
    """A writer on the app holding the two sample bundles."""
    client: FlaskClient = auth.client("writer")
    return client


def _revision_id(app: Flask, slug: str) -> int:
    with app.app_context():
        return newest_revision(db.new_session(), "en", slug).id


def test_the_verdict_filter_reads_verdicts_as_stored(
    app: Flask, sample_writer: FlaskClient
) -> None:
    with app.app_context():
        session = db.new_session()
        revision_verdicts.record(session, {_revision_id(app, "second"): "fail"}, "an-old-engine")
        revision_verdicts.record(
            session, {_revision_id(app, "sample"): "fail"}, current_fingerprint()
        )
        session.commit()
    assert listed(page_of(sample_writer, "?verdict=fail")) == ["en/sample"]
    unchecked = page_of(sample_writer, "?verdict=not-checked")
    assert listed(unchecked) == ["en/second"]
    assert '<span class="verdict verdict-none">Not checked</span>' in unchecked
    # Listing the unchecked checks nothing: they are still there, still not checked.
    assert listed(page_of(sample_writer, "?verdict=not-checked")) == ["en/second"]


def test_the_list_checks_what_it_shows_once_and_keeps_it(
    app: Flask, sample_writer: FlaskClient
) -> None:
    html = page_of(sample_writer)
    assert len(re.findall(r'class="verdict verdict-(pass|warn|fail)"', html)) == 2
    with app.app_context():
        stored = db.new_session().query(RevisionVerdictRecord).all()
    assert {row.engine for row in stored} == {current_fingerprint()} and len(stored) == 2
    assert listed(page_of(sample_writer, "?verdict=not-checked")) == []
    assert "No articles match these filters." in page_of(sample_writer, "?verdict=not-checked")


def test_writers_still_get_the_new_article_button_and_edit_links(
    sample_writer: FlaskClient, auth: Any
) -> None:
    html = page_of(sample_writer, "?language=en")
    assert 'href="/staff/articles/new"' in html and 'href="/staff/articles/en/sample/edit"' in html
    assert 'href="/staff/articles/en/sample/preview"' in html
    assert 'href="/staff/articles/en/sample/history"' in html
    reviewer = page_of(auth.client("reviewer"))
    assert 'href="/staff/articles/new"' not in reviewer
    assert 'href="/staff/articles/en/sample/edit"' not in reviewer
    assert 'href="/staff/articles/en/sample/preview"' in reviewer


def test_page_numbers_show_the_ends_and_the_neighbours() -> None:
    assert page_window(1, 1) == [1]
    assert page_window(1, 4) == [1, 2, 3, 4]
    assert page_window(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert page_window(40, 40) == [1, None, 38, 39, 40]


HOSTILE = [
    "?topic=" + "x" * 10_000,
    "?q=%27%3B+DROP+TABLE+articles%3B--",
    "?q=%E2%80%AE%F0%9F%98%80",
    "?q=%5C%25%5F",
    "?q=%C2%85",  # a C1 control character: taken out of the text
    "?page=0&order=sideways",
    "?q=a&q=b&page=1&page=2",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_values_give_the_list_on_every_database(
    any_db_app: Flask, auth_for: Any, query: str
) -> None:
    client = auth_for(any_db_app).client("writer")
    assert "<h1>Articles</h1>" in page_of(client, query)


@pytest.mark.parametrize("query", ["?q=a%00b", "?topic=%00", "?status=%00&page=%00"])
def test_a_nul_is_refused_with_a_message_on_every_database(
    any_db_app: Flask, auth_for: Any, query: str
) -> None:
    response = auth_for(any_db_app).client("writer").get(f"{ARTICLES}{query}")
    assert response.status_code == 400
    assert "holds a control character (U+0000)" in response.get_data(as_text=True)
