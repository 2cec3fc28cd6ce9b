"""Findings marked in the text being edited, and "Use the plain alternative", in Chromium."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

pytestmark = pytest.mark.browser

EDITOR = "/staff/articles/en/second/sections/overview"
LAYPERSON = "Text for patients and caregivers"
TEXT = "Milia are made of keratin. They go away on their own."
PLAIN = "Milia are made of a tough protein in skin, hair and nails. They go away on their own."
USE_PLAIN = "Use “a tough protein in skin, hair and nails”"


@pytest.fixture
def writer_email(staff_account: Callable[..., str]) -> str:
    """A new writer account on the live app."""
    return staff_account("writer")


@pytest.fixture
def editor(
    new_context: Callable[..., BrowserContext],
    writer_email: str,
    log_in: Callable[[Page, str], None],
) -> Page:
    """A writer's section editor, JavaScript on, able to run axe-core."""
    page = new_context(bypass_csp=True).new_page()
    log_in(page, writer_email)
    page.goto(EDITOR)
    return page


def jargon_marks(page: Page) -> Locator:
    """The jargon marks behind the layperson textarea."""
    field = page.locator(".marked-field").filter(has=page.get_by_label(LAYPERSON))
    return field.locator(".marks-backdrop mark.finding-jargon")


def type_text(area: Locator, text: str) -> None:
    """Clear ``area`` and type ``text`` key by key, as a writer does."""
    area.fill("")
    area.press_sequentially(text, delay=1)


def caret_at(page: Page, x: float, y: float) -> int:
    """Where the textarea's caret lands when the writer clicks at ``x``, ``y``."""
    page.mouse.click(x, y)
    caret: int = page.get_by_label(LAYPERSON).evaluate("area => area.selectionStart")
    return caret


