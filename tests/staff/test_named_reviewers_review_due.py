"""Review-due dates: set at approval, moved by staff, carried by bundles; the overdue list."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from flask import Flask
from flask.testing import FlaskClient

from service.content.bundle import BundleError, read_path
from service.storage import repository
from service.storage.db import db

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"
TODAY = dt.date.today()
OVERDUE = "/staff/queue/overdue/"


def post(client: FlaskClient, auth: Any, url: str, page: str, **data: str) -> Any:
    return client.post(url, data={"csrf_token": auth.csrf_token(client, page), **data})


def set_review_date(client: FlaskClient, auth: Any, slug: str, value: str) -> Any:
    page = f"/staff/articles/en/{slug}"
    return post(client, auth, f"{page}/review-due", page, review_due=value)


def approve(client: FlaskClient, auth: Any, slug: str) -> None:
    page = f"/staff/articles/en/{slug}"
    for action in ("start-review", "approve"):
        response = post(client, auth, f"{page}/workflow", page, action=action)
        assert response.status_code == 303, response.get_data(True)


def review_section(html: str) -> str:
    """The text of the staff page's review-date section, tags and spacing dropped."""
    section = html.split('id="review-date-heading"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def overdue_rows(html: str) -> list[tuple[str, str]]:
    """(article, days overdue) of each row of the overdue table, in order."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S)
    found = []
    for row in rows:
        slug = re.search(r"en/([a-z-]+)</span>", row)
        days = re.findall(r"<td>(\d+)</td>", row)
        assert slug and days
        found.append((slug.group(1), days[-1]))
    return found


def test_approval_sets_the_review_date_a_configured_interval_later(
    app_factory: Any, auth_for: Any
) -> None:
    app = app_factory(REVIEW_INTERVAL_DAYS=30)
    reviewer = auth_for(app).client("reviewer")
    page = "/staff/articles/en/second"
    assert "No review date yet: approving the article sets one, 30 days later." in review_section(
        reviewer.get(page).get_data(True)
    )
    approve(reviewer, auth_for(app), "second")
    due = TODAY + dt.timedelta(days=30)
    text = review_section(reviewer.get(page).get_data(True))
    assert f"Due for review on {format_date(due, 'long', locale='en')}." in text
    assert "Days past its review date" not in text


def test_a_reviewer_meets_the_articles_past_their_date_longest_overdue_first(
    app: Flask, auth: Any
) -> None:
    reviewer = auth.client("reviewer")
    approve(reviewer, auth, "second")
    ten_days_ago = (TODAY - dt.timedelta(days=10)).isoformat()
    three_days_ago = (TODAY - dt.timedelta(days=3)).isoformat()
    assert set_review_date(reviewer, auth, "second", three_days_ago).status_code == 303
    assert set_review_date(reviewer, auth, "sample", ten_days_ago).status_code == 303
    for page in ("/staff/", "/staff/queue/"):
        assert f'href="{OVERDUE}"' in reviewer.get(page).get_data(True)
    html = reviewer.get(OVERDUE).get_data(True)
    assert "Articles past their review date, longest overdue first." in html
    assert overdue_rows(html) == [("sample", "10"), ("second", "3")]
    assert 'href="/staff/articles/en/sample"' in html
    # Today's date is not past; a later one takes the article off the list.
    assert set_review_date(reviewer, auth, "second", TODAY.isoformat()).status_code == 303
    assert overdue_rows(reviewer.get(OVERDUE).get_data(True)) == [("sample", "10")]
    staff_page = review_section(reviewer.get("/staff/articles/en/sample").get_data(True))
    assert "Days past its review date: 10." in staff_page


def test_without_a_date_an_approval_is_due_a_year_after_it(app: Flask, auth: Any) -> None:
    # "sample" was loaded already approved on 2025-06-27, before it had a review date.
    due = dt.date(2025, 6, 27) + dt.timedelta(days=365)
    reviewer = auth.client("reviewer")
    text = review_section(reviewer.get("/staff/articles/en/sample").get_data(True))
    assert f"Due for review on {format_date(due, 'long', locale='en')}." in text
    assert "No date is set, so it is due 365 days after its last approval." in text
    rows = overdue_rows(reviewer.get(OVERDUE).get_data(True))
    expected = [("sample", str((TODAY - due).days))] if due < TODAY else []
    assert rows == expected


def test_clearing_the_date_returns_to_the_last_approval(app: Flask, auth: Any) -> None:
    writer = auth.client("writer")
    response = set_review_date(writer, auth, "sample", "2031-01-15")
    assert response.status_code == 303
    page = writer.get(response.headers["Location"]).get_data(True)
    assert "The article is now due for review on January 15, 2031." in page
    assert 'value="2031-01-15"' in page
    cleared = set_review_date(writer, auth, "sample", "")
    page = writer.get(cleared.headers["Location"]).get_data(True)
    assert "The review date is no longer set: it follows the last approval." in page
    assert "No date is set, so it is due 365 days after its last approval." in page


def test_a_new_approval_replaces_a_date_staff_set(app: Flask, auth: Any) -> None:
    reviewer = auth.client("reviewer")
    assert set_review_date(reviewer, auth, "second", "2020-01-01").status_code == 303
    approve(reviewer, auth, "second")
    due = format_date(TODAY + dt.timedelta(days=365), "long", locale="en")
    text = review_section(reviewer.get("/staff/articles/en/second").get_data(True))
    assert f"Due for review on {due}." in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2026-02-30",
            "Write the review date as YYYY-MM-DD, such as 2026-06-27; got “2026-02-30”.",
        ),
        ("next year", "Write the review date as YYYY-MM-DD"),
        ("15/01/2031", "Write the review date as YYYY-MM-DD"),
        ("1999-12-31", "Choose a review date between 2000-01-01 and 2099-12-31."),
    ],
)
def test_a_bad_review_date_is_refused_with_a_message_and_changes_nothing(
    app: Flask, auth: Any, value: str, message: str
) -> None:
    reviewer = auth.client("reviewer")
    assert set_review_date(reviewer, auth, "sample", "2031-01-15").status_code == 303
    response = set_review_date(reviewer, auth, "sample", value)
    assert response.status_code == 400
    html = response.get_data(True)
    assert message in html and 'aria-invalid="true"' in html
    text = review_section(reviewer.get("/staff/articles/en/sample").get_data(True))
    assert "Due for review on January 15, 2031." in text


@pytest.mark.parametrize("role", ["qa"])
def test_other_staff_neither_see_the_list_nor_move_dates(app: Flask, auth: Any, role: str) -> None:
    client = auth.client(role)
    assert client.get(OVERDUE).status_code == 403
    page = client.get("/staff/articles/en/sample").get_data(True)
    assert "Set review date" not in page
    response = client.post("/staff/articles/en/sample/review-due", data={"review_due": ""})
    assert response.status_code in (400, 403)


def test_setting_a_date_makes_no_revision_and_leaves_reader_pages_alone(
    app: Flask, auth: Any
) -> None:
    reader = app.test_client()
    before = reader.get("/en/articles/sample/layperson")
    cache = app.extensions["twofold.page_cache"]
    clears = cache.stats.clears
    writer = auth.client("writer")
    assert set_review_date(writer, auth, "sample", "2031-01-15").status_code == 303
    after = reader.get("/en/articles/sample/layperson")
    assert after.headers["ETag"] == before.headers["ETag"]
    assert cache.stats.clears == clears
    history = writer.get("/staff/articles/en/sample/history").get_data(True)
    assert "revision 2" not in history.lower()


# --- Bundles ------------------------------------------------------------------------------


def bundle_with(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE / "en" / "sample", root / "en" / "sample")
    yaml_file = root / "en" / "sample" / "article.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("sections:", f"{line}\nsections:", 1), encoding="utf-8")
    return root


def test_a_bundle_may_name_its_review_date_and_a_dump_writes_it_back(
    any_db_app: Flask, tmp_path: Path
) -> None:
    root = bundle_with(tmp_path, "review_due: 2027-01-15")
    assert read_path(root)[0].review_due == dt.date(2027, 1, 15)
    runner = any_db_app.test_cli_runner()
    loaded = runner.invoke(args=["variants", "load", str(root), "--trust-status"])
    assert loaded.exit_code == 0, loaded.output
    # Only the date differs from what is stored: it is set, and no revision is made.
    assert "Loaded 0 new revision(s); 1 article(s) unchanged." in loaded.output
    out = tmp_path / "dumped"
    assert runner.invoke(args=["variants", "dump", str(out)]).exit_code == 0
    dumped = (out / "en" / "sample" / "article.yaml").read_text(encoding="utf-8")
    assert dumped == (root / "en" / "sample" / "article.yaml").read_text(encoding="utf-8")
    assert "review_due: 2027-01-15\n" in dumped
    # A bundle without the field keeps the date that is stored.
    again = runner.invoke(args=["variants", "load", str(SAMPLE / "en" / "sample")])
    assert again.exit_code == 0, again.output
    with any_db_app.app_context():
        articles = repository.latest_articles(db.new_session())
    assert {a.slug: a.review_due for a in articles}["sample"] == dt.date(2027, 1, 15)


def test_a_bundle_without_a_review_date_dumps_without_one(app: Flask, tmp_path: Path) -> None:
    out = tmp_path / "dumped"
    assert app.test_cli_runner().invoke(args=["variants", "dump", str(out)]).exit_code == 0
    assert "review_due" not in (out / "en" / "sample" / "article.yaml").read_text("utf-8")


def test_a_bad_review_date_in_a_bundle_names_the_file_and_line(tmp_path: Path) -> None:
    root = bundle_with(tmp_path, "review_due: next spring")
    with pytest.raises(BundleError) as raised:
        read_path(root)
    message = str(raised.value)
    assert "article.yaml:10" in message
    assert "review_due must be a real date written YYYY-MM-DD, such as review_due: 2025-06-27" in (
        message
    )


def test_the_overdue_list_reads_every_backend(any_db_app: Flask, auth_for: Any) -> None:
    auth = auth_for(any_db_app)
    reviewer = auth.client("reviewer")
    approve(reviewer, auth, "second")
    assert set_review_date(reviewer, auth, "second", "2001-02-03").status_code == 303
    rows = overdue_rows(reviewer.get(OVERDUE).get_data(True))
    assert ("second", str((TODAY - dt.date(2001, 2, 3)).days)) == rows[0]
