"""Checked revisions: score what is not checked yet, keep its figures and verdict, read rows.

A revision is checked once per engine and policy (:func:`current_fingerprint`): its
variants' figures go to ``variant_scores`` and its worst verdict to
``revision_verdicts``, together. After that, ``readability check``, the QA pages and
the staff lists read those rows and score nothing: an unchanged library costs a few
queries, however large. Whenever a whole revision is scored — the check, the QA pages,
the submit gate — it is recorded here.

A revision's verdict is the worst of its variants'. A missing variant counts for
nothing, as in the check's exit code: the QA report lists it apart.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy.orm import Session

from service.content.model import READERS_ASKED, Article, Status
from service.quality.report import METRIC_PREFIX, PLAIN_COLUMNS, MissingVariant, VariantScore
from service.quality.scores import engine_fingerprint, policy_fingerprint
from service.quality.summaries import METRIC_NAMES, Item, Scorer, Summary, score, summarize
from service.readability import Policy, Report, Verdict, check_markdown
from service.readability.formulas import Counts
from service.readability.languages import Language, get_language
from service.readability.policy import default_policy
from service.readability.scores import SMALL_SAMPLE_WORDS
from service.storage import variant_scores
from service.storage.variant_scores import ALL, Figures, Filters, StoredRow
from service.writing.audience import Audience

# Revisions read from the database and sent to the workers at a time.
BATCH = 200


def current_fingerprint(policy: Policy | None = None) -> str:
    """The engine and policy verdicts are made by now: what ``revision_verdicts.engine``
    holds for a revision checked by them (64 hex digits).

    Lists that filter by verdict join ``storage.revision_verdicts.current_for(revision_id,
    current_fingerprint())``: a revision checked by another engine or policy is "not
    checked".
    """
    policy = policy or default_policy()
    parts = f"{engine_fingerprint()}\x00{policy_fingerprint(policy)}"
    return hashlib.sha256(parts.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Place:
    """One variant of a revision to score: where it sits, and the text to send."""

    section: str
    audience: Audience
    position: int
    item: Item


def places(article: Article) -> list[Place]:
    """Every variant ``article`` has, in article order, as texts for the engine."""
    found = []
    for position, section in enumerate(article.scored_sections()):
        for variant in section.variants:
            item = (variant.body, variant.audience.value, article.locale, article.accepted_terms)
            found.append(Place(section.key, variant.audience, position, item))
    return found


def verdict_of(summaries: Sequence[Summary]) -> str:
    """A revision's verdict: the worst of its variants' (pass when it has none)."""
    worst = Verdict.PASS
    for summary in summaries:
        verdict = Verdict(summary.verdict)
        if verdict.rank > worst.rank:
            worst = verdict
    return worst.value


def _figures(found: Sequence[Place], summaries: Sequence[Summary]) -> list[Figures]:
    return [
        Figures(p.section, p.audience.value, p.position, *summary)
        for p, summary in zip(found, summaries, strict=True)
    ]


def record_article(
    session: Session, revision_id: int, article: Article, summaries: Sequence[Summary]
) -> str:
    """Store ``article``'s figures (one summary per :func:`places`) as ``revision_id``
    checked now, and return its verdict. Joins ``session``'s transaction."""
    verdict = verdict_of(summaries)
    variant_scores.record(
        session,
        {revision_id: _figures(places(article), summaries)},
        {revision_id: verdict},
        current_fingerprint(),
    )
    return verdict


def record_reports(
    session: Session, revision_id: int, article: Article, reports: dict[Item, Report]
) -> str:
    """Record ``article`` from whole reports a page scored anyway (keyed by item)."""
    found = places(article)
    return record_article(
        session, revision_id, article, [summarize(reports[p.item]) for p in found]
    )


def check_article(session: Session, revision_id: int, article: Article) -> str:
    """Score every variant of ``article`` here and record it as ``revision_id``: the gate's
    check of one submission. Returns the verdict."""
    summaries = [score(p.item) for p in places(article)]
    return record_article(session, revision_id, article, summaries)


def _validate(articles: Sequence[Article]) -> None:
    """Raise the engine's own error for a language or audience it cannot judge, here,
    before any text goes to a worker."""
    for locale in {a.locale for a in articles}:
        for audience in Audience:
            check_markdown("", audience, locale)


