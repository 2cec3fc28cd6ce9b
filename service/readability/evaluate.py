"""Does the consensus grade rank plain text as easier? Pairs of texts, scored both ways.

Used by ``flask readability rank PAIRS.jsonl`` and by ``bench/readability.py``:
each line is a JSON object with a ``clinician`` and a ``layperson`` text (as in
the Cochrane data of Devaraj et al., 2021); a pair counts when the layperson
text's consensus grade is strictly lower.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .scores import score


class PairsError(ValueError):
    """A line of a pairs file that is not a pair, with its line number."""


def read_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """``(clinician, layperson)`` texts from JSON lines; blank lines are skipped."""
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise PairsError(f"line {number}: not JSON ({error.msg}).") from error
        if not isinstance(row, dict) or not all(
            isinstance(row.get(key), str) for key in ("clinician", "layperson")
        ):
            raise PairsError(f'line {number}: expected {{"clinician": "...", "layperson": "..."}}.')
        pairs.append((row["clinician"], row["layperson"]))
    return pairs


def rank_pairs(lines: Iterable[str], lang: str = "en") -> tuple[float, int]:
    """The share of pairs whose layperson text grades easier, and the number of pairs."""
    pairs = read_pairs(lines)
    if not pairs:
        return 0.0, 0
    easier = sum(
        score(layperson, lang).grade < score(clinician, lang).grade
        for clinician, layperson in pairs
    )
    return easier / len(pairs), len(pairs)
