"""Ignoring a finding and accepting a term in Chromium, with and without the script, and the
reviewer reading why; every page checked with axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

# Unsaved text with one jargon word ("epidermis") and the article's subject as a hard word.
TEXT = "Milia are tiny white bumps on the skin. Sunscreen protects the epidermis."
REASON = "Explained in the next section, with a picture."


def create_article(page: Page, slug: str) -> str:
    """A new draft whose first section's editor is open; returns the editor's address."""
    page.goto("/staff/articles/new")
    page.get_by_label("Address name (slug)").fill(slug)
    page.get_by_label("Question the article answers").fill("What are milia?")
    page.get_by_label("Article title for patients and caregivers").fill("What milia are")
    page.get_by_label("Section title for patients and caregivers").fill("Tiny white bumps")
    page.get_by_label("Text for patients and caregivers").fill("Milia are small bumps.")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section “overview”")
    return page.url


def finding(page: Page, word: str) -> object:
    """The layperson panel's list item of the finding quoting ``word``."""
    panel = page.locator("#readability-layperson")
    return panel.locator("li.finding", has=page.locator(f"q:text-is('{word}')"))


@pytest.mark.parametrize("script", [False, True], ids=["no-script", "script"])
def test_a_writer_ignores_a_finding_with_a_reason_then_shows_it_again(
    new_context: Callable[..., BrowserContext],
    assert_accessible: Callable[[Page], None],
    script: bool,
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page = new_context(java_script_enabled=script, bypass_csp=True).new_page()
    log_in(page, staff_account("writer", prefix="finding-rules"))
    create_article(page, f"ignore-{'js' if script else 'nojs'}")
    text = page.get_by_label("Text for patients and caregivers")
    text.fill(TEXT)
    if not script:
        page.get_by_role("button", name="Check readability").click()
    jargon = page.locator("#readability-layperson li.finding-jargon")
    expect(jargon).to_contain_text("epidermis")

    # Keyboard only: open "Ignore…", write the reason, press the button.
    jargon.locator("summary").focus()
    page.keyboard.press("Enter")
    reason = jargon.get_by_label(
        "Why may this finding be ignored? (required; the reviewer reads it)"
    )
    expect(reason).to_be_visible()
    reason.focus()
    page.keyboard.type(REASON)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # on "Ignore this finding"

    expect(page.get_by_role("status")).to_have_text(
        "Finding ignored: the reviewer sees it with your reason."
    )
    panel = page.locator("#readability-layperson")
    expect(panel.locator("li.finding-jargon")).to_have_count(0)
    ignored = panel.locator("details.ignored-findings")
    expect(ignored.locator("summary")).to_have_text("1 ignored finding")
    expect(text).to_have_value(TEXT)  # the unsaved text is still there
    if script:  # axe-core is a script itself
        assert_accessible(page)

    ignored.locator("summary").click()
    expect(ignored).to_contain_text(REASON)
    if script:  # axe-core is a script itself
        assert_accessible(page)
    ignored.get_by_role("button", name="Show again").click()
    expect(page.get_by_role("status")).to_have_text("The finding is shown again.")
    expect(panel.locator("li.finding-jargon")).to_contain_text("epidermis")


def test_ignore_without_a_reason_says_what_to_write(
    new_context: Callable[..., BrowserContext],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page = new_context(bypass_csp=True).new_page()
    log_in(page, staff_account("writer", prefix="finding-rules"))
    create_article(page, "ignore-no-reason")
    page.get_by_label("Text for patients and caregivers").fill(TEXT)
    page.get_by_role("button", name="Check readability").click()
    jargon = page.locator("#readability-layperson li.finding-jargon")
    jargon.locator("summary").click()
    jargon.get_by_role("button", name="Ignore this finding").click()
    message = "Say why this finding may be ignored: the reviewer reads your reason."
    expect(page.get_by_role("alert")).to_contain_text(message)
    reason = page.locator("#readability-layperson li.finding-jargon textarea")
    expect(reason).to_be_visible()  # its "Ignore…" is open again, the message beside it
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_enter_in_a_title_still_saves_the_section(
    new_context: Callable[..., BrowserContext],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, staff_account("writer", prefix="finding-rules"))
    create_article(page, "enter-saves")
    page.get_by_label("Text for patients and caregivers").fill(TEXT)
    page.get_by_label("Section title for patients and caregivers").press("Enter")
    expect(page.get_by_role("status")).to_have_text("Saved as revision 2.")


def test_the_writer_accepts_a_term_and_the_reviewer_reads_the_ignores(
    new_context: Callable[..., BrowserContext],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page = new_context(bypass_csp=True).new_page()
    log_in(page, staff_account("writer", prefix="finding-rules"))
    editor = create_article(page, "accept-and-review")
    text = page.get_by_label("Text for patients and caregivers")
    text.fill(TEXT)
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status")).to_have_text("Saved as revision 2.")
    expect(page.locator("#readability-layperson li.finding-hard_word")).to_contain_text("Milia")

    page.goto("/staff/articles/en/accept-and-review/details")
    terms = page.get_by_label("Accepted terms, one per line")
    terms.fill("milia\n")
    assert_accessible(page)
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("status")).to_have_text("Saved as revision 3.")
    expect(terms).to_have_value("milia")

    page.goto(editor)
    panel = page.locator("#readability-layperson")
    expect(panel.locator("li.finding-hard_word")).to_have_count(0)
    jargon = panel.locator("li.finding-jargon")
    jargon.locator("summary").click()
    jargon.get_by_label("Why may this finding be ignored? (required; the reviewer reads it)").fill(
        REASON
    )
    jargon.get_by_role("button", name="Ignore this finding").click()
    expect(page.get_by_role("status")).to_contain_text("Finding ignored")

    reviewer = new_context(bypass_csp=True).new_page()
    log_in(reviewer, staff_account("reviewer", prefix="finding-rules"))
    reviewer.goto("/staff/articles/en/accept-and-review")
    table = reviewer.get_by_role("table", name="Each ignored finding, who ignored it and why")
    expect(table).to_contain_text("epidermis")
    expect(table).to_contain_text(REASON)
    expect(table).to_contain_text("finding-rules-writer-")
    assert_accessible(reviewer)
