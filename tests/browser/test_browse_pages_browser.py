"""A reader browses a long library: pages and topics, by keyboard, with no JavaScript,
and with no accessibility violations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from flask import Flask
from library import write_library
from playwright.sync_api import Browser, BrowserContext, Page, expect

from service.storage.db import close

pytestmark = pytest.mark.browser

PAGE_SIZE = 5  # 30 articles: six pages


@pytest.fixture(scope="module")
def library_url(
    tmp_path_factory: pytest.TempPathFactory,
    build_app: Callable[..., Flask],
    serve: Callable[[Flask], AbstractContextManager[str]],
) -> Iterator[str]:
    """A server of 30 generated English articles, five to a page."""
    variants = tmp_path_factory.mktemp("variants")
    write_library(variants, 30, locales=("en",), seed=9)
    app = build_app(
        tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(variants), READER_PAGE_SIZE=PAGE_SIZE
    )
    with serve(app) as url:
        yield url
    close(app)


@pytest.fixture
def open_context(browser: Browser, library_url: str) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        context = browser.new_context(base_url=library_url, **options)  # type: ignore[arg-type]
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/", 200),
        ("/en/?page=3", 200),
        ("/en/?page=6", 200),
        ("/en/topics/cardiology", 200),
        ("/en/?page=7", 404),
        ("/en/topics/no-such-topic", 404),
    ],
)
def test_list_pages_have_no_violations(
    open_context: Callable[..., BrowserContext],
    assert_accessible: Callable[[Page], None],
    path: str,
    status: int,
) -> None:
    page = open_context(bypass_csp=True).new_page()
    response = page.goto(path)
    assert response is not None and response.status == status
    assert_accessible(page)


def tab_to(page: Page, name: str, limit: int = 150) -> None:
    """Press Tab until the link named ``name`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == name:
            return
    pytest.fail(f"{name!r} was not reached by Tab on {page.url}")


def test_a_keyboard_reader_pages_forward_and_back(
    open_context: Callable[..., BrowserContext],
) -> None:
    page = open_context().new_page()
    page.goto("/en/")
    tab_to(page, "Next page")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/?page=2")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages.locator('[aria-current="page"]')).to_have_text("2")
    expect(page).to_have_title("Articles – Page 2 of 6 · Twofold")
    tab_to(page, "Previous page")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    expect(pages.locator('[aria-current="page"]')).to_have_text("1")
    # The last page, straight from the navigation's numbers.
    tab_to(page, "6")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/?page=6")
    expect(pages.get_by_role("link", name="Next page")).to_have_count(0)


def test_topics_and_pages_work_without_javascript(
    open_context: Callable[..., BrowserContext],
) -> None:
    page = open_context(java_script_enabled=False).new_page()
    page.goto("/en/")
    topics = page.get_by_role("region", name="Topics")
    first_topic = topics.get_by_role("link").first
    name = first_topic.inner_text()
    first_topic.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    articles = page.locator(".article-list > li")
    expect(articles.first).to_be_visible()
    assert articles.count() <= PAGE_SIZE
    page.get_by_role("link", name="All topics").click()
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next page").click()
    page.wait_for_url("**/en/?page=2")
    expect(page.locator(".article-list > li")).to_have_count(PAGE_SIZE)
