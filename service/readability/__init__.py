"""Readability that means something: scores on extracted prose, findings, a policy verdict.

The engine is pure: no Flask, no I/O after the data files load once, safe in
threads. One call does everything a caller usually needs::

    report = check_markdown(markdown, Audience.LAYPERSON, "en")
    report.verdict, report.grade, report.findings, report.to_dict()

A report survives JSON as the same value: ``Report.from_json(report.to_json())``
equals the report with its figures rounded as ``to_dict`` rounds them, which is
what a cache of reports relies on.

English, Spanish and German are scored, each with its own formulas
(:mod:`.languages`); any other language raises :class:`UnsupportedLanguage`.

Call :func:`warm_up` at start-up so the first request does not pay for loading
the pronouncing dictionary.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from service.writing.audience import Audience

from .extract import Location, Prose, Sentence, extract
from .findings import Finding, FindingKind, find
from .languages import UnsupportedLanguage, language_code, supported_languages
from .policy import Judgement, Policy, PolicyError, Reason, Verdict, default_policy
from .policy import evaluate as judge
from .scores import Readability, score, warm_up
from .vocabulary import Vocabulary

__all__ = [
    "Audience",
    "Finding",
    "FindingKind",
    "Judgement",
    "Location",
    "Policy",
    "PolicyError",
    "Prose",
    "Readability",
    "Reason",
    "Report",
    "Sentence",
    "UnsupportedLanguage",
    "Verdict",
    "Vocabulary",
    "check_markdown",
    "extract",
    "find",
    "judge",
    "score",
    "supported_languages",
    "warm_up",
]


@dataclass(frozen=True)
class Report:
    """Scores, findings and verdict of one Markdown text for one audience and language."""

    audience: Audience
    lang: str
    readability: Readability
    findings: tuple[Finding, ...]
    judgement: Judgement

    @property
    def grade(self) -> float:
        """The figure the policy uses, on the language's scale (``readability.scale``)."""
        return self.readability.grade

    @property
    def verdict(self) -> Verdict:
        """Pass, warn or fail."""
        return self.judgement.verdict

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why, worst first."""
        return self.judgement.reasons

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON: grade, verdict, sentences, words, metrics, findings and more.

        ``metrics`` is keyed by formula ("szigriszt_pazos", "flesch_kincaid_grade");
        ``consensus`` says how ``grade`` is made, ``scale`` what it is read on
        ("INFLESZ"), ``higher_is_easier`` its direction and ``band`` its named band.
        """
        scores = self.readability.to_dict()
        return {
            "audience": self.audience.value,
            "lang": self.lang,
            "grade": scores.pop("grade"),
            "verdict": self.verdict.value,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "sentences": scores.pop("sentences"),
            "words": scores.pop("words"),
            "metrics": scores.pop("metrics"),
            "findings": [finding.to_dict() for finding in self.findings],
            **{key: value for key, value in scores.items() if key != "lang"},
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Report:
        """The report ``to_dict`` gave, so that stored reports come back typed, not as dicts.

        Figures are as ``to_dict`` rounds them. Raises ``ValueError`` when ``values``
        was not made by ``to_dict`` of this engine.
        """
        try:
            return cls(
                audience=Audience(values["audience"]),
                lang=str(values["lang"]),
                readability=Readability.from_dict(values),
                findings=tuple(Finding.from_dict(finding) for finding in values["findings"]),
                judgement=Judgement(
                    Verdict(values["verdict"]),
                    tuple(Reason.from_dict(reason) for reason in values["reasons"]),
                ),
            )
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"Not a readability report of this engine ({type(error).__name__}: {error}); "
                "make it with Report.to_dict() or Report.to_json()."
            ) from error

    def to_json(self) -> str:
        """``to_dict`` as JSON text: what a cache stores."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str) -> Report:
        """The report ``to_json`` gave; ``ValueError`` for any other text."""
        return cls.from_dict(json.loads(text))


def check_markdown(
    markdown: str,
    audience: Audience | str = Audience.LAYPERSON,
    lang: str = "en",
    policy: Policy | None = None,
    accepted: Iterable[str] = (),
) -> Report:
    """Score ``markdown``, find what a writer could make plainer, and judge it by ``policy``.

    Findings are those ``policy`` lists for ``audience`` (a kind at ``level: off`` is
    left out); ``accepted`` terms (the article's vocabulary) are no hard word or jargon.
    Neither changes the grade: only findings.

    Raises :class:`UnsupportedLanguage` for a language without formulas and
    :class:`PolicyError` for an audience or language the policy does not cover.
    """
    policy = policy if policy is not None else default_policy()
    rules = policy.for_(audience, lang)
    prose = extract(markdown)
    readability = score(prose, lang)
    vocabulary = Vocabulary.of(accepted)
    found = find(prose, lang, sentence_limit=rules.sentence_limit, accepted=vocabulary)
    findings = tuple(finding for finding in found if rules.reports(finding.kind))
    judgement = judge(readability, findings, policy, audience, lang)
    who = audience if isinstance(audience, Audience) else Audience(str(audience))
    return Report(who, language_code(lang), readability, findings, judgement)
