"""Named reviewers and review dates in Chromium: axe-core clean, keyboard only, no script needed.

Every name here is a made-up test account; no real person is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
ADMIN = "names-admin@twofold.test"
REVIEWER = "names-reviewer@twofold.test"
NAME, CREDENTIALS = "Dr. Ada Example", "MD, FAAD — Dermatology"


def cli(app: Flask, *args: str, password: bool = False) -> None:
    given = f"{PASSWORD}\n{PASSWORD}\n" if password else None
    result = app.test_cli_runner().invoke(args=list(args), input=given)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def names_app(
    tmp_path_factory: pytest.TempPathFactory, build_app: Callable[..., Flask]
) -> Iterator[Flask]:
    """An app of its own: a named reviewer who approved "second", and an admin."""
    app = build_app(tmp_path_factory.mktemp("names"))
    cli(app, "users", "create", ADMIN, "--role", "admin", password=True)
    cli(
        app,
        "users",
        "create",
        REVIEWER,
        "--role",
        "reviewer",
        "--name",
        NAME,
        "--credentials",
        CREDENTIALS,
        password=True,
    )
    yield app
    from service.storage.db import close

    close(app)


@pytest.fixture(scope="module")
def names_server(
    names_app: Flask, serve: Callable[[Flask], AbstractContextManager[str]]
) -> Iterator[str]:
    with serve(names_app) as url:
        yield url


@pytest.fixture
def contexts(browser: Browser, names_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Fresh contexts; ``script=False`` turns JavaScript off (axe-core then cannot run)."""
    made: list[BrowserContext] = []

    def make(*, script: bool = True) -> BrowserContext:
        made.append(
            browser.new_context(base_url=names_server, bypass_csp=True, java_script_enabled=script)
        )
        made[-1].set_default_timeout(10_000)
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(contexts: Callable[..., BrowserContext]) -> BrowserContext:
    """One fresh context."""
    return contexts()


def log_in(page: Page, email: str) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def press_button(page: Page, name: str) -> None:
    """Reach a button with the keyboard and press it."""
    button = page.get_by_role("button", name=name, exact=True)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_reviewer_approves_and_readers_see_their_name(
    contexts: Callable[..., BrowserContext], assert_accessible: Callable[[Page], None]
) -> None:
    staff = contexts().new_page()
    log_in(staff, REVIEWER)
    staff.goto("/staff/articles/en/second")
    press_button(staff, "Start review")
    press_button(staff, "Approve")
    expect(staff.get_by_role("heading", name="Review date")).to_be_visible()
    assert_accessible(staff)
    reader = contexts().new_page()
    reader.goto("/en/articles/second/layperson")
    expect(reader.locator(".reviewed-by")).to_contain_text(f"{NAME}, {CREDENTIALS}")
    assert_accessible(reader)
    for locale in ("en", "es", "de"):
        reader.goto(f"/{locale}/editorial-policy")
        expect(reader.locator(".board-list")).to_contain_text(f"{NAME}, {CREDENTIALS}")
        assert_accessible(reader)


def test_an_admin_names_a_reviewer_from_the_keyboard(
    context: BrowserContext, assert_accessible: Callable[[Page], None]
) -> None:
    page = context.new_page()
    log_in(page, ADMIN)
    page.goto("/staff/accounts/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Edit public profile {REVIEWER}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(REVIEWER)
    assert_accessible(page)
    name = page.get_by_label("Public name")
    name.fill("x" * 121)
    with page.expect_navigation() as navigation:
        name.press("Enter")
    assert navigation.value is not None and navigation.value.status == 422
    expect(page.get_by_role("alert")).to_contain_text("too long")
    assert_accessible(page)
    page.get_by_role("link", name="The public name is too long").click()
    expect(page.get_by_label("Public name")).to_be_focused()
    page.get_by_label("Public name").fill(NAME)
    with page.expect_navigation():
        page.get_by_label("Credentials (optional)").press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"as {NAME}")


def test_the_overdue_list_and_a_bad_date_are_accessible(
    context: BrowserContext, assert_accessible: Callable[[Page], None]
) -> None:
    page = context.new_page()
    log_in(page, REVIEWER)
    page.goto("/staff/articles/en/sample")
    date = page.get_by_label("Next review due", exact=False)
    date.fill((dt.date.today() - dt.timedelta(days=4)).isoformat())
    press_button(page, "Set review date")
    expect(page.get_by_role("status")).to_contain_text("now due for review")
    page.goto("/staff/queue/")
    page.get_by_role("link", name="Articles past their review date").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Past review date")
    row = page.get_by_role("row").filter(has_text="en/sample")
    expect(row.get_by_role("cell").last).to_have_text("4")
    assert_accessible(page)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Review date")).to_be_visible()


def test_a_bad_review_date_says_what_to_write(
    context: BrowserContext, assert_accessible: Callable[[Page], None]
) -> None:
    page = context.new_page()
    log_in(page, REVIEWER)
    page.goto("/staff/articles/en/sample")
    # A browser's date field sends only real dates; a hand-made request may not.
    token = page.locator('#review-date input[name="csrf_token"]').get_attribute("value")
    response = page.request.post(
        "/staff/articles/en/sample/review-due",
        form={"csrf_token": token or "", "review_due": "1999-01-01"},
    )
    assert response.status == 400
    page.set_content(response.text())
    expect(page.get_by_role("alert")).to_contain_text("Choose a review date between")
    expect(page.get_by_label("Next review due", exact=False)).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)


def test_the_new_forms_work_without_javascript(contexts: Callable[..., BrowserContext]) -> None:
    page = contexts(script=False).new_page()
    log_in(page, ADMIN)
    page.goto("/staff/accounts/")
    page.get_by_role("link", name=f"Edit public profile {REVIEWER}").click()
    page.get_by_label("Credentials (optional)").fill("MD")
    press_button(page, "Save public profile")
    expect(page.get_by_role("status")).to_contain_text(f"as {NAME}")
    page.goto("/staff/articles/en/second")
    page.get_by_label("Next review due", exact=False).fill("2031-01-15")
    press_button(page, "Set review date")
    expect(page.get_by_role("status")).to_contain_text("January 15, 2031")
    page.goto("/en/editorial-policy")
    expect(page.locator(".board-list")).to_contain_text(f"{NAME}, MD")
