"""The paged QA overview in Chromium: no axe-core violations, and its pages reached by keyboard.

The library is 9 generated articles (108 variants: two pages of 100 rows), served by an
app of this module's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from library import write_library
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

QA_EMAIL = "qa-paging@twofold.test"


@pytest.fixture(scope="module")
def paged_server(
    build_app: Callable[..., Any],
    auth_class: Any,
    serve: Callable[[Any], AbstractContextManager[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    root = write_library(tmp_path_factory.mktemp("variants"), 9, locales=("en", "es", "de"))
    app = build_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(root))
    auth_class(app).create("qa", QA_EMAIL)
    with serve(app) as url:
        yield url


@pytest.fixture
def qa_page(browser: Browser, paged_server: str, auth_class: Any) -> Iterator[Page]:
    """A QA member's page (axe may be injected past the CSP, which stays on)."""
    context: BrowserContext = browser.new_context(base_url=paged_server, bypass_csp=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/staff/login")
    page.get_by_label("Email").fill(QA_EMAIL)
    page.get_by_label("Password").fill(auth_class.password)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    yield page
    context.close()


def test_the_next_page_is_reached_by_keyboard_with_the_sort_kept(
    qa_page: Page, assert_accessible: Callable[[Page], None]
) -> None:
    qa_page.goto("/staff/qa/readability?sort=grade&order=desc")
    pages = qa_page.get_by_role("navigation", name="Pages of the report")
    expect(pages).to_contain_text("Page 1 of 2")
    assert_accessible(qa_page)
    following = pages.get_by_role("link", name="Next page")
    for _ in range(400):  # Tab through the page until the link has the focus
        qa_page.keyboard.press("Tab")
        if following.evaluate("link => link === document.activeElement"):
            break
    qa_page.keyboard.press("Enter")
    expect(pages).to_contain_text("Page 2 of 2")
    assert "sort=grade" in qa_page.url and "order=desc" in qa_page.url and "page=2" in qa_page.url
    expect(qa_page.locator("table.qa-table tbody tr")).to_have_count(8)
    expect(pages.get_by_role("link", name="Previous page")).to_be_visible()
    assert_accessible(qa_page)
