"""The export rows of the QA report: the CSV's columns are the JSON's, flattened."""

from __future__ import annotations

import csv
import io
import operator
from typing import Any

from flask import Flask

from service.content.model import Status
from service.quality.report import PLAIN_COLUMNS, VariantScore, export_columns, flat_row
from service.readability import Verdict
from service.writing.audience import Audience


def score(locale: str, scale: str, metrics: dict[str, float]) -> VariantScore:
    return VariantScore(
        locale=locale,
        slug="milia",
        article_title='=HYPERLINK("x")',
        status=Status.APPROVED,
        section="causes",
        section_title="Causes",
        audience=Audience.LAYPERSON,
        grade=61.5,
        verdict=Verdict.PASS,
        words=120,
        sentences=9,
        findings=2,
        small_sample=False,
        consensus="Szigriszt-Pazos",
        scale=scale,
        higher_is_easier=scale == "INFLESZ",
        metrics=tuple(metrics.items()),
    )


def test_the_plain_columns_are_the_json_fields_in_their_order() -> None:
    row = score("es", "INFLESZ", {"szigriszt_pazos": 61.5}).to_dict()
    assert [key for key in row if key != "metrics"] == list(PLAIN_COLUMNS)


def test_metrics_become_columns_in_the_engines_order_whatever_the_rows_order() -> None:
    spanish = flat_row(
        score("es", "INFLESZ", {"szigriszt_pazos": 61.5, "fernandez_huerta": 70.1}).to_dict()
    )
    english = flat_row(
        score("en", "US school grade", {"smog": 9.0, "flesch_kincaid_grade": 7.2}).to_dict()
    )
    assert spanish["metrics.szigriszt_pazos"] == 61.5 and "metrics" not in spanish
    columns = export_columns([spanish, english])
    assert columns == export_columns([english, spanish])
    assert columns[: len(PLAIN_COLUMNS)] == list(PLAIN_COLUMNS)
    assert columns[len(PLAIN_COLUMNS) :] == [
        "metrics.flesch_kincaid_grade",
        "metrics.smog",
        "metrics.fernandez_huerta",
        "metrics.szigriszt_pazos",
    ]


def test_an_empty_export_still_names_its_columns() -> None:
    assert export_columns([]) == list(PLAIN_COLUMNS)


def test_the_command_line_csv_is_the_download(app: Flask, auth: Any) -> None:
    """`readability check --format csv` writes what QA downloads: same columns, same rows."""
    command = app.test_cli_runner().invoke(args=["readability", "check", "--format", "csv"])
    download = auth.client("qa").get("/staff/qa/readability.csv").get_data(as_text=True)
    command_rows = list(csv.DictReader(io.StringIO(command.output)))
    download_rows = list(csv.DictReader(io.StringIO(download)))
    assert command_rows and command_rows[0].keys() == download_rows[0].keys()
    key = operator.itemgetter("locale", "article", "section", "audience")
    assert sorted(command_rows, key=key) == sorted(download_rows, key=key)