def check_revisions(
    session: Session,
    revision_ids: Sequence[int],
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[int]:
    """Score and record each of ``revision_ids``, a batch at a time, on ``jobs`` processes.

    Yields after each batch is recorded (how many revisions it held), so the caller can
    commit; ``progress(n)`` is called as articles are done. While the workers score one
    batch, the next is read from the database.
    """
    tick = progress or (lambda _n: None)
    engine = current_fingerprint()
    articles = variant_scores.articles_of(session, revision_ids)
    pending: deque[tuple[list[tuple[int, Article, list[Place]]], Iterator[Summary]]] = deque()
    with Scorer(jobs) as scorer:
        while True:
            batch = [(rid, a, places(a)) for rid, a in _take(articles, BATCH)]
            if batch:
                _validate([a for _, a, _ in batch])
                items = [p.item for _, _, found in batch for p in found]
                pending.append((batch, scorer.submit(items)))
            if pending and (len(pending) > 1 or not batch):
                done, summaries = pending.popleft()
                checked: dict[int, list[Figures]] = {}
                verdicts: dict[int, str] = {}
                for rid, _article, found in done:
                    mine = [next(summaries) for _ in found]
                    checked[rid] = _figures(found, mine)
                    verdicts[rid] = verdict_of(mine)
                    tick(1)
                variant_scores.record(session, checked, verdicts, engine)
                yield len(done)
            if not batch and not pending:
                return


def _take(iterator: Iterator[tuple[int, Article]], n: int) -> list[tuple[int, Article]]:
    taken = []
    for pair in iterator:
        taken.append(pair)
        if len(taken) == n:
            break
    return taken


def scales(session: Session) -> dict[str, tuple[str, bool]]:
    """Each locale of the library with the scale its figure is read on and its direction."""
    found = {}
    for locale in variant_scores.locales(session):
        try:
            language = get_language(locale)
        except ValueError:
            continue
        found[locale] = (language.scale, language.higher_is_easier)
    return found


@functools.cache
def _language(locale: str) -> Language:
    """The engine's language of ``locale``, looked up once per locale, not once per row."""
    return get_language(locale)


def variant_score(row: StoredRow) -> VariantScore:
    """The QA row of a stored variant: the same value scoring it again would give."""
    audience = Audience(row.audience)
    titles = {Audience.LAYPERSON: row.title_layperson, Audience.CLINICIAN: row.title_clinician}
    title = titles[audience] or titles[audience.other] or row.question
    language = _language(row.locale)
    summary = Summary(row.grade, row.verdict, row.words, row.sentences, row.findings, row.metrics)
    return VariantScore(
        locale=row.locale,
        slug=row.slug,
        article_title=title,
        status=Status(row.status),
        section=row.section_key,
        section_title=row.section_title or "Readers asked",
        audience=audience,
        grade=row.grade,
        verdict=Verdict(row.verdict),
        words=row.words,
        sentences=row.sentences,
        findings=row.findings,
        small_sample=row.words < SMALL_SAMPLE_WORDS,
        consensus=language.consensus_formula,
        scale=language.scale,
        higher_is_easier=language.higher_is_easier,
        metrics=summary.metric_pairs(),
    )


def stored_rows(
    session: Session,
    filters: Filters = ALL,
    *,
    sort: str = "place",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> Iterator[VariantScore]:
    """The checked rows ``filters`` keep, sorted and paged, streamed from the database."""
    for row in variant_scores.rows(
        session,
        current_fingerprint(),
        filters,
        sort=sort,
        descending=descending,
        scales=scales(session),
        offset=offset,
        limit=limit,
    ):
        yield variant_score(row)


def stored_missing(
    session: Session, *, locale: str | None = None, audiences: Sequence[Audience] = tuple(Audience)
) -> list[MissingVariant]:
    """Sections of checked articles that lack a variant for one of ``audiences``."""
    return [
        MissingVariant(loc, slug, section, Audience(audience))
        for loc, slug, section, audience in variant_scores.missing(
            session,
            current_fingerprint(),
            locale=locale,
            audiences=[a.value for a in audiences],
            exempt=(READERS_ASKED,),
        )
    ]


def unchecked(session: Session, *, locale: str | None = None) -> list[int]:
    """The newest revisions (in ``locale``) not checked by the current engine and policy."""
    return variant_scores.unchecked(session, current_fingerprint(), locale=locale)


def worst_verdict(session: Session, filters: Filters = ALL) -> Verdict:
    """The worst verdict of the checked rows ``filters`` keep: pass when there are none."""
    worst = variant_scores.worst(session, current_fingerprint(), filters)
    return Verdict(worst) if worst else Verdict.PASS


def stored_count(session: Session, filters: Filters = ALL) -> int:
    """How many checked rows ``filters`` keep."""
    return variant_scores.count(session, current_fingerprint(), filters)


def _defined_metrics(locale: str) -> list[str]:
    """The formulas ``locale``'s language defines (on text with words and sentences)."""
    counts = Counts(1, 10, 15, 50, 1, 1, 1, 8, 1)
    defined = get_language(locale).metrics(counts).as_dict()
    return [name for name in METRIC_NAMES if name in defined]


def export_columns(session: Session, filters: Filters = ALL) -> list[str]:
    """The CSV columns of the rows ``filters`` keep, known before the first row: the plain
    fields, then every metric the rows' languages define, in the engine's order."""
    locales = [filters.locale] if filters.locale else list(scales(session))
    defined = {name for locale in locales for name in _defined_metrics(locale)}
    return list(PLAIN_COLUMNS) + [
        f"{METRIC_PREFIX}{name}" for name in METRIC_NAMES if name in defined
    ]


def newest_revision_id(session: Session, locale: str, slug: str) -> int | None:
    """The id of ``locale/slug``'s newest revision, None when there is none."""
    return variant_scores.newest_revision_id(session, locale, slug)


def record_rows(
    session: Session, revision_id: int, article: Article, rows: Sequence[VariantScore]
) -> str:
    """Record ``article`` from the QA rows of every one of its variants (as
    :func:`~service.quality.report.score_article` gives them), scored anyway."""
    by_place = {(row.section, row.audience): row for row in rows}
    summaries = []
    for place in places(article):
        row = by_place[(place.section, place.audience)]
        metrics = dict(row.metrics)
        summaries.append(
            Summary(
                row.grade,
                row.verdict.value,
                row.words,
                row.sentences,
                row.findings,
                json.dumps([metrics.get(n) for n in METRIC_NAMES], separators=(",", ":")),
            )
        )
    return record_article(session, revision_id, article, summaries)


class TableLine(NamedTuple):
    """A checked row as ``readability check`` prints it in its table (a tuple: an unchanged
    library of 10,000 articles makes 120,000 of them)."""

    locale: str
    slug: str
    section: str
    audience: str
    grade: float
    verdict: str
    small_sample: bool
    scale: str


def table_lines(session: Session, filters: Filters = ALL) -> list[TableLine]:
    """The checked rows ``filters`` keep, with only what the check's table prints: one
    light query, no titles, no metrics (an unchanged library of 10,000 articles prints
    its 120,000 rows in about a second)."""
    scale = {locale: language.scale for locale, language in _languages(session).items()}
    return [
        TableLine(
            locale,
            slug,
            section,
            audience,
            grade,
            verdict,
            words < SMALL_SAMPLE_WORDS,
            scale[locale],
        )
        for locale, slug, section, audience, grade, verdict, words in variant_scores.lines(
            session, current_fingerprint(), filters
        )
    ]


def _languages(session: Session) -> dict[str, Language]:
    """The engine's language of each locale of the library."""
    return {locale: _language(locale) for locale in variant_scores.locales(session)}


class Gap(NamedTuple):
    """A section with both variants checked: how much harder its clinician text reads."""

    locale: str
    slug: str
    section: str
    revision_id: int
    points: float


@dataclass
class ScaleFigures:
    """What the QA charts of one scale draw: each audience's grades, each section's gap."""

    scale: str
    higher_is_easier: bool
    locale: str  # the first of the scale's locales: whose policy marks the fail level
    grades: dict[Audience, list[float]]
    gaps: list[Gap]


def chart_figures(session: Session, filters: Filters = ALL) -> list[ScaleFigures]:
    """The checked figures the QA charts draw, per scale, from two light queries (no
    titles, no texts): a library of 10,000 articles is charted without loading it.

    Gaps come in no particular order; the grades of each audience neither.
    """
    engine = current_fingerprint()
    by_locale: dict[str, ScaleFigures] = {}
    scales: dict[str, ScaleFigures] = {}
    for locale, language in sorted(_languages(session).items()):
        if language.scale not in scales:
            grades: dict[Audience, list[float]] = {a: [] for a in Audience}
            scales[language.scale] = ScaleFigures(
                language.scale, language.higher_is_easier, locale, grades, []
            )
        by_locale[locale] = scales[language.scale]
    lists = {
        (locale, audience.value): figures.grades[audience]
        for locale, figures in by_locale.items()
        for audience in Audience
    }
    for locale, audience, grade in variant_scores.grades(session, engine, filters):
        lists[(locale, audience)].append(grade)
    if not filters.audience:
        for pair in variant_scores.pairs(session, engine, locale=filters.locale):
            figures = by_locale[pair.locale]
            points = pair.clinician - pair.layperson
            figures.gaps.append(
                Gap(
                    pair.locale,
                    pair.slug,
                    pair.section_key,
                    pair.revision_id,
                    -points if figures.higher_is_easier else points,
                )
            )
    return [scales[name] for name in sorted(scales)]


def gap_titles(session: Session, gaps: Sequence[Gap]) -> dict[tuple[int, str], tuple[str, str]]:
    """The layperson article and section titles of each gap's section, for a chart's labels."""
    titles = variant_scores.layperson_titles(session, [(g.revision_id, g.section) for g in gaps])
    return {
        place: (article, section or "Readers asked") for place, (article, section) in titles.items()
    }
