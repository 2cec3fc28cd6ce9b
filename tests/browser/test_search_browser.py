"""A reader searches from any page with the keyboard alone, JavaScript off, and the
results page passes axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

SEARCH_BOX = "Search articles"


def tab_to(page: Page, name: str, presses: int = 12) -> None:
    """Press Tab until the control labelled ``name`` has the focus."""
    target = page.get_by_label(name)
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {name!r} in {presses} presses")


def test_a_reader_searches_by_keyboard_without_javascript(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/articles/milia")
    tab_to(page, SEARCH_BOX)
    page.keyboard.type("white bumps")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url("/en/search?q=white+bumps")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    # Other browser tests add articles to the shared server: count what this one needs.
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\b\d+ articles? found\."))
    expect(page.get_by_label(SEARCH_BOX)).to_have_value("white bumps")
    result = page.locator('a[href="/en/articles/milia/layperson"]')
    expect(result).to_have_text("What causes milia?")
    expect(page.locator(".search-snippet mark").first).to_have_text("white")
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url("/en/articles/milia/layperson")


def test_the_results_page_has_no_axe_violations(
    new_context: Callable[..., BrowserContext], assert_accessible: Callable[[Page], None]
) -> None:
    page = new_context(bypass_csp=True).new_page()
    for url in ("/en/search?q=milia", "/en/search", "/en/search?q=%22%3A", "/de/search?q=zzz"):
        page.goto(url)
        assert_accessible(page)
