"""Fixtures: an app on a fresh database, its client and CLI runner, sample bundles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from service import create_app

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
    """Close the app's session and every pooled connection."""
    from service.storage.db import db

    db.session.remove()
    app.extensions["twofold.engine"].dispose()


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
def app_factory(tmp_path: Path) -> Iterator[Any]:
    """Build an app on a fresh SQLite database with extra configuration."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        built.append(make_app(tmp_path, **overrides))
        return built[-1]

    yield build
    for app in built:
        dispose(app)
