"""Defaults for every setting, in one place; instance config and environment override them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.i18n import N_

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    # Overridden by the SECRET_KEY environment variable in production.
    "SECRET_KEY": "dev-only-secret-change-me",
    # None means an SQLite file in the instance folder.
    "DATABASE_URL": None,
    "VARIANTS_PATH": str(PROJECT_ROOT / "variants"),
    # Load the bundled variants into an empty database on first start.
    "LOAD_BUNDLED_VARIANTS": True,
    # Interface languages with complete catalogs; the first match of a URL prefix wins.
    "LOCALES": ("en", "es", "de"),
    "LOCALE_COOKIE": "twofold_locale",
    "DEFAULT_LOCALE": "en",
    "PERSONAS": (
        {"id": "patient", "label": N_("Patient"), "audience": "layperson"},
        {"id": "caregiver", "label": N_("Family member or caregiver"), "audience": "layperson"},
        {"id": "clinician", "label": N_("Healthcare professional"), "audience": "clinician"},
        {"id": "student", "label": N_("Medical student or researcher"), "audience": "clinician"},
    ),
    "PERSONA_COOKIE": "twofold_persona",
    "PERSONA_COOKIE_MAX_AGE": 365 * 24 * 60 * 60,
    # Who approvals are credited to on reader pages ("reviewedBy" in the JSON-LD).
    "REVIEW_BOARD_NAME": N_("Medical Advisory Board"),
    # An approval stands this many days; then the article is listed as past its review date.
    "REVIEW_INTERVAL_DAYS": 365,
    # Reader questions: at most this many characters.
    "QUESTION_MAX_LENGTH": 2000,
    # ...and at most QUESTION_LIMIT from one client within QUESTION_LIMIT_WINDOW seconds.
    "QUESTION_LIMIT": 5,
    "QUESTION_LIMIT_WINDOW": 10 * 60,
    # Whole request bodies: anything larger is refused with 413 before parsing.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    # Failed staff logins allowed per account or address within the window (seconds).
    "LOGIN_ATTEMPT_LIMIT": 5,
    # Staff sessions end after this many seconds without a request.
    "STAFF_SESSION_IDLE_TIMEOUT": 30 * 60,
    "LOGIN_ATTEMPT_WINDOW": 15 * 60,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    # Figures: a bundle image larger than this many bytes is refused at load. Served
    # figures never change at their URL (it names their SHA-256), so caches keep them a year.
    "FIGURE_MAX_BYTES": 2 * 1024 * 1024,
    "FIGURE_CACHE_MAX_AGE": 365 * 24 * 60 * 60,
    # Reader search: articles listed per page of results.
    "SEARCH_PAGE_SIZE": 10,
    # ...ranked by relevance up to this many matches; beyond it, title matches first, then
    # the newest (ranking thousands of matches costs more than a reader should wait).
    "SEARCH_RANKED_LIMIT": 1000,
    # Reader pages in browsers and shared caches (seconds). Published pages stay fresh for
    # READER_CACHE_MAX_AGE, then may be served stale while one request revalidates them;
    # pages pending review and 404s are kept briefly, since they are likely to change soon.
    "READER_CACHE_MAX_AGE": 300,
    "READER_CACHE_STALE_WHILE_REVALIDATE": 60,
    "READER_CACHE_STALE_IF_ERROR": 24 * 60 * 60,
    "READER_CACHE_PENDING_MAX_AGE": 30,
    "READER_CACHE_NOT_FOUND_MAX_AGE": 60,
    # The in-memory page cache of each worker: at most this many bytes (0 turns it off).
    # Bounded so that a worker stays within 150 MB however large the library (the app
    # itself takes about 110 MB, the readability engine's dictionaries included).
    "PAGE_CACHE_MAX_BYTES": 24 * 1024 * 1024,
    # PostgreSQL: seconds between reads of the publication generation; 0 reads it on every
    # request, so a publish anywhere is seen by the very next request. (SQLite needs no
    # such trade: a publish signal beside the database file says when to read it.)
    "PAGE_CACHE_CHECK_INTERVAL": 0.0,
    # Articles on each page of the reader's index and topic pages.
    "READER_PAGE_SIZE": 50,
    # URLs in each file of the sitemap (the protocol allows 50,000): past this many,
    # /sitemap.xml becomes a sitemap index naming /sitemaps/<n>.xml.
    "SITEMAP_URLS_PER_FILE": 5000,
    # Identifies the deployed release in ETags; None computes it from the code's contents.
    "BUILD_ID": None,
    # Reverse proxies in front of the app whose X-Forwarded-* headers to trust (0: none).
    "TRUSTED_PROXIES": 0,
}

# Environment variables read at start-up, and the setting each one fills.
ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "VARIANTS_PATH", "BUILD_ID", "TRUSTED_PROXIES")
