"""``accept.txt``: the terms a bundle's article accepts, one a line, like Vale's accept list.

Blank lines and lines starting with ``#`` are skipped; each term is kept once (in any
case), in the order written. The readability engine lists no hard word and no jargon
for these terms in this article (:mod:`service.readability.vocabulary`).
"""

from __future__ import annotations

import re

from service.content.yaml_fields import Reporter

VOCABULARY_FILE = "accept.txt"
MAX_TERM_CHARS = 100
MAX_TERMS = 500

# Letters (any script), digits, and the spaces, hyphens and apostrophes inside a term.
TERM_PATTERN = re.compile(r"[^\W_](?:[\w \-'\u2019]*[^\W_])?")


def term_problem(term: str) -> str | None:
    """What is wrong with one accepted term, or None when it can be used."""
    if len(term) > MAX_TERM_CHARS:
        return f"is longer than {MAX_TERM_CHARS} characters; accept a word or a short phrase"
    if not TERM_PATTERN.fullmatch(term):
        return (
            f"{term!r} is not a word or phrase; write letters and digits, with spaces, "
            "hyphens or apostrophes inside"
        )
    return None


def parse_terms(lines: list[str], report: Reporter | None = None) -> tuple[str, ...]:
    """The terms of ``lines``; each bad line is reported (line numbers from 1)."""
    terms: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        term = " ".join(line.split())
        if not term or term.startswith("#"):
            continue
        problem = term_problem(term)
        if problem is not None:
            if report is not None:
                report.add(number, problem)
            continue
        terms.setdefault(term.casefold(), term)
    if len(terms) > MAX_TERMS and report is not None:
        report.add(None, f"accepts {len(terms)} terms; keep it to {MAX_TERMS} or fewer")
    return tuple(terms.values())


def parse_vocabulary(report: Reporter, text: str) -> tuple[str, ...]:
    """The terms of an ``accept.txt`` text; problems go to ``report``."""
    return parse_terms(text.splitlines(), report)


def vocabulary_text(terms: tuple[str, ...]) -> str:
    """The text of ``accept.txt`` for ``terms``: one a line."""
    return "".join(f"{term}\n" for term in terms)
