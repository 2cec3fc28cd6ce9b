"""Reviewers' comments in Chromium: left by keyboard beside a section on the review page,
seen and resolved by the writer in the section editor, then shown resolved to the reviewer."""

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
REMARK = "Say what milia look like before saying what causes them."
_numbers = itertools.count(1)


def draft(app: Flask, tmp_path: Path, slug: str) -> None:
    """Load a draft copy of the sample article under ``slug``."""
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


def test_a_comment_travels_from_the_review_page_to_the_editor_and_back_resolved(
    live_app: Flask,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
    assert_accessible: Callable[[Page], None],
    log_in: Callable[[Page, str], None],
    staff_account: Callable[..., str],
) -> None:
    slug = f"commented-{next(_numbers)}"
    draft(live_app, tmp_path, slug)
    reviewer_email = staff_account("reviewer")

    reviewer = new_context(bypass_csp=True).new_page()
    log_in(reviewer, reviewer_email)
    reviewer.goto(f"/staff/articles/en/{slug}")
    block = reviewer.locator("#comments-overview")
    expect(block.get_by_text("No open comments.")).to_be_visible()
    assert_accessible(reviewer)

    # By keyboard: choose the audience, write, send.
    block.get_by_label("Comment on the text for").select_option(label="Patients and caregivers")
    text = block.get_by_label("Your comment on section “overview”")
    text.focus()
    reviewer.keyboard.type(REMARK)
    reviewer.keyboard.press("Tab")
    expect(block.get_by_role("button", name="Add comment")).to_be_focused()
    reviewer.keyboard.press("Enter")
    expect(reviewer.get_by_text("Comment added to section “overview”.")).to_be_visible()
    expect(block.locator(".section-comment")).to_contain_text(REMARK)
    expect(block.locator(".section-comment")).to_contain_text(f"{reviewer_email} wrote")
    assert_accessible(reviewer)

    # An empty comment is refused beside its section, with the reason.
    reviewer.locator("#comments-causes").get_by_role("button", name="Add comment").click()
    expect(reviewer.get_by_role("alert")).to_contain_text("Write the comment before adding it.")
    causes_text = reviewer.locator("#comments-causes textarea")
    expect(causes_text).to_have_attribute("aria-invalid", "true")
    assert_accessible(reviewer)

    writer = new_context(bypass_csp=True).new_page()
    log_in(writer, staff_account("writer"))
    writer.goto(f"/staff/articles/en/{slug}/sections/overview")
    comments = writer.get_by_role("region", name="Open reviewer comments on this section")
    expect(comments).to_contain_text(REMARK)
    expect(comments).to_contain_text(f"{reviewer_email} wrote")
    assert_accessible(writer)
    resolve = comments.get_by_role("button", name="Mark resolved")
    resolve.focus()
    writer.keyboard.press("Enter")
    expect(writer.get_by_text("Comment marked resolved.")).to_be_visible()
    expect(writer.get_by_text(REMARK)).to_have_count(0)

    reviewer.goto(f"/staff/articles/en/{slug}")
    block = reviewer.locator("#comments-overview")
    expect(block.get_by_text("No open comments.")).to_be_visible()
    block.get_by_text("Resolved comments (1)").click()
    expect(block.locator(".section-comment-resolved")).to_contain_text(REMARK)
    expect(block.locator(".section-comment-resolved")).to_contain_text("Resolved by")
    assert_accessible(reviewer)
