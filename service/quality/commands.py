"""``flask readability check|score|rank``: the engine from the command line, for QA and CI."""

from __future__ import annotations

import io
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import IO

import click
from flask.cli import AppGroup

from service.quality import checks
from service.quality.report import MissingVariant, VariantScore, rows_as_csv
from service.readability import PolicyError, UnsupportedLanguage, Verdict, check_markdown
from service.readability.evaluate import PairsError, rank_pairs
from service.storage.db import db
from service.storage.variant_scores import Filters
from service.writing.audience import Audience
from service.writing.front_matter import front_matter

readability = AppGroup("readability", help="Score text and check the library against the policy.")

# Libraries with at least this many articles get a progress bar on standard error.
PROGRESS_FROM = 10
EXIT_CONTENT_ERROR = 2

AUDIENCE_OPTION = click.option(
    "--audience",
    type=click.Choice([a.value for a in Audience]),
    default=None,
    help="Only this audience (default: both for check, layperson for score).",
)
LOCALE_OPTION = click.option("--locale", default=None, help="Only this locale, e.g. en.")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_CONTENT_ERROR)


@readability.command("check")
@AUDIENCE_OPTION
@LOCALE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that score at once (default: one per core).",
)
def check(audience: str | None, locale: str | None, fmt: str, jobs: int | None) -> None:
    """Check every article: exit 0 when all pass, 1 when any fails, 2 on a content error.

    Only revisions not yet checked by this engine and policy are scored, on every core;
    the rest are read back from the database.
    """
    session = db.new_session()
    todo = checks.unchecked(session, locale=locale)
    workers = jobs or os.cpu_count() or 1
    show = len(todo) >= PROGRESS_FROM or sys.stderr.isatty()
    try:
        with click.progressbar(
            length=len(todo),
            label="Scoring articles",
            file=sys.stderr if show and todo else io.StringIO(),
        ) as progress:
            for _done in checks.check_revisions(
                session, todo, jobs=workers, progress=progress.update
            ):
                session.commit()
    except (UnsupportedLanguage, PolicyError) as error:
        session.rollback()
        _fail(str(error))
    session.commit()
    audiences = (Audience(audience),) if audience else tuple(Audience)
    filters = Filters(locale=locale, audience=audience)
    missing = checks.stored_missing(session, locale=locale, audiences=audiences)
    if fmt == "table":
        failed = _print_table(checks.table_lines(session, filters), missing)
    else:
        rows = list(checks.stored_rows(session, filters))
        _print_rows(rows, fmt)
        failed = any(row.verdict is Verdict.FAIL for row in rows)
    if failed:
        sys.exit(1)


def _print_rows(rows: Sequence[VariantScore], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([row.to_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(rows_as_csv(rows), nl=False)


def _print_table(rows: Sequence[checks.TableLine], missing: Sequence[MissingVariant]) -> bool:
    """Print the check's table, worst first; True when any row fails."""
    header = f"{'verdict':7}  {'score':>5}  {'audience':9}  article/section  (scale)"
    lines = [header, "-" * len(header)]
    rank = {verdict.value: verdict.rank for verdict in Verdict}
    for row in sorted(rows, key=lambda r: (-rank[r.verdict], r.locale, r.slug, r.section)):
        sample = "  (small sample)" if row.small_sample else ""
        lines.append(
            f"{row.verdict:7}  {row.grade:5.1f}  {row.audience:9}  "
            f"{row.locale}/{row.slug}/{row.section}  ({row.scale}){sample}"
        )
    for gap in missing:
        lines.append(
            f"missing  {'':>5}  {gap.audience.value:9}  {gap.locale}/{gap.slug}/{gap.section}"
        )
    # One write, not one per row: 120,000 rows print in a fraction of a second.
    click.echo("\n".join(lines))
    verdicts = Counter(row.verdict for row in rows)
    failures, warnings = verdicts[Verdict.FAIL.value], verdicts[Verdict.WARN.value]
    click.echo(f"{len(rows)} variants: {failures} fail, {warnings} warn, {len(missing)} missing.")
    return failures > 0


@readability.command("score")
@AUDIENCE_OPTION
@click.option("--locale", default="en", show_default=True, help="The language of the text.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def score_command(audience: str | None, locale: str, fmt: str, source: IO[str]) -> None:
    """Score one Markdown text (a file, or - for standard input) with its findings."""
    offset, body = split_front_matter(source.read())
    try:
        report = check_markdown(body, Audience(audience or Audience.LAYPERSON), locale)
    except (UnsupportedLanguage, PolicyError) as error:
        _fail(str(error))
    if fmt == "json":
        payload = report.to_dict()
        for finding in payload["findings"]:
            for key in ("line", "end_line"):
                if isinstance(finding.get(key), int):
                    finding[key] += offset
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        scores = report.readability
        band = f", {scores_band}" if (scores_band := report.to_dict().get("band")) else ""
        click.echo(f"score    {report.grade:.1f}  ({scores.consensus_formula}{band})")
        click.echo(f"verdict  {report.verdict.value}")
        for reason in report.reasons:
            click.echo(f"  {reason.level.value}: {reason.message}")
        click.echo(f"words    {scores.words}   sentences {scores.sentences}")
        for name, value in scores.metrics.as_dict().items():
            click.echo(f"  {name:28} {value}")
        for finding in report.findings:
            loc = finding.location
            hint = f" Try: {finding.suggestion}" if finding.suggestion else ""
            line = loc.line + offset
            click.echo(f"{line}:{loc.column}: {finding.kind.value}: {finding.message}{hint}")
    if report.verdict is Verdict.FAIL:
        sys.exit(1)


def split_front_matter(text: str) -> tuple[int, str]:
    """A section file's body without its ``---`` front matter, and the lines that held it."""
    block = front_matter(text)
    return (0, text) if block is None else (block.lines, text[block.end :])


@readability.command("rank")
@click.argument("pairs", type=click.File("r", encoding="utf-8"))
def rank(pairs: IO[str]) -> None:
    """Share of JSON-lines pairs whose layperson text scores easier than the clinician text."""
    try:
        share, count = rank_pairs(pairs)
    except PairsError as error:
        _fail(str(error))
    click.echo(f"ranked: {share:.3f} ({count} pairs)")
