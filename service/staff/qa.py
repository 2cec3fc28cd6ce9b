"""QA readability reports: the library overview, one article in detail, CSV and JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Session

from service.auth.roles import Role, roles_required
from service.editorial import revisions
from service.pagination import Pagination
from service.quality import charts, checks
from service.quality.report import MissingVariant, VariantScore, csv_chunks, flat_row
from service.quality.scores import cached_reports
from service.readability import PolicyError, Report, UnsupportedLanguage, Verdict
from service.readability.policy import default_policy
from service.staff import readability_names as names
from service.staff.highlight import highlight
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.storage.variant_scores import Filters
from service.templating import AUDIENCE_LABELS
from service.writing.audience import Audience

bp = Blueprint("qa", __name__, url_prefix="/staff/qa")

READERS = (Role.QA, Role.REVIEWER, Role.WRITER)
SORT_KEYS = ("article", "section", "audience", "grade", "words", "verdict")
# The scales the engine reads its figures on (a Report's "scale"), named for the page;
# INFLESZ is a name in every language.
SCALE_NAMES = {
    "US school grade": _l("US school grade"),
    "Wiener Sachtextformel school grade": _l("Wiener Sachtextformel school grade"),
}


# Rows on one page of the overview.
PAGE_SIZE = 100
# Up to this many articles not checked yet are checked when the overview is asked for
# (a small library, a few new drafts); more wait for ``flask readability check``.
CHECK_ON_VIEW = 25
# Sections with both variants drawn one bar each on the gap chart; more are summed up
# per kind of section (overview, causes…) as their mean gap.
GAP_BARS = 40


@dataclass(frozen=True)
class Overview:
    """What the overview says of the library under its filters, besides the rows."""

    verdict: Verdict
    scored: int
    missing: tuple[MissingVariant, ...]
    unchecked: int


def _filters(*, with_verdict: bool = True) -> Filters:
    """The query string's filters; bad values are ignored."""
    audience = Audience.parse(request.args.get("audience"))
    verdict = request.args.get("verdict")
    verdicts: tuple[str, ...] = ()
    if with_verdict and verdict == "failures":
        verdicts = (Verdict.FAIL.value,)
    elif with_verdict and verdict in {v.value for v in Verdict}:
        verdicts = (str(verdict),)
    return Filters(
        locale=request.args.get("locale") or None,
        audience=audience.value if audience else None,
        verdicts=verdicts,
    )


def _overview(session: Session) -> Overview:
    """Check what few articles are not checked yet, then sum the library up from the rows.

    Only stored figures are read: a page view of a large library scores nothing.
    """
    library = _filters(with_verdict=False)
    todo = checks.unchecked(session, locale=library.locale)
    if 0 < len(todo) <= CHECK_ON_VIEW:
        try:
            for _batch in checks.check_revisions(session, todo):
                pass
            session.commit()
            todo = []
        except (UnsupportedLanguage, PolicyError):
            session.rollback()
    audiences = (Audience(library.audience),) if library.audience else tuple(Audience)
    return Overview(
        verdict=checks.worst_verdict(session, library),
        scored=checks.stored_count(session, library),
        missing=tuple(checks.stored_missing(session, locale=library.locale, audiences=audiences)),
        unchecked=len(todo),
    )


def _sort() -> tuple[str, bool]:
    """The column the rows are sorted by, and whether in descending order."""
    key = request.args.get("sort", "")
    return (key if key in SORT_KEYS else "article"), request.args.get("order") == "desc"


def _page_number() -> int:
    """The page asked for: 1 for anything that is no positive number."""
    value = request.args.get("page", "")
    return int(value) if value.isdigit() and 0 < int(value) < 10**9 else 1


@bp.get("/readability")
@roles_required(*READERS)
def readability() -> ResponseReturnValue:
    """Every article × section × audience with its key scores and verdict, a page at a time."""
    session = db.new_session()
    report = _overview(session)
    filters = _filters()
    total = checks.stored_count(session, filters)
    page = min(_page_number(), Pagination(1, PAGE_SIZE, total).pages)
    shown = Pagination(page, PAGE_SIZE, total)
    sort, descending = _sort()
    rows = list(
        checks.stored_rows(
            session,
            filters,
            sort=sort,
            descending=descending,
            offset=shown.offset,
            limit=PAGE_SIZE,
        )
    )
    return render_template(
        "staff/qa/readability.html",
        report=report,
        rows=rows,
        total=total,
        first=shown.offset + 1,
        args=request.args,
        scale_charts=_scale_charts(session, _filters(with_verdict=False)),
        sort_links=_sort_links(),
        pagination=_pagination(page, shown.pages),
    )


@dataclass(frozen=True)
class PageLinks:
    """Where this page sits among the overview's pages, and the links to the others."""

    page: int
    pages: int
    previous: str | None
    next: str | None
    first: str | None
    last: str | None


def _pagination(page: int, pages: int) -> PageLinks:
    """Links to the pages around ``page``, keeping every filter and the sort order."""

    def link(number: int) -> str:
        values: dict[str, Any] = {**request.args, "page": number}
        if number == 1:
            values.pop("page")
        return url_for(".readability", **values)

    return PageLinks(
        page=page,
        pages=pages,
        previous=link(page - 1) if page > 1 else None,
        next=link(page + 1) if page < pages else None,
        first=link(1) if page > 2 else None,
        last=link(pages) if page < pages - 1 else None,
    )


