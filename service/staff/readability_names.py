"""The names writers see for verdicts, scales, formulas and findings, marked for translation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.numbers import get_decimal_symbol
from flask import Flask
from flask_babel import format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l

from service.i18n import N_
from service.readability import Finding, FindingKind, Reason, Verdict
from service.templating import AUDIENCE_LABELS
from service.writing.audience import Audience

VERDICT_LABELS = {Verdict.PASS: _l("Pass"), Verdict.WARN: _l("Warning"), Verdict.FAIL: _l("Fail")}
# The figure the policy uses, named by the scale the engine reads it on (Report "scale").
FIGURE_NAMES = {
    "US school grade": _l("Grade"),
    "INFLESZ": _l("Szigriszt-Pazos (INFLESZ)"),
    "Wiener Sachtextformel school grade": _l("Wiener Sachtextformel grade"),
}
# Each formula the engine may report (Report "metrics"), as writers know it.
METRIC_NAMES = {
    "flesch_kincaid_grade": _l("Flesch–Kincaid grade"),
    "flesch_reading_ease": _l("Flesch reading ease"),
    "smog": _l("SMOG grade"),
    "gunning_fog": _l("Gunning fog index"),
    "coleman_liau": _l("Coleman–Liau index"),
    "automated_readability_index": _l("Automated Readability Index"),
    "dale_chall": _l("Dale–Chall score"),
    "dale_chall_grade": _l("Dale–Chall grade"),
    "fernandez_huerta": _l("Fernández Huerta reading ease"),
    "szigriszt_pazos": _l("Szigriszt-Pazos (INFLESZ)"),
    "wiener_sachtextformel": _l("Wiener Sachtextformel"),
    "flesch_amstad": _l("Flesch reading ease (Amstad)"),
}
FINDING_KINDS = {
    FindingKind.LONG_SENTENCE: _l("long sentence"),
    FindingKind.HARD_WORD: _l("hard word"),
    FindingKind.JARGON: _l("jargon"),
    FindingKind.PASSIVE_VOICE: _l("passive voice"),
    FindingKind.ABBREVIATION: _l("abbreviation"),
}

# The engine's messages (service.readability.findings.MESSAGES and
# service.readability.policy.REASON_MESSAGES), the same English templates, to translate.
FINDING_MESSAGES = {
    "long_sentence": N_(
        "This sentence has %(words)s words; keep sentences to %(limit)s or fewer by splitting it."
    ),
    "hard_word": N_(
        "'%(word)s' is long and not an everyday word; use a shorter, common word if there is one."
    ),
    "hard_word_syllables": N_(
        "'%(word)s' is long (%(syllables)s syllables); use a shorter word if there is one."
    ),
    "jargon": N_(
        "'%(word)s' is medical jargon; write '%(plain)s', or explain it where it is first used."
    ),
    "passive_voice": N_("'%(phrase)s' is passive; say who does it ('the doctor removes ...')."),
    "abbreviation": N_(
        "Spell out '%(letters)s' the first time, with the letters after it "
        "in brackets: 'words in full (%(letters)s)'."
    ),
}
REASON_MESSAGES = {
    "no_prose": N_("There is no prose to score."),
    "fail_above": N_(
        "%(figure)s is above %(threshold)s, the fail level for %(audience)s text; "
        "use shorter sentences and everyday words."
    ),
    "fail_below": N_(
        "%(figure)s is below %(threshold)s, the fail level for %(audience)s text; "
        "use shorter sentences and everyday words."
    ),
    "warn_above": N_("%(figure)s is above %(threshold)s, the target for %(audience)s text."),
    "warn_below": N_("%(figure)s is below %(threshold)s, the target for %(audience)s text."),
    "figure": N_("%(figure)s."),
    "sample_score": N_("Only %(words)s words: the score is a rough estimate."),
    "sample_grade": N_("Only %(words)s words: the grade is a rough estimate."),
    "finding": N_("%(number)s %(label)s finding."),
    "findings": N_("%(number)s %(label)s findings."),
}


def _translated(templates: Mapping[str, str], said: Finding | Reason) -> str:
    """``said``'s message in the page's language, by the wording that made it; else as is.

    A message whose wording is unknown here, or whose English does not match its
    template (a stale cache, a changed engine), is shown as the engine wrote it.
    """
    params = dict(said.params)
    template = templates.get(said.wording)
    if template is None:
        return said.message
    try:
        if template % params != said.message:
            return said.message
    except (KeyError, TypeError, ValueError):
        return said.message
    return str(gettext(template, **_localized(params)))


def _localized(params: Mapping[str, Any]) -> dict[str, Any]:
    """The params as the page shows them: numbers, names of figures, audiences and kinds."""
    shown = dict(params)
    point = get_decimal_symbol(get_locale() or "en")
    for key in ("value", "threshold"):
        if isinstance(shown.get(key), str):
            shown[key] = shown[key].replace(".", point)
    for key, value in shown.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            shown[key] = format_decimal(value)
    if "scale" in shown and "value" in shown:
        band = shown.get("band")
        name = figure_name(str(shown["scale"]))
        shown["figure"] = f"{name} {shown['value']}" + (f" ({band})" if band else "")
    audience = Audience.parse(shown.get("audience"))
    if audience is not None:
        shown["audience"] = gettext(AUDIENCE_LABELS[audience])
    if "kind" in shown and "label" in shown:
        shown["label"] = finding_kind_name(str(shown["kind"]))
    return shown


def finding_message(finding: Finding) -> str:
    """A finding's message in the page's language."""
    return _translated(FINDING_MESSAGES, finding)


def reason_message(reason: Reason) -> str:
    """A reason's message in the page's language."""
    return _translated(REASON_MESSAGES, reason)


def figure_name(scale: str) -> str:
    """The figure read on ``scale`` (a Report's "scale"), named for the page; else the scale."""
    return str(FIGURE_NAMES.get(scale, scale))


def metric_name(key: str) -> str:
    """A formula of a Report's "metrics", named for the page; else its key."""
    return str(METRIC_NAMES.get(key, key.replace("_", " ")))


def finding_kind_name(kind: FindingKind | str) -> str:
    """What a kind of finding is called on the page: "long sentence"."""
    return str(FINDING_KINDS.get(FindingKind(kind), str(kind).replace("_", " ")))


def verdict_label(verdict: Verdict | str) -> str:
    """ "Pass", "Warning" or "Fail", in the page's language."""
    return str(VERDICT_LABELS[Verdict(verdict)])


def init_app(app: Flask) -> None:
    """Let staff templates name verdicts, figures, formulas and findings, and word messages."""
    app.jinja_env.globals.update(
        verdict_label=verdict_label,
        figure_name=figure_name,
        metric_name=metric_name,
        finding_kind_name=finding_kind_name,
        finding_message=finding_message,
        reason_message=reason_message,
    )
