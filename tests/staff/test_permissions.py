"""Who may open which staff page: every staff route × anonymous and each role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

ROLES = ("writer", "reviewer", "qa", "admin")
W, R, Q = "writer", "reviewer", "qa"
A = "/staff/articles/en/sample"

# method, path, the roles allowed besides admin
ROUTES: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/staff/", (W, R, Q)),
    ("GET", "/staff/articles", (W, R)),
    ("GET", "/staff/articles/new", (W,)),
    ("POST", "/staff/articles/new", (W,)),
    ("POST", "/staff/articles/readability.json", (W,)),
    ("GET", A, (W, R, Q)),
    ("GET", f"{A}/export.zip", (W, R, Q)),
    ("POST", f"{A}/workflow", (W, R)),
    ("POST", f"{A}/override", (R,)),
    ("GET", f"{A}/details", (W,)),
    ("POST", f"{A}/details", (W,)),
    ("GET", f"{A}/edit", (W,)),
    ("GET", f"{A}/references", (W,)),
    ("POST", f"{A}/references", (W,)),
    ("POST", f"{A}/sections", (W,)),
    ("GET", f"{A}/sections/overview", (W,)),
    ("POST", f"{A}/sections/overview", (W,)),
    ("POST", f"{A}/sections/overview/move", (W,)),
    ("POST", f"{A}/sections/overview/remove", (W,)),
    ("GET", f"{A}/preview", (W, R)),
    ("GET", f"{A}/preview/clinician", (W, R)),
    ("GET", f"{A}/history", (W, R)),
    ("GET", f"{A}/history/1", (W, R)),
    ("GET", f"{A}/history/compare?from=1&to=1", (W, R)),
    ("POST", f"{A}/history/1/restore", (W,)),
    ("GET", "/staff/qa/readability", (Q, R, W)),
    ("GET", "/staff/qa/readability.csv", (Q, R, W)),
    ("GET", "/staff/qa/readability.json", (Q, R, W)),
    ("GET", "/staff/qa/readability/en/sample", (Q, R, W)),
    ("GET", "/staff/questions/", (W,)),
    ("POST", "/staff/questions/1/answered", (W,)),
    ("GET", "/staff/accounts/", ()),
    ("POST", "/staff/accounts/999/sign-out", ()),  # no such account: nobody's session ends
    ("POST", "/staff/accounts/", ()),  # an empty form: nothing is created
    ("POST", "/staff/accounts/999/role", ()),  # no such account: nothing changes
    ("POST", "/staff/accounts/999/disable", ()),
    ("POST", "/staff/accounts/999/enable", ()),
    ("GET", "/staff/accounts/999/password", ()),
    ("POST", "/staff/accounts/999/password", ()),
    ("POST", "/staff/logout", (W, R, Q)),
    ("GET", "/staff/queue/", (W, R)),
]


@pytest.fixture(scope="module")
def clients(
    tmp_path_factory: pytest.TempPathFactory, build_app: Any, auth_class: Any, ask_question: Any
) -> Iterator[dict[str | None, FlaskClient]]:
    """One app, a logged-in client per role, and an anonymous client."""
    app: Flask = build_app(tmp_path_factory.mktemp("permissions"))
    auth = auth_class(app)
    reader = app.test_client()
    assert ask_question(reader, "sample", "Why?").status_code == 303
    found: dict[str | None, FlaskClient] = {role: auth.client(role) for role in ROLES}
    found[None] = app.test_client()
    yield found
    from service.storage.db import close

    close(app)


def token_for(client: FlaskClient) -> str:
    """A valid CSRF token for ``client``'s session, so only permissions decide."""
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    html = client.get("/staff/login").get_data(as_text=True)
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match
    return match.group(1)


CASES = [
    pytest.param(method, path, role, role is not None and (role == "admin" or role in allowed),
                 id=f"{method} {path} as {role or 'anonymous'}")
    for method, path, allowed in ROUTES
    for role in (None, *ROLES)
    if not (path == "/staff/logout" and role is not None)  # logging out ends the session
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "role", "allowed"), CASES)
def test_staff_routes_need_a_login_and_the_right_role(
    clients: dict[str | None, FlaskClient], method: str, path: str, role: str | None, allowed: bool
) -> None:
    client = clients[role]
    if method == "GET":
        response = client.get(path)
    else:
        response = client.post(path, data={"csrf_token": token_for(client)})
    if role is None:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/login?next=")
    elif allowed:
        assert response.status_code not in (302, 401, 403), response.status_code
        assert response.status_code < 500
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_logout_works_for_every_role(auth: Any, role: str) -> None:
    client = auth.client(role)
    assert client.post("/staff/logout", data={"csrf_token": token_for(client)}).status_code == 303
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("path", ["/en/", "/en/articles/sample", "/en/editorial-policy"])
@pytest.mark.parametrize("role", [None, *ROLES])
def test_reader_pages_never_need_a_login(
    auth: Any, client: FlaskClient, path: str, role: str | None
) -> None:
    reader = auth.client(role) if role else client
    assert reader.get(path).status_code == 200
