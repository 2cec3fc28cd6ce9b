"""Readability across the library: cached reports per variant, QA rows, the submit gate.

Reports are cached in the database under a key made of the text, the audience, the
language, the policy and the engine itself, so checking an unchanged library costs
one lookup per variant and any change to the engine or the policy re-scores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from service.content.model import Article, Status
from service.readability import Policy, Verdict, check_markdown, warm_up
from service.readability.policy import default_policy
from service.storage import repository
from service.storage.db import db
from service.storage.models import ReadabilityScoreRecord
from service.writing.audience import Audience


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's code and data: a new engine never reuses old scores."""
    digest = hashlib.sha256()
    for package in ("service.readability", "service.data"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith((".py", ".yaml", ".txt")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


# Policies are unhashable (they hold mappings); keep each one alive beside its digest.
_POLICY_DIGESTS: dict[int, tuple[Policy, str]] = {}


def _policy_fingerprint(policy: Policy) -> str:
    known = _POLICY_DIGESTS.get(id(policy))
    if known is None or known[0] is not policy:
        known = (policy, hashlib.sha256(repr(policy).encode("utf-8")).hexdigest())
        _POLICY_DIGESTS[id(policy)] = known
    return known[1]


def _key(markdown: str, audience: Audience, lang: str, policy: Policy) -> str:
    parts = (engine_fingerprint(), _policy_fingerprint(policy), audience.value, lang, markdown)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


Text = tuple[str, Audience, str]  # Markdown, audience, language


def report_payloads(
    session: Session, texts: Sequence[Text], policy: Policy | None = None
) -> list[dict[str, Any]]:
    """Reports of ``texts`` as plain values: cached ones in one query, the rest scored."""
    policy = policy or default_policy()
    keys = [_key(markdown, audience, lang, policy) for markdown, audience, lang in texts]
    cached = {
        record.key: record.payload
        for record in session.scalars(
            select(ReadabilityScoreRecord).where(ReadabilityScoreRecord.key.in_(set(keys)))
        )
    }
    payloads = []
    scored: list[dict[str, Any]] = []
    for key, (markdown, audience, lang) in zip(keys, texts, strict=True):
        if key in cached:
            payloads.append(json.loads(cached[key]))
            continue
        payload = check_markdown(markdown, audience, lang, policy).to_dict()
        cached[key] = json.dumps(payload)
        scored.append({"key": key, "payload": cached[key], "created_at": dt.datetime.now(dt.UTC)})
        payloads.append(payload)
    _store(session, scored)
    return payloads


def _store(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add new cache rows; a row another request stored meanwhile is left as it is.

    Two QA pages (or two instances) scoring the same new text at once must not turn
    into a duplicate-key error: the reports are identical, so the first one wins.
    """
    if not rows:
        return
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(ReadabilityScoreRecord).values(rows).on_conflict_do_nothing()
    session.execute(statement)


def report_payload(
    session: Session,
    markdown: str,
    audience: Audience,
    lang: str,
    policy: Policy | None = None,
) -> dict[str, Any]:
    """The report of ``markdown`` as plain values, from the cache when it is there."""
    return report_payloads(session, [(markdown, audience, lang)], policy)[0]


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
    metrics: tuple[tuple[str, float | None], ...]

    @property
    def difficulty(self) -> float:
        """The figure turned so that higher is always harder, for comparisons."""
        return -self.grade if self.higher_is_easier else self.grade

    def to_dict(self) -> dict[str, Any]:
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
            "metrics": dict(self.metrics),
        }


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


def _metric_value(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("value")
    return float(value) if isinstance(value, int | float) else None


def score_article(
    session: Session,
    article: Article,
    *,
    audiences: Sequence[Audience] = tuple(Audience),
    policy: Policy | None = None,
) -> tuple[list[VariantScore], list[MissingVariant]]:
    """Rows for every variant of ``article`` in ``audiences``, and the missing ones."""
    rows, missing = [], []
    present = []
    for section in article.sections:
        for audience in audiences:
            variant = section.variant(audience)
            if variant is None:
                missing.append(MissingVariant(article.locale, article.slug, section.key, audience))
            else:
                present.append((section, audience, variant))
    payloads = report_payloads(
        session, [(v.body, audience, article.locale) for _, audience, v in present], policy
    )
    for (section, audience, variant), payload in zip(present, payloads, strict=True):
        rows.append(
            VariantScore(
                locale=article.locale,
                slug=article.slug,
                article_title=article.title(audience),
                status=article.status,
                section=section.key,
                section_title=variant.title,
                audience=audience,
                grade=float(payload["grade"]),
                verdict=Verdict(payload["verdict"]),
                words=int(payload["words"]),
                sentences=int(payload["sentences"]),
                findings=len(payload["findings"]),
                small_sample=bool(payload.get("small_sample")),
                consensus=str(payload.get("consensus", "")),
                scale=str(payload.get("scale", "")),
                higher_is_easier=bool(payload.get("higher_is_easier")),
                metrics=tuple(
                    (name, _metric_value(value)) for name, value in payload["metrics"].items()
                ),
            )
        )
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


def init_app(app: Flask) -> None:
    """Load the pronouncing dictionary and word lists now, once per process.

    The first score otherwise pays for it, and several threads making that first call
    at once would each load it.
    """
    if app.config.get("READABILITY_WARM_UP", True):
        warm_up()


def layperson_failures(article: Article) -> list[str]:
    """The submit gate: each layperson section that fails the policy, described."""
    session = db.new_session()
    rows, _ = score_article(session, article, audiences=(Audience.LAYPERSON,))
    return [
        f"{row.section_title} ({row.section}): {row.scale} {row.grade:.1f} "
        "fails the layperson policy"
        for row in rows
        if row.verdict is Verdict.FAIL
    ]
