"""Fixtures for loading generated libraries: ``bench/library.py`` on the path, a writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from library import write_library


@pytest.fixture
def library(tmp_path: Path) -> Callable[..., Path]:
    """Writes a generated variants root of ``n`` articles (en, es, de in turn); its path."""

    def write(n: int, name: str = "library") -> Path:
        return write_library(tmp_path / name, n, locales=("en", "es", "de"), seed=15)

    return write
