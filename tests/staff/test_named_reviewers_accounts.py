"""Public names and credentials of staff accounts: the admin's page and `flask users`.

Every name here is a made-up test account; no real person is named.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.auth.accounts import find_account
from service.storage.db import db

PASSWORD = "correct horse battery staple"
REVIEWER = "reviewer@twofold.test"


def account_id(app: Flask, email: str) -> int:
    with app.app_context():
        account = find_account(db.new_session(), email)
        assert account is not None
        return account.id


def profile_url(app: Flask, email: str) -> str:
    return f"/staff/accounts/{account_id(app, email)}/profile"


def post_profile(client: FlaskClient, auth: Any, url: str, **form: str) -> Any:
    return client.post(url, data={"csrf_token": auth.csrf_token(client, url), **form})


def users(app: Flask, *args: str, password: bool = False) -> Any:
    given = f"{PASSWORD}\n{PASSWORD}\n" if password else None
    return app.test_cli_runner().invoke(args=["users", *args], input=given)


def test_an_admin_gives_a_reviewer_a_public_name(app: Flask, auth: Any) -> None:
    auth.create("reviewer")
    admin = auth.client("admin")
    index = admin.get("/staff/accounts/").get_data(True)
    assert "Not named to readers" in index and "Edit public profile" in index
    url = profile_url(app, REVIEWER)
    page = admin.get(url).get_data(True)
    assert "This account has no public profile" in page
    response = post_profile(
        admin, auth, url, name="  Dr. Ada Example ", credentials="MD, FAAD — Dermatology"
    )
    assert response.status_code == 303
    index = admin.get("/staff/accounts/").get_data(True)
    assert "Readers now see reviewer@twofold.test as Dr. Ada Example." in index
    assert "Dr. Ada Example" in index and "MD, FAAD — Dermatology" in index
    page = admin.get(url).get_data(True)
    assert 'value="Dr. Ada Example"' in page
    assert "listed on the Medical Advisory Board" in page


BAD_PROFILES = [
    ({"name": "", "credentials": "MD"}, "Enter the name readers will see"),
    ({"name": "   ", "credentials": ""}, "Enter the name readers will see"),
    ({"name": "A" * 121, "credentials": ""}, "public name is too long: use at most 120"),
    (
        {"name": "Dr. Ada", "credentials": "M" * 201},
        "The credentials are too long: use at most 200",
    ),
    ({"name": "Dr.\tAda", "credentials": ""}, "control character (U+0009)"),
    ({"name": "Dr. Ada", "credentials": "MD\nFAAD"}, "control character (U+000A)"),
]


@pytest.mark.parametrize(("form", "message"), BAD_PROFILES)
def test_a_bad_public_name_is_refused_with_a_message_and_changes_nothing(
    app: Flask, auth: Any, form: dict[str, str], message: str
) -> None:
    auth.create("reviewer")
    assert users(app, "profile", REVIEWER, "--name", "Dr. Kept Example").exit_code == 0
    admin = auth.client("admin")
    url = profile_url(app, REVIEWER)
    response = post_profile(admin, auth, url, **form)
    assert response.status_code == 422
    html = response.get_data(True)
    assert "There is a problem: nothing was saved" in html
    assert message in html and 'aria-invalid="true"' in html
    assert "Dr. Kept Example" in admin.get("/staff/accounts/").get_data(True)
    assert "Dr. Kept Example" in app.test_client().get("/en/editorial-policy").get_data(True)


def test_a_control_character_is_turned_away_before_the_page(app: Flask, auth: Any) -> None:
    auth.create("reviewer")
    admin = auth.client("admin")
    url = profile_url(app, REVIEWER)
    response = post_profile(admin, auth, url, name="Dr.\x07Ada", credentials="")
    assert response.status_code == 400
    assert "control character (U+0007)" in response.get_data(True)
    assert "Not named to readers" in admin.get("/staff/accounts/").get_data(True)


@pytest.mark.parametrize("role", ["writer", "reviewer", "qa"])
def test_only_administrators_edit_public_names(app: Flask, auth: Any, role: str) -> None:
    client = auth.client(role)
    url = profile_url(app, f"{role}@twofold.test")
    assert client.get(url).status_code == 403
    assert client.post(url, data={"name": "Dr. Self Example"}).status_code in (400, 403)
    assert "Dr. Self Example" not in users(app, "profile", f"{role}@twofold.test").output


def test_an_unknown_account_has_no_profile_page(auth: Any) -> None:
    assert auth.client("admin").get("/staff/accounts/9999/profile").status_code == 404


# --- flask users ----------------------------------------------------------------------------


def test_users_create_can_name_the_account_to_readers(app: Flask) -> None:
    result = users(
        app,
        "create",
        "ada@twofold.test",
        "--role",
        "reviewer",
        "--name",
        "Dr. Ada Example",
        "--credentials",
        "MD",
        password=True,
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Readers see it as: Dr. Ada Example, MD."
    shown = users(app, "profile", "ada@twofold.test")
    assert shown.output == "ada@twofold.test: Dr. Ada Example, MD\n"


def test_users_profile_changes_one_field_and_keeps_the_other(app: Flask) -> None:
    users(app, "create", "ada@twofold.test", "--role", "reviewer", password=True)
    assert "has no public profile" in users(app, "profile", "ada@twofold.test").output
    refused = users(app, "profile", "ada@twofold.test", "--credentials", "MD")
    assert refused.exit_code != 0 and "give one with --name" in refused.output
    assert users(app, "profile", "ada@twofold.test", "--name", "Dr. Ada Example").exit_code == 0
    changed = users(app, "profile", "ada@twofold.test", "--credentials", "MD, PhD")
    assert changed.output == "Readers see ada@twofold.test as: Dr. Ada Example, MD, PhD.\n"
    removed = users(app, "profile", "ada@twofold.test", "--remove")
    assert removed.output == "ada@twofold.test is no longer named to readers.\n"
    assert "has no public profile" in users(app, "profile", "ada@twofold.test").output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--name", "A" * 121], "The public name is too long: use at most 120 characters."),
        (["--name", "Dr.\x1bAda"], "control character (U+001B)"),
        (["--credentials", "MD"], "--credentials needs --name"),
    ],
)
def test_users_create_refuses_a_bad_public_name_before_making_the_account(
    app: Flask, options: list[str], message: str
) -> None:
    result = users(app, "create", "ada@twofold.test", "--role", "reviewer", *options, password=True)
    assert result.exit_code != 0 and message in result.output
    assert "ada@twofold.test" not in users(app, "list").output


def test_users_profile_refuses_a_bad_name_and_keeps_the_old_one(app: Flask) -> None:
    users(app, "create", "ada@twofold.test", "--role", "reviewer", password=True)
    users(app, "profile", "ada@twofold.test", "--name", "Dr. Ada Example")
    result = users(app, "profile", "ada@twofold.test", "--name", "Dr.\nAda")
    assert result.exit_code != 0
    assert "Nothing was changed: The public name holds a line break" in result.output
    assert users(app, "profile", "ada@twofold.test").output == (
        "ada@twofold.test: Dr. Ada Example\n"
    )
    unknown = users(app, "profile", "nobody@twofold.test", "--name", "X")
    assert (
        unknown.exit_code != 0 and "There is no account for nobody@twofold.test" in unknown.output
    )
