"""A reader on a phone: the title and the text on the first screen, the other version one
tap away, the chooser one line until opened, and the thanks in view after a question."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAYPERSON_TITLE = "What causes milia?"
CLINICIAN_TITLE = "Milia: causes and pathogenesis"


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    """A 390-pixel phone that may also run axe-core (the CSP stays on for the page)."""
    return new_context(bypass_csp=True, **PHONE).new_page()


@pytest.mark.parametrize(
    "path", ["/en/articles/milia", "/en/articles/milia/layperson", "/en/articles/milia/clinician"]
)
def test_the_first_screen_shows_the_title_and_the_start_of_the_text(phone: Page, path: str) -> None:
    phone.goto(path)
    height = PHONE["viewport"]["height"]  # type: ignore[index]
    title = phone.get_by_role("heading", level=1).bounding_box()
    first_text = phone.locator(".article-section p").first.bounding_box()
    assert title is not None and first_text is not None
    assert title["y"] + title["height"] <= height
    assert first_text["y"] + 24 <= height, f"the text starts at {first_text['y']:.0f}px on {path}"


def test_one_tap_switches_to_the_other_version_and_back(phone: Page) -> None:
    phone.goto("/en/articles/milia/layperson")
    phone.get_by_role("link", name="Professional version").tap()
    expect(phone).to_have_url(re.compile(r"/en/articles/milia/clinician$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(CLINICIAN_TITLE)
    phone.get_by_role("link", name="Patient version").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(LAYPERSON_TITLE)


def test_the_version_switch_by_keyboard(phone: Page) -> None:
    phone.goto("/en/articles/milia/layperson")
    for _ in range(30):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent") == "Professional version":
            break
    else:
        pytest.fail("Tab never reached the version switch")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text(CLINICIAN_TITLE)


def test_the_opened_chooser_and_the_contents_are_accessible(
    phone: Page, assert_accessible: Callable[[Page], None]
) -> None:
    phone.goto("/en/articles/milia")
    expect(phone.get_by_role("navigation", name="On this page")).to_be_visible()
    phone.locator(".chooser summary").tap()
    expect(phone.get_by_role("group", name="Which best describes you?")).to_be_visible()
    assert_accessible(phone)


def test_a_reference_links_back_to_where_it_is_cited(phone: Page) -> None:
    phone.goto("/en/articles/milia/clinician")
    back = phone.locator(".references .ref-back").first
    target = back.get_attribute("href")
    assert target is not None and target.startswith("#cite-")
    back.tap()
    expect(phone.locator(target)).to_be_in_viewport()


def test_after_sending_a_question_the_thanks_is_on_screen(phone: Page) -> None:
    phone.goto("/en/articles/milia/layperson")
    phone.get_by_label("Your question").fill("Can milia come back after treatment?")
    phone.get_by_role("button", name="Send question").tap()
    thanks = phone.get_by_text("Thank you. Your question was sent to our writers.")
    expect(thanks).to_be_in_viewport()
