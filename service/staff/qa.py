"""QA readability reports: the library overview, one article in detail, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from markupsafe import Markup

from service.auth.roles import Role, roles_required
from service.content.model import Variant
from service.editorial import revisions
from service.quality import charts
from service.quality.report import LibraryReport, VariantScore, library_report
from service.quality.scores import cached_report
from service.readability import Finding, Report, Verdict
from service.readability.policy import default_policy
from service.staff import readability_names as names
from service.staff.highlight import highlight
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.templating import AUDIENCE_LABELS
from service.writing.audience import Audience

bp = Blueprint("qa", __name__, url_prefix="/staff/qa")

READERS = (Role.QA, Role.REVIEWER, Role.WRITER)
SORT_KEYS = {
    "article": lambda r: (r.locale, r.slug, r.section, r.audience.value),
    "section": lambda r: (r.section, r.locale, r.slug, r.audience.value),
    "audience": lambda r: (r.audience.value, r.locale, r.slug, r.section),
    "grade": lambda r: (r.scale, r.difficulty, r.slug, r.section),
    "words": lambda r: (r.words, r.slug, r.section),
    "verdict": lambda r: (r.verdict.rank, r.grade),
}
CSV_FIELDS = (
    "article", "locale", "section", "audience", "status", "grade", "verdict",
    "words", "sentences", "findings", "small_sample", "consensus",
)  # fmt: skip


def _filtered_report() -> tuple[LibraryReport, list[VariantScore]]:
    """The library report narrowed and sorted by the query string; bad values are ignored."""
    audience = Audience.parse(request.args.get("audience"))
    locale = request.args.get("locale") or None
    report = library_report(
        db.new_session(),
        audiences=(audience,) if audience else tuple(Audience),
        locale=locale,
    )
    rows = list(report.rows)
    verdict = request.args.get("verdict")
    if verdict == "failures":
        rows = [r for r in rows if r.verdict is Verdict.FAIL]
    elif verdict in {v.value for v in Verdict}:
        rows = [r for r in rows if r.verdict.value == verdict]
    key = SORT_KEYS.get(request.args.get("sort", ""), SORT_KEYS["article"])
    rows.sort(key=key, reverse=request.args.get("order") == "desc")
    return report, rows


@bp.get("/readability")
@roles_required(*READERS)
def readability() -> ResponseReturnValue:
    """Every article × section × audience with its key scores and verdict."""
    report, rows = _filtered_report()
    return render_template(
        "staff/qa/readability.html",
        report=report,
        rows=rows,
        args=request.args,
        distributions=_distribution_charts(report),
        gaps=_gap_chart(report),
        sort_links=_sort_links(),
    )


def _sort_links() -> dict[str, str]:
    current, order = request.args.get("sort", "article"), request.args.get("order", "asc")
    links = {}
    for key in SORT_KEYS:
        flip = "desc" if key == current and order != "desc" else "asc"
        values: dict[str, Any] = {**request.args, "sort": key, "order": flip}
        links[key] = url_for(".readability", **values)
    return links


def _distribution_charts(report: LibraryReport) -> list[Markup]:
    """One histogram per scale in the library: grades and INFLESZ scores never share axes."""
    policy = default_policy()
    charts_by_scale = []
    for scale in sorted({row.scale for row in report.rows}):
        rows = [row for row in report.rows if row.scale == scale]
        series = {
            gettext(AUDIENCE_LABELS[audience]): [r.grade for r in rows if r.audience is audience]
            for audience in Audience
        }
        rule = policy.for_(Audience.LAYPERSON, rows[0].locale).grade
        fail = rule.fail_above if rule.fail_above is not None else rule.fail_below
        charts_by_scale.append(
            charts.histogram(
                series,
                title=gettext("Distribution per audience: %(scale)s", scale=scale),
                bin_width=2.0 if max((r.grade for r in rows), default=0) <= 30 else 10.0,
                threshold=fail,
                threshold_label=gettext("layperson fail level"),
                y_label=gettext("variants"),
            )
        )
    return charts_by_scale


def _gap_chart(report: LibraryReport) -> Markup:
    """Per section, how much harder the clinician text reads than the layperson text."""
    pairs: dict[tuple[str, str, str], dict[Audience, VariantScore]] = defaultdict(dict)
    for row in report.rows:
        pairs[(row.locale, row.slug, row.section)][row.audience] = row
    bars = [
        charts.Bar(
            f"{locale}/{slug}/{section}",
            (pair[Audience.CLINICIAN].difficulty - pair[Audience.LAYPERSON].difficulty,),
        )
        for (locale, slug, section), pair in sorted(pairs.items())
        if len(pair) == 2
    ]
    return charts.bar_chart(
        bars,
        [gettext("How much harder the clinician text reads, in points of its scale")],
        title=gettext("Per section: the gap between its two variants"),
        y_label=gettext("points"),
    )


@bp.get("/readability.json")
@roles_required(*READERS)
def readability_json() -> ResponseReturnValue:
    """The rows of the overview as JSON, with the missing variants."""
    report, rows = _filtered_report()
    body = {
        "verdict": report.verdict.value,
        "rows": [r.to_dict() for r in rows],
        "missing": [
            {
                "article": m.slug,
                "locale": m.locale,
                "section": m.section,
                "audience": m.audience.value,
            }
            for m in report.missing
        ],
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


@bp.get("/readability.csv")
@roles_required(*READERS)
def readability_csv() -> ResponseReturnValue:
    """The rows of the overview as CSV, one row per variant."""
    _report, rows = _filtered_report()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.to_dict())
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="readability.csv"'
    return response


@dataclass(frozen=True)
class VariantColumn:
    """One audience's column on the article page: its variant and report, or neither."""

    audience: Audience
    variant: Variant | None = None
    report: Report | None = None
    marked: Markup = field(default_factory=Markup)


def _finding_title(finding: Finding) -> str:
    """What a marked piece of text says on hover: the finding's message, translated."""
    return names.finding_message(finding)


@bp.get("/readability/<locale>/<slug>")
@roles_required(*READERS)
def article(locale: str, slug: str) -> ResponseReturnValue:
    """One article: each section's variants side by side, highlighted by their findings."""
    try:
        newest = revisions.current(db.new_session(), locale, slug)
    except ArticleNotFound:
        abort(404)
    session = db.new_session()
    sections = []
    for section in newest.article.sections:
        columns = []
        for audience in Audience:
            variant = section.variant(audience)
            if variant is None:
                columns.append(VariantColumn(audience))
                continue
            report = cached_report(session, variant.body, audience, locale)
            marked = highlight(
                variant.body, report.findings, mark_class="finding", describe=_finding_title
            )
            columns.append(VariantColumn(audience, variant, report, marked))
        sections.append((section, columns))
    session.commit()
    return render_template("staff/qa/article.html", newest=newest, sections=sections)
