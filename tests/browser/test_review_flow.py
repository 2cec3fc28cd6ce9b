"""The Medical Advisory Board's part, in Chromium: submit, review, approve, publish."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parent.parent / "bundles" / "en" / "sample"
_numbers = itertools.count(1)


def draft(app: Flask, tmp_path: Path, slug: str) -> None:
    """Load a draft copy of the sample article under ``slug``, as a writer's bundle would."""
    bundle = tmp_path / "en" / slug
    shutil.copytree(SAMPLE, bundle)
    yaml_file = bundle / "article.yaml"
    yaml_file.write_text(
        yaml_file.read_text()
        .replace("status: approved", "status: draft")
        .replace("reviewed: 2025-06-27\n", "")
        .replace("reviewed_by: Medical Advisory Board\n", "")
    )
    result = app.test_cli_runner().invoke(args=["variants", "load", str(bundle)])
    assert result.exit_code == 0, result.output


def test_submitted_then_approved_article_reaches_readers_without_the_banner(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"reviewed-{next(_numbers)}"
    draft(live_app, tmp_path, slug)
    reader = new_context().new_page()
    response = reader.goto(f"/en/articles/{slug}")
    assert response is not None and response.status == 404  # drafts are never public

    writer = new_context(bypass_csp=True).new_page()
    log_in(writer, staff_account("writer", prefix="review-flow"))
    writer.goto(f"/staff/articles/en/{slug}")
    assert_accessible(writer)
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_text("Submit for review: done.")).to_be_visible()

    reader.goto(f"/en/articles/{slug}")
    expect(reader.get_by_text("pending human review")).to_be_visible()
    expect(reader.locator('.tracker [aria-current="step"]')).to_contain_text("Submitted")

    reviewer = new_context(bypass_csp=True).new_page()
    log_in(reviewer, staff_account("reviewer", prefix="review-flow"))
    reviewer.goto(f"/staff/articles/en/{slug}")
    expect(reviewer.get_by_role("button", name="Approve")).to_have_count(0)
    reviewer.get_by_role("button", name="Start review").click()
    reviewer.get_by_label("Comment (optional)").fill("Sources checked.")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_text("Approve: done.")).to_be_visible()
    log = reviewer.locator("table", has_text="Sources checked.")
    expect(log).to_contain_text("Under Review")
    # The load that brought the draft in, the submission, the review started, the approval.
    expect(log.locator("tbody tr")).to_have_count(4)
    expect(log.locator("tbody tr").first).to_contain_text("Loaded from")
    assert_accessible(reviewer)

    reader.reload()
    expect(reader.get_by_text("pending human review")).to_have_count(0)
    expect(reader.locator('.tracker [aria-current="step"]')).to_contain_text("Approved")
    expect(reader.get_by_text("Last reviewed:")).to_be_visible()


def test_a_reviewer_requests_changes_with_a_comment(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"changes-{next(_numbers)}"
    draft(live_app, tmp_path, slug)
    writer = new_context().new_page()
    log_in(writer, staff_account("writer", prefix="review-flow"))
    writer.goto(f"/staff/articles/en/{slug}")
    writer.get_by_role("button", name="Submit for review").click()

    reviewer = new_context().new_page()
    log_in(reviewer, staff_account("reviewer", prefix="review-flow"))
    reviewer.goto(f"/staff/articles/en/{slug}")
    # An empty required comment is stopped by the browser or, without it, by the server.
    reviewer.get_by_label("What needs to change (required)").fill("Define keratin.")
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.get_by_text("Request changes: done.")).to_be_visible()
    expect(reviewer.locator("dl.facts")).to_contain_text("Draft")
    expect(reviewer.locator("table")).to_contain_text("Define keratin.")


def test_the_review_queue_leads_to_the_text_by_keyboard(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"queued-{next(_numbers)}"
    draft(live_app, tmp_path, slug)
    writer = new_context(bypass_csp=True).new_page()
    log_in(writer, staff_account("writer", prefix="review-flow"))
    writer.get_by_role("link", name="My drafts").first.click()  # staff bar or staff home
    expect(writer.get_by_role("heading", level=1)).to_have_text("My drafts")
    assert_accessible(writer)
    writer.goto(f"/staff/articles/en/{slug}")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_text("Submit for review: done.")).to_be_visible()

    reviewer = new_context(bypass_csp=True).new_page()
    log_in(reviewer, staff_account("reviewer", prefix="review-flow"))
    reviewer.get_by_role("link", name="Review queue").first.click()
    row = reviewer.locator("tbody tr", has_text=f"en/{slug}")
    expect(row).to_contain_text("review-flow-writer")
    assert_accessible(reviewer)
    link = row.get_by_role("link")
    link.focus()
    reviewer.keyboard.press("Enter")
    expect(reviewer.get_by_role("heading", name="The text, as readers will see it")).to_be_visible()
    expect(reviewer.locator(".review-text")).to_contain_text("Patients and caregivers")
    assert_accessible(reviewer)
