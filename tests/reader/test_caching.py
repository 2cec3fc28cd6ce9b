"""Reader pages are one page per (locale, audience, revision): shared, cacheable, revalidated."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.http import http_date, parse_date

from service import create_app
from service.auth.roles import Role
from service.content.model import Article, Status
from service.editorial.workflow import Action, apply
from service.storage import repository
from service.storage.db import close, db
from service.writing.audience import Audience

CANONICAL = [
    "/en/",
    "/en/articles/sample/layperson",
    "/en/articles/sample/clinician",
    "/en/editorial-policy",
]
READER_PAGES = [*CANONICAL, "/en/articles/sample", "/es/articles/sample"]
# Headers that differ between two requests for reasons that are not the page's.
PER_REQUEST = {"Date"}


def page_headers(response: Any) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in PER_REQUEST}


def stored(app: Flask, slug: str) -> Article:
    with app.app_context():
        found = repository.public_article(db.new_session(), "en", slug)
        assert found is not None
        return found


def save(app: Flask, article: Article) -> None:
    """Save ``article`` as a new revision, as ``variants load`` or the editor would."""
    with app.app_context():
        repository.save_all(db.new_session(), [article], author="test")


def retitle(app: Flask, slug: str, title: str, status: Status = Status.APPROVED) -> None:
    article = stored(app, slug)
    titles = ((Audience.LAYPERSON, title), *dict(article.titles).items())
    save(app, dataclasses.replace(article, titles=titles[:1] + titles[2:], status=status))


def approve(app: Flask, slug: str) -> None:
    with app.app_context():
        session = db.new_session()
        for action in (Action.START_REVIEW, Action.APPROVE):
            apply(session, "en", slug, action, actor="board@twofold.test", role=Role.REVIEWER)


# --- One page for everyone -------------------------------------------------------------


@pytest.mark.parametrize("url", READER_PAGES)
def test_two_anonymous_readers_get_the_same_bytes_and_headers(app: Flask, url: str) -> None:
    first, second = app.test_client().get(url), app.test_client().get(url)
    assert first.status_code in (200, 404)
    assert first.get_data() == second.get_data()
    assert page_headers(first) == page_headers(second)


@pytest.mark.parametrize("url", READER_PAGES)
@pytest.mark.parametrize("cookie", [None, "patient", "clinician", "garbage"])
def test_reader_pages_set_no_cookie(app: Flask, url: str, cookie: str | None) -> None:
    client = app.test_client()
    if cookie:
        client.set_cookie("twofold_persona", cookie)
    assert "Set-Cookie" not in client.get(url).headers


@pytest.mark.parametrize("url", CANONICAL)
def test_canonical_pages_do_not_vary_on_the_cookie(app: Flask, url: str) -> None:
    anonymous = app.test_client().get(url)
    chooser = app.test_client()
    chooser.set_cookie("twofold_persona", "clinician")
    chosen = chooser.get(url)
    assert chosen.get_data() == anonymous.get_data()
    assert "Cookie" not in anonymous.headers.get("Vary", "")
    assert "csrf_token" not in anonymous.get_data(as_text=True)


def test_the_cookie_following_page_varies_on_the_cookie(client: FlaskClient) -> None:
    anonymous = client.get("/en/articles/sample")
    assert "Cookie" in anonymous.headers["Vary"]
    client.set_cookie("twofold_persona", "clinician")
    clinician = client.get("/en/articles/sample")
    assert 'data-audience="clinician"' in clinician.get_data(as_text=True)
    assert clinician.headers["ETag"] != anonymous.headers["ETag"]


def test_a_logged_in_staff_member_reads_the_same_page_as_anyone(app: Flask, auth: Any) -> None:
    staff = auth.client("writer")
    page = staff.get("/en/articles/sample/layperson")
    assert page.get_data() == app.test_client().get("/en/articles/sample/layperson").get_data()
    assert "Set-Cookie" not in page.headers


# --- Cache headers ---------------------------------------------------------------------


@pytest.mark.parametrize("url", CANONICAL)
def test_published_pages_are_public_with_a_strong_etag(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["Cache-Control"] == (
        "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"
    )
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")


def test_freshness_is_configurable(app_factory: Any) -> None:
    app = app_factory(READER_CACHE_MAX_AGE=60, READER_CACHE_STALE_WHILE_REVALIDATE=5)
    response = app.test_client().get("/en/articles/sample/layperson")
    assert response.headers["Cache-Control"].startswith(
        "public, max-age=60, stale-while-revalidate=5,"
    )


def test_an_article_page_is_last_modified_when_its_revision_was(app: Flask) -> None:
    with app.app_context():
        [stamp] = repository.public_stamps(db.new_session(), "en", "sample")
    response = app.test_client().get("/en/articles/sample/layperson")
    assert response.headers["Last-Modified"] == http_date(stamp.published_at)


def test_a_page_pending_review_is_kept_briefly(client: FlaskClient) -> None:
    response = client.get("/en/articles/second/layperson")
    assert "Educational purpose only" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, max-age=30, stale-if-error=86400"


def test_not_found_pages_are_kept_briefly_and_errors_never(client: FlaskClient) -> None:
    untranslated = client.get("/es/articles/sample")
    assert untranslated.status_code == 404
    assert untranslated.headers["Cache-Control"] == "public, max-age=60"
    assert "ETag" not in untranslated.headers
    missing = client.get("/en/articles/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["Cache-Control"] == "no-store"
    assert client.post("/en/articles/sample/questions").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/staff/login", "/staff/", "/", "/healthz"])
def test_staff_pages_redirects_and_health_are_never_stored(client: FlaskClient, url: str) -> None:
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_staff_pages_keep_their_session_and_csrf_token(client: FlaskClient) -> None:
    response = client.get("/staff/login")
    assert 'name="csrf_token"' in response.get_data(as_text=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("session=") for cookie in cookies)


# --- Revalidation ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [*CANONICAL, "/en/articles/sample"])
def test_a_matching_if_none_match_gets_304_without_a_body(client: FlaskClient, url: str) -> None:
    etag = client.get(url).headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"].startswith("public")


def test_weak_and_listed_etags_match_too(client: FlaskClient) -> None:
    etag = client.get("/en/articles/sample/layperson").headers["ETag"]
    for header in (f"W/{etag}", f'"nope", {etag}', "*"):
        response = client.get("/en/articles/sample/layperson", headers={"If-None-Match": header})
        assert response.status_code == 304, header


def test_another_etag_gets_the_full_page(client: FlaskClient) -> None:
    response = client.get("/en/articles/sample/layperson", headers={"If-None-Match": '"old"'})
    assert response.status_code == 200
    assert "What milia are" in response.get_data(as_text=True)


def test_if_modified_since_gets_304_unless_the_page_changed_since(client: FlaskClient) -> None:
    url = "/en/articles/sample/layperson"
    modified = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    last_modified = parse_date(modified)
    assert last_modified is not None
    before = http_date(last_modified.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": before}).status_code == 200


def test_if_none_match_wins_over_if_modified_since(client: FlaskClient) -> None:
    url = "/en/articles/sample/layperson"
    modified = client.get(url).headers["Last-Modified"]
    response = client.get(url, headers={"If-None-Match": '"old"', "If-Modified-Since": modified})
    assert response.status_code == 200


def test_revalidation_works_with_the_page_cache_off(app_factory: Any) -> None:
    client = app_factory(PAGE_CACHE_MAX_BYTES=0).test_client()
    url = "/en/articles/sample/clinician"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


# --- What changes the ETag -------------------------------------------------------------


def etags(app: Flask) -> dict[str, str]:
    client = app.test_client()
    pages = [*CANONICAL, "/en/articles/second/layperson", "/en/articles/second/clinician"]
    return {url: client.get(url).headers["ETag"] for url in pages}


def test_etags_differ_by_audience_and_locale(milia_app: Flask) -> None:
    client = milia_app.test_client()
    found = {
        client.get(url).headers["ETag"]
        for url in (
            "/en/articles/milia/layperson",
            "/en/articles/milia/clinician",
            "/es/articles/milia/layperson",
            "/es/articles/milia/clinician",
        )
    }
    assert len(found) == 4


def test_etags_stay_put_when_nothing_readers_see_changed(app: Flask, ask_question: Any) -> None:
    before = etags(app)
    ask_question(app.test_client(), "sample", "Do milia itch?")
    draft = dataclasses.replace(stored(app, "sample"), status=Status.DRAFT, question="Draft?")
    save(app, draft)  # a draft revision: readers still see the approved one
    assert etags(app) == before


def test_publishing_changes_the_etag_of_that_article_only(app: Flask) -> None:
    before = etags(app)
    retitle(app, "sample", "Why milia happen")
    after = etags(app)
    assert after["/en/articles/sample/layperson"] != before["/en/articles/sample/layperson"]
    assert after["/en/"] != before["/en/"]  # the index shows the title
    assert after["/en/articles/second/layperson"] == before["/en/articles/second/layperson"]
    page = app.test_client().get("/en/articles/sample/layperson")
    assert "Why milia happen" in page.get_data(as_text=True)


def test_approval_changes_the_etag_and_drops_the_banner(app: Flask) -> None:
    client = app.test_client()
    url = "/en/articles/second/layperson"
    pending = client.get(url)
    approve(app, "second")
    approved = client.get(url, headers={"If-None-Match": pending.headers["ETag"]})
    assert approved.status_code == 200
    assert "Educational purpose only" not in approved.get_data(as_text=True)
    assert approved.headers["Cache-Control"].startswith("public, max-age=300,")
    approved_at = parse_date(approved.headers["Last-Modified"])
    pending_at = parse_date(pending.headers["Last-Modified"])
    assert approved_at and pending_at and approved_at >= pending_at


def test_a_new_build_changes_every_etag(app_factory: Any) -> None:
    old = etags(app_factory(BUILD_ID="release-1"))
    new = etags(app_factory(BUILD_ID="release-2"))
    assert all(old[url] != new[url] for url in old)


# --- The page cache --------------------------------------------------------------------


def test_a_page_is_rendered_once_then_served_from_memory(app: Flask) -> None:
    cache = app.extensions["twofold.page_cache"]
    client = app.test_client()
    first = client.get("/en/articles/sample/clinician")
    hits = cache.stats.hits
    again = client.get("/en/articles/sample/clinician")
    assert cache.stats.hits == hits + 1
    assert again.get_data() == first.get_data()
    assert page_headers(again) == page_headers(first)


def test_head_is_answered_from_the_cache_without_a_body(client: FlaskClient) -> None:
    full = client.get("/en/articles/sample/layperson")
    head = client.head("/en/articles/sample/layperson")
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == full.headers["ETag"]
    assert head.headers["Content-Length"] == full.headers["Content-Length"]


def test_the_cookie_following_page_is_cached_per_persona(app: Flask) -> None:
    seen: dict[str, str] = {}
    for cookie in ["patient", "clinician", "", "garbage", "student", "caregiver", "clinician"]:
        client = app.test_client()
        if cookie:
            client.set_cookie("twofold_persona", cookie)
        for _ in range(2):  # the second answer comes from the cache
            html = client.get("/en/articles/sample").get_data(as_text=True)
            audience = "clinician" if cookie in ("clinician", "student") else "layperson"
            assert f'data-audience="{audience}"' in html, cookie
            seen.setdefault(cookie, html)
            assert html == seen[cookie]


def test_a_query_string_is_answered_by_the_app_not_the_cache(app: Flask) -> None:
    cache = app.extensions["twofold.page_cache"]
    client = app.test_client()
    plain = client.get("/en/articles/sample/layperson").get_data()
    entries = len(cache)
    for n in range(5):
        assert client.get(f"/en/articles/sample/layperson?utm_source={n}").get_data() == plain
    assert len(cache) == entries


def test_the_cache_stays_within_its_memory_bound(app_factory: Any) -> None:
    app = app_factory(PAGE_CACHE_MAX_BYTES=30_000)
    cache = app.extensions["twofold.page_cache"]
    client = app.test_client()
    for url in READER_PAGES:
        assert client.get(url).status_code in (200, 404)
    assert 0 < cache.bytes <= 30_000
    assert cache.stats.evictions > 0
    # Evicted pages are rendered again, identical.
    assert client.get(READER_PAGES[0]).get_data() == client.get(READER_PAGES[0]).get_data()


def test_publishing_empties_the_cache_for_the_next_request(app: Flask) -> None:
    client = app.test_client()
    assert "What milia are" in client.get("/en/articles/sample/layperson").get_data(as_text=True)
    retitle(app, "sample", "Why milia happen")
    fresh = client.get("/en/articles/sample/layperson").get_data(as_text=True)
    assert "Why milia happen" in fresh
    assert "Why milia happen" in client.get("/en/").get_data(as_text=True)


# --- Two instances on one database ------------------------------------------------------


def second_instance(first: Flask) -> Flask:
    """Another server on the same database, with a page cache of its own."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": first.config["DATABASE_URL"],
            "LOAD_BUNDLED_VARIANTS": False,
        }
    )


