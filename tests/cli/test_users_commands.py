"""`flask users create|list|disable`: a password piped in, the accounts, disabling one."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from service.storage.db import db
from service.storage.models import UserRecord

PASSWORD = "correct horse battery staple"  # what the ``auth`` fixture gives its accounts


def create(app: Flask, email: str, stdin: str | None, role: str = "writer") -> Result:
    return app.test_cli_runner().invoke(
        args=["users", "create", email, "--role", role], input=stdin
    )


def logs_in(app: Flask, auth: Any, email: str, password: str) -> bool:
    client = app.test_client()
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login", data={"email": email, "password": password, "csrf_token": token}
    )
    return response.status_code == 303


def accounts(app: Flask) -> list[tuple[str, bool, str]]:
    with app.app_context():
        records = db.new_session().scalars(select(UserRecord).order_by(UserRecord.email))
        return [(r.email, r.active, r.session_token) for r in records]


@pytest.mark.parametrize(
    "stdin",
    [f"{PASSWORD}\n", PASSWORD, f"{PASSWORD}\r\n", f"{PASSWORD}\nsomething else\n"],
    ids=["one line", "no newline", "crlf", "only the first line"],
)
def test_create_reads_one_piped_line_as_the_password(app: Flask, auth: Any, stdin: str) -> None:
    result = create(app, "piped@twofold.test", stdin)

    assert result.exit_code == 0, result.output
    assert result.output == "Created writer account piped@twofold.test.\n"  # no prompt
    assert logs_in(app, auth, "piped@twofold.test", PASSWORD)
    assert not logs_in(app, auth, "piped@twofold.test", f"{PASSWORD}\n")


def test_create_keeps_spaces_around_a_piped_password(app: Flask, auth: Any) -> None:
    assert create(app, "spaces@twofold.test", f"  {PASSWORD}  \n").exit_code == 0
    assert logs_in(app, auth, "spaces@twofold.test", f"  {PASSWORD}  ")
    assert not logs_in(app, auth, "spaces@twofold.test", PASSWORD)


@pytest.mark.parametrize(
    ("stdin", "reason"),
    [
        ("", "standard input is empty"),
        (None, "standard input is empty"),
        ("\n", "the first line of standard input is empty"),
        (f"\n{PASSWORD}\n", "the first line of standard input is empty"),
    ],
    ids=["nothing", "no input", "empty line", "empty first line"],
)
def test_create_refuses_an_empty_piped_password_and_says_what_to_do(
    app: Flask, stdin: str | None, reason: str
) -> None:
    result = create(app, "empty@twofold.test", stdin)

    assert result.exit_code == 1
    assert f"No password was given: {reason}." in result.output
    assert "Pipe the password as one line of at least 12 characters" in result.output
    assert "Aborted" not in result.output
    assert accounts(app) == []


def test_create_refuses_a_short_piped_password(app: Flask) -> None:
    result = create(app, "short@twofold.test", "eleven char\n")

    assert result.exit_code == 1
    assert "The password is too short; use at least 12 characters." in result.output
    assert accounts(app) == []


def test_create_in_a_terminal_asks_twice(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("service.cli._stdin_is_terminal", lambda: True)

    result = create(app, "typed@twofold.test", f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert "Password: \nRepeat for confirmation: \n" in result.output
    assert PASSWORD not in result.output  # hidden
    assert "Created writer account typed@twofold.test." in result.output


def test_create_in_a_terminal_refuses_two_different_passwords(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("service.cli._stdin_is_terminal", lambda: True)

    result = create(app, "typed@twofold.test", f"{PASSWORD}\n{PASSWORD}!\n")

    assert result.exit_code == 1
    assert "The two entered values do not match." in result.output
    assert accounts(app) == []


def test_list_shows_every_account_with_role_and_status(auth: Any, app: Flask) -> None:
    auth.create("writer", "writer@twofold.test")
    auth.create("admin", "a@twofold.test")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "disable", "writer@twofold.test"]).exit_code == 0

    result = runner.invoke(args=["users", "list"])

    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["EMAIL", "ROLE", "STATUS", "CREATED"]
    assert [row.split()[:3] for row in rows] == [
        ["a@twofold.test", "admin", "active"],
        ["writer@twofold.test", "writer", "disabled"],
    ]
    created = rows[0].split()[3]
    assert len(created) == 10 and created[4] == created[7] == "-"  # 2025-07-01
    # The columns line up under the header.
    for column in ("ROLE", "STATUS", "CREATED"):
        at = header.index(column)
        assert all(row[at - 2 : at] == "  " and row[at] != " " for row in rows)
    assert PASSWORD not in result.output and "pbkdf2" not in result.output


def test_list_says_how_to_start_when_there_are_no_accounts(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "list"])

    assert result.exit_code == 0
    assert "There are no staff accounts yet" in result.output
    assert "users create EMAIL --role admin" in result.output


def test_disable_stops_logins_and_ends_every_session(auth: Any, app: Flask) -> None:
    email = auth.create("writer", "leaver@twofold.test")
    laptop = app.test_client()
    token = auth.csrf_token(laptop, "/staff/login")
    laptop.post("/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert laptop.get("/staff/").status_code == 200
    colleague = auth.client("reviewer")
    ((_, _, before),) = [a for a in accounts(app) if a[0] == email]

    result = app.test_cli_runner().invoke(args=["users", "disable", "Leaver@Twofold.test"])

    assert result.exit_code == 0, result.output
    assert "Disabled leaver@twofold.test: it can no longer log in" in result.output
    assert laptop.get("/staff/").status_code == 302  # its session ended
    assert not logs_in(app, auth, email, PASSWORD)
    ((_, active, after),) = [a for a in accounts(app) if a[0] == email]
    assert not active and after != before
    assert colleague.get("/staff/").status_code == 200  # only that account


def test_disable_twice_changes_nothing_the_second_time(auth: Any, app: Flask) -> None:
    email = auth.create("qa")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "disable", email]).exit_code == 0
    before = accounts(app)

    again = runner.invoke(args=["users", "disable", email])

    assert again.exit_code == 0
    assert f"{email} is already disabled; nothing changed." in again.output
    assert accounts(app) == before


def test_a_disabled_email_cannot_be_created_again(auth: Any, app: Flask) -> None:
    email = auth.create("qa")
    assert app.test_cli_runner().invoke(args=["users", "disable", email]).exit_code == 0

    result = create(app, email, f"{PASSWORD}\n", role="admin")

    assert result.exit_code == 1 and "already exists" in result.output


def test_disable_names_an_unknown_account_and_changes_nothing(auth: Any, app: Flask) -> None:
    auth.create("writer")
    before = accounts(app)

    result = app.test_cli_runner().invoke(args=["users", "disable", "nobody@twofold.test"])

    assert result.exit_code == 1
    assert "There is no account for nobody@twofold.test; check the address" in result.output
    assert accounts(app) == before
