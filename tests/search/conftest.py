"""Search fixtures: small libraries written as bundles, served on every database backend."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from search_bundles import Bundle, write_bundle

# As the root conftest: PostgreSQL too when TEST_DATABASE_URL names a database.
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """An empty variants root to write bundles into."""
    root = tmp_path / "variants"
    root.mkdir()
    return root


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each database backend this run has (PostgreSQL when TEST_DATABASE_URL is set)."""
    return str(request.param)


@pytest.fixture
def serve(
    tmp_path: Path, library: Path, build_app: Callable[..., Flask]
) -> Iterator[Callable[..., Flask]]:
    """``serve(backend, *bundles)``: an app whose first start loads ``bundles``."""
    from service.storage.db import close

    built: list[Flask] = []

    def make(backend: str, *bundles: Bundle, **overrides: object) -> Flask:
        for bundle in bundles:
            write_bundle(library, bundle)
        built.append(build_app(tmp_path, backend, VARIANTS_PATH=str(library), **overrides))
        return built[-1]

    yield make
    for app in built:
        close(app)
