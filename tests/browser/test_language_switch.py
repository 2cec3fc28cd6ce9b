"""A reader switches an article from English to Spanish and keeps the persona they chose."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from service.i18n import babel

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
TRANSLATIONS = PROJECT / "service" / "translations"
SPANISH_MILIA = PROJECT / "variants" / "es" / "milia"
ENGLISH = "/en/articles/milia"
SPANISH = "/es/articles/milia"
ENGLISH_CLINICIAN_TITLE = "Milia: causes and pathogenesis"
SPANISH_TITLES = yaml.safe_load((SPANISH_MILIA / "article.yaml").read_text(encoding="utf-8"))[
    "title"
]
MAX_TABS = 40


@pytest.fixture(scope="session")
def spanish_live_app(live_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """``live_app`` with the Spanish milia loaded and the catalogs compiled from the .po files.

    Compiled catalogs are build output (``make install``), so a fresh clone has none:
    compile them into a temporary folder, point the running app's Babel at it, and drop
    whatever translations the process-wide Babel domain had cached before.
    """
    compiled = tmp_path_factory.mktemp("translations")
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        locale = po_path.parent.parent.name
        target = compiled / locale / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True)
        with po_path.open("rb") as po, target.open("wb") as mo:
            write_mo(mo, read_po(po, locale=locale))
    live_app.extensions["babel"].translation_directories = [str(compiled)]
    with live_app.app_context():
        babel.domain_instance.cache.clear()

    # The shipped Spanish bundle carries the board's review (reviewed on its last change).
    result = live_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(SPANISH_MILIA)]
    )
    assert result.exit_code == 0, result.output
    return live_app


@pytest.fixture
def reader(spanish_live_app: Flask, new_context: Callable[..., BrowserContext]) -> Page:
    """A reader with JavaScript on and an English browser, on a server with the Spanish milia."""
    return new_context(locale="en-US").new_page()


def expect_spanish_clinician_milia(page: Page) -> None:
    """The Spanish milia, clinician variant, with the chooser still showing the choice."""
    expect(page).to_have_url(re.compile(re.escape(SPANISH) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(SPANISH_TITLES["clinician"])
    expect(page.locator("article")).to_have_attribute("data-audience", "clinician")
    expect(page.get_by_text("Se muestra la versión para: Profesional de la salud")).to_be_visible()
    expect(page.get_by_label("Profesional de la salud")).to_be_checked()
    expect(page.get_by_text("Escrito para:")).to_be_visible()
    expect(page.locator(".current-language")).to_have_text("Español")


def expect_root_goes_to_spanish(page: Page, audience: str = "clinician") -> None:
    """``/`` now follows the switcher's cookie, though the browser asks for English."""
    page.goto("/")
    expect(page).to_have_url(re.compile("/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name=SPANISH_TITLES[audience])).to_be_visible()


def tab_to(page: Page, selector: str) -> None:
    """Press Tab from the top of the page until an element matching ``selector`` has focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_switching_to_spanish_by_keyboard_keeps_the_persona(reader: Page) -> None:
    reader.goto(ENGLISH)
    expect(reader.get_by_role("heading", level=1)).not_to_have_text(ENGLISH_CLINICIAN_TITLE)

    # Choose "Healthcare professional" with the keyboard: Tab to the folded chooser, Enter
    # to open it, Tab into the group, then arrows.
    tab_to(reader, ".chooser summary")
    reader.keyboard.press("Enter")
    tab_to(reader, "input[name=persona]")
    for _ in range(4):
        if reader.evaluate("document.activeElement.value") == "clinician":
            break
        reader.keyboard.press("ArrowDown")
    expect(reader.get_by_label("Healthcare professional")).to_be_checked()
    reader.keyboard.press("Tab")
    expect(reader.get_by_role("button", name="Show this article for me")).to_be_focused()
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text(ENGLISH_CLINICIAN_TITLE)

    # The switcher offers the languages the article exists in; Tab to Español, Enter.
    switcher = reader.locator("form.language-switcher")
    expect(switcher.get_by_role("button", name="Español")).to_be_visible()
    expect(switcher.locator(".current-language")).to_have_text("English")
    tab_to(reader, "form.language-switcher button[value=es]")
    reader.keyboard.press("Enter")

    expect_spanish_clinician_milia(reader)
    reader.reload()
    expect_spanish_clinician_milia(reader)
    expect_root_goes_to_spanish(reader)


def test_switching_to_spanish_without_javascript(
    spanish_live_app: Flask, new_context: Callable[..., BrowserContext]
) -> None:
    page = new_context(java_script_enabled=False, locale="en-US").new_page()
    page.goto(ENGLISH)
    page.locator(".chooser summary").click()
    page.get_by_label("Healthcare professional").check()
    page.get_by_role("button", name="Show this article for me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ENGLISH_CLINICIAN_TITLE)

    page.locator("form.language-switcher").get_by_role("button", name="Español").click()

    expect_spanish_clinician_milia(page)
    expect_root_goes_to_spanish(page)


def test_root_follows_the_browser_until_the_reader_switches(
    spanish_live_app: Flask, new_context: Callable[..., BrowserContext]
) -> None:
    """Before any switch, ``/`` follows Accept-Language: English for an English browser."""
    page = new_context(locale="en-US").new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile("/en/$"))
    page.goto(ENGLISH)
    page.locator("form.language-switcher").get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile(re.escape(SPANISH) + "$"))
    # No persona chosen: the layperson variant, in Spanish.
    expect(page.get_by_role("heading", level=1)).to_have_text(SPANISH_TITLES["layperson"])
    expect_root_goes_to_spanish(page, "layperson")
