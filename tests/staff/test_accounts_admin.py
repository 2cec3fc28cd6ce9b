"""Account management on /staff/accounts/, as an administrator meets it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

URL = "/staff/accounts/"
NEW_PASSWORD = "a brand new passphrase"


def log_in(app: Flask, auth: Any, email: str, password: str) -> tuple[FlaskClient, int]:
    """A new client, and the status of its login attempt."""
    client = app.test_client()
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login", data={"email": email, "password": password, "csrf_token": token}
    )
    return client, response.status_code


def account_id(client: FlaskClient, email: str) -> int:
    """The id of ``email``'s account, as its row on the accounts page links to it."""
    html = client.get(URL).get_data(as_text=True)
    row = next(part for part in html.split("<tr>") if f'<th scope="row">{email}</th>' in part)
    match = re.search(r"/staff/accounts/(\d+)/", row)
    assert match
    return int(match.group(1))


def post(auth: Any, client: FlaskClient, path: str, **data: str) -> Any:
    return client.post(path, data={"csrf_token": auth.csrf_token(client, URL), **data})


def test_the_list_shows_every_account_with_role_status_and_date(auth: Any) -> None:
    admin = auth.client("admin")
    auth.create("writer", "gone@twofold.test")
    gone = account_id(admin, "gone@twofold.test")
    assert post(auth, admin, f"{URL}{gone}/disable").status_code == 303
    html = admin.get(URL).get_data(as_text=True)
    assert "gone@twofold.test" in html and "admin@twofold.test" in html
    assert "Disabled" in html and "Active" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', html)
    assert "Enable again" in html


