"""A writer's day in Chromium: create an article, write both variants, watch readability."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PLAIN = "Milia are tiny white bumps. They do not hurt. Most go away on their own."
JARGON = (
    "Milia are keratin cysts in the epidermis. A dermatologist may prescribe a topical "
    "retinoid or perform deroofing with a sterile lancet under local anaesthesia."
)


@pytest.fixture
def writer_email(staff_account: Callable[..., str]) -> str:
    """A new writer account on the live app (each test its own: the app lives all session)."""
    return staff_account("writer")


def create_article(page: Page, slug: str) -> None:
    """Fill in and send the new article form; it opens the first section's editor."""
    page.goto("/staff/articles/new")
    page.get_by_label("Address name (slug)").fill(slug)
    page.get_by_label("Question the article answers").fill("What are milia?")
    page.get_by_label("Article title for patients and caregivers").fill("What milia are")
    page.get_by_label("Article title for clinicians").fill("Milia: an overview")
    page.get_by_label("Section title for patients and caregivers").fill("Tiny white bumps")
    page.get_by_label("Text for patients and caregivers").fill("Milia are small bumps.")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section “overview”")


def test_a_writer_creates_an_article_and_sees_readability_as_they_type(
    page: Page, writer_email: str, log_in: Callable[[Page, str], None]
) -> None:
    log_in(page, writer_email)
    create_article(page, "milia-basics")
    editor_url = page.url

    layperson = page.get_by_label("Text for patients and caregivers")
    status = page.locator("#readability-layperson-status")
    panel = page.locator("#readability-layperson")
    layperson.fill(PLAIN)
    expect(status).to_contain_text("Pass")
    expect(panel.locator("mark.finding-jargon")).to_have_count(0)

    # Typing (not pasting): every keystroke is an input event; the script waits for a pause.
    layperson.fill("")
    layperson.press_sequentially(JARGON, delay=2)
    expect(panel.locator("mark.finding-jargon").first).to_be_visible()
    expect(status).not_to_contain_text("Pass")
    expect(panel.get_by_role("heading", name="Plain alternatives")).to_be_visible()
    assert page.url == editor_url  # no page load: the script updated the panel

    layperson.fill(PLAIN)
    page.get_by_label("Section title for clinicians").fill("Definition")
    page.get_by_label("Text for clinicians").fill(JARGON)
    expect(page.locator("#readability-clinician-status")).to_contain_text("Grade")
    page.get_by_label("Revision message").fill("Both variants")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status")).to_have_text("Saved as revision 2.")
    expect(layperson).to_have_value(PLAIN)

    page.goto("/staff/articles/en/milia-basics/preview")
    expect(page.get_by_text("Preview of revision 2")).to_be_visible()
    expect(page.get_by_text("Milia are keratin cysts in the epidermis.")).to_be_visible()


def test_check_readability_works_without_javascript(
    new_context: Callable[..., BrowserContext],
    writer_email: str,
    log_in: Callable[[Page, str], None],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, writer_email)
    page.goto("/staff/articles/en/second/sections/overview")
    page.get_by_label("Text for patients and caregivers").fill(JARGON)
    page.get_by_role("button", name="Check readability").click()
    panel = page.locator("#readability-layperson")
    expect(panel.locator("mark.finding-jargon").first).to_be_visible()
    expect(page.get_by_label("Text for patients and caregivers")).to_have_value(JARGON)


# --- Accessibility ----------------------------------------------------------------------


@pytest.fixture
def axe_writer(
    new_context: Callable[..., BrowserContext],
    writer_email: str,
    log_in: Callable[[Page, str], None],
) -> Page:
    """A logged-in writer's page that can run axe-core (allowed past the CSP)."""
    page = new_context(bypass_csp=True).new_page()
    log_in(page, writer_email)
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/staff/articles",
        "/staff/articles/new",
        "/staff/articles/en/milia/details",
        "/staff/articles/en/milia/references",
        "/staff/articles/en/milia/edit",
        "/staff/articles/en/milia/sections/causes",
        "/staff/articles/en/milia/preview",
        "/staff/articles/en/milia/preview/layperson",
        "/staff/articles/en/milia/preview/clinician",
        "/staff/articles/en/milia/history",
        "/staff/articles/en/milia/history/1",
        "/staff/questions/",
        "/staff/questions/?state=spam",
    ],
)
def test_editor_pages_have_no_violations(
    axe_writer: Page, assert_accessible: Callable[[Page], None], path: str
) -> None:
    response = axe_writer.goto(path)
    assert response is not None and response.status == 200
    assert_accessible(axe_writer)


def test_error_and_conflict_pages_have_no_violations(
    axe_writer: Page, assert_accessible: Callable[[Page], None]
) -> None:
    page = axe_writer
    create_article(page, "milia-conflict")
    editor_url = page.url
    page.get_by_label("Text for patients and caregivers").fill("Cite [@nobody] here.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("alert").first).to_contain_text("names no reference")
    assert_accessible(page)

    # A stale save: another tab saves first, then this form (still at the old base) is sent.
    page.goto(editor_url)
    other = page.context.new_page()
    other.goto(editor_url)
    other.get_by_label("Text for patients and caregivers").fill("Their text.")
    other.get_by_role("button", name="Save section").click()
    expect(other.get_by_role("status")).to_contain_text("Saved as revision")
    page.get_by_label("Text for patients and caregivers").fill("My text.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("heading", name="Someone saved a newer revision")).to_be_visible()
    assert_accessible(page)


def test_comparing_two_revisions_without_a_script_has_no_violations(
    axe_writer: Page, assert_accessible: Callable[[Page], None]
) -> None:
    page = axe_writer
    create_article(page, "milia-compare")
    page.get_by_label("Text for patients and caregivers").fill("Milia are tiny bumps.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status")).to_have_text("Saved as revision 2.")

    page.goto("/staff/articles/en/milia-compare/history")
    page.get_by_label("From", exact=True).select_option("1")
    page.get_by_label("To", exact=True).select_option("2")
    page.get_by_label("Audience", exact=True).select_option("layperson")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revision 1 compared with revision 2")
    assert page.url.endswith("/history/compare?from=1&to=2&audience=layperson")
    expect(page.locator("td del")).to_have_text("deleted: small")
    expect(page.locator("td ins")).to_have_text("inserted: tiny")
    # Unfold the shared text and the line-by-line diffs, so that axe checks them too.
    page.locator("details").evaluate_all("all => all.forEach(d => { d.open = true; })")
    assert_accessible(page)
