"""The readability panel beside each variant: its figure on the language's scale, and findings.

Findings are those the policy lists for the audience, less the article's accepted
terms; in a section of an article, findings writers ignored are set apart, each with
its "Show again" control (the verdict still counts them).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal, format_percent, gettext
from markupsafe import Markup

from service.editorial.ignored_findings import Split, key_of, split
from service.readability import (
    Finding,
    FindingKind,
    PolicyError,
    Report,
    UnsupportedLanguage,
    check_markdown,
    supported_languages,
)
from service.readability.policy import GradeRule, default_policy
from service.staff import readability_names as names
from service.staff.editor.forms import lf
from service.staff.editor.plain_alternative import PlainSwap, plain_swap
from service.staff.highlight import Mark, highlight, marks
from service.storage.ignored_findings import IgnoredFinding
from service.templating import decimal
from service.writing.audience import Audience

SHOWN_FINDINGS = 60


def _number(value: float) -> str:
    """A threshold as written in the policy: 6, 6.5."""
    return str(format_decimal(value))


@dataclass(frozen=True)
class Panel:
    """The readability panel of one variant: its report against the policy, or why none."""

    audience: Audience
    report: Report | None = None
    rule: GradeRule | None = None
    report_only: bool = False
    highlighted: Markup = dataclasses.field(default_factory=Markup)
    error: str | None = None
    # The section the text is in, when the panel is in an article's section editor:
    # only there can findings be ignored.
    section: str | None = None
    ignores: Split = dataclasses.field(default_factory=lambda: Split((), ()))
    # The text scored, and where its shown findings are in the offsets the editor's
    # script counts.
    text: str = ""
    marks: tuple[Mark, ...] = ()

    @property
    def shown(self) -> tuple[Finding, ...]:
        """The findings the writer has not ignored."""
        return self.ignores.shown if self.section is not None else self._all

    @property
    def _all(self) -> tuple[Finding, ...]:
        return self.report.findings if self.report else ()

    @property
    def ignored(self) -> tuple[tuple[Finding, IgnoredFinding], ...]:
        """The findings ignored here, each with who ignored it and why."""
        return self.ignores.ignored

    def key(self, finding: Finding) -> str:
        """The identity of ``finding``, which its "Ignore" button sends."""
        assert self.section is not None, "findings are ignored in a section only"
        return key_of(finding, self.section, self.audience)

    @property
    def marks_json(self) -> str:
        """``marks`` as JSON, for the textarea's ``data-marks``: the script marks them in it."""
        return json.dumps([mark.to_dict() for mark in self.marks], separators=(",", ":"))

    def plain_swap(self, finding: Finding) -> PlainSwap | None:
        """Where ``finding``'s jargon word is, and what to write instead; None if nothing."""
        return plain_swap(self.text, finding)

    @property
    def verdict_label(self) -> str:
        """Pass, Warning or Fail."""
        return str(names.VERDICT_LABELS[self.report.verdict]) if self.report else ""

    @property
    def figure_name(self) -> str:
        """What the figure the policy uses is called: "Grade", "Szigriszt-Pazos (INFLESZ)"."""
        return names.figure_name(self.report.readability.scale) if self.report else ""

    @property
    def summary(self) -> str:
        """One line for the live region: the figure and the verdict."""
        if self.report is None:
            return self.error or ""
        if self.report.readability.words == 0:
            return str(gettext("No text to score yet."))
        return str(
            gettext(
                "%(figure)s %(value)s: %(verdict)s.",
                figure=self.figure_name,
                value=decimal(self.report.grade),
                verdict=self.verdict_label,
            )
        )

    @property
    def higher_is_easier(self) -> bool:
        """Whether the scale is a reading-ease one (INFLESZ), where the policy sets floors."""
        return bool(self.report and self.report.readability.higher_is_easier)

    @property
    def thresholds(self) -> dict[str, float | None]:
        """The policy's warn and fail levels, named for the scale's direction."""
        rule = self.rule or GradeRule(None, None, "")
        if self.higher_is_easier:
            return {"warn_below": rule.warn_below, "fail_below": rule.fail_below}
        return {"warn_above": rule.warn_above, "fail_above": rule.fail_above}

    @property
    def target(self) -> str:
        """The thresholds in words, such as "target: 6 or lower; fails above 8"; "" if none."""
        if self.report_only:
            return ""
        warn, fail = (None if v is None else _number(v) for v in self.thresholds.values())
        parts = []
        if warn is not None and self.higher_is_easier:
            parts.append(gettext("target: %(warn)s or higher", warn=warn))
        elif warn is not None:
            parts.append(gettext("target: %(warn)s or lower", warn=warn))
        if fail is not None and self.higher_is_easier:
            parts.append(gettext("fails below %(fail)s", fail=fail))
        elif fail is not None:
            parts.append(gettext("fails above %(fail)s", fail=fail))
        return "; ".join(str(part) for part in parts)

    @property
    def metrics(self) -> list[tuple[str, float]]:
        """Every formula the language reports, by its readable name, with its value."""
        values = self.report.readability.metrics.as_dict() if self.report else {}
        return [(names.metric_name(key), value) for key, value in values.items()]

    @property
    def long_words(self) -> str:
        """The share of long words, as a percentage in the page's locale."""
        share = self.report.readability.long_word_share if self.report else 0.0
        return str(format_percent(share))

    @staticmethod
    def kind_name(kind: FindingKind) -> str:
        """What a kind of finding is called: "long sentence"."""
        return names.finding_kind_name(kind)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings listed (the first SHOWN_FINDINGS not ignored)."""
        return self.shown[:SHOWN_FINDINGS]

    @property
    def hidden_findings(self) -> int:
        """Findings not listed."""
        return len(self.shown) - SHOWN_FINDINGS

    @property
    def alternatives(self) -> list[tuple[str, str]]:
        """Each jargon term found, once, with the glossary's plain alternative."""
        seen: dict[str, tuple[str, str]] = {}
        for finding in self.shown:
            if finding.kind is FindingKind.JARGON and finding.suggestion:
                seen.setdefault(finding.text.lower(), (finding.text, finding.suggestion))
        return list(seen.values())

    def to_json(self, html: str) -> dict[str, Any]:
        """The report, the policy, the alternatives and ``html`` (the panel), for the script."""
        if self.report is None:
            raise ValueError(f"No report to send: {self.error}; send the error instead.")
        report = self.report.to_dict()
        for shown, reason in zip(report["reasons"], self.report.reasons, strict=True):
            shown["message"] = names.reason_message(reason)
        report["findings"] = [
            {**finding.to_dict(), "message": names.finding_message(finding)}
            for finding in self.shown
        ]
        return {
            **report,
            "ignored": len(self.ignored),
            "policy": {**self.thresholds, "report_only": self.report_only},
            "alternatives": [{"term": t, "plain": p} for t, p in self.alternatives],
            "marks": [mark.to_dict() for mark in self.marks],
            "summary": self.summary,
            "html": html,
        }


