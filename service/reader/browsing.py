"""What the index and topic pages show besides their page of articles, once per publish.

A list page prints one page of articles (``storage.listing.page``, cheap) and facts
about the whole list: its topics, how many articles it has, when it last changed.
Those need the whole language's articles, so they are kept in memory, keyed by the
publication generation: every change readers could see moves the generation in the
same transaction, so a kept fact is never stale, and a publish costs one new count.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from flask import current_app
from sqlalchemy.orm import Session

from service.reader.topics import Topic, group_topics
from service.storage import listing, publication

T = TypeVar("T")
# Facts kept at most, per app; lists are few (a language's index and its topics).
KEPT = 1024


@dataclass(frozen=True)
class ListFacts:
    """How many articles a list has, and when it last changed for readers."""

    total: int
    changed: dt.datetime | None


class GenerationMemo:
    """Values computed once per publication generation, forgotten when it moves."""

    def __init__(self, limit: int = KEPT) -> None:
        self.limit = limit
        self._generation: int | None = None
        self._values: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key`` at ``generation``; computed and kept on a miss."""
        with self._lock:
            if generation != self._generation or len(self._values) >= self.limit:
                self._values = {}
                self._generation = generation
            if key in self._values:
                return cast(T, self._values[key])
        value = compute()
        with self._lock:
            # A publish seen meanwhile started a new generation: keep nothing for the old one.
            if generation == self._generation:
                self._values[key] = value
        return value


def _memo() -> GenerationMemo:
    memo = current_app.extensions.get("twofold.browsing")
    if memo is None:
        memo = current_app.extensions.setdefault("twofold.browsing", GenerationMemo())
    return cast(GenerationMemo, memo)


def topics(session: Session, locale: str) -> list[Topic]:
    """The topics of ``locale``'s published articles, with their counts."""
    generation = publication.generation(session)
    return _memo().get(
        generation,
        ("topics", locale),
        lambda: group_topics(listing.topic_counts(session, locale)),
    )


def list_facts(session: Session, locale: str, topic: Topic | None = None) -> ListFacts:
    """How many articles ``locale`` publishes (in ``topic``), and when that list changed."""
    generation = publication.generation(session)
    names = topic.names if topic is not None else None

    def compute() -> ListFacts:
        return ListFacts(
            listing.count(session, locale, names), listing.last_published(session, locale, names)
        )

    return _memo().get(generation, ("facts", locale, names), compute)


def published_total(session: Session, locales: Sequence[str]) -> int:
    """How many articles readers can see in all of ``locales``: what the sitemap lists."""
    generation = publication.generation(session)
    key = ("total", tuple(locales))
    return _memo().get(generation, key, lambda: listing.count_all(session, locales))
