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
class Asked:
    """A reader's question as the article publishes it under "Readers asked".

    The question is a writer's rewording (a reader's own words may hold personal
    details); the answer is Markdown, written for laypeople always and for clinicians
    when they need another one (else they get the layperson answer: ``written_for``).
    """

    question: str
    answers: tuple[tuple[Audience, str], ...]

    def answer(self, audience: Audience) -> str | None:
        """The answer written for ``audience`` itself, if there is one."""
        return dict(self.answers).get(audience)


# The key "Readers asked" goes by wherever sections are listed: QA rows, the gate.
READERS_ASKED = "readers-asked"


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
    # Terms accepted in this article (``accept.txt``): no hard word or jargon findings.
    accepted_terms: tuple[str, ...] = ()
    # When the article is next due for review: kept per article, not per revision, so
    # setting it makes no new revision and is no part of the content's fingerprint.
    review_due: dt.date | None = None
    asked: tuple[Asked, ...] = ()
    figures: tuple[Figure, ...] = ()

    def title(self, audience: Audience) -> str:
        """The title for ``audience``, else the other audience's title."""
        return written_for(audience, dict(self.titles).get) or self.question

    def asked_section(self) -> Section | None:
        """The "Readers asked" list as a section per audience, scored like any other text.

        Each question is a heading (headings are no prose: the engine skips them), its
        answer a paragraph below. An audience gets a variant only where answers were
        written for it; None when the article publishes no answers.
        """
        variants = []
        for audience in Audience:
            written = [(a.question, text) for a in self.asked if (text := a.answer(audience))]
            if written:
                body = "\n\n".join(f"## {question}\n\n{text}" for question, text in written)
                variants.append(Variant(audience, "Readers asked", body))
        return Section(READERS_ASKED, tuple(variants)) if variants else None

    def scored_sections(self) -> tuple[Section, ...]:
        """Every text readability judges: the sections, then "Readers asked" if any."""
        asked = self.asked_section()
        return (*self.sections, asked) if asked else self.sections

    def figure(self, name: str) -> Figure | None:
        """The figure stored as ``figures/<name>``, if there is one."""
        return next((f for f in self.figures if f.name == name), None)
