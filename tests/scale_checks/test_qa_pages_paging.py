"""QA pages at scale: a paged overview read from checked rows, complete exports, verdicts kept."""

from __future__ import annotations

import dataclasses
import html as markup
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from service.auth.roles import Role
from service.content.model import Status
from service.editorial import gate, revisions, workflow
from service.editorial.workflow import Action
from service.quality import checks
from service.quality.report import library_report
from service.staff import qa
from service.storage import repository
from service.storage.db import db

Verdicts = Callable[[Flask], dict[str, tuple[str, str]]]
ROW = re.compile(
    r'<tr class="verdict-\w+">\s*<td><a [^>]*>([^<]+)</a></td>\s*<td>[^<]*'
    r'<span class="muted">\(([^)]+)\)</span></td>\s*<td>([^<]+)</td>'
)
AUDIENCES = {"Patients and caregivers": "layperson", "Clinicians": "clinician"}


@pytest.fixture
def qa_client(library_app: Flask, auth_for: Any) -> Any:
    """A QA user's client on the generated library (9 articles, 108 variants)."""
    client = auth_for(library_app).client("qa")
    client.application = library_app
    return client


def table(page: str) -> list[tuple[str, str, str]]:
    """The rows of one page: ``locale/slug``, section key, audience."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [(path, section, AUDIENCES[who]) for path, section, who in ROW.findall(body)]


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return markup.unescape(found.group(1)) if found else None


def test_every_page_in_turn_holds_the_rows_the_export_holds_in_its_order(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qa, "PAGE_SIZE", 10)
    url: str | None = "/staff/qa/readability?sort=grade&order=desc&audience=layperson"
    seen: list[tuple[str, str, str]] = []
    pages = 0
    while url:
        page = qa_client.get(url).get_data(as_text=True)
        pages += 1
        assert f"Page {pages} of 6" in page and 'aria-label="Pages of the report"' in page
        assert (link(page, "prev") is None) == (pages == 1)
        seen += table(page)
        url = link(page, "next")
        if url:
            assert "sort=grade" in url and "order=desc" in url and "audience=layperson" in url
    assert pages == 6 and len(seen) == 54
    export = qa_client.get(
        "/staff/qa/readability.json?sort=grade&order=desc&audience=layperson"
    ).get_json()
    assert seen == [
        (f"{r['locale']}/{r['article']}", r["section"], r["audience"]) for r in export["rows"]
    ]
    grades = [r["grade"] for r in export["rows"] if r["locale"] == "en"]
    assert grades == sorted(grades, reverse=True)


@pytest.mark.parametrize(
    ("asked", "shown"), [("0", 1), ("-2", 1), ("abc", 1), ("3", 3), ("999", 11)]
)
def test_a_page_out_of_range_shows_the_nearest_page(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch, asked: str, shown: int
) -> None:
    monkeypatch.setattr(qa, "PAGE_SIZE", 10)
    response = qa_client.get(f"/staff/qa/readability?page={asked}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Page {shown} of 11" in page
    assert (link(page, "next") is None) == (shown == 11)
    assert len(table(page)) == (8 if shown == 11 else 10)


def test_sorting_starts_again_at_the_first_page_and_one_page_needs_no_links(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qa, "PAGE_SIZE", 10)
    page = qa_client.get("/staff/qa/readability?page=4&sort=words").get_data(as_text=True)
    heading = re.search(r'<th scope="col" aria-sort="ascending"><a href="([^"]+)"', page)
    assert heading and "page=" not in heading.group(1)
    monkeypatch.setattr(qa, "PAGE_SIZE", 100)
    single = qa_client.get("/staff/qa/readability?locale=en").get_data(as_text=True)
    assert len(table(single)) == 36 and "Pages of the report" not in single


def test_articles_not_checked_yet_are_named_not_scored_on_a_large_library(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch, stored_verdicts: Verdicts
) -> None:
    monkeypatch.setattr(qa, "CHECK_ON_VIEW", 3)  # "large": more than three unchecked
    page = qa_client.get("/staff/qa/readability").get_data(as_text=True)
    assert "9 articles are not checked yet" in page and "flask readability check" in page
    assert table(page) == [] and stored_verdicts(qa_client.application) == {}
    export = qa_client.get("/staff/qa/readability.json").get_json()
    assert export["unchecked"] == 9 and export["rows"] == []
    checked = qa_client.application.test_cli_runner().invoke(args=["readability", "check"])
    assert checked.exit_code in (0, 1), checked.output  # 1: some layperson text fails
    page = qa_client.get("/staff/qa/readability").get_data(as_text=True)
    assert "not checked yet" not in page and len(table(page)) == 100


def test_a_few_unchecked_articles_are_checked_by_the_page_and_recorded(
    qa_client: Any, stored_verdicts: Verdicts
) -> None:
    page = qa_client.get("/staff/qa/readability").get_data(as_text=True)
    assert "not checked yet" not in page and "108 variants scored" in page
    with qa_client.application.app_context():
        engine = checks.current_fingerprint()
    assert len(stored_verdicts(qa_client.application)) == 9
    assert {e for _v, e in stored_verdicts(qa_client.application).values()} == {engine}


def test_the_article_page_records_its_revisions_verdict(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch, stored_verdicts: Verdicts
) -> None:
    monkeypatch.setattr(qa, "CHECK_ON_VIEW", 0)
    export = qa_client.get("/staff/qa/readability.json").get_json()
    assert export["rows"] == []
    with qa_client.application.app_context():
        slug = repository.latest_articles(db.new_session())[0].slug
        locale = repository.latest_articles(db.new_session())[0].locale
    assert qa_client.get(f"/staff/qa/readability/{locale}/{slug}").status_code == 200
    assert list(stored_verdicts(qa_client.application)) == [f"{locale}/{slug}"]


def test_stored_rows_are_the_rows_whole_reports_give(library_app: Flask) -> None:
    # What the overview, the exports and the check print (a few stored figures per
    # variant) equals what scoring every variant's whole report gives, row for row.
    with library_app.app_context():
        session = db.new_session()
        for _batch in checks.check_revisions(session, checks.unchecked(session)):
            session.commit()
        stored = [row.to_dict() for row in checks.stored_rows(session)]
        scored = [row.to_dict() for row in library_report(session).rows]
    assert stored == scored and len(stored) == 108


def test_a_large_library_charts_each_kind_of_sections_mean_gap(
    qa_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qa, "GAP_BARS", 2)
    page = qa_client.get("/staff/qa/readability").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 6  # three scales, two charts each
    assert "mean of 3 sections" in page and "overview" in page


def test_the_submit_gate_records_the_revisions_verdict(
    app: Flask, stored_verdicts: Verdicts
) -> None:
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "second")
        repository.save_all(session, [dataclasses.replace(latest.article, status=Status.DRAFT)])
        workflow.apply(
            session,
            "en",
            "second",
            Action.SUBMIT,
            actor="w@t.test",
            role=Role.WRITER,
            gate=gate.layperson_failures,
        )
        session.commit()
        engine = checks.current_fingerprint()
    assert stored_verdicts(app) == {"en/second": ("pass", engine)}
