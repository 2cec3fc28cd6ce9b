"""The readability score cache: each text's report, scored once per engine and policy.

Reports are cached in the database under a key made of the text, the audience, the
language, the policy and the engine itself, so checking an unchanged library costs
one lookup per variant and any change to the engine or the policy re-scores. They
come back as the engine's own :class:`~service.readability.Report`, the same value
whether scored now or read from the cache, so no page depends on where it came from.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources

from flask import Flask
from sqlalchemy.orm import Session

from service.readability import Policy, Report, check_markdown, warm_up
from service.readability.policy import default_policy
from service.storage import readability_scores
from service.writing.audience import Audience

Text = tuple[str, Audience, str]  # Markdown, audience, language


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's code and data: a new engine never reuses old scores."""
    digest = hashlib.sha256()
    for package in ("service.readability", "service.data"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith((".py", ".yaml", ".txt")):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


# Policies are unhashable (they hold mappings); keep each one alive beside its digest.
_POLICY_DIGESTS: dict[int, tuple[Policy, str]] = {}


def policy_fingerprint(policy: Policy) -> str:
    """A hash of ``policy``: a changed policy file never reuses old verdicts."""
    known = _POLICY_DIGESTS.get(id(policy))
    if known is None or known[0] is not policy:
        known = (policy, hashlib.sha256(repr(policy).encode("utf-8")).hexdigest())
        _POLICY_DIGESTS[id(policy)] = known
    return known[1]


def cache_key(
    markdown: str, audience: Audience, lang: str, policy: Policy, accepted: Sequence[str] = ()
) -> str:
    """The key of one text's report: the text, who it is for, what judges it, and the
    article's accepted terms (none: the key texts without terms always had)."""
    parts: tuple[str, ...] = (
        engine_fingerprint(),
        policy_fingerprint(policy),
        audience.value,
        lang,
        markdown,
    )
    if accepted:
        parts += ("\n".join(accepted),)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def cached_reports(
    session: Session,
    texts: Sequence[Text],
    policy: Policy | None = None,
    *,
    accepted: Sequence[str] = (),
) -> list[Report]:
    """The report of each of ``texts``: cached ones in one query, the rest scored and stored.

    ``accepted`` are the terms the texts' article accepts. New rows join ``session``'s
    transaction; the caller commits. A fresh report is returned as it comes back from
    the cache, its figures rounded the same way.
    """
    policy = policy or default_policy()
    keys = [
        cache_key(markdown, audience, lang, policy, accepted) for markdown, audience, lang in texts
    ]
    payloads = readability_scores.cached(session, keys)
    scored: dict[str, str] = {}
    for key, (markdown, audience, lang) in zip(keys, texts, strict=True):
        if key not in payloads:
            report = check_markdown(markdown, audience, lang, policy, accepted=accepted)
            scored[key] = payloads[key] = report.to_json()
    readability_scores.store(session, scored)
    return [_report(key, payloads[key]) for key in keys]


def cached_report(
    session: Session,
    markdown: str,
    audience: Audience,
    lang: str,
    policy: Policy | None = None,
    *,
    accepted: Sequence[str] = (),
) -> Report:
    """The report of ``markdown``, from the cache when it is there."""
    return cached_reports(session, [(markdown, audience, lang)], policy, accepted=accepted)[0]


def _report(key: str, payload: str) -> Report:
    """The stored report under ``key``, or an error saying how to clear a bad row."""
    try:
        return Report.from_json(payload)
    except ValueError as error:
        raise ValueError(
            f"The cached readability report {key} cannot be read ({error}). The table "
            "readability_scores is only a cache: delete that row (or all rows) and the "
            "text is scored again."
        ) from error


def init_app(app: Flask) -> None:
    """Load the pronouncing dictionary and word lists now, once per process.

    The first score otherwise pays for it, and several threads making that first call
    at once would each load it. A ``flask`` command skips it: it serves no requests,
    and ``readability check`` scores in worker processes that load their own (or, when
    nothing changed, scores nothing and should start at once).
    """
    if (
        app.config.get("READABILITY_WARM_UP", True)
        and os.environ.get("FLASK_RUN_FROM_CLI") != "true"
    ):
        warm_up()
