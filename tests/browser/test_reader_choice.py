"""A reader says who they are, and every article then speaks to them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

MILIA = "/en/articles/milia"
SECOND = "/en/articles/second"
CLINICIAN_TITLE = "Milia: causes and pathogenesis"
LAYPERSON_TITLE = "What causes milia?"
CLINICIAN_WORDING = "epidermal inclusion cysts"
LAYPERSON_WORDING = "tiny white bumps"
SECOND_CLINICIAN_TITLE = "Post-procedure care after chemical peels"
PERSONA_COUNT = 4  # the default personas: arrow keys reach any of them in fewer presses


def expect_clinician_milia(page: Page) -> None:
    """The milia article in its clinician variant, and none of the layperson one."""
    expect(page.get_by_role("heading", level=1)).to_have_text(CLINICIAN_TITLE)
    expect(page.get_by_text(CLINICIAN_WORDING)).to_be_visible()
    expect(page.get_by_text(LAYPERSON_WORDING)).to_have_count(0)
    # The folded chooser names the choice in one line; the form inside keeps it checked.
    expect(page.get_by_text("Showing the version for: Healthcare professional")).to_be_visible()
    expect(page.get_by_label("Healthcare professional")).to_be_checked()


def open_chooser(page: Page) -> None:
    """Unfold "Which best describes you?" with the keyboard: focus its summary, press Enter."""
    page.locator(".chooser summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Which best describes you?")).to_be_visible()


def choose_clinician_by_keyboard(page: Page) -> None:
    """Focus the choice by its label, select it with Space, Tab to the button, press Enter."""
    open_chooser(page)
    page.get_by_label("Healthcare professional").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show this article for me")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def assert_choice_sticks(page: Page) -> None:
    """After choosing: the article, a reload of it, and another article are for clinicians."""
    expect_clinician_milia(page)
    page.reload()
    expect_clinician_milia(page)
    page.goto(SECOND)
    expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_CLINICIAN_TITLE)
    expect(page.locator("article")).to_have_attribute("data-audience", "clinician")
    # Its aftercare section exists only for laypeople: shown with a note, never dropped.
    expect(page.get_by_text("version for patients and caregivers is shown")).to_be_visible()


def test_new_reader_sees_layperson_variant_with_chooser(page: Page) -> None:
    page.goto(MILIA)
    expect(page.get_by_role("heading", level=1)).to_have_text(LAYPERSON_TITLE)
    expect(page.get_by_text(LAYPERSON_WORDING)).to_be_visible()
    # Folded to one line, so the text starts on a phone's first screen; one Enter opens it.
    expect(page.locator(".chooser summary")).to_contain_text("Which best describes you?")
    expect(page.get_by_role("group", name="Which best describes you?")).to_be_hidden()
    open_chooser(page)


def test_reader_picks_healthcare_professional(page: Page) -> None:
    page.goto(MILIA)
    choose_clinician_by_keyboard(page)
    assert page.url.endswith(MILIA)
    assert_choice_sticks(page)


def test_choice_fully_by_keyboard(page: Page) -> None:
    """No mouse and no direct focus: Tab into the radio group, arrows to choose, Enter."""
    page.goto(MILIA)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            page.keyboard.press("Enter")  # unfold the chooser
        if page.evaluate("document.activeElement.name") == "persona":
            break
    else:
        pytest.fail("Tab never reached the persona radio buttons")
    for _ in range(PERSONA_COUNT):
        if page.evaluate("document.activeElement.value") == "clinician":
            break
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Healthcare professional")).to_be_focused()
    expect(page.get_by_label("Healthcare professional")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show this article for me")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert_choice_sticks(page)


def test_choice_without_javascript(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(MILIA)
    expect(page.get_by_role("heading", level=1)).to_have_text(LAYPERSON_TITLE)
    page.get_by_text("Which best describes you?").first.click()  # <details>: no script needed
    page.get_by_label("Healthcare professional").check()
    page.get_by_role("button", name="Show this article for me").click()
    page.wait_for_load_state()
    assert page.url.endswith(MILIA)
    assert_choice_sticks(page)


def test_choice_from_index_applies_to_articles(page: Page) -> None:
    page.goto("/en/")
    choose = page.get_by_role("button", name="Save my choice")
    page.get_by_label("Healthcare professional").check()
    choose.click()
    page.wait_for_load_state()
    # The index is the same page for everyone; its article link follows the persona.
    # (Other browser tests add articles to the shared library: pick milia's own link.)
    milia = page.get_by_role("link", name=LAYPERSON_TITLE).and_(page.locator(f'[href="{MILIA}"]'))
    milia.click()
    expect_clinician_milia(page)


@pytest.mark.parametrize("path", [MILIA + "/layperson", MILIA + "/clinician", SECOND, "/en/"])
def test_no_horizontal_scrolling_on_a_phone(
    new_context: Callable[..., BrowserContext], path: str
) -> None:
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    page.goto(path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways on a 360px phone: {width}px wide"


def test_the_printed_article_keeps_the_text_and_drops_the_controls(page: Page) -> None:
    page.goto(MILIA + "/clinician")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="References")).to_be_visible()
    expect(page.get_by_role("heading", name="Professional Medical Disclaimer")).to_be_visible()
    expect(page.locator(".chooser")).to_be_hidden()
    expect(page.get_by_role("button", name="Send question")).to_be_hidden()
    expect(page.locator("form.language-switcher")).to_be_hidden()
    expect(page.get_by_role("link", name="Patient version")).to_be_hidden()
    # The tracker stays, its current step marked by more than colour.
    current = page.locator('.tracker li[aria-current="step"]')
    expect(current).to_be_visible()
    expect(current).to_have_css("text-decoration-line", "underline")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
