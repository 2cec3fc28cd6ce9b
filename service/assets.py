"""Static files under fingerprinted names, served by WhiteNoise and cached forever.

Every file in the static folder is also served as ``name.<hash>.ext``, where the hash is
taken from the file's bytes, and ``url_for("static", ...)`` links to that name. Because a
deploy that changes a file changes its name, browsers and proxies may keep a fingerprinted
file forever (``Cache-Control: public, max-age=31536000, immutable``) and never ask again;
a page that links the new name gets the new file. The plain names still answer, with a
short max-age, so links that were handed out before keep working.

WhiteNoise answers before Flask: it knows every file (plain and fingerprinted) when the app
starts, reads nothing from disk but the file itself, and passes any other request, such as
a stale or made-up fingerprint, on to Flask, whose static route answers 404.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any
from wsgiref.headers import Headers

from flask import Flask, Response, send_from_directory, url_for
from whitenoise import WhiteNoise

HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
# Plain (unfingerprinted) names may change with any deploy: keep them briefly.
PLAIN_MAX_AGE = 60
_CHUNK = 1 << 16
# Files browsers and crawlers ask for at the site's root, whatever the pages link.
ROOT_FILES = ("favicon.ico", "robots.txt")
ROOT_MAX_AGE = 24 * 60 * 60


def fingerprint(path: Path) -> str:
    """The first 12 hex digits of the SHA-256 of ``path``'s bytes: the same on every machine."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:HASH_LENGTH]


def fingerprinted_name(name: str, digest: str) -> str:
    """``css/twofold.css`` → ``css/twofold.<digest>.css``: the hash goes before the extension."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def build_manifest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (recursively), by its ``/``-separated name, to its
    fingerprinted name. ``.gz``/``.br`` copies of another file are left out: WhiteNoise
    serves them in that file's place."""
    manifest = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not WhiteNoise.is_compressed_variant(str(path)):
            name = path.relative_to(folder).as_posix()
            manifest[name] = fingerprinted_name(name, fingerprint(path))
    return manifest


@dataclass(frozen=True)
class StaticAssets:
    """The app's static folder and the fingerprinted name of each file in it."""

    folder: Path
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def url_name(self, filename: str) -> str:
        """The name to link ``filename`` by: fingerprinted if it is a static file."""
        return self.names.get(filename, filename)


def _add_headers(headers: Headers, path: str, url: str) -> None:
    """Say "immutable" the project's way, and keep the header Flask responses carry."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = IMMUTABLE
    # WhiteNoise answers before Flask, so service.security's after_request never runs here.
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    """Fingerprint ``app``'s static files, link them by those names, and serve them.

    In debug mode nothing changes: Flask serves the plain names and picks up edits to the
    files, which WhiteNoise (it reads each file's size once, at start) would not.
    """
    if app.static_folder is None:
        return
    folder = Path(app.static_folder)
    serve_at_root(app, folder)
    if app.debug or not folder.is_dir():
        app.extensions["twofold.assets"] = StaticAssets(folder)
        return
    assets = StaticAssets(folder, MappingProxyType(build_manifest(folder)))
    app.extensions["twofold.assets"] = assets

    prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    immutable_urls = frozenset(prefix + name for name in assets.names.values())

    def is_immutable(path: str, url: str) -> bool:
        return url in immutable_urls

    def link_fingerprinted(endpoint: str, values: dict[str, Any]) -> None:
        filename = values.get("filename")
        if endpoint == "static" and isinstance(filename, str):
            values["filename"] = assets.url_name(filename)

    app.url_defaults(link_fingerprinted)

    whitenoise = WhiteNoise(
        app.wsgi_app,
        max_age=PLAIN_MAX_AGE,
        immutable_file_test=is_immutable,
        add_headers_function=_add_headers,
    )
    whitenoise.add_files(str(folder), prefix=prefix)
    # The same file under its fingerprinted URL; WhiteNoise's own Django integration
    # registers files by URL this way. Nothing is copied or written to disk.
    for name, hashed in assets.names.items():
        whitenoise.add_file_to_dictionary(prefix + hashed, str(folder / name))
    app.wsgi_app = whitenoise  # type: ignore[method-assign]


def serve_at_root(app: Flask, folder: Path) -> None:
    """Answer ``/favicon.ico`` and ``/robots.txt`` from the static folder, kept for a day."""
    for name in ROOT_FILES:
        if (folder / name).is_file():

            def root_file(name: str = name) -> Response:
                if name == "robots.txt":
                    return _robots_txt(folder / name)
                return send_from_directory(folder, name, max_age=ROOT_MAX_AGE)

            app.add_url_rule(f"/{name}", endpoint=f"root_{name}", view_func=root_file)


def _robots_txt(path: Path) -> Response:
    """``robots.txt`` as shipped, then the sitemap's address: crawlers need it absolute,
    so it is written for the host (and proxy) the request came through."""
    sitemap = url_for("reader.sitemap", _external=True)
    text = path.read_text(encoding="utf-8").rstrip("\n") + f"\nSitemap: {sitemap}\n"
    response = Response(text, mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = ROOT_MAX_AGE
    return response
