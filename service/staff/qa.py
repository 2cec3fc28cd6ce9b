"""QA readability reports: the library overview, one article in detail, CSV and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from service.auth.roles import Role, roles_required
from service.editorial import revisions
from service.quality import charts
from service.quality.report import (
    LibraryReport,
    VariantScore,
    library_report,
    rows_as_csv,
)
from service.quality.scores import cached_reports
from service.readability import Report, Verdict
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
# The scales the engine reads its figures on (a Report's "scale"), named for the page;
# INFLESZ is a name in every language.
SCALE_NAMES = {
    "US school grade": _l("US school grade"),
    "Wiener Sachtextformel school grade": _l("Wiener Sachtextformel school grade"),
}


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
        scale_charts=_scale_charts(report),
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


def scale_title(scale: str, higher_is_easier: bool) -> str:
    """A scale named for the page with the way it reads: "INFLESZ (higher is easier)"."""
    name = str(SCALE_NAMES.get(scale, scale))
    if higher_is_easier:
        return str(gettext("%(scale)s (higher is easier)", scale=name))
    return str(gettext("%(scale)s (lower is easier)", scale=name))


@dataclass(frozen=True)
class ScaleCharts:
    """The charts of the variants read on one scale: figures of two scales never share an axis."""

    scale: str
    title: str
    distribution: charts.Chart
    gaps: charts.Chart | None


def _number(value: float) -> str:
    """A figure on a chart: one decimal at most, in the page's locale."""
    return str(format_decimal(round(value, 1)))


def _scale_charts(report: LibraryReport) -> list[ScaleCharts]:
    """For each scale in the library, its distribution and its gaps, each on its own axis."""
    by_scale: dict[str, list[VariantScore]] = defaultdict(list)
    for row in report.rows:
        by_scale[row.scale].append(row)
    groups = []
    for scale, rows in sorted(by_scale.items()):
        title = scale_title(scale, rows[0].higher_is_easier)
        groups.append(
            ScaleCharts(scale, title, _distribution_chart(rows, title), _gap_chart(rows, title))
        )
    return groups


def _distribution_chart(rows: list[VariantScore], title: str) -> charts.Chart:
    """How many variants of one scale fall in each band of it, per audience."""
    rule = default_policy().for_(Audience.LAYPERSON, rows[0].locale).grade
    fail = rule.fail_above if rule.fail_above is not None else rule.fail_below
    wide = rows[0].higher_is_easier or max(r.grade for r in rows) > 30
    return charts.histogram(
        {
            gettext(AUDIENCE_LABELS[audience]): [r.grade for r in rows if r.audience is audience]
            for audience in Audience
        },
        title=gettext("Distribution per audience: %(scale)s", scale=title),
        bin_width=10.0 if wide else 2.0,
        threshold=fail,
        threshold_label=gettext("layperson fail level"),
        y_label=gettext("variants"),
        label_header=gettext("Score"),
        number=_number,
    )


def _gap_chart(rows: list[VariantScore], title: str) -> charts.Chart | None:
    """Per section of one scale, how much harder its clinician text reads than its layperson
    text, in points of that scale; ``None`` when no section has both variants here."""
    pairs: dict[tuple[str, str, str], dict[Audience, VariantScore]] = defaultdict(dict)
    for row in rows:
        pairs[(row.locale, row.slug, row.section)][row.audience] = row
    bars = [
        charts.Bar(
            f"{pair[Audience.LAYPERSON].article_title} · {pair[Audience.LAYPERSON].section_title}",
            (pair[Audience.CLINICIAN].difficulty - pair[Audience.LAYPERSON].difficulty,),
            note=f"{locale}/{slug}/{section}",
        )
        for (locale, slug, section), pair in sorted(pairs.items())
        if len(pair) == 2
    ]
    if not bars:
        return None
    return charts.horizontal_bar_chart(
        bars,
        [gettext("How much harder the clinician text reads, in points of its scale")],
        title=gettext("Per section, the gap between its two variants: %(scale)s", scale=title),
        x_label=gettext("points"),
        label_header=gettext("Section"),
        number=_number,
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
    """The rows of the overview as CSV, one row per variant, with the JSON rows' columns.

    Each metric is a column of its own (``metrics.smog``), empty for a language that
    does not define it; ``true``/``false`` as in the JSON.
    """
    _report, rows = _filtered_report()
    response = Response(rows_as_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="readability.csv"'
    return response


@dataclass(frozen=True)
class VariantColumn:
    """One audience's column on the article page: its report and marked text, or neither."""

    audience: Audience
    report: Report | None = None
    marked: Markup = field(default_factory=Markup)


@bp.get("/readability/<locale>/<slug>")
@roles_required(*READERS)
def article(locale: str, slug: str) -> ResponseReturnValue:
    """One article: each section's variants side by side, highlighted by their findings."""
    session = db.new_session()
    try:
        newest = revisions.current(session, locale, slug)
    except ArticleNotFound:
        abort(404)
    texts = [
        (variant.body, audience, locale)
        for section in newest.article.scored_sections()
        for audience in Audience
        if (variant := section.variant(audience)) is not None
    ]
    # Every variant's report in one cache lookup, not one per variant.
    accepted = newest.article.accepted_terms
    reports = dict(zip(texts, cached_reports(session, texts, accepted=accepted), strict=True))
    sections = []
    for section in newest.article.scored_sections():
        columns = []
        for audience in Audience:
            variant = section.variant(audience)
            if variant is None:
                columns.append(VariantColumn(audience))
                continue
            report = reports[(variant.body, audience, locale)]
            marked = highlight(
                variant.body, report.findings, mark_class="finding", describe=names.finding_message
            )
            columns.append(VariantColumn(audience, report, marked))
        sections.append((section, columns))
    session.commit()
    return render_template("staff/qa/article.html", newest=newest, sections=sections)
