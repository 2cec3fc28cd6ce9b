"""Where sentences end in a run of prose, with decimals, statistics and abbreviations kept whole.

A full stop ends a sentence when a space and a word that does not start in lower
case follow it (or nothing does). It does not when it belongs to a decimal
("0.81", "P = .03", "2.5 mg"), to an abbreviation that never ends a sentence
("e.g.", "i.e.", "et al.", "vs.", "Dr.", "approx.", "Fig. 2", "no. 5") or to a
dotted initialism ("U.S.", "b.i.d."). "etc." ends a sentence only when a capital
follows. Text pasted without a space ("found.The review") is split too.

The rules are the same for every language, so they know the abbreviations of
every language the engine scores: Spanish "Dra.", "Sra.", "p. ej.", "EE. UU.";
German "bzw.", "ggf.", "z. B.", "d. h.", "u. a." and ordinals before a month or
a noun that counts ("am 3. Mai", "im 19. Jahrhundert"). German "usw." is like
"etc.": it ends a sentence when a capital follows. Spanish ¿ and ¡ open
sentences and end none.
"""

from __future__ import annotations

import re

# Abbreviations that never end a sentence, matched on the text up to a full stop.
_ABBREVIATION_BEFORE = re.compile(
    r"(?<![\w.])(?:e\.g|i\.e|et\s+al|vs|viz|cf|approx|ca|incl|esp|resp|Dr|Drs|Mr|Mrs|Ms|Prof"
    r"|Fig|Figs|Eq|Ref|Refs|Vol|St|Jr|Sr"
    r"|aprox|Dra|Sra|Srta|Sres|Dña|Ud|Uds|Vd"  # Spanish
    r"|bzw|ggf|evtl|inkl|vgl|bspw|Mio|Mrd)\.\Z"  # German
    r"|(?<![\w.])(?:[^\W\d_]\.){2,}\Z",
    re.IGNORECASE,
)
# "no. 5", "p. 12", "Nr. 3", "pág. 4": abbreviations only when a number follows.
_NUMBERED_BEFORE = re.compile(r"(?<![\w.])(?:[Nn]os?|pp?|Nr|núm|págs?)\.\Z")
_DIGIT_AFTER = re.compile(r"\s*\d")
# Abbreviations of two parts with a space inside, whose stops never end a sentence.
_SPACED = re.compile(
    r"(?<![\w.])(?:[zZ]\.\s?[BT]|[dD]\.\s?h|[uU]\.\s?[aU]|[oO]\.\s?[äÄ]|[vV]\.\s?a|s\.\s?[ou]"
    r"|[pP]\.\s?ej|EE\.\s?UU|[ad]\.\s?C)\."
)
# A German ordinal before a month or a noun it counts: "am 3. Mai", "im 19. Jahrhundert".
_ORDINAL_BEFORE = re.compile(r"(?<![\w.,])(?:[1-9]|[12]\d|3[01])\.\Z")
_COUNTED_AFTER = re.compile(
    r"\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember|Jahrhundert|Lebensjahr|Lebensmonat|Lebenswoche|Lebenstag"
    r"|Schwangerschaftswoche|Woche|Tag|Monat|Klasse)\b"
)
_TERMINAL = re.compile(r"[.!?…]+[\"'”\u2019)\]]*")
_LOWER = "a-zß-öø-ÿ"  # lower-case letters of English, Spanish and German, accents included
_PASTED = re.compile(rf"(?<=[{_LOWER}]{{2}})[.!?](?=[¿¡]?[A-ZÀ-ÖØ-Þ][{_LOWER}])")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”\u2019)\]]*$")
_TRAILING_JOINERS = re.compile(r"[\s:;,\u2013\u2014-]+$")
_INNER_STOPS = re.compile(r"[.!?…]")
NEUTRAL_DOT = "\u2024"  # ONE DOT LEADER: looks like a dot, ends nothing for textstat


def is_abbreviation_stop(text: str, i: int) -> bool:
    """Whether the full stop at ``text[i]`` belongs to an abbreviation."""
    before = text[max(0, i - 12) : i + 1]
    if _ABBREVIATION_BEFORE.search(before):
        return True
    if _ORDINAL_BEFORE.search(before) and _COUNTED_AFTER.match(text, i + 1):
        return True
    if any(m.start() <= i < m.end() for m in _SPACED.finditer(text, max(0, i - 8), i + 8)):
        return True
    return bool(_NUMBERED_BEFORE.search(before) and _DIGIT_AFTER.match(text, i + 1))


def split(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences in ``text``, trimmed, in order."""
    cuts: list[int] = []
    for match in _TERMINAL.finditer(text):
        stops = match.group().rstrip("\"'”\u2019)]")
        last_stop = match.start() + len(stops) - 1
        if stops == "." and is_abbreviation_stop(text, last_stop):
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