def test_a_publish_in_one_instance_reaches_the_other_at_once(any_db_app: Flask) -> None:
    other = second_instance(any_db_app)
    try:
        reader = other.test_client()
        url = "/en/articles/second/layperson"
        pending = reader.get(url)
        assert reader.get(url).get_data() == pending.get_data()  # now in its page cache
        assert other.extensions["twofold.page_cache"].stats.hits >= 1
        approve(any_db_app, "second")
        retitle(any_db_app, "sample", "Why milia happen")
        approved = reader.get(url, headers={"If-None-Match": pending.headers["ETag"]})
        assert approved.status_code == 200
        assert "Educational purpose only" not in approved.get_data(as_text=True)
        index = reader.get("/en/").get_data(as_text=True)
        assert "Why milia happen" in index
        assert approved.headers["ETag"] == any_db_app.test_client().get(url).headers["ETag"]
    finally:
        close(other)


def test_a_draft_saved_elsewhere_keeps_the_other_instances_cache(any_db_app: Flask) -> None:
    other = second_instance(any_db_app)
    try:
        reader = other.test_client()
        reader.get("/en/articles/sample/layperson")
        cache = other.extensions["twofold.page_cache"]
        draft = dataclasses.replace(stored(any_db_app, "sample"), status=Status.DRAFT)
        save(any_db_app, dataclasses.replace(draft, question="A draft question?"))
        hits = cache.stats.hits
        assert "A draft question?" not in reader.get("/en/articles/sample/layperson").get_data(
            as_text=True
        )
        assert cache.stats.hits == hits + 1
    finally:
        close(other)
