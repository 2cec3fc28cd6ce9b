"""The readability policy: per language and audience, when text passes, warns or fails.

The defaults live in ``service/data/readability-policy.yaml``, which documents
where each threshold comes from. :func:`evaluate` applies a policy to scores and
findings and says why.

Each language's figure has a direction. English and German give grades, where
higher is harder, so their thresholds are ``warn_above`` and ``fail_above``;
Spanish gives an INFLESZ score, where higher is easier, so its thresholds are
``warn_below`` and ``fail_below``. A policy written the wrong way round for its
language is refused with a message saying which keys to use.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from service.writing.audience import Audience, UnknownAudience

from .datafiles import read_yaml
from .findings import DEFAULT_SENTENCE_LIMIT, Finding, FindingKind, Params
from .languages import Language, get_language, language_code, supported_languages
from .lexicon import Once
from .scores import Readability

DEFAULT_POLICY = "readability-policy.yaml"


class PolicyError(ValueError):
    """A policy file, or a request of it, that cannot be used; says what to fix."""


class Verdict(enum.StrEnum):
    """The outcome of a check, from best to worst."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        """0 for pass, 1 for warn, 2 for fail: larger is worse."""
        return list(Verdict).index(self)


class Level(enum.StrEnum):
    """What a finding of some kind does to the verdict; ``off``: the kind is not reported."""

    OFF = "off"
    INFO = "info"
    WARN = "warn"
    FAIL = "fail"

    @property
    def verdict(self) -> Verdict:
        """The verdict this level raises a check to (off and info: pass)."""
        return Verdict.PASS if self in (Level.OFF, Level.INFO) else Verdict(self.value)


@dataclass(frozen=True)
class GradeRule:
    """Thresholds of the language's figure: the text warns or fails beyond them.

    Grades (higher is harder) warn or fail *above* their thresholds; reading-ease
    scores such as INFLESZ (higher is easier) *below* theirs.
    """

    warn_above: float | None
    fail_above: float | None
    source: str
    warn_below: float | None = None
    fail_below: float | None = None

    def crossed(self, figure: float, level: Verdict) -> tuple[str, float] | None:
        """("above", threshold) or ("below", threshold) if ``figure`` crosses ``level``'s."""
        above, below = (
            (self.fail_above, self.fail_below)
            if level is Verdict.FAIL
            else (self.warn_above, self.warn_below)
        )
        if above is not None and figure > above:
            return "above", above
        if below is not None and figure < below:
            return "below", below
        return None


@dataclass(frozen=True)
class FindingRule:
    """What findings of one kind do to the verdict."""

    level: Level
    source: str
    words: int | None = None  # long_sentence only: the most words a sentence may have


@dataclass(frozen=True)
class AudiencePolicy:
    """The rules for one audience in one language."""

    grade: GradeRule
    findings: Mapping[FindingKind, FindingRule]
    report_only: bool = False

    @property
    def sentence_limit(self) -> int:
        """The most words a sentence may have before it is a finding."""
        rule = self.findings.get(FindingKind.LONG_SENTENCE)
        return rule.words if rule is not None and rule.words else DEFAULT_SENTENCE_LIMIT

    def reports(self, kind: FindingKind) -> bool:
        """Whether findings of ``kind`` are listed for this audience (not ``level: off``)."""
        rule = self.findings.get(kind)
        return rule is None or rule.level is not Level.OFF


@dataclass(frozen=True)
class Policy:
    """Rules per language and audience, and the file they came from."""

    rules: Mapping[str, Mapping[Audience, AudiencePolicy]]
    source: str

    def for_(self, audience: Audience | str, lang: str) -> AudiencePolicy:
        """The rules for ``audience`` in ``lang``; clear errors for anything unknown."""
        code = language_code(lang)  # UnsupportedLanguage for a language without formulas
        who = _audience(audience)
        by_audience = self.rules.get(code)
        if by_audience is None or who not in by_audience:
            raise PolicyError(
                f"{self.source} has no rules for {who.value} text in {code!r}; "
                f"add 'languages: {code}: {who.value}:' with a grade section."
            )
        return by_audience[who]


