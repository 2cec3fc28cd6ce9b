"""`flask readability check|score|rank`: exit codes and formats a CI job can rely on."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"
PLAIN = "Milia are tiny white bumps. They are harmless. They often go away on their own.\n"
DENSE = (
    "Pharmacokinetic heterogeneity notwithstanding, randomised comparative investigations "
    "demonstrated statistically significant improvements in dermatological manifestations "
    "attributable to concomitant immunosuppressive administration, necessitating individualised "
    "therapeutic deliberation regarding corticosteroid-associated complications.\n"
)


def failing_library(tmp_path: Path) -> Path:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    (root / "en" / "sample" / "overview.layperson.md").write_text(
        f"---\ntitle: What milia are\n---\n{DENSE}"
    )
    return root


def test_check_passes_a_plain_library_with_exit_0(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["readability", "check"])
    assert result.exit_code == 0, result.output
    assert "en/sample/overview" in result.output and "0 fail" in result.output
    assert "missing" in result.output and "en/second/aftercare" in result.output


def test_check_fails_with_exit_1_and_names_the_failing_row(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    app = app_factory(VARIANTS_PATH=str(failing_library(tmp_path)))
    result = app.test_cli_runner().invoke(args=["readability", "check"])
    assert result.exit_code == 1
    failing = [line for line in result.output.splitlines() if line.startswith("fail")]
    assert failing and "layperson" in failing[0] and "en/sample/overview" in failing[0]


def test_check_never_fails_clinician_text(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    root = failing_library(tmp_path)
    (root / "en" / "sample" / "overview.clinician.md").write_text(
        f"---\ntitle: Overview\n---\n{DENSE}"
    )
    app = app_factory(VARIANTS_PATH=str(root))
    result = app.test_cli_runner().invoke(args=["readability", "check", "--audience", "clinician"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_check_formats_give_one_row_per_variant(app: Flask, fmt: str) -> None:
    result = app.test_cli_runner().invoke(args=["readability", "check", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.output)
    else:
        rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 7  # sample: 2 sections × 2 audiences; second: 2 + 1 layperson-only
    for row in rows:
        assert {"article", "locale", "section", "audience", "grade", "verdict"} <= set(row)
        assert row["verdict"] in {"pass", "warn", "fail"}


def test_check_can_narrow_to_an_audience_and_locale(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "readability",
            "check",
            "--audience",
            "layperson",
            "--locale",
            "en",
            "--format",
            "json",
        ]
    )
    rows = json.loads(result.output)
    assert rows and {row["audience"] for row in rows} == {"layperson"}
    empty = app.test_cli_runner().invoke(
        args=["readability", "check", "--locale", "de", "--format", "json"]
    )
    assert json.loads(empty.output) == []


def test_check_refuses_an_unknown_audience_as_a_usage_error(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["readability", "check", "--audience", "doctors"])
    assert result.exit_code == 2


def test_score_reads_standard_input_and_gives_json(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["readability", "score", "--format", "json", "-"], input=PLAIN
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["verdict"] == "pass" and report["grade"] < 6
    assert report["sentences"] == 3 and report["words"] == 15
    assert {"flesch_kincaid_grade", "smog", "dale_chall"} <= set(report["metrics"])
    assert [f["text"] for f in report["findings"]] == ["Milia"]  # the one hard word


def test_score_fails_dense_text_and_locates_findings_in_the_file(
    app: Flask, tmp_path: Path
) -> None:
    section = tmp_path / "overview.layperson.md"
    section.write_text(f"---\ntitle: Overview\n---\n{DENSE}")
    result = app.test_cli_runner().invoke(args=["readability", "score", str(section)])
    assert result.exit_code == 1
    assert "verdict  fail" in result.output
    assert any(line.startswith("4:") for line in result.output.splitlines())


def test_score_refuses_a_language_without_formulas(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["readability", "score", "--locale", "xx", "-"], input=PLAIN
    )
    assert result.exit_code == 2
    assert "xx" in result.output


def test_rank_reports_the_share_of_pairs_ranked_right(app: Flask, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"clinician": DENSE, "layperson": PLAIN})
        + "\n"
        + json.dumps({"clinician": PLAIN, "layperson": DENSE})
        + "\n"
    )
    result = app.test_cli_runner().invoke(args=["readability", "rank", str(pairs)])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "ranked: 0.500 (2 pairs)"


def test_rank_names_the_bad_line(app: Flask, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"clinician": DENSE, "layperson": PLAIN}) + "\n{oops\n")
    result = app.test_cli_runner().invoke(args=["readability", "rank", str(pairs)])
    assert result.exit_code == 2 and "line 2" in result.output


def test_score_uses_the_formulas_of_the_texts_language(app: Flask) -> None:
    spanish = "Los milia son bultos blancos y pequeños. No son dañinos. Se van solos.\n"
    result = app.test_cli_runner().invoke(
        args=["readability", "score", "--locale", "es", "--format", "json", "-"], input=spanish
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["scale"] == "INFLESZ" and report["higher_is_easier"] is True
    assert set(report["metrics"]) == {"szigriszt_pazos", "fernandez_huerta"}
    text = app.test_cli_runner().invoke(
        args=["readability", "score", "--locale", "es", "-"], input=spanish
    )
    assert "Szigriszt-Pazos" in text.output and "INFLESZ" in text.output
