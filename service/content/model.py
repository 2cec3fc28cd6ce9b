"""Frozen values for an article as writers author it: the bundle, in memory."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from service.writing.audience import Audience, written_for


class Status(enum.StrEnum):
    """Where an article stands in review."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under-review"
    APPROVED = "approved"

    @property
    def is_public(self) -> bool:
        """Readers may see revisions that were submitted or later; never drafts."""
        return self is not Status.DRAFT


@dataclass(frozen=True)
class Reference:
    """One entry of an article's reference list."""

    key: str
    title: str
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Variant:
    """A section written for one audience: a title and a Markdown body."""

    audience: Audience
    title: str
    body: str


@dataclass(frozen=True)
class Section:
    """One section of an article, with a variant per audience (one may be missing)."""

    key: str
    variants: tuple[Variant, ...]

    def variant(self, audience: Audience) -> Variant | None:
        """The variant written for ``audience``, if there is one."""
        return next((v for v in self.variants if v.audience is audience), None)


@dataclass(frozen=True)
class Figure:
    """An image in the bundle's ``figures/`` folder, known by the SHA-256 of its bytes.

    ``data`` holds the bytes when they were read from a bundle; values read back from
    the database leave it out (the bytes stay stored once, by ``digest``), so it takes
    no part in comparisons: equal digests are equal bytes.
    """

    name: str
    digest: str
    media_type: str
    width: int
    height: int
    credit: str | None = None
    data: bytes | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Article:
    """A whole article in one locale: what ``variants/<locale>/<slug>/`` holds."""

    locale: str
    slug: str
    question: str
    titles: tuple[tuple[Audience, str], ...]
    topic: str | None
    status: Status
    updated: dt.date
    sections: tuple[Section, ...]
    references: tuple[Reference, ...] = ()
    reviewed: dt.date | None = None
    reviewed_by: str | None = None
    figures: tuple[Figure, ...] = ()

    def title(self, audience: Audience) -> str:
        """The title for ``audience``, else the other audience's title."""
        return written_for(audience, dict(self.titles).get) or self.question

    def figure(self, name: str) -> Figure | None:
        """The figure stored as ``figures/<name>``, if there is one."""
        return next((f for f in self.figures if f.name == name), None)
