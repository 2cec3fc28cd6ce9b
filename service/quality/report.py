"""The library's readability report for QA: one row per section and audience, and the gaps.

Rows are flat on purpose: the QA table sorts and filters them, the charts count
them, and the exports write them out, none of which needs a whole engine report.
Every figure comes from the score cache (:mod:`service.quality.scores`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from service.content.model import READERS_ASKED, Article, Section, Status, Variant
from service.quality.scores import cached_reports
from service.readability import Policy, Report, Verdict
from service.readability.formulas import Metrics
from service.storage import repository
from service.writing.audience import Audience

# A row as the JSON export writes it: plain JSON values by name, the metrics nested.
ExportedRow = dict[str, str | int | float | bool | dict[str, float]]
# The same row flat, as the CSV export writes it: each metric as "metrics.<formula>".
FlatRow = dict[str, str | int | float | bool]
METRIC_PREFIX = "metrics."
# The plain (not nested) fields of an exported row, in the order to_dict gives them:
# the CSV's first columns, even when it has no rows.
PLAIN_COLUMNS = (
    "article", "locale", "title", "status", "section", "section_title", "audience", "grade",
    "verdict", "words", "sentences", "findings", "small_sample", "consensus", "scale",
    "higher_is_easier",
)  # fmt: skip


@dataclass(frozen=True)
class VariantScore:
    """One row of the QA report: a section of an article in one audience."""

    locale: str
    slug: str
    article_title: str
    status: Status
    section: str
    section_title: str
    audience: Audience
    grade: float
    verdict: Verdict
    words: int
    sentences: int
    findings: int
    small_sample: bool
    consensus: str
    scale: str
    higher_is_easier: bool
    metrics: tuple[tuple[str, float], ...]

    @property
    def difficulty(self) -> float:
        """The figure turned so that higher is always harder, for comparisons."""
        return -self.grade if self.higher_is_easier else self.grade

    def to_dict(self) -> ExportedRow:
        """Plain values for the JSON and CSV exports."""
        return {
            "article": self.slug,
            "locale": self.locale,
            "title": self.article_title,
            "status": self.status.value,
            "section": self.section,
            "section_title": self.section_title,
            "audience": self.audience.value,
            "grade": self.grade,
            "verdict": self.verdict.value,
            "words": self.words,
            "sentences": self.sentences,
            "findings": self.findings,
            "small_sample": self.small_sample,
            "consensus": self.consensus,
            "scale": self.scale,
            "higher_is_easier": self.higher_is_easier,
            "metrics": dict(self.metrics),
        }


def flat_row(row: ExportedRow) -> FlatRow:
    """An exported row with its metrics as columns of their own: ``metrics.smog``."""
    flat: FlatRow = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{name}": figure for name, figure in value.items()})
        else:
            flat[key] = value
    return flat


# A text cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows_as_csv(rows: Iterable[VariantScore]) -> str:
    """The rows as CSV with the JSON rows' columns: QA's download and ``readability check``.

    Each metric is a column of its own (``metrics.smog``), empty for a language that does
    not define it; ``true``/``false`` as in the JSON.
    """
    flat = [flat_row(row.to_dict()) for row in rows]
    return "".join(csv_chunks(flat, export_columns(flat)))


def csv_chunks(rows: Iterable[FlatRow], columns: Sequence[str], every: int = 500) -> Iterator[str]:
    """``rows`` (flat) as CSV under ``columns``, a piece of text at a time: a streamed download."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow({column: _csv_cell(value) for column, value in row.items()})
        if n % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_cell(value: str | int | float | bool) -> str | int | float:
    """A CSV cell: booleans as in JSON, text a spreadsheet would run as a formula quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(rows: Iterable[FlatRow]) -> list[str]:
    """Every column of ``rows`` (flat), in a fixed order whatever the rows' order.

    The plain fields (:data:`PLAIN_COLUMNS`), then each metric any row has, in the
    engine's order of formulas; any other column after them, by name.
    """
    present = {column for row in rows for column in row}
    plain = list(PLAIN_COLUMNS)
    formulas = [f"{METRIC_PREFIX}{formula.name}" for formula in fields(Metrics)]
    metrics = [c for c in formulas if c in present]
    others = sorted(present - set(plain) - set(metrics))
    return plain + metrics + others


@dataclass(frozen=True)
class MissingVariant:
    """A section that has no variant for one audience."""

    locale: str
    slug: str
    section: str
    audience: Audience


@dataclass(frozen=True)
class LibraryReport:
    """Every scored variant of the library, and the variants that are missing."""

    rows: tuple[VariantScore, ...]
    missing: tuple[MissingVariant, ...]

    @property
    def verdict(self) -> Verdict:
        """The worst verdict of any row: the library passes only when every row does."""
        worst = Verdict.PASS
        for row in self.rows:
            if row.verdict.rank > worst.rank:
                worst = row.verdict
        return worst


def _row(
    article: Article, section: Section, audience: Audience, variant: Variant, report: Report
) -> VariantScore:
    """The QA row of one variant and its report."""
    scores = report.readability
    return VariantScore(
        locale=article.locale,
        slug=article.slug,
        article_title=article.title(audience),
        status=article.status,
        section=section.key,
        section_title=variant.title,
        audience=audience,
        grade=report.grade,
        verdict=report.verdict,
        words=scores.words,
        sentences=scores.sentences,
        findings=len(report.findings),
        small_sample=scores.small_sample,
        consensus=scores.consensus_formula,
        scale=scores.scale,
        higher_is_easier=scores.higher_is_easier,
        metrics=tuple(scores.metrics.as_dict().items()),
    )


def score_article(
    session: Session,
    article: Article,
    *,
    audiences: Sequence[Audience] = tuple(Audience),
    policy: Policy | None = None,
) -> tuple[list[VariantScore], list[MissingVariant]]:
    """Rows for every variant of ``article`` in ``audiences``, and the missing ones.

    "Readers asked" is scored as one more section (its answers for each audience), under
    the same policy; a clinician answer is optional, so none is never reported missing.
    New cache rows join ``session``'s transaction; the caller commits.
    """
    missing = []
    present = []
    for section in article.scored_sections():
        for audience in audiences:
            variant = section.variant(audience)
            if variant is None and section.key != READERS_ASKED:
                missing.append(MissingVariant(article.locale, article.slug, section.key, audience))
            elif variant is not None:
                present.append((section, audience, variant))
    reports = cached_reports(
        session,
        [(v.body, audience, article.locale) for _, audience, v in present],
        policy,
        accepted=article.accepted_terms,
    )
    rows = [
        _row(article, section, audience, variant, report)
        for (section, audience, variant), report in zip(present, reports, strict=True)
    ]
    return rows, missing


def library_report(
    session: Session,
    *,
    articles: Iterable[Article] | None = None,
    audiences: Sequence[Audience] = tuple(Audience),
    locale: str | None = None,
    policy: Policy | None = None,
) -> LibraryReport:
    """Score the newest revision of every article (or ``articles``), caching as it goes."""
    chosen = list(articles) if articles is not None else repository.latest_articles(session)
    rows: list[VariantScore] = []
    missing: list[MissingVariant] = []
    for article in chosen:
        if locale and article.locale != locale:
            continue
        article_rows, article_missing = score_article(
            session, article, audiences=audiences, policy=policy
        )
        rows += article_rows
        missing += article_missing
    session.commit()
    return LibraryReport(tuple(rows), tuple(missing))
