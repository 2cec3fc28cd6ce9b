"""Fixtures: an app on a fresh database, its client and CLI runner, sample bundles."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from service import create_app

# ``bench/library.py`` writes generated libraries in the bundle format for the tests that
# need more than a few articles: ``from library import write_library`` (mypy_path has bench).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

# Property tests judge answers, never speed: a first request on a busy machine may take
# longer than Hypothesis's default 200 ms deadline without anything being wrong.
settings.register_profile("twofold", deadline=None)
settings.load_profile("twofold")

TESTS = Path(__file__).resolve().parent
SAMPLE_BUNDLES = TESTS / "bundles"
PROJECT_VARIANTS = TESTS.parent / "variants"

# PostgreSQL runs when TEST_DATABASE_URL names one; CI sets it and TWOFOLD_REQUIRE_POSTGRES.
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
if os.environ.get("TWOFOLD_REQUIRE_POSTGRES") and not POSTGRES_URL:
    raise RuntimeError("TWOFOLD_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not.")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _reset_postgres(url: str) -> None:
    """Give each test an empty schema on the shared PostgreSQL server."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(tmp_path: Path, backend: str = "sqlite", **overrides: Any) -> Flask:
    """An app on an empty database of ``backend``, loading ``tests/bundles`` by default."""
    if backend == "postgresql":
        assert POSTGRES_URL
        _reset_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE_URL": url,
        "VARIANTS_PATH": str(SAMPLE_BUNDLES),
        "SERVER_NAME": None,
        **overrides,
    }
    return create_app(config)


def dispose(app: Flask) -> None:
    """Close the app's session and every database connection it holds."""
    from service.storage import db

    db.close(app)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh SQLite database holding the sample bundles."""
    app = make_app(tmp_path)
    yield app
    dispose(app)


@pytest.fixture(params=BACKENDS)
def any_db_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The app on every database backend the run has: SQLite, and PostgreSQL in CI."""
    app = make_app(tmp_path, request.param)
    yield app
    dispose(app)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database on every backend the run has, no app on it yet."""
    if request.param == "postgresql":
        assert POSTGRES_URL
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def milia_app(tmp_path: Path) -> Iterator[Flask]:
    """The app serving the project's own bundled variants (the milia article)."""
    app = make_app(tmp_path, VARIANTS_PATH=str(PROJECT_VARIANTS))
    yield app
    dispose(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Flask's CLI runner for ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def app_factory(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app on a fresh SQLite database with extra configuration."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        built.append(make_app(tmp_path, **overrides))
        return built[-1]

    yield build
    for app in built:
        dispose(app)


# What a browser sends with a form posted from one of the site's own pages.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}


def _ask_question(client: FlaskClient, slug: str, question: str, **fields: str) -> TestResponse:
    """Post a follow-up question as a reader's browser would, from the article page."""
    return client.post(
        f"/en/articles/{slug}/questions",
        data={"question": question, **fields},
        headers=SAME_ORIGIN,
    )


@pytest.fixture(scope="session")
def ask_question() -> Callable[..., TestResponse]:
    """``ask_question(client, slug, text)``: send a question from the site's own page."""
    return _ask_question


@pytest.fixture(scope="session")
def same_origin() -> dict[str, str]:
    """The headers a browser sends with a form posted from one of the site's pages."""
    return dict(SAME_ORIGIN)


PASSWORD = "correct horse battery staple"
ROLES = ("writer", "reviewer", "qa", "admin")


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on ``url``, as a browser would read it."""
    import re

    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _section_form(
    client: FlaskClient, url: str, layperson_body: str, *, base: int = 1
) -> dict[str, Any]:
    """The section editor's form at ``url`` as a writer sends it, with ``layperson_body``."""
    return {
        "csrf_token": csrf_token(client, url),
        "base": base,
        "action": "save",
        "message": "",
        "layperson_title": "What milia are",
        "layperson_body": layperson_body,
        "clinician_title": "",
        "clinician_body": "",
    }


@pytest.fixture(scope="session")
def section_form() -> Callable[..., dict[str, Any]]:
    """``section_form(client, url, layperson_body, base=1)``: a filled section editor form."""
    return _section_form


class AuthActions:
    """Create staff accounts and log a client in as one of them."""

    password = PASSWORD

    def __init__(self, app: Flask) -> None:
        self.app = app

    @staticmethod
    def csrf_token(client: FlaskClient, url: str) -> str:
        """The CSRF token of the form on ``url``."""
        return csrf_token(client, url)

    def create(self, role: str, email: str | None = None) -> str:
        """Create an account with ``role`` through the CLI; return its email."""
        email = email or f"{role}@twofold.test"
        result = self.app.test_cli_runner().invoke(
            args=["users", "create", email, "--role", role], input=f"{PASSWORD}\n{PASSWORD}\n"
        )
        assert result.exit_code == 0, result.output
        return email

    def login(self, client: FlaskClient, role: str) -> FlaskClient:
        """Log ``client`` in as a (new) user with ``role``."""
        email = self.create(role)
        token = csrf_token(client, "/staff/login")
        response = client.post(
            "/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    def client(self, role: str) -> FlaskClient:
        """A new client logged in as ``role``."""
        return self.login(self.app.test_client(), role)


@pytest.fixture
def auth(app: Flask) -> AuthActions:
    """Staff accounts and logged-in clients for ``app``."""
    return AuthActions(app)


@pytest.fixture
def auth_for() -> type[AuthActions]:
    """Staff accounts and logged-in clients for an app built by ``app_factory``."""
    return AuthActions


@pytest.fixture(scope="session")
def build_app() -> Callable[..., Flask]:
    """``make_app`` itself, for fixtures with a wider scope than one test."""
    return make_app


@pytest.fixture(scope="session")
def auth_class() -> type[AuthActions]:
    """``AuthActions``, for fixtures with a wider scope than one test."""
    return AuthActions
