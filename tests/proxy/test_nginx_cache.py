"""nginx in front of Twofold: what readers and operators see through the shipped cache config.

Each test talks to nginx on loopback (``conftest.stack``), which caches gunicorn with
``deploy/nginx/twofold.conf``. Pages stay fresh for ``MAX_AGE`` seconds here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import random
import re
import threading
import time
from http.client import HTTPMessage
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest

from service.content.bundle import read_path
from service.content.model import Status
from service.writing.audience import Audience

if TYPE_CHECKING:
    from tests.proxy.conftest import Stack

pytestmark = pytest.mark.proxy

BUNDLES = Path(__file__).resolve().parent.parent / "bundles"
LAYPERSON = 'data-audience="layperson"'
CLINICIAN = 'data-audience="clinician"'
# What nginx says for a page it had to fetch from the app: nothing stored yet, or too old.
FETCHED = ("MISS", "EXPIRED")

# The Cookie header a reader's browser sends, and the variant that reader must get.
PERSONA_COOKIES: dict[str | None, str] = {
    "twofold_persona=patient": LAYPERSON,
    "twofold_persona=caregiver": LAYPERSON,
    "twofold_persona=clinician": CLINICIAN,
    "twofold_persona=student": CLINICIAN,
    None: LAYPERSON,
    "twofold_persona=surgeon%20general": LAYPERSON,
    "twofold_persona=": LAYPERSON,
    "analytics=GA1.2.3": LAYPERSON,
    "analytics=GA1.2.3; twofold_persona=student": CLINICIAN,
    "twofold_persona=clinician; analytics=GA1.2.3": CLINICIAN,
    "twofold_persona=patient; analytics=GA1.2.3": LAYPERSON,
}


def _variant(text: str) -> str:
    """Which audience's article a page shows, by the attribute on its ``<article>``."""
    shown = [marker for marker in (LAYPERSON, CLINICIAN) if marker in text]
    return shown[0] if len(shown) == 1 else f"unclear: {shown}"


def _varies_on(headers: HTTPMessage, name: str) -> bool:
    """True when any ``Vary`` header of a response names ``name``."""
    values = headers.get_all("Vary") or []
    return any(name.lower() in (v.strip().lower() for v in value.split(",")) for value in values)


@pytest.mark.parametrize("path", ["/en/articles/sample/layperson", "/en/", "/en/editorial-policy"])
def test_reader_pages_come_from_the_cache_the_second_time(stack: Stack, path: str) -> None:
    first = stack.get(path)
    second = stack.get(path)

    assert first.status == 200 and first.cache in FETCHED
    assert second.status == 200 and second.cache == "HIT"
    assert second.body == first.body
    # The app's own validators and freshness, passed on unchanged.
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), etag
    assert second.headers["ETag"] == etag
    cache_control = f"public, max-age={stack.max_age}, stale-while-revalidate=60"
    assert first.headers["Cache-Control"].startswith(cache_control)
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"]
    if "/articles/" in path:
        assert second.headers["Last-Modified"] == first.headers["Last-Modified"]


def test_a_browser_that_holds_the_page_gets_304_from_the_cache(stack: Stack) -> None:
    path = "/en/articles/sample/layperson"
    page = stack.get(path, {"Accept-Encoding": "gzip"})
    # Compressed on the way out, so nginx weakens the ETag; either form still matches.
    assert page.headers["Content-Encoding"] == "gzip"
    weak = page.headers["ETag"]
    assert weak.startswith('W/"')

    for etag in (weak, weak.removeprefix("W/")):
        again = stack.get(path, {"If-None-Match": etag, "Accept-Encoding": "gzip"})
        assert again.status == 304, etag
        assert again.body == b""