def next_frame(page: Page) -> None:
    """Wait until the browser has drawn the page again (resize observers have run)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")


def assert_marks_word(page: Page, mark: Locator, word: str) -> None:
    """``mark`` holds ``word`` and sits over that word in the textarea."""
    expect(mark).to_have_text(word)
    value: str = page.get_by_label(LAYPERSON).input_value()
    start = value.index(word)
    # The backdrop holds the textarea's text: the mark starts where the word does.
    before: int = mark.evaluate(
        """mark => {
          const range = document.createRange();
          range.setStart(mark.parentNode, 0);
          range.setEndBefore(mark);
          return range.toString().length;
        }"""
    )
    assert before == start
    # And on screen: a click just inside either edge of the mark puts the caret at that
    # end of the word in the textarea (the backdrop lets clicks through).
    mark.evaluate("mark => window.scrollBy(0, mark.getBoundingClientRect().top - innerHeight / 2)")
    box = mark.bounding_box()
    assert box is not None, "the mark is not shown"
    middle = box["y"] + box["height"] / 2
    assert caret_at(page, box["x"] + 2, middle) == start
    assert caret_at(page, box["x"] + box["width"] - 2, middle) == start + len(word)


def test_jargon_typed_is_marked_over_the_word_in_the_textarea_and_follows_edits(
    editor: Page,
) -> None:
    page = editor
    area = page.get_by_label(LAYPERSON)
    backdrop = page.locator(".marks-backdrop").first
    expect(backdrop).to_have_attribute("aria-hidden", "true")
    type_text(area, TEXT)
    mark = jargon_marks(page)
    expect(mark).to_have_count(1)
    assert_marks_word(page, mark, "keratin")

    # A word typed before it: the mark moves with it at once, and stays over it.
    area.press("Control+Home")
    area.press_sequentially("Small ", delay=1)
    assert_marks_word(page, mark, "keratin")

    # On a wrapped line far down a scrolled textarea, the mark is still over the word.
    filler = " ".join(["They are small and white and do not hurt at all."] * 30)
    area.fill(f"{filler}\n\n{filler}")
    area.press("Control+End")
    area.press_sequentially(" They are made of keratin.", delay=1)
    expect(mark).to_have_count(1)
    area.evaluate("area => { area.scrollTop = area.scrollHeight; }")
    assert area.evaluate("area => area.scrollTop") > 0
    assert_marks_word(page, mark, "keratin")

    # The word edited away: its mark goes.
    type_text(area, "Milia go away on their own.")
    expect(mark).to_have_count(0)


def test_on_a_phone_the_mark_stays_over_the_word_when_the_screen_turns(editor: Page) -> None:
    page = editor
    page.set_viewport_size({"width": 360, "height": 740})
    area = page.get_by_label(LAYPERSON)
    type_text(area, f"They are small and white and do not hurt. {TEXT}")
    mark = jargon_marks(page)
    assert_marks_word(page, mark, "keratin")
    page.set_viewport_size({"width": 740, "height": 360})
    assert_marks_word(page, mark, "keratin")
    # The writer drags the textarea's corner: narrower, so the lines wrap elsewhere.
    area.evaluate("area => { area.style.width = '60%'; }")
    next_frame(page)
    assert_marks_word(page, mark, "keratin")


def test_use_the_plain_alternative_replaces_the_word_and_undo_brings_it_back(
    editor: Page,
) -> None:
    page = editor
    area = page.get_by_label(LAYPERSON)
    type_text(area, TEXT)
    page.get_by_role("button", name=USE_PLAIN).click()
    expect(area).to_have_value(PLAIN)
    expect(area).to_be_focused()
    expect(page.locator("#readability-layperson-status")).to_contain_text("Grade")
    expect(jargon_marks(page)).to_have_count(0)
    expect(page.get_by_role("button", name=USE_PLAIN)).to_have_count(0)
    assert page.url.endswith(EDITOR)  # nothing sent, nothing saved

    area.press("Control+z")
    expect(area).to_have_value(TEXT)
    expect(jargon_marks(page)).to_have_count(1)


def test_a_keyboard_alone_reaches_and_uses_the_plain_alternative(editor: Page) -> None:
    page = editor
    area = page.get_by_label(LAYPERSON)
    area.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type(TEXT)
    button = page.get_by_role("button", name=USE_PLAIN)
    expect(button).to_be_visible()
    # From the text, Tab passes the references to cite and the findings' other controls.
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(area).to_have_value(PLAIN)
    expect(area).to_be_focused()


def test_the_marked_editor_has_no_accessibility_violations(
    editor: Page, assert_accessible: Callable[[Page], None]
) -> None:
    page = editor
    type_text(page.get_by_label(LAYPERSON), TEXT)
    expect(page.get_by_role("button", name=USE_PLAIN)).to_be_visible()
    expect(jargon_marks(page)).to_have_count(1)
    assert_accessible(page)


def test_a_word_changed_after_the_check_is_left_alone(editor: Page) -> None:
    page = editor
    area = page.get_by_label(LAYPERSON)
    type_text(area, TEXT)
    button = page.get_by_role("button", name=USE_PLAIN)
    expect(button).to_be_visible()
    # The writer changes the word, and clicks before the findings have caught up.
    area.evaluate("area => { area.value = area.value.replace('keratin', 'keratins'); }")
    # Everything the live region says, kept: the next check soon says something else.
    page.locator("#readability-layperson-status").evaluate(
        """status => {
          window.said = [];
          new MutationObserver(() => window.said.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    button.click()
    expect(area).to_have_value(TEXT.replace("keratin", "keratins"))
    said = page.evaluate("window.said")
    assert "“keratin” is no longer there; the findings will update in a moment." in said
    # The check it asks for offers the plain words for the word now there.
    expect(page.get_by_role("button", name=USE_PLAIN)).to_have_attribute("data-term", "keratins")


def test_a_replacement_is_saved_like_typing_and_a_stale_save_keeps_both_texts(
    editor: Page,
) -> None:
    page = editor
    other = page.context.new_page()
    other.goto(EDITOR)
    other.get_by_label(LAYPERSON).fill("Their text for the overview.")
    other.get_by_role("button", name="Save section").click()
    expect(other.get_by_role("status")).to_contain_text("Saved as revision")

    type_text(page.get_by_label(LAYPERSON), TEXT)
    page.get_by_role("button", name=USE_PLAIN).click()
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("heading", name="Someone saved a newer revision")).to_be_visible()
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("Their text for the overview.")
    expect(conflict).to_contain_text(PLAIN)
    expect(page.get_by_label(LAYPERSON)).to_have_value(PLAIN)


def test_without_javascript_the_findings_give_the_plain_words_to_copy(
    new_context: Callable[..., BrowserContext],
    writer_email: str,
    log_in: Callable[[Page, str], None],
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, writer_email)
    page.goto(EDITOR)
    area = page.get_by_label(LAYPERSON)
    area.fill(TEXT)
    page.get_by_role("button", name="Check readability").click()
    expect(area).to_have_value(TEXT)
    panel = page.locator("#readability-layperson")
    expect(panel.locator(".finding-jargon .finding-message")).to_contain_text(
        "write 'a tough protein in skin, hair and nails'"
    )
    expect(page.get_by_role("button", name=USE_PLAIN)).to_have_count(0)
    expect(page.locator(".marks-backdrop")).to_have_count(0)
    expect(panel.locator("mark.finding-jargon")).to_have_text("keratin")


def test_near_the_length_limit_the_plain_words_go_in_whole(editor: Page) -> None:
    page = editor
    area = page.get_by_label(LAYPERSON)
    type_text(area, TEXT)
    # A text close to the limit: typing the longer words would stop at maxlength.
    area.evaluate("area => { area.maxLength = area.value.length + 3; }")
    page.get_by_role("button", name=USE_PLAIN).click()
    expect(area).to_have_value(PLAIN)
