"""A figure's image as an HTTP response: kept by every cache for as long as it likes.

A figure's URL names the SHA-256 of its bytes, so what a URL serves never changes: a
new picture gets a new URL. Browsers and shared caches may keep it a year without
asking again (``immutable``); the digest is its strong ETag, so a revalidation is a
``304`` with no body.
"""

from __future__ import annotations

from flask import Response, current_app, request

from service.storage.figures import FigureFile


def figure_response(figure: FigureFile, name: str, *, shared: bool) -> Response:
    """``figure``'s bytes as ``name``; ``shared`` says whether shared caches may keep it."""
    max_age = int(current_app.config["FIGURE_CACHE_MAX_AGE"])
    response = Response(figure.data, mimetype=figure.media_type)
    scope = "public" if shared else "private"
    response.headers["Cache-Control"] = f"{scope}, max-age={max_age}, immutable"
    # The bytes' own type, never guessed: the loader took only PNG, JPEG, GIF and WebP.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.set("Content-Disposition", "inline", filename=name)
    response.set_etag(figure.digest)
    response.make_conditional(request)
    return response
