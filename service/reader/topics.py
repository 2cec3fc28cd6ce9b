"""Topics readers browse by: the bundle's ``topic`` names, each with a stable URL slug.

A topic's slug is a pure function of its name, so its URL never needs storing and stays
the same for as long as the name does: Unicode letters and digits are kept (lower-cased,
in one normal form), every run of anything else becomes one hyphen. "Respiratory
medicine" is ``respiratory-medicine``; "Dermatología" keeps its ``í``. Names that only
differ in case or punctuation share a slug and so are one topic to readers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from service.storage.listing import TopicCount

_NOT_WORD = re.compile(r"[\W_]+")


def topic_slug(name: str) -> str:
    """The URL slug of topic ``name``: lower-case words joined by hyphens, Unicode kept."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", name).casefold())
    slug = _NOT_WORD.sub("-", folded).strip("-")
    if slug:
        return slug
    # A name of punctuation alone still needs an address of its own, the same every time.
    return "topic-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Topic:
    """A topic as readers see it: one slug, the name shown, the stored names it covers."""

    slug: str
    name: str
    names: tuple[str, ...]
    count: int


def group_topics(counts: Iterable[TopicCount]) -> list[Topic]:
    """``counts`` gathered by slug, by name; each shows its most used spelling."""
    by_slug: dict[str, list[TopicCount]] = {}
    for item in counts:
        by_slug.setdefault(topic_slug(item.name), []).append(item)
    topics = [
        Topic(
            slug=slug,
            name=min(items, key=lambda t: (-t.count, t.name)).name,
            names=tuple(sorted(t.name for t in items)),
            count=sum(t.count for t in items),
        )
        for slug, items in by_slug.items()
    ]
    return sorted(topics, key=lambda t: (t.name.casefold(), t.slug))


def find_topic(topics: Iterable[Topic], given: str) -> Topic | None:
    """The topic a URL's slug names, whatever its case or normal form; None if none."""
    wanted = topic_slug(given)
    return next((topic for topic in topics if topic.slug == wanted), None)
