"""HTTP caching of reader pages: validators, freshness, and what each kind of page may keep.

A reader page is the same bytes for everyone who asked for the same thing, so browsers
and shared caches may keep it. Its strong ``ETag`` hashes the deployed build, the
revisions it shows and the bytes themselves; ``Last-Modified`` is when its revision was
last published. Published pages are fresh for ``READER_CACHE_MAX_AGE`` seconds; pages
still pending review for ``READER_CACHE_PENDING_MAX_AGE`` (the board may approve any
minute); 404s briefly; everything else (errors, redirects, forms, staff) never.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request

from service.assets import ROOT_FILES
from service.build import build_id
from service.reader.page_cache import DIRECTIVE, Cacheable, PageCache, PageCacheMiddleware

NEVER = "no-store"
# Seconds a generation read stands while the publish signal stays put (SQLite): a safety
# net for a writer that could not move the signal.
SIGNAL_RECHECK = 1.0


class PageKind(enum.Enum):
    """How long a reader page may be kept, by what it shows."""

    PUBLISHED = "published"
    PENDING_REVIEW = "pending-review"
    NOT_FOUND = "not-found"


@dataclass(frozen=True)
class Freshness:
    """Seconds each kind of page stays fresh, and how long a stale one may stand in."""

    max_age: int
    stale_while_revalidate: int
    stale_if_error: int
    pending_max_age: int
    not_found_max_age: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Freshness:
        """Read the ``READER_CACHE_*`` settings."""
        return cls(
            max_age=int(config["READER_CACHE_MAX_AGE"]),
            stale_while_revalidate=int(config["READER_CACHE_STALE_WHILE_REVALIDATE"]),
            stale_if_error=int(config["READER_CACHE_STALE_IF_ERROR"]),
            pending_max_age=int(config["READER_CACHE_PENDING_MAX_AGE"]),
            not_found_max_age=int(config["READER_CACHE_NOT_FOUND_MAX_AGE"]),
        )

    def cache_control(self, kind: PageKind) -> str:
        """The ``Cache-Control`` value for a page of ``kind``."""
        if kind is PageKind.PUBLISHED:
            return (
                f"public, max-age={self.max_age}, "
                f"stale-while-revalidate={self.stale_while_revalidate}, "
                f"stale-if-error={self.stale_if_error}"
            )
        if kind is PageKind.PENDING_REVIEW:
            return f"public, max-age={self.pending_max_age}, stale-if-error={self.stale_if_error}"
        return f"public, max-age={self.not_found_max_age}"


def strong_etag(build: str, version: str, body: bytes) -> str:
    """An opaque validator that changes with the build, the revisions shown or any byte."""
    digest = hashlib.sha256()
    for part in (build.encode(), version.encode("utf-8"), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:32]


def reader_page(
    response: Response,
    *,
    kind: PageKind,
    version: str,
    last_modified: dt.datetime | None = None,
    vary_persona: bool = False,
) -> Response:
    """Make ``response`` cacheable: validators, freshness, and a place in the page cache.

    ``version`` names what the page shows (revision ids and statuses); ``vary_persona``
    says that the page follows the reader's persona cookie, so caches must key on it.
    """
    freshness: Freshness = current_app.extensions["twofold.freshness"]
    response.headers["Cache-Control"] = freshness.cache_control(kind)
    if vary_persona:
        response.vary.add("Cookie")
    etag = None
    if kind is not PageKind.NOT_FOUND:
        # Validators only for pages that exist: conditional requests do not apply to 404s.
        etag = strong_etag(build_id(current_app), version, response.get_data())
        response.set_etag(etag)
        if last_modified is not None:
            response.last_modified = last_modified
    request.environ[DIRECTIVE] = Cacheable(
        vary_persona=vary_persona,
        etag=etag,
        last_modified=response.last_modified if etag else None,
    )
    if etag:
        response.make_conditional(request)
    return response


def never_cache(response: Response) -> Response:
    """Responses that say nothing about caching are not to be kept anywhere."""
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = NEVER
    return response


def init_app(app: Flask) -> None:
    """Read the freshness settings and make responses say nothing is kept unless told."""
    app.extensions["twofold.freshness"] = Freshness.from_config(app.config)
    app.after_request(never_cache)


def serve_from_memory(app: Flask) -> None:
    """Put the page cache in front of everything else: call once the app is assembled.

    It is the outermost layer so that a stored page costs a dictionary lookup and the
    generation read, nothing more. ``PAGE_CACHE_MAX_BYTES`` of 0 turns it off (pages
    stay cacheable by browsers and proxies).
    """
    from service.storage.publication import GenerationReader, GenerationWatch
    from service.storage.publish_signal import PublishSignal

    max_bytes = int(app.config["PAGE_CACHE_MAX_BYTES"])
    if max_bytes <= 0:
        return
    cache = PageCache(max_bytes)
    engine = app.extensions["twofold.engine"]
    signal = PublishSignal.for_engine(engine)
    recheck = (
        SIGNAL_RECHECK if signal is not None else float(app.config["PAGE_CACHE_CHECK_INTERVAL"])
    )
    watch = GenerationWatch(GenerationReader(engine), signal, recheck)
    key_headers = ["wsgi.url_scheme", "HTTP_HOST"]
    if int(app.config.get("TRUSTED_PROXIES") or 0) > 0:
        key_headers += [f"HTTP_X_FORWARDED_{name}" for name in ("PROTO", "HOST", "PREFIX")]
    static = (app.static_url_path or "/static").rstrip("/") + "/"
    app.extensions["twofold.page_cache"] = cache
    app.extensions["twofold.generation_watch"] = watch
    app.wsgi_app = PageCacheMiddleware(  # type: ignore[method-assign]
        app.wsgi_app,
        cache,
        watch,
        persona_cookie=app.config["PERSONA_COOKIE"],
        personas=[p.id for p in app.extensions["twofold.personas"]],
        key_headers=key_headers,
        # Figures carry their own validators and never change: nothing to keep in memory.
        bypass=(static, "/staff/", "/figures/", "/healthz", *(f"/{name}" for name in ROOT_FILES)),
    )