@dataclass(frozen=True)
class Reason:
    """One reason for a verdict; a reason at level pass is for information."""

    level: Verdict
    rule: str
    message: str
    source: str = ""
    params: Params = ()
    # Which of ``REASON_MESSAGES`` made ``message``: lets a page translate it.
    wording: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        return {
            "level": self.level.value,
            "rule": self.rule,
            "message": self.message,
            "source": self.source,
            "params": dict(self.params),
            "wording": self.wording,
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Reason:
        """The reason ``to_dict`` gave: a stored report's reasons come back as values."""
        return cls(
            level=Verdict(values["level"]),
            rule=str(values["rule"]),
            message=str(values["message"]),
            source=str(values["source"]),
            params=tuple(values["params"].items()),
            wording=str(values["wording"]),
        )


# Each reason's message, by wording, filled from the reason's ``params``. The staff
# pages translate the same templates (service/staff/readability_names.py).
REASON_MESSAGES = {
    "no_prose": "There is no prose to score.",
    "fail_above": "%(figure)s is above %(threshold)s, the fail level for %(audience)s text; "
    "use shorter sentences and everyday words.",
    "fail_below": "%(figure)s is below %(threshold)s, the fail level for %(audience)s text; "
    "use shorter sentences and everyday words.",
    "warn_above": "%(figure)s is above %(threshold)s, the target for %(audience)s text.",
    "warn_below": "%(figure)s is below %(threshold)s, the target for %(audience)s text.",
    "figure": "%(figure)s.",
    "sample_score": "Only %(words)s words: the score is a rough estimate.",
    "sample_grade": "Only %(words)s words: the grade is a rough estimate.",
    "finding": "%(number)s %(label)s finding.",
    "findings": "%(number)s %(label)s findings.",
}


def _reason(
    level: Verdict, rule: str, wording: str, source: str = "", **params: str | int | float
) -> Reason:
    """A reason whose message is ``REASON_MESSAGES[wording]`` filled from ``params``."""
    message = REASON_MESSAGES[wording] % params
    return Reason(level, rule, message, source, tuple(params.items()), wording)


@dataclass(frozen=True)
class Judgement:
    """A verdict and the reasons for it, worst first."""

    verdict: Verdict
    reasons: tuple[Reason, ...]


def _audience(value: Audience | str) -> Audience:
    """``value`` as an Audience, or an error naming the choices."""
    try:
        return Audience.require(value)
    except UnknownAudience as error:
        raise PolicyError(f"{error}.") from None


def _shown(grade: float, threshold: float) -> str:
    """``grade`` to one place, or two where one would print the threshold itself."""
    shown = f"{grade:.1f}"
    return f"{grade:.2f}" if float(shown) == threshold else shown


def _figure(language: Language, value: str, figure: float) -> dict[str, str]:
    """How a reason names the figure: "Grade 9.2", "Szigriszt-Pazos 52.3 (INFLESZ: normal)".

    As params: ``figure`` (that text) and the parts it is made of, ``scale``, ``value``
    and, if the scale has named bands, ``band``.
    """
    band = language.band(figure)
    text = f"{language.figure_name} {value}" + (f" ({language.scale}: {band})" if band else "")
    parts = {"figure": text, "scale": language.scale, "value": value}
    return parts | ({"band": band} if band else {})


def evaluate(
    readability: Readability,
    findings: Iterable[Finding],
    policy: Policy,
    audience: Audience | str,
    lang: str,
) -> Judgement:
    """Apply ``policy`` for ``audience`` and ``lang`` to scores and findings."""
    language = get_language(lang)
    rules = policy.for_(audience, lang)
    who = _audience(audience).value
    reasons: list[Reason] = []
    grade = readability.grade
    failed = rules.grade.crossed(grade, Verdict.FAIL)
    warned = rules.grade.crossed(grade, Verdict.WARN)
    if readability.words == 0:
        reasons.append(_reason(Verdict.PASS, "grade", "no_prose"))
    elif (crossed := failed or warned) is not None:
        level = Verdict.FAIL if failed is not None else Verdict.WARN
        side, threshold = crossed
        reasons.append(
            _reason(
                level,
                "grade",
                f"{level.value}_{side}",
                rules.grade.source,
                **_figure(language, _shown(grade, threshold), grade),
                threshold=f"{threshold:g}",
                audience=who,
            )
        )
    else:
        figure = _figure(language, f"{grade:.1f}", grade)
        reasons.append(_reason(Verdict.PASS, "grade", "figure", rules.grade.source, **figure))
    if readability.small_sample and readability.words:
        reasons.append(
            _reason(
                Verdict.PASS,
                "sample",
                "sample_score" if language.higher_is_easier else "sample_grade",
                words=readability.words,
            )
        )
    counts: dict[FindingKind, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    for kind, number in counts.items():
        rule = rules.findings.get(kind)
        level = rule.level.verdict if rule is not None else Verdict.PASS
        reasons.append(
            _reason(
                level,
                kind.value,
                "finding" if number == 1 else "findings",
                rule.source if rule is not None else "",
                number=number,
                kind=kind.value,
                label=kind.value.replace("_", " "),
            )
        )
    if rules.report_only:
        reasons = [dataclasses.replace(r, level=Verdict.PASS) for r in reasons]
    reasons.sort(key=lambda r: -r.level.rank)
    verdict = max((r.level for r in reasons), key=lambda v: v.rank, default=Verdict.PASS)
    return Judgement(verdict, tuple(reasons))


def parse_policy(raw: Any, source: str) -> Policy:
    """A policy from loaded YAML; :class:`PolicyError` says which entry to fix and how."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("languages"), Mapping):
        raise PolicyError(
            f"{source}: expected 'languages:' mapping codes such as 'en' to audiences."
        )
    rules: dict[str, Mapping[Audience, AudiencePolicy]] = {}
    for lang, audiences in raw["languages"].items():
        if str(lang) not in supported_languages():
            raise PolicyError(
                f"{source}: language {lang!r} has no readability formulas; "
                f"use one of: {', '.join(supported_languages())}."
            )
        if not isinstance(audiences, Mapping):
            raise PolicyError(f"{source}: languages.{lang} must map audiences to rules.")
        by_audience: dict[Audience, AudiencePolicy] = {}
        language = get_language(str(lang))
        for name, entry in audiences.items():
            where = f"{source}: languages.{lang}.{name}"
            by_audience[_audience_in(name, where)] = _audience_policy(entry, where, language)
        rules[str(lang)] = MappingProxyType(by_audience)
    return Policy(MappingProxyType(rules), source)


def _audience_in(name: object, where: str) -> Audience:
    """An audience named in the policy file, or an error saying where."""
    try:
        return Audience.require(name)
    except UnknownAudience as error:
        raise PolicyError(f"{where}: {error}.") from None


def _audience_policy(entry: Any, where: str, language: Language) -> AudiencePolicy:
    """One audience's rules, checked against the direction of ``language``'s scale."""
    if not isinstance(entry, Mapping):
        raise PolicyError(f"{where}: expected 'grade:' and 'findings:' sections.")
    grade = entry.get("grade") or {}
    if not isinstance(grade, Mapping):
        raise PolicyError(f"{where}.grade: expected warn_above, fail_above and source.")
    warn, fail = _number(grade, "warn_above", where), _number(grade, "fail_above", where)
    if warn is not None and fail is not None and warn > fail:
        raise PolicyError(f"{where}.grade: warn_above ({warn:g}) is above fail_above ({fail:g}).")
    warn_below = _number(grade, "warn_below", where)
    fail_below = _number(grade, "fail_below", where)
    if warn_below is not None and fail_below is not None and warn_below < fail_below:
        raise PolicyError(
            f"{where}.grade: warn_below ({warn_below:g}) is below fail_below ({fail_below:g})."
        )
    _check_direction(language, where, above=(warn, fail), below=(warn_below, fail_below))
    findings: dict[FindingKind, FindingRule] = {}
    for name, rule in (entry.get("findings") or {}).items():
        try:
            kind = FindingKind(name)
        except ValueError:
            choices = ", ".join(k.value for k in FindingKind)
            raise PolicyError(f"{where}.findings: unknown kind {name!r}; use {choices}.") from None
        findings[kind] = _finding_rule(rule, f"{where}.findings.{name}")
    return AudiencePolicy(
        grade=GradeRule(warn, fail, str(grade.get("source", "")), warn_below, fail_below),
        findings=MappingProxyType(findings),
        report_only=bool(entry.get("report_only", False)),
    )


def _check_direction(
    language: Language,
    where: str,
    above: tuple[float | None, float | None],
    below: tuple[float | None, float | None],
) -> None:
    """Refuse thresholds on the wrong side of ``language``'s scale, naming the right keys."""
    wrong, right = ("above", "below") if language.higher_is_easier else ("below", "above")
    given = above if language.higher_is_easier else below
    if any(value is not None for value in given):
        easier = "higher" if language.higher_is_easier else "lower"
        raise PolicyError(
            f"{where}.grade: {language.name} text is scored on the {language.scale} scale, "
            f"where {easier} is easier; write warn_{right} and fail_{right}, "
            f"not warn_{wrong} or fail_{wrong}."
        )


def _finding_rule(rule: Any, where: str) -> FindingRule:
    """One finding rule: a level name alone, or a mapping with level, source and words."""
    if isinstance(rule, str):
        rule = {"level": rule}
    if not isinstance(rule, Mapping):
        raise PolicyError(f"{where}: expected {{level: warn, source: ...}}.")
    given = rule.get("level", "info")
    if given is False:  # YAML 1.1 reads an unquoted ``off`` as false
        given = Level.OFF.value
    try:
        level = Level(given)
    except ValueError:
        raise PolicyError(f"{where}: level must be off, info, warn or fail.") from None
    words = rule.get("words")
    if words is not None and (not isinstance(words, int) or isinstance(words, bool) or words < 1):
        raise PolicyError(f"{where}: words must be a whole number of 1 or more.")
    return FindingRule(level, str(rule.get("source", "")), words)


def _number(mapping: Mapping[str, Any], key: str, where: str) -> float | None:
    """A grade threshold from the file, or ``None`` if absent."""
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PolicyError(f"{where}.grade.{key}: expected a grade such as 8, not {value!r}.")
    return float(value)


def load_policy(path: Path | None = None) -> Policy:
    """The policy in ``path``, or the default shipped in ``service/data``."""
    raw, source = read_yaml(path, DEFAULT_POLICY, PolicyError)
    return parse_policy(raw, source)


_DEFAULT: Once[Policy] = Once(load_policy)


def default_policy() -> Policy:
    """The shipped policy, loaded once."""
    return _DEFAULT.get()
