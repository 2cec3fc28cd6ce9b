"""A report's few figures, and scoring many texts on every core: the engine alone.

The library check scores tens of thousands of texts. The engine is pure functions, so
they go to a pool of processes (threads would share one interpreter lock), each of
which imports this module and the engine, never the Flask app or a database session:
texts go in, :class:`Summary` values come out, and the caller stores them. A summary
is what a list shows of a report (figures, verdict, how many findings), rounded as a
stored report is, so a row reads the same whether it was scored now, in a worker, or
read back from the database.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from typing import NamedTuple

from service.readability import Report, check_markdown, supported_languages, warm_up
from service.readability.formulas import Metrics
from service.writing.audience import Audience

# A text to score: Markdown, audience value, language, the article's accepted terms.
Item = tuple[str, str, str, tuple[str, ...]]
# Fewer texts than this are scored in this process: starting workers costs more.
POOL_FROM = 400
# Texts sent to a worker at a time: few round trips, and progress still moves.
CHUNKSIZE = 32
METRIC_NAMES = tuple(f.name for f in fields(Metrics))


class Summary(NamedTuple):
    """What lists show of one report: its figure, verdict, counts and metrics."""

    grade: float
    verdict: str
    words: int
    sentences: int
    findings: int
    metrics: str  # JSON list in the order of METRIC_NAMES, null where undefined

    def metric_pairs(self) -> tuple[tuple[str, float], ...]:
        """The defined metrics by formula name, as a report's ``metrics`` gives them."""
        pairs = zip(METRIC_NAMES, json.loads(self.metrics))  # noqa: B905 (one length)
        return tuple(pair for pair in pairs if pair[1] is not None)


def summarize(report: Report) -> Summary:
    """The summary of ``report``, its figures rounded as a stored report's are."""
    scores = report.readability
    defined = scores.metrics.as_dict()
    return Summary(
        grade=round(report.grade, 2),
        verdict=report.verdict.value,
        words=scores.words,
        sentences=scores.sentences,
        findings=len(report.findings),
        metrics=json.dumps([defined.get(name) for name in METRIC_NAMES], separators=(",", ":")),
    )


def score(item: Item) -> Summary:
    """Score one text under the default policy: what each worker runs."""
    markdown, audience, lang, accepted = item
    return summarize(check_markdown(markdown, Audience(audience), lang, accepted=accepted))


def _warm_worker() -> None:
    """Load every language's dictionaries once per worker, before its first text."""
    for lang in supported_languages():
        warm_up(lang)


class Scorer:
    """Scores batches of texts on ``jobs`` processes, one pool for every batch.

    Use it as a context manager; the pool starts with the first batch big enough to
    need it (smaller batches are scored here) and stops on leaving. A batch's texts
    are all sent to the workers when it is handed in (:meth:`submit`), so the caller
    can read the next batch from the database while the workers score this one.
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def submit(self, items: Sequence[Item]) -> Iterator[Summary]:
        """The summary of each of ``items``, in order: already on its way in the pool."""
        if self.jobs <= 1 or len(items) < POOL_FROM:
            return (score(item) for item in items)
        if self._pool is None:
            # "spawn": a worker starts clean and imports the engine, not the app that
            # would otherwise be forked with it (its database connections, its threads).
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker
            )
        return self._pool.map(score, items, chunksize=CHUNKSIZE)
