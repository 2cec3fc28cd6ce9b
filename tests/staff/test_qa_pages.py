"""QA readability reports: overview, filters, sorting, exports, charts, one article in detail."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from service.quality.charts import text_width
from service.storage.db import db
from service.storage.models import ReadabilityScoreRecord, VariantScoreRecord

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"
PROJECT_VARIANTS = Path(__file__).resolve().parents[2] / "variants"
SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLE = (
    "What causes milia, the tiny white bumps on the skin of newborns and adults, "
    "and when should someone see a doctor about them?"
)
DENSE = (
    "Pharmacokinetic heterogeneity notwithstanding, randomised comparative investigations "
    "demonstrated statistically significant improvements in dermatological manifestations "
    "attributable to concomitant immunosuppressive administration.\n"
)


@pytest.fixture
def qa(app_factory: Any, auth_for: Any, tmp_path: Path) -> Any:
    """A QA user's client on a library where one layperson section fails."""
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    (root / "en" / "sample" / "overview.layperson.md").write_text(
        f"---\ntitle: What milia are\n---\n{DENSE}"
    )
    app = app_factory(VARIANTS_PATH=str(root))
    client = auth_for(app).client("qa")
    client.application = app
    return client


def rows(html: str) -> list[tuple[str, str, str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(
        r"<tr class=\"verdict-(\w+)\">\s*<td><a [^>]*>([^<]+)</a></td>\s*<td>([^<]+)", body
    )


def test_the_overview_lists_every_variant_with_its_verdict(qa: Any) -> None:
    html = qa.get("/staff/qa/readability").get_data(as_text=True)
    found = rows(html)
    assert len(found) == 7
    assert ("fail", "en/sample", "What milia are ") in found
    assert "Library verdict: <strong>Fail</strong>" in html
    assert re.search(r"Missing variants.*en/second · aftercare · Clinicians", html, re.S)


def test_the_overview_filters_to_failures_and_sorts(qa: Any) -> None:
    failures = rows(qa.get("/staff/qa/readability?verdict=failures").get_data(as_text=True))
    assert failures == [("fail", "en/sample", "What milia are ")]
    html = qa.get("/staff/qa/readability?sort=grade&order=desc").get_data(as_text=True)
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    grades = [
        float(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[3].split()[0])
        for row in body.split("</tr>")[:-1]
    ]
    assert grades == sorted(grades, reverse=True) and len(grades) == 7
    assert 'aria-sort="descending"' in html


def test_bad_filter_values_are_ignored(qa: Any) -> None:
    response = qa.get("/staff/qa/readability?verdict=<x>&audience=nobody&sort=__class__")
    assert response.status_code == 200
    assert len(rows(response.get_data(as_text=True))) == 7


def test_charts_are_inline_svg_without_script(qa: Any) -> None:
    html = qa.get("/staff/qa/readability").get_data(as_text=True)
    assert html.count('<svg class="chart"') == 2
    assert html.count('role="img"') == 2
    assert html.count('<details class="chart-figures">') == 2  # the figures, as tables
    assert "Distribution per audience: US school grade (lower is easier)" in html
    assert "gap between its two variants" in html
    assert "<script" not in html.split("</head>")[1]


def test_csv_and_json_exports_hold_the_same_rows(qa: Any) -> None:
    data = qa.get("/staff/qa/readability.json").get_json()
    table = list(
        csv.DictReader(io.StringIO(qa.get("/staff/qa/readability.csv").get_data(as_text=True)))
    )
    key = lambda r: (r["article"], r["section"], r["audience"])  # noqa: E731
    assert sorted(map(key, data["rows"])) == sorted(map(key, table))
    assert data["verdict"] == "fail"
    assert data["missing"] == [
        {"article": "second", "locale": "en", "section": "aftercare", "audience": "clinician"}
    ]
    assert {r["verdict"] for r in table} >= {"fail", "pass"}
    failures = qa.get("/staff/qa/readability.json?verdict=failures").get_json()["rows"]
    assert [(r["article"], r["section"], r["audience"]) for r in failures] == [
        ("sample", "overview", "layperson")
    ]


def test_the_article_page_highlights_findings_side_by_side(qa: Any) -> None:
    html = qa.get("/staff/qa/readability/en/sample").get_data(as_text=True)
    overview = html.split('id="qa-overview"')[1].split('id="qa-causes"')[0]
    assert "Patients and caregivers" in overview and "Clinicians" in overview
    assert '<mark class="finding finding-' in overview
    assert "Verdict <strong>Fail</strong>" in overview
    assert qa.get("/staff/qa/readability/en/nope").status_code == 404


def test_an_unchanged_library_is_checked_from_the_cache(qa: Any) -> None:
    # The overview keeps each checked variant's figures (not whole reports): 7 rows.
    app: Flask = qa.application
    first = qa.get("/staff/qa/readability.json").get_json()
    with app.app_context():
        stored = db.new_session().scalar(select(func.count()).select_from(VariantScoreRecord))
    assert stored == 7

    import service.quality.scores as library
    import service.quality.summaries as summaries

    def no_scoring(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("an unchanged variant was scored again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library, "check_markdown", no_scoring)
        patch.setattr(summaries, "check_markdown", no_scoring)
        assert qa.get("/staff/qa/readability.json").get_json() == first


def test_reader_pages_never_compute_scores(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import service.quality.scores as library
    import service.readability as engine

    def no_scoring(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a reader page computed readability")

    monkeypatch.setattr(engine, "check_markdown", no_scoring)
    monkeypatch.setattr(library, "check_markdown", no_scoring)
    client = app.test_client()
    for url in ("/en/", "/en/articles/sample", "/en/articles/sample/clinician"):
        assert client.get(url).status_code == 200


def test_each_scale_gets_its_own_chart_and_spanish_reads_on_inflesz(
    app_factory: Any, auth_for: Any, tmp_path: Path
) -> None:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    spanish = root / "es" / "sample"
    shutil.copytree(root / "en" / "sample", spanish)
    (spanish / "overview.layperson.md").write_text(
        "---\ntitle: Qué son los milia\n---\nSon bultos blancos y pequeños. No son dañinos.\n"
    )
    app = app_factory(VARIANTS_PATH=str(root))
    client = auth_for(app).client("qa")
    html = client.get("/staff/qa/readability").get_data(as_text=True)
    assert "Distribution per audience: INFLESZ" in html
    assert "Distribution per audience: US school grade" in html
    data = client.get("/staff/qa/readability.json?locale=es&audience=layperson").get_json()
    overview = next(r for r in data["rows"] if r["section"] == "overview")
    assert overview["scale"] == "INFLESZ" and "szigriszt_pazos" in overview["metrics"]
    assert overview["verdict"] == "pass" and overview["grade"] > 65


def test_a_report_cached_meanwhile_by_another_request_is_kept(any_db_app: Flask) -> None:
    import service.quality.scores as library
    from service.storage import readability_scores
    from service.writing.audience import Audience

    text = ("Milia are tiny white bumps.", Audience.LAYPERSON, "en")
    with any_db_app.app_context():
        first = db.new_session()
        library.cached_reports(first, [text])
        first.commit()
        # Another instance scored the same new text and stores it again: no duplicate-key error.
        key = first.scalars(select(ReadabilityScoreRecord.key)).all()
        readability_scores.store(first, {key[0]: "{}"})
        first.commit()
        assert readability_scores.cached(first, key) != {key[0]: "{}"}


@pytest.fixture
def bilingual(app_factory: Any, auth_for: Any, tmp_path: Path) -> Any:
    """A QA user's client on the bundled milia, English and Spanish, the English with a long
    layperson title."""
    root = tmp_path / "variants"
    shutil.copytree(PROJECT_VARIANTS / "en" / "milia", root / "en" / "milia")
    shutil.copytree(PROJECT_VARIANTS / "es" / "milia", root / "es" / "milia")
    meta = root / "en" / "milia" / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    assert "layperson: What causes milia?" in text
    meta.write_text(text.replace("layperson: What causes milia?", f"layperson: {LONG_TITLE}"))
    app = app_factory(VARIANTS_PATH=str(root))
    return auth_for(app).client("qa")


def scale_sections(html: str) -> dict[str, list[str]]:
    """Each scale's heading in the charts section, and the SVG charts under it."""
    charts = html.split('id="charts-heading"')[1]
    found = {}
    for part in charts.split('<section class="qa-scale"')[1:]:
        heading = re.search(r"<h3[^>]*>([^<]+)</h3>", part)
        assert heading
        found[heading.group(1)] = re.findall(r"<svg .*?</svg>", part, re.S)
    return found


def table_rows(html: str, title: str) -> list[tuple[str, list[str]]]:
    """The rows of the table of figures captioned ``title``: row heading and cells."""
    table = html.split(f"<caption>{title}</caption>")[1].split("</table>")[0]
    return [
        (head, re.findall(r'<td class="num">([^<]*)</td>', cells))
        for head, cells in re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', table)
    ]


def test_english_and_spanish_each_get_their_charts_and_none_mixes_scales(bilingual: Any) -> None:
    html = bilingual.get("/staff/qa/readability").get_data(as_text=True)
    data = bilingual.get("/staff/qa/readability.json").get_json()["rows"]
    by_scale = scale_sections(html)
    assert list(by_scale) == ["INFLESZ (higher is easier)", "US school grade (lower is easier)"]
    assert html.count('<svg class="chart"') == 4
    for heading, svgs in by_scale.items():
        scale, other = (
            ("INFLESZ", "US school grade")
            if "INFLESZ" in heading
            else ("US school grade", "INFLESZ")
        )
        assert len(svgs) == 2, heading  # its distribution and its gaps
        for svg in svgs:
            root = ET.fromstring(svg)
            assert root.attrib["role"] == "img"
            label = root.attrib["aria-label"]
            assert heading in label and other not in label
            assert root.findtext(f"{SVG}title") == label
        rows = [r for r in data if r["scale"] == scale]
        locale = "es" if scale == "INFLESZ" else "en"
        assert rows and {r["locale"] for r in rows} == {locale}
        # Every variant read on this scale is counted in its distribution, and none other.
        distribution = table_rows(html, f"Distribution per audience: {heading}")
        assert sum(int(n) for _band, counts in distribution for n in counts) == len(rows)
        # Its gaps are the sections of this scale's articles, each clinician minus layperson.
        gaps = table_rows(html, f"Per section, the gap between its two variants: {heading}")
        grade = {(r["section"], r["audience"]): r["grade"] for r in rows}
        turn = -1 if rows[0]["higher_is_easier"] else 1
        expected = {
            f"{locale}/milia/{section}": round(
                turn * (grade[(section, "clinician")] - grade[(section, "layperson")]), 1
            )
            for section, _audience in grade
        }
        shown = {head.rsplit("(", 1)[1].rstrip(")"): float(cells[0]) for head, cells in gaps}
        assert shown == pytest.approx(expected, abs=0.051)


def test_a_long_article_title_is_never_clipped(bilingual: Any) -> None:
    html = bilingual.get("/staff/qa/readability").get_data(as_text=True)
    _distribution, gaps = scale_sections(html)["US school grade (lower is easier)"]
    root = ET.fromstring(gaps)
    width = float(root.attrib["viewBox"].split()[2])
    labels = [
        g for g in root.iter(f"{SVG}g") if (g.findtext(f"{SVG}title") or "").startswith(LONG_TITLE)
    ]
    assert len(labels) == 4  # one per section of en/milia
    for label in labels:
        assert (label.findtext(f"{SVG}title") or "").endswith(")")  # "(en/milia/causes)"
        text = label.find(f"{SVG}text")
        assert text is not None and text.attrib["text-anchor"] == "start"
        lines = [span.text or "" for span in text.iter(f"{SVG}tspan")]
        # The whole title is drawn, over as many lines as it needs, each inside the canvas.
        assert " ".join(lines).startswith(f"{LONG_TITLE} · ")
        x = float(text.attrib["x"])
        assert x >= 0 and all(x + text_width(line, 12) <= width for line in lines)
    # The table of the chart's figures names each bar in full as well.
    assert f'<th scope="row">{LONG_TITLE} · Why milia form (en/milia/causes)</th>' in html


def test_the_csv_has_the_json_columns_and_the_same_values(bilingual: Any) -> None:
    rows = bilingual.get("/staff/qa/readability.json").get_json()["rows"]
    table = list(
        csv.DictReader(
            io.StringIO(bilingual.get("/staff/qa/readability.csv").get_data(as_text=True))
        )
    )

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        metrics = {f"metrics.{name}": value for name, value in row["metrics"].items()}
        return {**{k: v for k, v in row.items() if k != "metrics"}, **metrics}

    json_columns = {column for row in rows for column in flat(row)}
    assert set(table[0]) == json_columns
    assert {"title", "section_title", "scale", "higher_is_easier"} <= json_columns
    assert {"metrics.szigriszt_pazos", "metrics.flesch_kincaid_grade"} <= json_columns
    assert len(table) == len(rows) == 16

    def key(row: dict[str, Any]) -> tuple[str, str, str, str]:
        return row["locale"], row["article"], row["section"], row["audience"]

    one = next(r for r in rows if key(r) == ("es", "milia", "what-are-milia", "layperson"))
    cells = next(r for r in table if key(r) == key(one))
    expected = flat(one)
    for column, cell in cells.items():
        if column not in expected:
            assert cell == "", column  # a formula Spanish does not define
        elif isinstance(expected[column], str):
            assert cell == expected[column], column
        else:
            assert json.loads(cell) == expected[column], column
    assert cells["scale"] == "INFLESZ" and cells["higher_is_easier"] == "true"
    assert cells["title"] == "¿Qué causa los milia?" and cells["section_title"]
    assert cells["metrics.flesch_kincaid_grade"] == ""


def test_a_title_a_spreadsheet_would_run_is_quoted_in_the_csv_only(
    app_factory: Any, auth_for: Any, tmp_path: Path
) -> None:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    meta = root / "en" / "sample" / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("layperson: What causes milia?", "layperson: '=1+1 milia'"))
    client = auth_for(app_factory(VARIANTS_PATH=str(root))).client("qa")
    query = "?locale=en&audience=layperson"
    row = client.get(f"/staff/qa/readability.json{query}").get_json()["rows"][0]
    cells = next(
        csv.DictReader(
            io.StringIO(client.get(f"/staff/qa/readability.csv{query}").get_data(as_text=True))
        )
    )
    assert row["title"] == "=1+1 milia" and cells["title"] == "'=1+1 milia"
