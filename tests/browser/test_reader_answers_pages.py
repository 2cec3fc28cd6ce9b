"""Reader questions get answers, in Chromium: the inbox's answer form and "Readers asked".

A writer answers by keyboard with JavaScript off; the answer goes out with the next
reviewed revision; both pages have no axe-core violations.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

from service.storage import inbox
from service.storage.db import db
from service.writing.audience import Audience

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
RAW = "My cousin Bo Example asked me: where can I read more about this?"
QUESTION = "Where can I read more about this?"
ANSWER = "Our writers keep this page up to date. Come back after the next review."
_numbers = itertools.count(1)


def submitted_with_a_question(app: Flask, tmp_path: Path, slug: str) -> int:
    """A submitted copy of the sample article under ``slug``, with one reader question."""
    bundle = tmp_path / "en" / slug
    shutil.copytree(SAMPLE, bundle)
    yaml_file = bundle / "article.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("status: approved", "status: submitted"))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["variants", "load", "--trust-status", str(bundle)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        found = inbox.add_question(db.new_session(), "en", slug, Audience.LAYPERSON, RAW)
        assert found is not None
        return found.id


def test_a_writer_answers_by_keyboard_without_javascript_and_readers_get_it(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"answered-{next(_numbers)}"
    question_id = submitted_with_a_question(live_app, tmp_path, slug)
    writer = new_context(java_script_enabled=False).new_page()
    log_in(writer, staff_account("writer"))
    writer.goto(f"/staff/questions/?article=en/{slug}")
    link = writer.get_by_role("link", name=f"Answer question {question_id}")
    link.focus()
    writer.keyboard.press("Enter")
    expect(writer.get_by_role("heading", level=1)).to_have_text("Answer a reader's question")
    expect(writer.locator("blockquote")).to_have_text(RAW)

    # Sent empty first: the server says what is missing, by the field, and keeps nothing.
    writer.get_by_role("button", name="Save answer").focus()
    writer.keyboard.press("Enter")
    expect(writer.get_by_role("alert")).to_contain_text(
        "Write the question as readers will see it."
    )
    expect(writer.get_by_label("The question as readers will see it")).to_have_attribute(
        "aria-invalid", "true"
    )

    writer.get_by_label("The question as readers will see it").fill(QUESTION)
    writer.get_by_label("Answer for patients and caregivers").fill(ANSWER)
    writer.get_by_label("Add this answer to the article in a new draft revision").focus()
    writer.keyboard.press("Space")
    writer.get_by_role("button", name="Save answer").focus()
    writer.keyboard.press("Enter")
    expect(writer.get_by_role("status")).to_contain_text("added to a new draft revision")

    reader = new_context(java_script_enabled=False).new_page()
    reader.goto(f"/en/articles/{slug}/layperson")
    expect(reader.get_by_role("heading", name="Readers asked")).to_have_count(0)

    writer.goto(f"/staff/articles/en/{slug}")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_text("Submit for review: done.")).to_be_visible()

    reader.reload()
    section = reader.locator("section.readers-asked")
    expect(section.get_by_role("heading", level=2)).to_have_text("Readers asked")
    expect(section.get_by_role("heading", level=3)).to_have_text(QUESTION)
    expect(section).to_contain_text(ANSWER)
    expect(reader.locator("body")).not_to_contain_text("Bo Example")
    reader.goto(f"/en/articles/{slug}/clinician")
    expect(reader.locator("section.readers-asked .fallback-note")).to_be_visible()


def test_the_answer_form_and_readers_asked_have_no_violations(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"accessible-{next(_numbers)}"
    question_id = submitted_with_a_question(live_app, tmp_path, slug)
    writer = new_context(bypass_csp=True).new_page()
    log_in(writer, staff_account("writer"))
    writer.goto(f"/staff/questions/?article=en/{slug}")
    assert_accessible(writer)
    writer.goto(f"/staff/questions/{question_id}/answer")
    assert_accessible(writer)
    writer.get_by_role("button", name="Save answer").click()  # the page with its errors
    expect(writer.get_by_role("alert")).to_be_visible()
    assert_accessible(writer)
    writer.get_by_label("The question as readers will see it").fill(QUESTION)
    writer.get_by_label("Answer for patients and caregivers").fill(ANSWER)
    writer.get_by_label("Add this answer to the article in a new draft revision").check()
    writer.get_by_role("button", name="Save answer").click()
    expect(writer.get_by_role("status")).to_contain_text("added to a new draft revision")
    assert_accessible(writer)
    writer.goto(f"/staff/articles/en/{slug}")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_text("Submit for review: done.")).to_be_visible()
    assert_accessible(writer)  # the review page shows "Readers asked" too

    for audience in Audience:
        reader = new_context(bypass_csp=True).new_page()
        reader.goto(f"/en/articles/{slug}/{audience.value}")
        expect(reader.get_by_role("heading", name=QUESTION)).to_be_visible()
        assert_accessible(reader)
