"""The new-article page at 1280 px and the ``[@`` completion in the editor, in Chromium."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
WIDE = {"width": 1280, "height": 900}
# The live panel's check, whatever the query naming the section it is for.
READABILITY_CHECK = re.compile(r"/readability\.json(\?.*)?$")
_numbers = itertools.count(1)


def test_the_new_article_texts_are_wide_with_readability_beside_them(
    new_context: Callable[..., BrowserContext],
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    page = new_context(bypass_csp=True, viewport=WIDE).new_page()
    log_in(page, staff_account("writer"))
    page.goto("/staff/articles/new")
    width = page.evaluate("document.documentElement.clientWidth")
    for label in ("Text for patients and caregivers", "Text for clinicians"):
        box = page.get_by_label(label).bounding_box()
        assert box is not None
        assert box["width"] >= 0.45 * width, f"{label} is {box['width']} px of {width}"
    layperson = page.get_by_label("Text for patients and caregivers").bounding_box()
    clinician = page.get_by_label("Text for clinicians").bounding_box()
    assert layperson and clinician and layperson["x"] < clinician["x"]  # side by side
    expect(page.get_by_role("heading", name="Readability: Patients and caregivers")).to_be_visible()
    assert_accessible(page)

    # The live panel works here as in the section editor.
    page.get_by_label("Text for patients and caregivers").fill(
        "Dry skin feels rough. It can itch. A cream helps."
    )
    expect(page.locator("#readability-layperson-status")).to_contain_text("Pass")
    assert_accessible(page)


def test_typing_an_opening_citation_offers_the_articles_keys_by_keyboard(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"cited-{next(_numbers)}"
    bundle = tmp_path / "en" / slug
    shutil.copytree(SAMPLE, bundle)
    yaml_file = bundle / "article.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("status: approved", "status: draft"))
    result = live_app.test_cli_runner().invoke(args=["variants", "load", str(bundle)])
    assert result.exit_code == 0, result.output

    page = new_context(bypass_csp=True, viewport=WIDE).new_page()
    log_in(page, staff_account("writer"))
    page.goto(f"/staff/articles/en/{slug}/sections/overview")
    text = page.get_by_label("Text for patients and caregivers")
    text.focus()
    page.keyboard.press("Control+End")
    # The readability panel updates after the pause in typing: let it settle before axe.
    with page.expect_response(READABILITY_CHECK):
        page.keyboard.type(" They are common [@")
    expect(page.locator("#readability-layperson")).not_to_have_attribute("aria-busy", "true")
    listbox = page.get_by_role("listbox", name="References to cite")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name="[@berk2008]")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(text).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    assert_accessible(page)

    # Escape closes the list and leaves the text as typed.
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    # Typing more of the key opens it again; Down and Up move; Enter inserts.
    page.keyboard.type("be")
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    value = text.input_value()
    assert value.endswith("They are common [@berk2008]"), value
    assert "\n" not in value.split("common")[1]  # Enter chose, it did not break the line
    # Without the script the same keys are listed beside the text, to copy.
    picker = page.locator(".reference-picker").first
    picker.get_by_text("References you can cite (1)").click()
    expect(picker.locator("code")).to_have_text("[@berk2008]")