def test_an_admin_creates_an_account_that_can_log_in(app: Flask, auth: Any) -> None:
    admin = auth.client("admin")
    response = post(
        auth, admin, URL, email="New@Twofold.test", role="reviewer",
        password=NEW_PASSWORD, confirm=NEW_PASSWORD,
    )  # fmt: skip
    assert response.status_code == 303
    assert "Created the account new@twofold.test" in admin.get(URL).get_data(as_text=True)
    client, status = log_in(app, auth, "new@twofold.test", NEW_PASSWORD)
    assert status == 303
    assert client.get("/staff/articles").status_code == 200  # reviewers see the queue
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "like name@example.org"),
        ({"email": ""}, "Enter the email address."),
        ({"password": "short", "confirm": "short"}, "use at least 12 characters"),
        ({"confirm": "something else entirely"}, "The two passwords are not the same."),
        ({"email": "admin@twofold.test"}, "An account for admin@twofold.test already exists."),
        ({"role": "wizard"}, "Not a valid choice"),
    ],
)
def test_invalid_accounts_are_refused_with_the_field_error(
    app: Flask, auth: Any, fields: dict[str, str], message: str
) -> None:
    admin = auth.client("admin")
    data = {"email": "x@twofold.test", "role": "writer", "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD, **fields}  # fmt: skip
    response = post(auth, admin, URL, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and "nothing was saved" in html
    assert 'aria-invalid="true"' in html
    assert "x@twofold.test</th>" not in html
    if "email" not in fields:
        assert log_in(app, auth, "x@twofold.test", NEW_PASSWORD)[1] == 401


def test_a_new_role_changes_what_the_account_may_do(auth: Any) -> None:
    admin = auth.client("admin")
    writer = auth.client("writer")
    assert writer.get("/staff/qa/readability").status_code == 200
    assert writer.get("/staff/articles/new").status_code == 200
    user = account_id(admin, "writer@twofold.test")
    assert post(auth, admin, f"{URL}{user}/role", role="qa").status_code == 303
    assert "writer@twofold.test is now: QA." in admin.get(URL).get_data(as_text=True)
    assert writer.get("/staff/articles/new").status_code == 403
    assert writer.get("/staff/qa/readability").status_code == 200
    assert post(auth, admin, f"{URL}{user}/role", role="admin").status_code == 303
    assert writer.get(URL).status_code == 200


def test_a_disabled_account_is_logged_out_and_cannot_log_in(app: Flask, auth: Any) -> None:
    admin = auth.client("admin")
    writer = auth.client("writer")
    user = account_id(admin, "writer@twofold.test")
    assert post(auth, admin, f"{URL}{user}/disable").status_code == 303
    assert writer.get("/staff/").status_code == 302
    assert log_in(app, auth, "writer@twofold.test", auth.password)[1] == 401
    assert post(auth, admin, f"{URL}{user}/enable").status_code == 303
    assert log_in(app, auth, "writer@twofold.test", auth.password)[1] == 303
    assert writer.get("/staff/").status_code == 302  # the old session stays ended


def test_a_password_reset_ends_sessions_and_replaces_the_password(app: Flask, auth: Any) -> None:
    admin = auth.client("admin")
    writer = auth.client("writer")
    user = account_id(admin, "writer@twofold.test")
    page = f"{URL}{user}/password"
    assert admin.get(page).status_code == 200
    token = auth.csrf_token(admin, page)
    mismatch = {"csrf_token": token, "password": NEW_PASSWORD, "confirm": "not the same one!"}
    response = admin.post(page, data=mismatch)
    assert response.status_code == 422
    assert "The two passwords are not the same." in response.get_data(as_text=True)
    assert writer.get("/staff/").status_code == 200  # nothing changed yet
    data = {"csrf_token": token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert admin.post(page, data=data).status_code == 303
    assert writer.get("/staff/").status_code == 302
    assert log_in(app, auth, "writer@twofold.test", auth.password)[1] == 401
    assert log_in(app, auth, "writer@twofold.test", NEW_PASSWORD)[1] == 303


def test_the_last_active_admin_cannot_be_disabled_or_demoted(auth: Any) -> None:
    admin = auth.client("admin")
    me = account_id(admin, "admin@twofold.test")
    for path, data in ((f"{URL}{me}/disable", {}), (f"{URL}{me}/role", {"role": "writer"})):
        response = post(auth, admin, path, **data)
        assert response.status_code == 409
        assert "is the last active administrator" in response.get_data(as_text=True)
        assert admin.get(URL).status_code == 200
    # With a second admin, the first may step down.
    auth.create("admin", "second@twofold.test")
    assert post(auth, admin, f"{URL}{me}/role", role="writer").status_code == 303
    assert admin.get(URL).status_code == 403
    assert admin.get("/staff/articles/new").status_code == 200


def test_a_disabled_admin_does_not_count_as_the_other_admin(auth: Any) -> None:
    admin = auth.client("admin")
    auth.create("admin", "second@twofold.test")
    second = account_id(admin, "second@twofold.test")
    assert post(auth, admin, f"{URL}{second}/disable").status_code == 303
    me = account_id(admin, "admin@twofold.test")
    assert post(auth, admin, f"{URL}{me}/disable").status_code == 409


@pytest.mark.parametrize("role", ["writer", "reviewer", "qa"])
def test_other_roles_get_403(auth: Any, role: str) -> None:
    client = auth.client(role)
    auth.create("writer", "target@twofold.test")
    token = auth.csrf_token(client, "/staff/")
    for path, data in [
        (URL, {"email": "x@twofold.test", "role": "admin", "password": NEW_PASSWORD,
               "confirm": NEW_PASSWORD}),
        (f"{URL}1/role", {"role": "admin"}),
        (f"{URL}1/disable", {}),
        (f"{URL}1/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ]:  # fmt: skip
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403
    assert client.get(f"{URL}1/password").status_code == 403


def test_a_forged_form_changes_nothing(app: Flask, auth: Any) -> None:
    admin = auth.client("admin")
    writer = auth.client("writer")
    user = account_id(admin, "writer@twofold.test")
    forged = [
        (URL, {"email": "x@twofold.test", "role": "admin", "password": NEW_PASSWORD,
               "confirm": NEW_PASSWORD}),
        (f"{URL}{user}/role", {"role": "admin"}),
        (f"{URL}{user}/disable", {}),
        (f"{URL}{user}/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ]  # fmt: skip
    for path, data in forged:
        assert admin.post(path, data=data).status_code == 400
    assert writer.get("/staff/").status_code == 200
    assert writer.get(URL).status_code == 403
    assert log_in(app, auth, "x@twofold.test", NEW_PASSWORD)[1] == 401
    assert log_in(app, auth, "writer@twofold.test", auth.password)[1] == 303
