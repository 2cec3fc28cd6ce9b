"""The readability score cache: typed reports, the same whether scored now or read back."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from service.quality import scores
from service.readability import Finding, Report, check_markdown
from service.readability.policy import default_policy
from service.storage import readability_scores
from service.storage.db import db
from service.writing.audience import Audience

TEXTS = {
    "en": "Milia are tiny white bumps. The cyst was removed by the doctor (MRI not needed).",
    "es": "Son bultos blancos y pequeños. No son dañinos y desaparecen solos con el tiempo.",
    "de": "Milien sind kleine weiße Knötchen. Sie sind harmlos und verschwinden meist von selbst.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_a_report_survives_json_as_the_same_value(lang: str) -> None:
    report = check_markdown(TEXTS[lang], Audience.LAYPERSON, lang)
    back = Report.from_json(report.to_json())
    assert back.to_dict() == report.to_dict()
    assert Report.from_json(back.to_json()) == back
    assert all(isinstance(finding, Finding) for finding in back.findings)
    assert back.readability.counts == report.readability.counts
    assert back.readability.has_familiar_words is report.readability.has_familiar_words


def test_text_that_is_no_report_says_how_to_make_one() -> None:
    with pytest.raises(ValueError, match=r"KeyError.*Report\.to_dict\(\)"):
        Report.from_json('{"grade": 3}')
    with pytest.raises(ValueError):
        Report.from_json("not json")


def test_a_fresh_report_equals_the_cached_one(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [(TEXTS["en"], Audience.LAYPERSON, "en"), (TEXTS["es"], Audience.CLINICIAN, "es")]
    with app.app_context():
        session = db.new_session()
        fresh = scores.cached_reports(session, texts)
        session.commit()

        def no_scoring(*_args: Any, **_kwargs: Any) -> None:
            raise AssertionError("a cached text was scored again")

        monkeypatch.setattr(scores, "check_markdown", no_scoring)
        cached = scores.cached_reports(session, texts)
    assert cached == fresh
    assert all(isinstance(report, Report) for report in cached)
    assert [r.audience for r in cached] == [Audience.LAYPERSON, Audience.CLINICIAN]


def test_the_same_text_twice_is_scored_and_stored_once(app: Flask) -> None:
    text = (TEXTS["en"], Audience.LAYPERSON, "en")
    with app.app_context():
        session = db.new_session()
        first, second = scores.cached_reports(session, [text, text])
        session.commit()
        key = scores.cache_key(*text, default_policy())
        assert first == second
        assert list(readability_scores.cached(session, [key, "unknown"])) == [key]


def test_an_unreadable_cached_row_says_how_to_clear_it(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        key = scores.cache_key(TEXTS["en"], Audience.LAYPERSON, "en", default_policy())
        readability_scores.store(session, {key: "{}"})
        with pytest.raises(ValueError, match="delete that row"):
            scores.cached_report(session, TEXTS["en"], Audience.LAYPERSON, "en")


def test_the_key_tells_texts_audiences_and_languages_apart() -> None:
    policy = default_policy()
    keys = {
        scores.cache_key("Text.", Audience.LAYPERSON, "en", policy),
        scores.cache_key("Text!", Audience.LAYPERSON, "en", policy),
        scores.cache_key("Text.", Audience.CLINICIAN, "en", policy),
        scores.cache_key("Text.", Audience.LAYPERSON, "es", policy),
    }
    assert len(keys) == 4
    assert scores.cache_key("Text.", Audience.LAYPERSON, "en", policy) in keys
