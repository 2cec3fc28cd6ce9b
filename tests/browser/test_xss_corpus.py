"""The XSS drill, in Chromium: every payload of the corpus, in every field, stays inert text.

The payloads (``data/xss-payloads.txt``, over a hundred) go into an article's titles,
question, topic, section texts and references, and into readers' questions; then the
reader pages and the staff pages that show them are opened, with the
Content-Security-Policy bypassed (so the sanitiser alone is tested) and with it on.
Nothing may run, and no page may carry an event handler, a foreign script or a
``javascript:`` link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Dialog, Page

from service.content.model import Article, Reference, Section, Status, Variant
from service.storage import inbox, repository
from service.storage.db import db
from service.writing.audience import Audience

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parent / "data" / "xss-payloads.txt"
PAYLOADS = [
    line
    for line in CORPUS.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
SLUG = "hostile"

# What a page may run: its own scripts, from /static/, and its JSON-LD data; nothing else.
INSPECT = """() => {
  const found = [];
  for (const script of document.scripts) {
    const src = script.getAttribute('src') || '';
    if (script.type === 'application/ld+json') {
      // Data, not code: it must still be whole JSON (a payload did not break out of it).
      try { JSON.parse(script.text); } catch (error) { found.push('broken JSON-LD'); }
    } else if (!src.startsWith('/static/')) {
      found.push('script: ' + (src || script.text.slice(0, 60)));
    }
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/\\s/g, '').toLowerCase();
      if (attribute.name.startsWith('on')) found.push(element.tagName + ' ' + attribute.name);
      if (/^(javascript|vbscript|data):/.test(value) && attribute.name !== 'content')
        found.push(element.tagName + ' ' + attribute.name + '=' + value.slice(0, 40));
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'FRAMESET', 'BASE', 'META'].includes(element.tagName)
        && !(element.tagName === 'META' && !element.hasAttribute('http-equiv')))
      found.push('element: ' + element.tagName);
  }
  return found;
}"""


def test_the_corpus_is_large_and_read_whole() -> None:
    assert len(PAYLOADS) >= 100
    assert "<script>alert(1)</script>" in PAYLOADS


def _sections() -> tuple[Section, ...]:
    chunks = [PAYLOADS[i : i + 12] for i in range(0, len(PAYLOADS), 12)]
    return tuple(
        Section(
            key=f"part-{n}",
            variants=(
                Variant(Audience.LAYPERSON, chunk[0], "\n\n".join(chunk)),
                Variant(Audience.CLINICIAN, chunk[-1], "\n".join(chunk)),
            ),
        )
        for n, chunk in enumerate(chunks)
    )


@pytest.fixture(scope="module")
def hostile(live_app: Flask) -> str:
    """An article made of payloads, and a reader's question for each, on the live app."""
    article = Article(
        locale="en",
        slug=SLUG,
        question=PAYLOADS[0],
        titles=((Audience.LAYPERSON, PAYLOADS[1]), (Audience.CLINICIAN, PAYLOADS[2])),
        topic=PAYLOADS[3],
        status=Status.SUBMITTED,
        updated=dt.date(2025, 6, 27),
        sections=_sections(),
        references=tuple(
            Reference(key=f"ref{n}", title=payload, journal=PAYLOADS[-n - 1])
            for n, payload in enumerate(PAYLOADS[:25])
        ),
    )
    with live_app.app_context():
        session = db.new_session()
        repository.save_all(session, [article], author="xss drill")
        for payload in PAYLOADS:
            inbox.add_question(session, "en", SLUG, Audience.LAYPERSON, payload)
    return SLUG


@pytest.fixture(params=[True, False], ids=["csp-bypassed", "csp-on"])
def watched(
    request: pytest.FixtureRequest, new_context: Callable[..., BrowserContext]
) -> Iterator[tuple[Page, list[str]]]:
    """A page whose every dialog (what the payloads would open) is recorded."""
    page = new_context(bypass_csp=request.param).new_page()
    ran: list[str] = []

    def record(dialog: Dialog) -> None:
        ran.append(f"{dialog.type}: {dialog.message} on {page.url}")
        dialog.dismiss()

    page.on("dialog", record)
    page.on("pageerror", lambda error: ran.append(f"script error on {page.url}: {error}"))
    yield page, ran


def _assert_inert(page: Page, ran: list[str], url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
    found = page.evaluate(INSPECT)
    assert not found, f"{url}: {found[:10]}"
    assert not ran, ran


@pytest.mark.parametrize(
    "url",
    [f"/en/articles/{SLUG}/layperson", f"/en/articles/{SLUG}/clinician", f"/en/articles/{SLUG}"],
)
def test_reader_pages_show_every_payload_as_text(
    hostile: str, watched: tuple[Page, list[str]], url: str
) -> None:
    page, ran = watched
    _assert_inert(page, ran, url)
    text = page.locator("main").inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("writer", f"/staff/articles/en/{SLUG}"),
        ("writer", f"/staff/articles/en/{SLUG}/sections/part-0"),
        ("writer", f"/staff/articles/en/{SLUG}/history"),
        ("writer", f"/staff/articles/en/{SLUG}/details"),
        ("writer", f"/staff/articles/en/{SLUG}/references"),
        ("writer", f"/staff/articles/en/{SLUG}/edit"),
        ("reviewer", f"/staff/articles/en/{SLUG}/preview"),
        ("writer", f"/staff/questions/?article=en/{SLUG}"),
        ("writer", f"/staff/questions/?article=en/{SLUG}&page=2"),
        ("writer", f"/staff/questions/?article=en/{SLUG}&page=3"),
        ("reviewer", f"/staff/articles/en/{SLUG}"),
        ("qa", f"/staff/qa/readability/en/{SLUG}"),
    ],
)
def test_staff_pages_show_every_payload_as_text(
    hostile: str,
    watched: tuple[Page, list[str]],
    role: str,
    url: str,
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page, ran = watched
    log_in(page, staff_account(role, prefix="xss"))
    _assert_inert(page, ran, url)
