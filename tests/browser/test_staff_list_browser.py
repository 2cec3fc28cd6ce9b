"""The article list in Chromium: filtered, sorted and paged by keyboard with JavaScript off,
and the filtered list, its pages and its "no match" page clean under axe-core."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from service.staff.editor import article_filters
from service.storage import db as database

if TYPE_CHECKING:  # mypy names test modules from the project root
    from tests.staff.staff_list_library import make_library
else:  # the helper sits beside the staff tests (another package may own the name "tests")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "staff"))
    from staff_list_library import make_library

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
WRITER = "list-writer@twofold.test"


@pytest.fixture(scope="module")
def list_server(
    tmp_path_factory: pytest.TempPathFactory,
    build_app: Callable[..., Flask],
    serve: Callable[[Flask], AbstractContextManager[str]],
) -> Iterator[str]:
    """A server of its own holding 60 generated articles (20 a language), and a writer."""
    root = tmp_path_factory.mktemp("variants")
    make_library(root, 60)
    app = build_app(tmp_path_factory.mktemp("db"), VARIANTS_PATH=str(root))
    result = app.test_cli_runner().invoke(
        args=["users", "create", WRITER, "--role", "writer"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    with serve(app) as url:
        yield url
    database.close(app)


@pytest.fixture
def on_list_server(browser: Browser, list_server: str) -> Iterator[Callable[..., Page]]:
    """``open(**options)``: a page in a fresh context on the list's server, logged in."""
    contexts: list[BrowserContext] = []

    def open_page(**options: object) -> Page:
        context = browser.new_context(base_url=list_server, **options)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/staff/login")
        page.get_by_label("Email").fill(WRITER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Password").press("Enter")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def pages_of_five(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of five rows (the server runs in this process), so 20 articles make four."""
    monkeypatch.setattr(article_filters, "PER_PAGE", 5)


def test_filter_sort_and_page_by_keyboard_without_javascript(
    on_list_server: Callable[..., Page], pages_of_five: None
) -> None:
    page = on_list_server(java_script_enabled=False)
    page.goto("/staff/articles")
    expect(page.get_by_text("60 articles")).to_be_visible()

    # Language: English, by keyboard; then Tab on to "Apply filters" and Enter.
    page.get_by_label("Language", exact=True).focus()
    page.keyboard.press("E")  # "English", the first language starting with E
    page.keyboard.press("Tab")  # the readability select
    page.keyboard.press("Tab")  # the button
    expect(page.get_by_role("button", name="Apply filters")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"language=en"))
    expect(page.get_by_text("20 articles match these filters")).to_be_visible()
    expect(page.get_by_label("Language", exact=True)).to_have_value("en")

    # Sort by title, then the other way, by keyboard.
    heading = page.get_by_role("columnheader", name="Article")
    heading.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("columnheader", name="Article")).to_have_attribute(
        "aria-sort", "ascending"
    )
    page.get_by_role("columnheader", name="Article").get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("columnheader", name="Article")).to_have_attribute(
        "aria-sort", "descending"
    )
    first_page = page.locator("tbody th .table-meta").all_inner_texts()
    assert len(first_page) == 5 and all(path.startswith("en/") for path in first_page)

    # The next page keeps the language and the sort.
    pages = page.get_by_role("navigation", name="Pages of articles")
    expect(pages.locator('[aria-current="page"]')).to_have_text("1")
    pages.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    for kept in ("language=en", "sort=title", "order=desc"):
        assert kept in page.url
    expect(page.get_by_text("Page 2 of 4").first).to_be_visible()
    expect(pages.locator('[aria-current="page"]')).to_have_text("2")
    second_page = page.locator("tbody th .table-meta").all_inner_texts()
    assert len(second_page) == 5 and not set(first_page) & set(second_page)
    assert all(path.startswith("en/") for path in second_page)

    # "Clear filters" by keyboard: the whole library again.
    page.get_by_role("link", name="Clear filters").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("60 articles")).to_be_visible()


def test_the_filtered_list_has_no_axe_violations(
    on_list_server: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    pages_of_five: None,
) -> None:
    page = on_list_server(bypass_csp=True)
    page.goto("/staff/articles?language=de&sort=topic&order=desc&page=2")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    page.goto("/staff/articles?q=no+such+words&status=draft")
    expect(page.get_by_text("No articles match these filters.")).to_be_visible()
    assert_accessible(page)
    page.goto("/staff/articles?status=retired&page=99")
    expect(page.get_by_text('There is no status "retired": showing every status.')).to_be_visible()
    assert_accessible(page)
