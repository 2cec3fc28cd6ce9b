"""Fixtures for the library check at scale: apps on small generated libraries."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from library import write_library


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated library of 9 articles in English, Spanish and German."""
    return write_library(tmp_path_factory.mktemp("generated"), 9, locales=("en", "es", "de"))


# As the suite's own: PostgreSQL too when TEST_DATABASE_URL names a database.
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def library_app(
    request: pytest.FixtureRequest, generated: Path, tmp_path: Path, build_app: Callable[..., Flask]
) -> Iterator[Flask]:
    """The app on the generated library, on each database the run has."""
    from service.storage import db

    app = build_app(tmp_path, request.param, VARIANTS_PATH=str(generated))
    yield app
    db.close(app)