def _sort_links() -> dict[str, str]:
    current, order = request.args.get("sort", "article"), request.args.get("order", "asc")
    links = {}
    for key in SORT_KEYS:
        flip = "desc" if key == current and order != "desc" else "asc"
        values: dict[str, Any] = {**request.args, "sort": key, "order": flip}
        values.pop("page", None)  # a new order starts at its first page
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


def _scale_charts(session: Session, filters: Filters) -> list[ScaleCharts]:
    """For each scale in the library, its distribution and its gaps, each on its own axis."""
    groups = []
    for figures in checks.chart_figures(session, filters):
        if not any(figures.grades.values()):
            continue
        title = scale_title(figures.scale, figures.higher_is_easier)
        groups.append(
            ScaleCharts(
                figures.scale,
                title,
                _distribution_chart(figures, title),
                _gap_chart(session, figures.gaps, title),
            )
        )
    return groups


def _distribution_chart(figures: checks.ScaleFigures, title: str) -> charts.Chart:
    """How many variants of one scale fall in each band of it, per audience."""
    rule = default_policy().for_(Audience.LAYPERSON, figures.locale).grade
    fail = rule.fail_above if rule.fail_above is not None else rule.fail_below
    top = max(grade for grades in figures.grades.values() for grade in grades)
    wide = figures.higher_is_easier or top > 30
    return charts.histogram(
        {gettext(AUDIENCE_LABELS[audience]): figures.grades[audience] for audience in Audience},
        title=gettext("Distribution per audience: %(scale)s", scale=title),
        bin_width=10.0 if wide else 2.0,
        threshold=fail,
        threshold_label=gettext("layperson fail level"),
        y_label=gettext("variants"),
        label_header=gettext("Score"),
        number=_number,
    )


def _gap_chart(session: Session, gaps: Sequence[checks.Gap], title: str) -> charts.Chart | None:
    """Per section of one scale, how much harder its clinician text reads than its layperson
    text, in points of that scale; ``None`` when no section has both variants here.

    Past :data:`GAP_BARS` sections a bar each would be a wall no one reads: each kind of
    section (its key: overview, causes…) gets one bar, the mean gap of all of them.
    """
    if not gaps:
        return None
    if len(gaps) <= GAP_BARS:
        titles = checks.gap_titles(session, gaps)
        bars = []
        for gap in sorted(gaps, key=lambda g: (g.locale, g.slug, g.section)):
            article_title, section_title = titles[(gap.revision_id, gap.section)]
            bars.append(
                charts.Bar(
                    f"{article_title} · {section_title}",
                    (gap.points,),
                    note=f"{gap.locale}/{gap.slug}/{gap.section}",
                )
            )
    else:
        by_kind: dict[str, list[float]] = defaultdict(list)
        for gap in gaps:
            by_kind[gap.section].append(gap.points)
        bars = [
            charts.Bar(
                section,
                (sum(points) / len(points),),
                note=gettext("mean of %(n)s sections", n=format_decimal(len(points))),
            )
            for section, points in sorted(by_kind.items())
        ]
    return charts.horizontal_bar_chart(
        bars,
        [gettext("How much harder the clinician text reads, in points of its scale")],
        title=gettext("Per section, the gap between its two variants: %(scale)s", scale=title),
        x_label=gettext("points"),
        label_header=gettext("Section"),
        number=_number,
    )


def _export_rows(session: Session) -> Iterator[VariantScore]:
    """Every row the overview's filters keep, in its order: all pages, streamed."""
    sort, descending = _sort()
    return checks.stored_rows(session, _filters(), sort=sort, descending=descending)


@bp.get("/readability.json")
@roles_required(*READERS)
def readability_json() -> ResponseReturnValue:
    """The rows of the overview as JSON (every page), with the missing variants and how many
    articles are not checked yet; streamed, a row at a time."""
    session = db.new_session()
    report = _overview(session)
    head = json.dumps({"verdict": report.verdict.value}, ensure_ascii=False)[:-1]
    missing = [
        {"article": m.slug, "locale": m.locale, "section": m.section, "audience": m.audience.value}
        for m in report.missing
    ]
    tail = json.dumps({"missing": missing, "unchecked": report.unchecked}, ensure_ascii=False)

    def body() -> Iterator[str]:
        try:
            yield head + ', "rows": ['
            for n, row in enumerate(_export_rows(session)):
                yield ("," if n else "") + json.dumps(row.to_dict(), ensure_ascii=False)
            yield "], " + tail[1:]
        finally:
            session.close()  # the connection goes back as soon as the last row is out

    return Response(stream_with_context(body()), mimetype="application/json")


@bp.get("/readability.csv")
@roles_required(*READERS)
def readability_csv() -> ResponseReturnValue:
    """The rows of the overview as CSV (every page), one row per variant, with the JSON
    rows' columns; streamed.

    Each metric is a column of its own (``metrics.smog``), empty for a language that
    does not define it; ``true``/``false`` as in the JSON.
    """
    session = db.new_session()
    _overview(session)
    columns = checks.export_columns(session, _filters())

    def body() -> Iterator[str]:
        try:
            yield from csv_chunks(
                (flat_row(row.to_dict()) for row in _export_rows(session)), columns
            )
        finally:
            session.close()  # the connection goes back as soon as the last row is out

    response = Response(stream_with_context(body()), mimetype="text/csv")
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
    # The whole revision was just scored: its verdict is kept for the lists.
    revision_id = checks.newest_revision_id(session, locale, slug)
    if revision_id is not None:
        checks.record_reports(
            session,
            revision_id,
            newest.article,
            {(body, a.value, lang, accepted): r for (body, a, lang), r in reports.items()},
        )
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
