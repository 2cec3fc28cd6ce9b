"""The names writers see for verdicts, scales, formulas and findings, marked for translation."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from service.readability import FindingKind, Verdict

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
    """"Pass", "Warning" or "Fail", in the page's language."""
    return str(VERDICT_LABELS[Verdict(verdict)])


def init_app(app: Flask) -> None:
    """Let staff templates name verdicts, figures, formulas and findings."""
    app.jinja_env.globals.update(
        verdict_label=verdict_label,
        figure_name=figure_name,
        metric_name=metric_name,
        finding_kind_name=finding_kind_name,
    )
