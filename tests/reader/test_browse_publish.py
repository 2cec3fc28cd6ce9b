"""List pages follow publishing: a publish shows at once on the index, its pages and topics."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from service.content.model import Article, Status
from service.pagination import Pagination, requested_page
from service.reader.topics import find_topic, group_topics, topic_slug
from service.storage import repository
from service.storage.db import close, db
from service.storage.listing import TopicCount
from service.writing.audience import Audience

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def paged(
    request: pytest.FixtureRequest, tmp_path: Path, build_app: Callable[..., Flask]
) -> Iterator[Flask]:
    """The sample bundles (``sample`` approved, ``second`` submitted, both Dermatology),
    one article to a page, on each database."""
    app = build_app(tmp_path, request.param, READER_PAGE_SIZE=1)
    yield app
    close(app)


def html(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def titles(response: TestResponse) -> list[str]:
    return re.findall(r'<span class="article-title">([^<]+)</span>', html(response))


def publish(app: Flask, slug: str, *, topic: str | None = "Dermatology", title: str = "") -> None:
    """Publish (approved) a copy of ``sample`` as ``slug``, as ``variants load`` would."""
    with app.app_context():
        session = db.new_session()
        sample = repository.public_article(session, "en", "sample")
        assert sample is not None
        titles = ((Audience.LAYPERSON, title or f"All about {slug}"),)
        article: Article = dataclasses.replace(
            sample, slug=slug, topic=topic, titles=titles, status=Status.APPROVED
        )
        repository.save_all(session, [article], author="test")


def test_a_publish_adds_a_page_to_the_index_at_once(paged: Flask) -> None:
    client = paged.test_client()
    first = client.get("/en/")
    assert "Page 1 of 2" in html(first)
    assert client.get("/en/?page=3").status_code == 404
    before = {n: client.get(f"/en/?page={n}") for n in (2,)}  # kept by the page cache

    publish(paged, "aaa-first")  # sorts first: every page moves along by one

    again = client.get("/en/")
    assert titles(again) == ["All about aaa-first"]
    assert again.headers["ETag"] != first.headers["ETag"]
    assert "Page 1 of 3" in html(again)
    assert titles(client.get("/en/?page=2")) == titles(first)
    assert titles(client.get("/en/?page=2")) != titles(before[2])
    assert client.get("/en/?page=3").status_code == 200


def test_a_publish_moves_the_topic_counts_and_adds_new_topics(paged: Flask) -> None:
    client = paged.test_client()
    assert "2 articles" in html(client.get("/en/topics/dermatology"))
    assert client.get("/en/topics/gesundheit-und-überblick").status_code == 404

    publish(paged, "third")
    publish(paged, "fourth", topic="Gesundheit und Überblick")

    assert "3 articles" in html(client.get("/en/topics/dermatology"))
    index = html(client.get("/en/"))
    assert 'href="/en/topics/gesundheit-und-%C3%BCberblick">Gesundheit und Überblick</a>' in index
    found = client.get("/en/topics/gesundheit-und-%C3%BCberblick")
    assert found.status_code == 200
    assert titles(found) == ["All about fourth"]
    assert "1 article<" in html(found)


def test_a_draft_is_never_listed(paged: Flask) -> None:
    with paged.app_context():
        session = db.new_session()
        sample = repository.public_article(session, "en", "sample")
        assert sample is not None
        draft = dataclasses.replace(sample, slug="aaa-draft", status=Status.DRAFT)
        repository.save_all(session, [draft])
    client = paged.test_client()
    shown = titles(client.get("/en/")) + titles(client.get("/en/?page=2"))
    assert len(shown) == 2 and client.get("/en/?page=3").status_code == 404


def test_a_topic_is_paginated_like_the_index(paged: Flask) -> None:
    client = paged.test_client()
    first, second = (
        client.get("/en/topics/dermatology"),
        client.get("/en/topics/dermatology?page=2"),
    )
    assert '<link rel="next" href="http://localhost/en/topics/dermatology?page=2">' in html(first)
    assert '<link rel="prev"' not in html(first)
    assert '<link rel="prev" href="http://localhost/en/topics/dermatology">' in html(second)
    assert '<link rel="next"' not in html(second)
    assert len(set(titles(first) + titles(second))) == 2
    missing = client.get("/en/topics/dermatology?page=3")
    assert missing.status_code == 404
    assert "it has 2 pages" in html(missing)
    assert '<a href="/en/topics/dermatology">Go to the first page</a>' in html(missing)


def test_list_pages_keep_their_page_number_in_the_page_cache(paged: Flask) -> None:
    cache = paged.extensions["twofold.page_cache"]
    client = paged.test_client()
    client.get("/en/?page=2")
    stored = cache.stats.stores
    assert client.get("/en/?page=2").status_code == 200
    assert cache.stats.stores == stored and cache.stats.hits >= 1
    # Anything else in the query is answered by the app, never stored.
    client.get("/en/?page=2&utm_source=x")
    assert cache.stats.stores == stored


def test_an_empty_language_has_one_page_saying_so(paged: Flask) -> None:
    client = paged.test_client()
    response = client.get("/de/")
    assert response.status_code == 200
    assert titles(response) == []
    assert "<h1>Artikel</h1>" in html(response)
    assert 'class="pagination"' not in html(response)
    assert client.get("/de/?page=2").status_code == 404


# --- The pieces: page numbers, navigation, topic slugs --------------------------------------


@pytest.mark.parametrize(
    ("values", "page"),
    [([], 1), (["1"], 1), (["7"], 7), (["0"], None), (["-2"], None), (["abc"], None),
     (["07"], None), ([""], None), (["2", "3"], None), (["1" * 10], None), (["٣"], None)],
)  # fmt: skip
def test_requested_page(values: list[str], page: int | None) -> None:
    assert requested_page(values) == page


@pytest.mark.parametrize(
    ("number", "pages", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
    ],
)
def test_the_navigation_shows_the_ends_and_the_neighbours(
    number: int, pages: int, window: list[int | None]
) -> None:
    assert Pagination(number, 10, pages * 10).window() == window


def test_an_empty_list_has_its_first_page_and_no_other() -> None:
    assert Pagination(1, 20, 0).exists and not Pagination(2, 20, 0).exists
    assert Pagination(3, 20, 60).exists and not Pagination(4, 20, 60).exists
    assert Pagination(3, 20, 60).next is None and Pagination(3, 20, 60).previous == 2


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Respiratory medicine", "respiratory-medicine"),
        ("Dermatología", "dermatología"),
        ("Kinderheilkunde & Jugendmedizin", "kinderheilkunde-jugendmedizin"),
        ("  Ear, nose and throat (ENT) ", "ear-nose-and-throat-ent"),
        ("Straße", "strasse"),
        ("COVID_19", "covid-19"),
    ],
)
def test_a_topic_slug_is_its_name_in_lower_case_words(name: str, slug: str) -> None:
    assert topic_slug(name) == slug


def test_a_topic_slug_is_the_same_whatever_the_unicode_form() -> None:
    composed, decomposed = "Dermatolog\u00eda", "Dermatologi\u0301a"
    assert topic_slug(composed) == topic_slug(decomposed) == "dermatolog\u00eda"
    assert topic_slug("!!!") == topic_slug("!!!") != topic_slug("???")
    assert topic_slug("!!!").startswith("topic-")


def test_spellings_of_one_topic_are_one_topic_named_as_most_articles_name_it() -> None:
    [topic] = group_topics([TopicCount("cardiology", 2), TopicCount("Cardiology", 5)])
    assert (topic.slug, topic.name, topic.count) == ("cardiology", "Cardiology", 7)
    assert set(topic.names) == {"cardiology", "Cardiology"}
    assert find_topic([topic], "CARDIOLOGY") == topic
    assert find_topic([topic], "neurology") is None
