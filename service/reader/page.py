"""What an article page shows for one audience, gathered into one plain value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from service.content.model import Article, Asked, Figure, Reference, Status
from service.reader.rendering import (
    FigureView,
    first_citations,
    number_citations,
    render_markdown,
)
from service.reader.variant_choice import choose_variant
from service.storage.reviewers import PublicReviewer
from service.writing.audience import Audience, written_for

# The steps of the review tracker, in order; drafts are never shown to readers.
REVIEW_STEPS = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED)

SCHEMA_AUDIENCE = {Audience.LAYPERSON: "Patient", Audience.CLINICIAN: "Clinician"}

# Where a figure's image is served from: readers' URL for published pages, staff's for previews.
FigureUrl = Callable[[Figure], str]


@dataclass(frozen=True)
class SectionView:
    """A section as shown: its title, its HTML, and a note when it is a stand-in."""

    key: str
    title: str
    html: Markup
    shown: Audience
    is_fallback: bool


@dataclass(frozen=True)
class AskedView:
    """A reader's question under "Readers asked": its answer's HTML for this audience."""

    question: str
    html: Markup
    shown: Audience
    is_fallback: bool


@dataclass(frozen=True)
class NumberedReference:
    """A reference with the number its citations use."""

    number: int
    reference: Reference
    cited: bool = False  # cited in the text: the list links back to the first citation

    @property
    def doi_url(self) -> str | None:
        """The DOI as a resolvable link, when there is one."""
        return f"https://doi.org/{self.reference.doi}" if self.reference.doi else None

    @property
    def pubmed_url(self) -> str | None:
        """The PubMed link, when there is a PMID."""
        pmid = self.reference.pmid
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else None


@dataclass(frozen=True)
class ReviewStep:
    """One step of the tracker and whether the article has reached it."""

    status: Status
    reached: bool
    current: bool


@dataclass(frozen=True)
class ArticlePage:
    """Everything the article template needs, for one article in one audience."""

    article: Article
    audience: Audience
    title: str
    sections: tuple[SectionView, ...]
    references: tuple[NumberedReference, ...]
    review_steps: tuple[ReviewStep, ...]
    # Who approved the revision shown, when they are named to readers; else the board.
    reviewer: PublicReviewer | None = None

    @property
    def credited(self) -> PublicReviewer | None:
        """The named reviewer the page credits: only for an approved article."""
        return self.reviewer if self.article.status is Status.APPROVED else None

    asked: tuple[AskedView, ...] = ()

    @property
    def pending_review(self) -> bool:
        """True until the Medical Advisory Board has approved the article."""
        return self.article.status is not Status.APPROVED


def review_steps(status: Status) -> tuple[ReviewStep, ...]:
    """The tracker: steps up to and including ``status`` are reached."""
    index = REVIEW_STEPS.index(status) if status in REVIEW_STEPS else -1
    return tuple(
        ReviewStep(status=step, reached=i <= index, current=i == index)
        for i, step in enumerate(REVIEW_STEPS)
    )


def build_page(
    article: Article,
    audience: Audience,
    reviewer: PublicReviewer | None = None,
    *,
    figure_url: FigureUrl | None = None,
) -> ArticlePage:
    """The page for ``article`` in ``audience``: fallbacks applied, citations numbered;
    ``reviewer`` is who approved it, when they are named to readers.

    Figures show the image ``figure_url`` gives; without it they show their alt text.
    """
    figures = (
        tuple(
            FigureView(f.name, figure_url(f), f.width, f.height, f.credit) for f in article.figures
        )
        if figure_url is not None
        else ()
    )
    chosen = [(section, choose_variant(section, audience)) for section in article.sections]
    answers = [_answer_for(asked, audience) for asked in article.asked]
    bodies = [c.variant.body for _, c in chosen]
    numbers = number_citations(bodies + [text for text, _ in answers], article.references)
    firsts = first_citations(bodies + [text for text, _ in answers], numbers)
    sections = tuple(
        SectionView(
            key=section.key,
            title=c.variant.title,
            html=render_markdown(c.variant.body, numbers, first_citations=first, figures=figures),
            shown=c.variant.audience,
            is_fallback=c.is_fallback,
        )
        for (section, c), first in zip(chosen, firsts[: len(chosen)], strict=True)
    )
    asked = tuple(
        AskedView(
            question=item.question,
            # Under the list's <h2> and each question's <h3>: an answer's headings start at <h4>.
            html=render_markdown(text, numbers, heading_offset=3, first_citations=first),
            shown=shown,
            is_fallback=shown is not audience,
        )
        for item, (text, shown), first in zip(
            article.asked, answers, firsts[len(chosen) :], strict=True
        )
    )
    cited = frozenset().union(*firsts)
    by_key = {r.key: r for r in article.references}
    references = tuple(
        NumberedReference(number=n, reference=by_key[key], cited=key in cited)
        for key, n in numbers.items()
    )
    return ArticlePage(
        article=article,
        audience=audience,
        title=article.title(audience),
        sections=sections,
        references=references,
        review_steps=review_steps(article.status),
        reviewer=reviewer,
        asked=asked,
    )


def _answer_for(asked: Asked, audience: Audience) -> tuple[str, Audience]:
    """The answer for ``audience``, else the other one's (the one fallback rule), and whose."""
    text = written_for(audience, asked.answer) or ""
    return text, audience if asked.answer(audience) else audience.other


def json_ld(page: ArticlePage, url: str, locale: str) -> dict[str, Any]:
    """schema.org ``MedicalWebPage`` data for the page, for search engines."""
    article = page.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "url": url,
        "inLanguage": locale,
        "dateModified": article.updated.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": SCHEMA_AUDIENCE[page.audience]},
        "citation": [
            {
                "@type": "ScholarlyArticle",
                "name": n.reference.title,
                **({"isPartOf": n.reference.journal} if n.reference.journal else {}),
                **({"datePublished": str(n.reference.year)} if n.reference.year else {}),
                **({"sameAs": n.doi_url} if n.doi_url else {}),
            }
            for n in page.references
        ],
    }
    if article.topic:
        data["about"] = {"@type": "MedicalEntity", "name": article.topic}
    if article.status is Status.APPROVED and article.reviewed:
        data["lastReviewed"] = _iso(article.reviewed)
    if page.credited is not None:
        data["reviewedBy"] = _person(page.credited)
    elif article.status is Status.APPROVED and article.reviewed_by:
        data["reviewedBy"] = {"@type": "Organization", "name": article.reviewed_by}
    return data


def _person(reviewer: PublicReviewer) -> dict[str, str]:
    """schema.org ``Person`` data for a named reviewer."""
    data = {"@type": "Person", "name": reviewer.name}
    if reviewer.credentials:
        data["honorificSuffix"] = reviewer.credentials
    return data


def _iso(value: dt.date) -> str:
    return value.isoformat()
