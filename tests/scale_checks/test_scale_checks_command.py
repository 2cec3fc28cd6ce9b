"""`flask readability check` at scale: on every core, and an unchanged library scores nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select, update

from service.quality import checks, summaries
from service.storage.db import db
from service.storage.models import RevisionVerdictRecord, VariantScoreRecord

Verdicts = Callable[[Flask], dict[str, tuple[str, str]]]


def check(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["readability", "check", *args])
    return result.exit_code, result.output


def forget_checks(app: Flask) -> None:
    """Empty what the check keeps, as if no revision had been checked."""
    with app.app_context():
        session = db.new_session()
        session.execute(delete(VariantScoreRecord))
        session.execute(delete(RevisionVerdictRecord))
        session.commit()


def test_a_check_on_two_processes_gives_what_one_gives(
    library_app: Flask, monkeypatch: pytest.MonkeyPatch, stored_verdicts: Verdicts
) -> None:
    serial = {fmt: check(library_app, "--jobs", "1", "--format", fmt) for fmt in ("json", "table")}
    verdicts = stored_verdicts(library_app)
    forget_checks(library_app)
    monkeypatch.setattr(summaries, "POOL_FROM", 1)  # the pool even for a small library
    code, output = check(library_app, "--jobs", "2", "--format", "json")
    assert (code, output) == serial["json"]
    assert stored_verdicts(library_app) == verdicts
    assert check(library_app, "--format", "table") == serial["table"]
    rows = json.loads(output)
    assert len(rows) == 9 * 12 and {r["locale"] for r in rows} == {"en", "es", "de"}


def test_an_unchanged_library_is_checked_without_scoring(
    library_app: Flask, scoring_calls: list[Any]
) -> None:
    cold = check(library_app, "--jobs", "1", "--format", "csv")
    assert len(scoring_calls) == 9 * 12
    scoring_calls.clear()
    assert check(library_app, "--format", "csv") == cold
    assert scoring_calls == []


def test_each_checked_revision_keeps_its_worst_verdict_under_the_current_engine(
    library_app: Flask, stored_verdicts: Verdicts
) -> None:
    code, output = check(library_app, "--jobs", "1", "--format", "json")
    worst: dict[str, str] = {}
    rank = {"pass": 0, "warn": 1, "fail": 2}
    for row in json.loads(output):
        path = f"{row['locale']}/{row['article']}"
        if rank[row["verdict"]] >= rank[worst.get(path, "pass")]:
            worst[path] = row["verdict"]
    with library_app.app_context():
        engine = checks.current_fingerprint()
    stored = stored_verdicts(library_app)
    assert {path: verdict for path, (verdict, _engine) in stored.items()} == worst
    assert {fingerprint for _verdict, fingerprint in stored.values()} == {engine}
    assert code == (1 if "fail" in worst.values() else 0)


def test_a_revision_checked_by_another_engine_or_policy_is_checked_again(
    library_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check(library_app, "--jobs", "1")
    with library_app.app_context():
        session = db.new_session()
        stale = min(session.scalars(select(RevisionVerdictRecord.revision_id)))
        session.execute(
            update(RevisionVerdictRecord)
            .where(RevisionVerdictRecord.revision_id == stale)
            .values(engine="0" * 64)
        )
        session.commit()
        assert stale in checks.unchecked(session)
    calls: list[Any] = []
    real = summaries.score

    def score(item: Any) -> Any:
        calls.append(item)
        return real(item)

    monkeypatch.setattr(summaries, "score", score)
    assert check(library_app, "--jobs", "1") == first
    assert len(calls) == 12  # that one article's variants, and no other
    with library_app.app_context():
        assert checks.unchecked(db.new_session()) == []


def test_a_locale_or_audience_narrows_the_output_not_what_is_recorded(
    library_app: Flask, stored_verdicts: Verdicts
) -> None:
    code, output = check(library_app, "--jobs", "1", "--locale", "es", "--format", "json")
    rows = json.loads(output)
    assert rows and {r["locale"] for r in rows} == {"es"}
    stored = stored_verdicts(library_app)
    assert stored and {path.split("/")[0] for path in stored} == {"es"}
    code, output = check(library_app, "--audience", "clinician", "--format", "json")
    assert {r["audience"] for r in json.loads(output)} == {"clinician"}
    assert code == 0  # clinician text is never failed


def test_a_large_library_shows_its_progress_on_standard_error(
    library_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.quality import commands

    monkeypatch.setattr(commands, "PROGRESS_FROM", 5)
    result = library_app.test_cli_runner().invoke(args=["readability", "check", "--jobs", "1"])
    assert "Scoring articles" in result.stderr and "Scoring articles" not in result.stdout
    again = library_app.test_cli_runner().invoke(args=["readability", "check"])
    assert "Scoring articles" not in again.stderr  # nothing to score: no bar


def test_missing_variants_count_for_nothing_in_a_revisions_verdict(
    app: Flask, stored_verdicts: Verdicts
) -> None:
    # tests/bundles: en/second has no clinician "aftercare"; its verdict is its rows' worst.
    code, output = check(app, "--format", "json")
    rows = [r for r in json.loads(output) if r["article"] == "second"]
    assert code == 0 and {r["verdict"] for r in rows} == {"pass"}
    assert stored_verdicts(app)["en/second"][0] == "pass"
