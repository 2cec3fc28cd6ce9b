"""Named reviewers on reader pages: who approved an article, the board on the policy page.

Every name here is a made-up test account; no real person is named.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

import pytest
from babel.dates import format_date
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.auth.roles import Role
from service.content.model import Status
from service.editorial.workflow import Action, apply
from service.storage import repository
from service.storage.db import close, db

LOCALES = ("en", "es", "de")
NAME, CREDENTIALS = "Dr. Ada Example", "MD, FAAD — Dermatology"
CREDITED = f"{NAME}, {CREDENTIALS}"
REVIEWER = "ada.example@twofold.test"


def cli(app: Flask, *args: str, password: str | None = None) -> Any:
    given = None if password is None else f"{password}\n{password}\n"
    return app.test_cli_runner().invoke(args=list(args), input=given)


def named_reviewer(app: Flask, email: str = REVIEWER, *, name: str = NAME) -> str:
    """A reviewer account readers see as ``name``, made through the CLI as an admin would."""
    result = cli(
        app,
        "users",
        "create",
        email,
        "--role",
        "reviewer",
        "--name",
        name,
        "--credentials",
        CREDENTIALS,
        password="correct horse battery staple",
    )
    assert result.exit_code == 0, result.output
    return email


def translate_second(app: Flask) -> None:
    """The submitted test article "second" in Spanish and German too, as loaded bundles."""
    with app.app_context():
        session = db.new_session()
        english = repository.public_article(session, "en", "second")
        assert english is not None and english.status is Status.SUBMITTED
        copies = [dataclasses.replace(english, locale=locale) for locale in ("es", "de")]
        repository.save_all(session, copies, author="test")


def approve(app: Flask, locale: str, slug: str, actor: str) -> None:
    with app.app_context():
        session = db.new_session()
        for action in (Action.START_REVIEW, Action.APPROVE):
            apply(session, locale, slug, action, actor=actor, role=Role.REVIEWER)


def reviewed_by(html: str) -> str | None:
    """The text of the page's "medically reviewed by" line, if it has one."""
    match = re.search(r'<p class="reviewed-by">(.*?)</p>', html, re.S)
    return None if match is None else " ".join(match.group(1).split())


def json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("locale", LOCALES)
def test_an_approved_article_names_its_reviewer_in_every_language(app: Flask, locale: str) -> None:
    named_reviewer(app)
    translate_second(app)
    approve(app, locale, "second", REVIEWER)
    for audience in ("layperson", "clinician"):
        html = app.test_client().get(f"/{locale}/articles/second/{audience}").get_data(True)
        line = reviewed_by(html)
        assert line is not None and CREDITED in line
        # The date is the approval's, written the way the page's language writes dates.
        assert format_date(dt.date.today(), "long", locale=locale) in line
        assert "Medical Advisory Board" in html or locale != "en"
        assert json_ld(html)["reviewedBy"] == {
            "@type": "Person",
            "name": NAME,
            "honorificSuffix": CREDENTIALS,
        }
    english = app.test_client().get("/en/articles/second/layperson").get_data(True)
    assert (reviewed_by(english) is not None) is (locale == "en")


def test_the_english_page_says_medically_reviewed_by_with_the_date(app: Flask) -> None:
    named_reviewer(app)
    approve(app, "en", "second", REVIEWER)
    html = app.test_client().get("/en/articles/second").get_data(True)
    today = format_date(dt.date.today(), "long", locale="en")
    assert reviewed_by(html) == f"Medically reviewed by {CREDITED} on {today}."


def test_a_page_pending_review_names_nobody(app: Flask) -> None:
    named_reviewer(app)
    html = app.test_client().get("/en/articles/second").get_data(True)
    assert "pending human review" in html
    assert reviewed_by(html) is None and NAME not in html


def test_an_article_approved_outside_twofold_keeps_the_boards_wording(app: Flask) -> None:
    named_reviewer(app)
    # "sample" was loaded already approved: no reviewer of ours approved it.
    html = app.test_client().get("/en/articles/sample").get_data(True)
    assert reviewed_by(html) is None and NAME not in html
    assert "All articles are reviewed for accuracy by our Medical Advisory Board." in html
    assert "Last reviewed:" in html
    assert json_ld(html)["reviewedBy"] == {
        "@type": "Organization",
        "name": "Medical Advisory Board",
    }


def test_a_reviewer_without_a_public_name_is_credited_as_the_board(app: Flask) -> None:
    result = cli(
        app,
        "users",
        "create",
        "unnamed@twofold.test",
        "--role",
        "reviewer",
        password="correct horse battery staple",
    )
    assert result.exit_code == 0, result.output
    approve(app, "en", "second", "unnamed@twofold.test")
    html = app.test_client().get("/en/articles/second").get_data(True)
    assert "pending human review" not in html
    assert reviewed_by(html) is None and "unnamed@" not in html
    assert json_ld(html)["reviewedBy"]["@type"] == "Organization"


