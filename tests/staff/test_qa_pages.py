"""QA readability reports: overview, filters, sorting, exports, charts, one article in detail."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from service.storage.db import db
from service.storage.models import ReadabilityScoreRecord

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"
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
    assert "Distribution per audience: US school grade" in html
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
    app: Flask = qa.application
    first = qa.get("/staff/qa/readability.json").get_json()
    with app.app_context():
        cached = db.new_session().scalar(select(func.count()).select_from(ReadabilityScoreRecord))
    assert cached == 7

    import service.quality.scores as library

    def no_scoring(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("an unchanged variant was scored again")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(library, "check_markdown", no_scoring)
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
        stored = first.get(ReadabilityScoreRecord, key[0])
        assert stored is not None and stored.payload != "{}"
