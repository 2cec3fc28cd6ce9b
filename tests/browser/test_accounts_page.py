"""An administrator's accounts pages in Chromium: no axe-core violations, keyboard only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
EMAIL = "accounts-admin@twofold.test"


@pytest.fixture
def admin_page(live_app: Flask, new_context: Callable[..., BrowserContext]) -> Page:
    """An admin logged in, on a page that can run axe-core."""
    if live_app.test_cli_runner().invoke(args=["users", "list"]).output.find(EMAIL) < 0:
        result = live_app.test_cli_runner().invoke(
            args=["users", "create", EMAIL, "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
        )
        assert result.exit_code == 0, result.output
    page = new_context(bypass_csp=True).new_page()
    page.goto("/staff/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_the_accounts_page_and_its_errors_have_no_violations(
    admin_page: Page, assert_accessible: Callable[[Page], None]
) -> None:
    response = admin_page.goto("/staff/accounts/")
    assert response is not None and response.status == 200
    assert_accessible(admin_page)
    # The create form, sent from the keyboard with a mismatched password.
    admin_page.get_by_label("Email", exact=True).fill("keyboard@twofold.test")
    admin_page.get_by_label("New password", exact=True).fill("a long enough password")
    admin_page.get_by_label("New password again").fill("another long password")
    with admin_page.expect_navigation() as navigation:
        admin_page.get_by_label("New password again").press("Enter")
    assert navigation.value is not None and navigation.value.status == 422
    expect(admin_page.get_by_role("alert")).to_contain_text("The two passwords are not the same.")
    assert_accessible(admin_page)


def test_the_password_page_has_no_violations(
    admin_page: Page, assert_accessible: Callable[[Page], None]
) -> None:
    admin_page.goto("/staff/accounts/")
    admin_page.get_by_role("link", name=f"Reset password {EMAIL}").click()
    expect(admin_page.get_by_role("heading", level=1)).to_contain_text(EMAIL)
    assert_accessible(admin_page)
