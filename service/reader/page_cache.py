"""The page cache: reader pages rendered once, then served from memory in front of Flask.

A reader view that marks its response cacheable (``http_cache.reader_page``) leaves a
``Cacheable`` note in the WSGI environ; this middleware keeps the response's bytes and
headers, keyed by scheme, host, path and, for pages that follow the persona cookie,
the persona. Later requests for the same key get the stored bytes without entering
Flask at all, including ``304`` answers to conditional requests.

Freshness comes from the database's publication generation (``storage.publication``),
read on every request: a publish from any worker, instance or CLI run moves it, and
the next request finds the cache emptied. Memory is bounded: least recently used
pages are dropped once the stored bytes pass ``PAGE_CACHE_MAX_BYTES``.

Only ``GET`` and ``HEAD`` requests are looked up, without a query string or with a
list's page number alone as its links write it (``page=2``); responses that set a
cookie are never stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.http import is_resource_modified, parse_cookie

DIRECTIVE = "twofold.page_cache"
# Per-entry bookkeeping beyond the body and headers, so the bound reflects real memory.
ENTRY_OVERHEAD = 1024
# Cookie headers whose persona is remembered; the memo starts over when full.
PERSONAS_REMEMBERED = 4096
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# Headers a 304 repeats (RFC 9110 15.4.5); the body's own headers are left out.
NOT_MODIFIED_KEEPS = frozenset(
    {"cache-control", "content-location", "etag", "expires", "last-modified", "vary"}
)

# The one query string kept: a list's page number (``service.pagination``), nothing else,
# so a tracking parameter never fills the cache with copies.
PAGE_QUERY = re.compile(r"page=[1-9][0-9]{0,8}")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
Key = tuple[str | None, ...]


@dataclass(frozen=True)
class Cacheable:
    """What a reader view says about its response: it may be kept, and how it varies."""

    vary_persona: bool
    etag: str | None
    last_modified: dt.datetime | None


@dataclass(frozen=True)
class CachedPage:
    """One stored response: status line, headers, bytes and validators."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    last_modified: dt.datetime | None
    not_modified_headers: list[tuple[str, str]] = field(default_factory=list)

    @functools.cached_property
    def etag_header(self) -> str | None:
        """The ETag as sent, and as a browser echoes it in If-None-Match."""
        return None if self.etag is None else f'"{self.etag}"'

    @property
    def size(self) -> int:
        """Bytes this entry holds, roughly: body, headers and bookkeeping."""
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + ENTRY_OVERHEAD


@dataclass
class CacheStats:
    """Counters for the benchmark and operators."""

    hits: int = 0
    misses: int = 0
    stores: int = 0
    evictions: int = 0
    clears: int = 0