def readability_panel(
    markdown: str,
    audience: Audience,
    locale: str,
    *,
    accepted: Iterable[str] = (),
    section: str | None = None,
    ignores: Sequence[IgnoredFinding] = (),
) -> Panel:
    """Score ``markdown`` for ``audience`` against the policy of ``locale``'s language.

    ``accepted`` are the article's accepted terms; ``section`` and ``ignores`` (the
    article's ignored findings) set apart what writers ignored in that section.
    """
    text = str(lf(markdown))
    try:
        report = check_markdown(text, audience, locale, accepted=accepted)
        rules = default_policy().for_(audience, locale)
    except UnsupportedLanguage as error:
        message = gettext(
            "Readability is not scored for language %(lang)s; it is scored for: %(langs)s.",
            lang=repr(error.lang),
            langs=", ".join(supported_languages()),
        )
        return Panel(audience, error=str(message))
    except PolicyError as error:  # a gap in the policy file: its message says what to add
        return Panel(audience, error=str(error))
    parts = split(report.findings, ignores, section or "", audience)
    shown = parts.shown if section is not None else report.findings
    return Panel(
        audience,
        report,
        rules.grade,
        rules.report_only,
        highlight(text, shown),
        section=section,
        ignores=parts,
        text=text,
        marks=marks(text, shown),
    )
