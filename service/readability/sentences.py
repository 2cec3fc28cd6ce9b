"""Where sentences end in a run of prose, with decimals, statistics and abbreviations kept whole.

A full stop ends a sentence when a space and a word that does not start in lower
case follow it (or nothing does). It does not when it belongs to a decimal
("0.81", "P = .03", "2.5 mg"), to an abbreviation that never ends a sentence
("e.g.", "i.e.", "et al.", "vs.", "Dr.", "approx.", "Fig. 2", "no. 5") or to a
dotted initialism ("U.S.", "b.i.d."). "etc." ends a sentence only when a capital
follows. Text pasted without a space ("found.The review") is split too.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = re.compile(
    r"(?<![\w.])(?:e\.g|i\.e|et\s+al|vs|viz|cf|approx|ca|incl|esp|resp|Dr|Drs|Mr|Mrs|Ms|Prof"
    r"|Fig|Figs|Eq|Ref|Refs|Vol|St|Jr|Sr)\."
    r"|(?<![\w.])(?:[Nn]os?|pp?)\.(?=\s*\d)"
    r"|(?<![\w.])(?:[^\W\d_]\.){2,}",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…]+[\"'”\u2019)\]]*")
_PASTED = re.compile(r"(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”\u2019)\]]*$")
_TRAILING_JOINERS = re.compile(r"[\s:;,\u2013\u2014-]+$")
_INNER_STOPS = re.compile(r"[.!?…]")
NEUTRAL_DOT = "\u2024"  # ONE DOT LEADER: looks like a dot, ends nothing for textstat


def protected_stops(text: str) -> set[int]:
    """Positions of full stops in ``text`` that belong to an abbreviation."""
    protected: set[int] = set()
    for match in _ABBREVIATIONS.finditer(text):
        protected.update(i for i in range(match.start(), match.end()) if text[i] == ".")
    return protected


def split(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences in ``text``, trimmed, in order."""
    protected = protected_stops(text)
    cuts: list[int] = []
    for match in _TERMINAL.finditer(text):
        stops = match.group().rstrip("\"'”\u2019)]")
        last_stop = match.start() + len(stops) - 1
        if stops == "." and last_stop in protected:
            continue
        rest = text[match.end() :]
        following = rest.lstrip()
        if not following or (rest[0].isspace() and not following[0].islower()):
            cuts.append(match.end())
    cuts.extend(match.end() for match in _PASTED.finditer(text))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        piece = text[start:cut]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            right = start + len(piece.rstrip())
            spans.append((left, right))
        start = cut
    return spans


def ends_sentence(text: str) -> bool:
    """Whether ``text`` already ends with a full stop, question or exclamation mark."""
    return _ENDS_SENTENCE.search(text) is not None


def without_trailing_joiners(text: str) -> str:
    """``text`` without the colon, semicolon or dash a list lead-in ends with."""
    return _TRAILING_JOINERS.sub("", text)


def for_textstat(sentence: str) -> str:
    """``sentence`` with only its final stop left for textstat to see.

    textstat finds sentences with its own regular expression, so every inner
    full stop (decimals, "e.g.") would start a new one; a dot leader reads the
    same and ends nothing.
    """
    match = _ENDS_SENTENCE.search(sentence)
    body, end = (sentence[: match.start()], sentence[match.start() :]) if match else (sentence, ".")
    return _INNER_STOPS.sub(NEUTRAL_DOT, body) + end
