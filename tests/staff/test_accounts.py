"""Staff accounts: the CLI, login and logout, rate limiting, roles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "correct horse battery staple"  # the password the ``auth`` fixture gives accounts


def test_users_create_reads_the_password_from_standard_input(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Writer@Example.org", "--role", "writer"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created writer account writer@example.org." in result.output
    assert PASSWORD not in result.output


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["not-an-email", "--role", "writer"], PASSWORD, "is not an email address"),
        (["a@b.org", "--role", "writer"], "short", "at least 12 characters"),
        (["a@b.org", "--role", "wizard"], PASSWORD, "'wizard' is not one of"),
    ],
)
def test_users_create_refuses_bad_input_with_a_reason(
    app: Flask, args: list[str], password: str, message: str
) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", *args], input=f"{password}\n{password}\n"
    )
    assert result.exit_code != 0
    assert message in result.output


def test_users_create_refuses_a_second_account_for_one_email(auth: Any, app: Flask) -> None:
    auth.create("writer", "same@twofold.test")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "SAME@twofold.test", "--role", "qa"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 1 and "already exists" in result.output


def test_the_password_is_never_an_argument(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "a@b.org", "--role", "qa", "--password", PASSWORD]
    )
    assert result.exit_code == 2 and "No such option" in result.output


def test_login_starts_a_new_session_and_logout_ends_it(auth: Any, client: FlaskClient) -> None:
    email = auth.create("qa")
    client.get("/staff/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    with client.session_transaction() as session:
        assert "planted" not in session
    assert f"Logged in as {email}" in client.get("/staff/").get_data(as_text=True)
    token = auth.csrf_token(client, "/staff/")
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/staff/").status_code == 302


def test_a_wrong_password_is_refused(auth: Any, client: FlaskClient) -> None:
    email = auth.create("writer")
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login", data={"email": email, "password": "wrong password!", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_login_attempts_are_rate_limited(auth: Any, client: FlaskClient) -> None:
    email = auth.create("writer")
    token = auth.csrf_token(client, "/staff/login")
    for _ in range(5):
        data = {"email": email, "password": "guess", "csrf_token": token}
        assert client.post("/staff/login", data=data).status_code == 401
    # Even the right password waits now: the guesser cannot tell it worked.
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    response = client.post("/staff/login", data=data)
    assert response.status_code == 429
    assert "Too many failed attempts. Wait 15 minutes" in response.get_data(as_text=True)


def test_a_login_without_its_csrf_token_is_refused(auth: Any, client: FlaskClient) -> None:
    email = auth.create("writer")
    response = client.post("/staff/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_login_never_redirects_off_site(auth: Any, client: FlaskClient) -> None:
    email = auth.create("writer")
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login?next=https://evil.example/",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/staff/"


def test_reader_pages_never_need_a_login(client: FlaskClient) -> None:
    for url in ("/en/", "/en/articles/sample", "/en/editorial-policy"):
        assert client.get(url).status_code == 200


def test_staff_cookies_are_secure_in_production(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from service import create_app
    from service.storage import db

    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setenv("VARIANTS_PATH", str(tmp_path / "none"))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    db.close(app)


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_copied_session_cookie_stops_working_at_logout(auth: Any, app: Flask) -> None:
    client = auth.client("writer")
    copied = _session_cookie(client)
    token = auth.csrf_token(client, "/staff/")
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


def test_users_sign_out_ends_every_session_of_that_account(auth: Any, app: Flask) -> None:
    email = auth.create("reviewer")
    laptop = app.test_client()
    token = auth.csrf_token(laptop, "/staff/login")
    laptop.post("/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert laptop.get("/staff/").status_code == 200
    phone = app.test_client()
    phone.set_cookie("session", _session_cookie(laptop))
    other = auth.client("writer")

    result = app.test_cli_runner().invoke(args=["users", "sign-out", email])

    assert result.exit_code == 0, result.output
    assert "out everywhere" in result.output
    assert laptop.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 302
    assert other.get("/staff/").status_code == 200  # only that account


def test_users_sign_out_names_an_unknown_account(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "sign-out", "nobody@twofold.test"])
    assert result.exit_code != 0
    assert "There is no account for nobody@twofold.test" in result.output


def test_a_staff_session_ends_after_the_idle_timeout(auth_for: Any, app_factory: Any) -> None:
    app = app_factory(STAFF_SESSION_IDLE_TIMEOUT=600)
    client = auth_for(app).client("qa")
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= 599  # still within the timeout: activity renews it
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] -= 601

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were logged out after a while without activity." in login_page


def _try(client: FlaskClient, auth: Any, email: str, password: str, address: str) -> int:
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def test_a_stranger_failing_on_purpose_cannot_lock_the_owner_out(auth: Any, app: Flask) -> None:
    email = auth.create("reviewer")
    stranger = app.test_client()
    statuses = [_try(stranger, auth, email, "guess", "198.51.100.7") for _ in range(7)]
    assert statuses == [401] * 5 + [429] * 2

    owner = app.test_client()
    assert _try(owner, auth, email, PASSWORD, "203.0.113.20") == 303


def test_an_address_guessing_across_accounts_is_throttled(app_factory: Any, auth_for: Any) -> None:
    app = app_factory(LOGIN_ATTEMPT_LIMIT=2)
    auth = auth_for(app)
    guesser = app.test_client()
    emails = [auth.create("writer", f"staff{n}@twofold.test") for n in range(5)]
    statuses = [_try(guesser, auth, email, "guess", "198.51.100.8") for email in emails * 2]
    # Two tries an account, eight in all from one address: then that address waits.
    assert statuses[:8] == [401] * 8 and statuses[8:] == [429, 429]
    assert _try(app.test_client(), auth, emails[0], PASSWORD, "203.0.113.21") == 303


def test_unknown_and_known_emails_cost_the_same_password_check(
    auth: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from werkzeug.security import check_password_hash as real  # what accounts imports

    from service.auth import accounts

    checked: list[str] = []

    def counting(stored: str, password: str) -> bool:
        checked.append(stored.split("$")[0])
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    known = auth.create("qa")
    assert _try(client, auth, known, "guess", "192.0.2.1") == 401
    assert _try(client, auth, "nobody@twofold.test", "guess", "192.0.2.1") == 401

    assert len(checked) == 2 and checked[0] == checked[1]  # the same method, same cost


def test_an_admin_signs_someone_out_everywhere_from_the_accounts_page(
    auth: Any, app: Flask
) -> None:
    admin = auth.client("admin")
    assert "Staff accounts" in admin.get("/staff/").get_data(as_text=True)
    email = auth.create("writer")
    laptop = app.test_client()
    token = auth.csrf_token(laptop, "/staff/login")
    laptop.post("/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert laptop.get("/staff/").status_code == 200

    page = admin.get("/staff/accounts/").get_data(as_text=True)
    assert email in page and "Sign out everywhere" in page
    with app.app_context():
        from service.auth.accounts import find_account
        from service.storage.db import db

        user = find_account(db.new_session(), email)
        assert user is not None
    assert f"/staff/accounts/{user.id}/sign-out" in page
    response = admin.post(
        f"/staff/accounts/{user.id}/sign-out",
        data={"csrf_token": auth.csrf_token(admin, "/staff/accounts/")},
    )

    assert response.status_code == 303
    assert "is signed out everywhere" in admin.get("/staff/accounts/").get_data(as_text=True)
    assert laptop.get("/staff/").status_code == 302
    assert admin.get("/staff/").status_code == 200  # only that account
