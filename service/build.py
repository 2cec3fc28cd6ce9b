"""The deployed build: one identifier that changes whenever the code could render differently.

Reader pages' ETags include it, so a deploy that changes a template, a translation, a
stylesheet or the code invalidates every validator a browser or proxy holds, while
two instances of the same release compute the same value (it is a hash of file
contents and of the settings pages show, never of times or paths).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from service.config import PROJECT_ROOT

PACKAGE = Path(__file__).resolve().parent
# Files that decide what a page looks like: code, templates, catalogs, data, static files.
SOURCES = (
    (PACKAGE, ("*.py", "*.yaml", "*.md", "*.po", "*.css", "*.js", "*.svg", "*.png", "*.ico")),
    (PROJECT_ROOT / "templates", ("*.html", "*.txt", "*.xml")),
)
# Settings that change what reader pages show.
PAGE_SETTINGS = (
    "LOCALES",
    "DEFAULT_LOCALE",
    "PERSONAS",
    "REVIEW_BOARD_NAME",
    "QUESTION_MAX_LENGTH",
    "PERSONA_COOKIE",
)


def source_files(roots: Iterable[tuple[Path, tuple[str, ...]]] = SOURCES) -> list[Path]:
    """Every file that goes into the build identifier, in a stable order."""
    found: set[Path] = set()
    for root, patterns in roots:
        for pattern in patterns:
            found.update(p for p in root.rglob(pattern) if "__pycache__" not in p.parts)
    return sorted(found)


def compute_build_id(files: Iterable[Path], settings: Mapping[str, Any], base: Path) -> str:
    """A short hash of the files' names and contents and of ``settings``."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:16]


def build_id(app: Flask) -> str:
    """This app's build identifier (``BUILD_ID`` from configuration wins, e.g. a git SHA)."""
    found: str = app.extensions["twofold.build_id"]
    return found


def init_app(app: Flask) -> None:
    """Compute the build identifier once, when the app is built."""
    configured = app.config.get("BUILD_ID")
    if configured:
        app.extensions["twofold.build_id"] = str(configured)
        return
    settings = {name: app.config.get(name) for name in PAGE_SETTINGS}
    app.extensions["twofold.build_id"] = compute_build_id(source_files(), settings, PROJECT_ROOT)