class PageCache:
    """Stored pages by key, least recently used first out, within ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._pages: OrderedDict[Key, CachedPage] = OrderedDict()
        self._varies_on_persona: set[Key] = set()
        self._bytes = 0
        self._peak_bytes = 0
        self._generation: int | None = None
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    @property
    def peak_bytes(self) -> int:
        """The most bytes held at any time since the cache was made."""
        return self._peak_bytes

    def __len__(self) -> int:
        return len(self._pages)

    def sync(self, generation: int) -> None:
        """Forget every page when the publication generation has moved."""
        if generation == self._generation:
            return
        with self._lock:
            if generation != self._generation:
                if self._pages:
                    self.stats.clears += 1
                self._pages.clear()
                self._varies_on_persona.clear()
                self._bytes = 0
                self._generation = generation

    def varies_on_persona(self, key: Key) -> bool:
        """True when the page at ``key`` was stored per persona."""
        return key in self._varies_on_persona

    def get(self, key: Key) -> CachedPage | None:
        """The stored page, now the most recently used; ``None`` when there is none.

        No lock on this, the hot path: each OrderedDict call is atomic under the GIL, so a
        reader never waits for a writer, and a page evicted between the two calls is
        simply served once more. The counters are approximate under threads.
        """
        pages = self._pages
        page = pages.get(key)
        if page is None:
            self.stats.misses += 1
            return None
        try:  # noqa: SIM105 - a context manager here would cost more than the lookup
            pages.move_to_end(key)
        except KeyError:
            pass
        self.stats.hits += 1
        return page

    def put(self, key: Key, page: CachedPage, generation: int, *, persona_of: Key) -> None:
        """Store ``page`` if it was rendered at the current generation and fits at all."""
        if page.size > self.max_bytes:
            return
        with self._lock:
            if generation != self._generation:
                return  # rendered before a publish this cache has already seen
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._pages[key] = page
            self._bytes += page.size
            if key != persona_of:
                self._varies_on_persona.add(persona_of)
            self.stats.stores += 1
            while self._bytes > self.max_bytes and self._pages:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= evicted.size
                self.stats.evictions += 1
            self._peak_bytes = max(self._peak_bytes, self._bytes)


class PageCacheMiddleware:
    """Serves stored reader pages before Flask; stores the ones reader views mark."""

    def __init__(
        self,
        app: WSGIApp,
        cache: PageCache,
        generation: Callable[[], int],
        *,
        persona_cookie: str,
        personas: Iterable[str],
        key_headers: Iterable[str] = ("wsgi.url_scheme", "HTTP_HOST"),
        bypass: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation
        self.persona_cookie = persona_cookie
        self.personas = frozenset(personas)
        # Everything a page's bytes depend on besides its path: scheme and host (links),
        # and the forwarded ones when a trusted proxy sets them.
        self.key_headers = tuple(key_headers)
        # Path prefixes that are never reader pages (static files, staff): straight through.
        self.bypass = tuple(bypass)
        self._personas_seen: dict[str, str] = {}

    def persona(self, environ: dict[str, Any]) -> str:
        """The persona id the request's cookie names, as the app reads it; "" for none.

        Parsed by Werkzeug, as Flask parses it, so the cache and the page always agree;
        the answers for the Cookie headers seen last are remembered (they repeat).
        """
        header = environ.get("HTTP_COOKIE", "")
        if self.persona_cookie not in header:
            return ""
        known = self._personas_seen.get(header)
        if known is not None:
            return known
        value = parse_cookie(header).get(self.persona_cookie, "")
        persona = value if value in self.personas else ""
        if len(self._personas_seen) >= PERSONAS_REMEMBERED:
            self._personas_seen.clear()
        self._personas_seen[header] = persona
        return persona

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        path: str = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING")
        if (
            (method != "GET" and method != "HEAD")
            or (query and not PAGE_QUERY.fullmatch(query))
            or path.startswith(self.bypass)
        ):
            return self.app(environ, start_response)
        if query:
            path = f"{path}?{query}"
        # None for a header the request lacks: map() keeps the hot path in C.
        path_key: Key = (path, *map(environ.get, self.key_headers))
        key = path_key
        if self.cache.varies_on_persona(path_key):
            key = (*path_key, self.persona(environ))
        try:
            generation = self.generation()
        except Exception:  # the database is down: let the app answer (and log) as usual
            return self.app(environ, start_response)
        self.cache.sync(generation)
        page = self.cache.get(key)
        if page is not None:
            return serve(page, environ, start_response)
        if method == "HEAD":
            return self.app(environ, start_response)
        return self._render_and_store(environ, start_response, path_key, generation)

    def _render_and_store(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        path_key: Key,
        generation: int,
    ) -> Iterable[bytes]:
        # Render the full page even for a conditional request, so it can be stored;
        # the stored copy then answers the condition.
        conditions = {name: environ.pop(name) for name in CONDITIONAL_HEADERS if name in environ}
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            return lambda _data: None  # nothing writes through this; bodies are returned

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status: str = captured["status"]
        headers: list[tuple[str, str]] = captured["headers"]
        directive: Cacheable | None = environ.get(DIRECTIVE)
        storable = (
            directive is not None
            and status[:3] in ("200", "404")
            and not any(name.lower() == "set-cookie" for name, _ in headers)
        )
        if not storable or directive is None:
            start_response(status, headers)
            return [body]
        page = CachedPage(
            status=status,
            # The server dates each response it sends; a stored Date would be a stale second one.
            headers=[(k, v) for k, v in headers if k.lower() != "date"],
            body=body,
            etag=directive.etag,
            last_modified=directive.last_modified,
            not_modified_headers=[(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_KEEPS],
        )
        key = (*path_key, self.persona(environ)) if directive.vary_persona else path_key
        self.cache.put(key, page, generation, persona_of=path_key)
        environ.update(conditions)
        return serve(page, environ, start_response)


def serve(page: CachedPage, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    """Answer from a stored page: ``304`` when the request's validators still match."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if page.etag is not None and (
        # The usual revalidation echoes the ETag as it was sent: no parsing needed.
        if_none_match == page.etag_header
        or (
            (if_none_match is not None or "HTTP_IF_MODIFIED_SINCE" in environ)
            and not is_resource_modified(environ, etag=page.etag, last_modified=page.last_modified)
        )
    ):
        start_response("304 Not Modified", page.not_modified_headers)
        return []
    # The stored lists are handed over as they are: servers read them, never change them.
    start_response(page.status, page.headers)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [page.body]