def test_names_are_shown_as_text_never_as_markup(app: Flask) -> None:
    named_reviewer(app, name='Dr. <b>Bold</b> "Example"')
    approve(app, "en", "second", REVIEWER)
    html = app.test_client().get("/en/articles/second").get_data(True)
    assert "<b>Bold</b>" not in html
    assert "Dr. &lt;b&gt;Bold&lt;/b&gt;" in reviewed_by(html)  # type: ignore[operator]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_policy_page_lists_the_board_in_every_language(app: Flask, locale: str) -> None:
    named_reviewer(app)
    named_reviewer(app, "bo.sample@twofold.test", name="Dr. Bo Sample")
    # A writer with a public name, and a reviewer who left, are not on the board.
    for email, role in (("writer@twofold.test", "writer"), ("left@twofold.test", "reviewer")):
        made = cli(
            app,
            "users",
            "create",
            email,
            "--role",
            role,
            "--name",
            f"Not on the board {role}",
            password="correct horse battery staple",
        )
        assert made.exit_code == 0, made.output
    assert cli(app, "users", "disable", "left@twofold.test").exit_code == 0
    html = app.test_client().get(f"/{locale}/editorial-policy").get_data(True)
    board = html.split('id="board-heading"')[1]
    assert f"<strong>{NAME}</strong>, {CREDENTIALS}" in board
    assert "<strong>Dr. Bo Sample</strong>" in board
    assert board.index("Dr. Ada Example") < board.index("Dr. Bo Sample")
    assert "Not on the board" not in html


def test_without_named_reviewers_the_policy_page_is_as_before(app: Flask) -> None:
    html = app.test_client().get("/en/editorial-policy").get_data(True)
    assert 'id="board-heading"' not in html
    assert "Review by our Medical Advisory Board" in html


# --- Through the caches --------------------------------------------------------------------


def admin_client(app: Flask, auth: Any) -> FlaskClient:
    client: FlaskClient = auth.client("admin")
    return client


def set_profile(app: Flask, auth: Any, admin: FlaskClient, email: str, **form: str) -> Any:
    with app.app_context():
        from service.auth.accounts import find_account

        account = find_account(db.new_session(), email)
        assert account is not None
    url = f"/staff/accounts/{account.id}/profile"
    return admin.post(url, data={"csrf_token": auth.csrf_token(admin, url), **form})


def test_a_renamed_reviewer_reaches_cached_pages_at_once(app: Flask, auth: Any) -> None:
    named_reviewer(app)
    approve(app, "en", "second", REVIEWER)
    reader = app.test_client()
    urls = ("/en/articles/second/layperson", "/en/articles/second", "/en/editorial-policy")
    before = {url: reader.get(url) for url in urls}
    for url in urls:  # now served from the page cache
        assert reader.get(url).get_data() == before[url].get_data()
    admin = admin_client(app, auth)
    response = set_profile(
        app, auth, admin, REVIEWER, name="Dr. Ada Example-Renamed", credentials="DO"
    )
    assert response.status_code == 303
    for url in urls:
        after = reader.get(url, headers={"If-None-Match": before[url].headers["ETag"]})
        assert after.status_code == 200, url
        text = re.sub(r"<[^>]+>", "", after.get_data(True))
        assert "Dr. Ada Example-Renamed, DO" in text and CREDENTIALS not in text
        assert after.headers["ETag"] != before[url].headers["ETag"]


def test_removing_a_public_name_brings_back_the_boards_wording(app: Flask, auth: Any) -> None:
    named_reviewer(app)
    approve(app, "en", "second", REVIEWER)
    reader = app.test_client()
    assert NAME in reader.get("/en/articles/second/layperson").get_data(True)
    admin = admin_client(app, auth)
    assert set_profile(app, auth, admin, REVIEWER, action="remove").status_code == 303
    html = reader.get("/en/articles/second/layperson").get_data(True)
    assert NAME not in html and reviewed_by(html) is None
    assert "Medical Advisory Board" in html
    assert 'id="board-heading"' not in reader.get("/en/editorial-policy").get_data(True)


def test_disabling_a_reviewer_takes_them_off_the_cached_board(app: Flask) -> None:
    named_reviewer(app)
    reader = app.test_client()
    assert NAME in reader.get("/en/editorial-policy").get_data(True)
    assert cli(app, "users", "disable", REVIEWER).exit_code == 0
    assert NAME not in reader.get("/en/editorial-policy").get_data(True)


def test_a_rename_in_one_instance_reaches_the_others_cache(any_db_app: Flask) -> None:
    named_reviewer(any_db_app)
    approve(any_db_app, "en", "second", REVIEWER)
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": any_db_app.config["DATABASE_URL"],
            "LOAD_BUNDLED_VARIANTS": False,
        }
    )
    try:
        reader = other.test_client()
        url = "/en/articles/second/clinician"
        first = reader.get(url)
        assert reader.get(url).get_data() == first.get_data()
        assert other.extensions["twofold.page_cache"].stats.hits >= 1
        result = cli(any_db_app, "users", "profile", REVIEWER, "--credentials", "MD")
        assert result.exit_code == 0, result.output
        html = reader.get(url).get_data(True)
        assert f"{NAME}, MD" in html and CREDENTIALS not in html
    finally:
        close(other)