def test_an_expired_page_is_revalidated_not_rendered_again(stack: Stack) -> None:
    path = "/de/editorial-policy"
    assert stack.get(path).cache in FETCHED
    access_log = stack.folder / "gunicorn-access.log"
    revalidated = f'"GET {path} HTTP/1.1" 304 '
    # Past max-age the next reader gets the stored copy while nginx asks the app with the
    # page's ETag; unchanged, the app answers 304 and the copy is fresh again.
    deadline = time.monotonic() + stack.max_age + 5
    while time.monotonic() < deadline and revalidated not in access_log.read_text():
        assert stack.get(path).status == 200
        time.sleep(0.2)
    assert revalidated in access_log.read_text()
    assert stack.get(path).cache == "HIT"


def test_the_cookie_following_url_never_shows_a_reader_the_other_variant(stack: Stack) -> None:
    path = "/en/articles/sample"
    wrong: list[str] = []
    statuses: list[str | None] = []
    lock = threading.Lock()
    # Past one max-age, so expired copies, background refreshes and hits all take part.
    until = time.monotonic() + stack.max_age + 1

    def reader(seed: int) -> None:
        cookies = random.Random(seed)
        for _ in range(400):
            if time.monotonic() > until:
                return
            cookie = cookies.choice(list(PERSONA_COOKIES))
            reply = stack.get(path, {"Cookie": cookie} if cookie else {})
            shown = _variant(reply.text)
            with lock:
                statuses.append(reply.cache)
                if reply.status != 200 or shown != PERSONA_COOKIES[cookie]:
                    wrong.append(f"Cookie {cookie!r}: {reply.status} {shown} ({reply.cache})")
                if not _varies_on(reply.headers, "Cookie"):
                    wrong.append(f"Cookie {cookie!r}: no Vary: Cookie ({reply.cache})")
            time.sleep(0.01)

    threads = [threading.Thread(target=reader, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not wrong, "\n".join(wrong[:20])
    assert statuses.count("HIT") > len(PERSONA_COOKIES), statuses


def test_a_publish_shows_through_the_proxy_within_max_age(stack: Stack) -> None:
    path = "/en/articles/second/layperson"
    before = stack.get(path)
    assert stack.get(path).cache == "HIT"
    (article,) = read_path(BUNDLES / "en" / "second")
    new_title = "Looking after your skin once the peel is done"
    assert new_title not in before.text

    titles = tuple(
        (audience, new_title if audience is Audience.LAYPERSON else title)
        for audience, title in article.titles
    )
    stack.publish(
        [
            dataclasses.replace(
                article,
                titles=titles,
                status=Status.APPROVED,
                reviewed=dt.date.today(),
                reviewed_by="Medical Advisory Board",
            )
        ]
    )

    deadline = time.monotonic() + stack.max_age + 5
    after = stack.get(path)
    while new_title not in after.text and time.monotonic() < deadline:
        time.sleep(0.2)
        after = stack.get(path)
    assert new_title in after.text
    assert after.headers["ETag"] != before.headers["ETag"]
    # Approved now: kept for the published max-age, and served from the cache again.
    assert after.headers["Cache-Control"].startswith(f"public, max-age={stack.max_age}, stale-")
    assert new_title in stack.get(path).text


def test_staff_pages_are_never_cached(stack: Stack) -> None:
    replies = [stack.get("/staff/login") for _ in range(3)]

    for reply in replies:
        assert reply.status == 200
        assert reply.cache == "BYPASS"
        assert reply.headers["Cache-Control"] == "no-store"


def test_question_posts_always_reach_the_app(stack: Stack) -> None:
    path = "/en/articles/sample/questions"
    body = urlencode(
        {"question": "Can milia come back after they are removed?", "audience": "layperson"}
    ).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Sec-Fetch-Site": "same-origin",
    }
    stored = stack.question_count()

    replies = [stack.post(path, body, headers) for _ in range(2)]

    assert [r.status for r in replies] == [303, 303]
    assert all(r.cache != "HIT" for r in replies)
    assert stack.question_count() == stored + 2
    # The confirmation the reader is sent to is theirs alone: never kept either.
    thanks = replies[0].headers["Location"]
    confirmations = [stack.get(thanks) for _ in range(2)]
    assert [c.status for c in confirmations] == [200, 200]
    assert all(c.cache != "HIT" and c.headers["Cache-Control"] == "no-store" for c in confirmations)


def test_bodies_larger_than_the_apps_limit_are_refused_at_the_proxy(stack: Stack) -> None:
    path = "/en/articles/sample/questions"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
    stored = stack.question_count()

    def question_of(size: int) -> bytes:
        prefix = b"audience=layperson&question="
        return prefix + b"a" * (size - len(prefix))

    # Exactly 64 KiB gets through to the app, which refuses the overlong question itself.
    at_limit = stack.post(path, question_of(64 * 1024), headers)
    assert at_limit.status == 400
    assert "Content-Security-Policy" in at_limit.headers  # every page of the app has one
    # One byte more and nginx answers by itself: the app never sees the body.
    over = stack.post(path, question_of(64 * 1024 + 1), headers)
    assert over.status == 413
    assert "Content-Security-Policy" not in over.headers
    assert stack.question_count() == stored


def test_a_forged_host_does_not_poison_the_page_other_readers_get(stack: Stack) -> None:
    path = "/en/articles/sample/clinician"
    forged = stack.get(path, {"Host": "evil.example"})
    # The app links to the host it was asked for, so a cache keyed without it would spread this.
    assert forged.status == 200 and "//evil.example/" in forged.text

    for _ in range(2):
        reply = stack.get(path)
        assert reply.status == 200
        assert "evil.example" not in reply.text
        assert f"//{stack.host}/en/articles/sample/layperson" in reply.text
    assert reply.cache == "HIT"


def test_forged_forwarding_headers_do_not_reach_the_app(stack: Stack) -> None:
    path = "/en/articles/second/clinician"
    forged_headers = {
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Port": "6666",
        "X-Forwarded-Proto": "https",
    }
    forged = stack.get(path, forged_headers)
    normal = stack.get(path)

    for reply in (forged, normal):
        assert reply.status == 200
        assert "evil.example" not in reply.text
        assert ":6666" not in reply.text
        assert f"https://{stack.host}" not in reply.text
        assert f"http://{stack.host}/en/articles/second/layperson" in reply.text
    assert normal.body == forged.body


def test_pages_and_styles_are_compressed_for_browsers_that_accept_it(stack: Stack) -> None:
    page = stack.get("/en/articles/sample/layperson")
    stylesheet = re.search(r'href="(/static/twofold\.[0-9a-f]+\.css)"', page.text)
    assert stylesheet, "no fingerprinted stylesheet link on the page"

    for path in ("/en/articles/sample/layperson", stylesheet.group(1)):
        plain = stack.get(path)
        packed = stack.get(path, {"Accept-Encoding": "gzip"})
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert _varies_on(packed.headers, "Accept-Encoding"), path
        assert gzip.decompress(packed.body) == plain.body, path
    assert "immutable" in stack.get(stylesheet.group(1)).headers["Cache-Control"]
    # Staff pages carry CSRF tokens: never compressed (BREACH).
    staff = stack.get("/staff/login", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in staff.headers


def test_readers_get_the_stored_page_while_the_app_is_down(stack: Stack) -> None:
    path = "/es/editorial-policy"
    page = stack.get(path)
    assert page.status == 200

    with stack.app_down():
        # Past max-age the stored copy stands in, rather than an error page.
        deadline = time.monotonic() + stack.max_age + 5
        reply = stack.get(path)
        while reply.cache != "STALE" and time.monotonic() < deadline:
            assert reply.status == 200 and reply.body == page.body
            time.sleep(0.2)
            reply = stack.get(path)
        assert reply.cache == "STALE"
        assert reply.status == 200 and reply.body == page.body
        # A page nobody asked for yet has no copy to stand in.
        assert stack.get("/es/").status == 502

    assert stack.get("/es/").status == 200
