"""Passive voice in English, by a documented heuristic.

A passive is a form of "be" (am, is, are, was, were, be, been, being, and their
negative contractions), then at most two adverbs ("not", "often", any -ly word),
then a past participle: a word ending in -ed, or one of the irregular
participles listed below. So "Milia are classified as primary" and "the bump is
gently removed" are passives.

Known limits: adjectives ending in -ed after "be" ("I am tired") look like
passives; the commonest are excluded below. Passives with "get" ("get trapped")
and reduced passives ("the drug, given daily, ...") are not found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


BE = _words(
    """
    am is are was were be been being isn't aren't wasn't weren't ain't
    """
)
ADVERBS = _words(
    """
    not also often usually always never then still sometimes rarely already just now
    only commonly generally typically frequently even more most less least well
    """
)
IRREGULAR_PARTICIPLES = _words(
    """
    arisen awoken borne born beaten begun bent bet bitten bled blown broken bred
    brought built burnt burst bought caught chosen clung cost crept cut dealt dug done
    drawn dreamt drunk driven eaten fallen fed felt fought found fled flung flown
    forbidden forgotten forgiven frozen got gotten given ground grown hung heard hidden
    hit held hurt kept knelt known laid led leant learnt left lent let lain lit lost
    made meant met paid put quit read ridden rung risen said seen sought sold sent set
    sewn shaken shed shone shot shown shrunk shut sung sunk sat slain slept slid slung
    smelt sown spoken sped spent spilt spun spat split spoilt spread sprung stood
    stolen stuck stung strewn struck strung sworn swept swum swung taken taught torn
    told thought thrown thrust trodden understood undertaken undergone woken worn woven
    wept won wound withdrawn written overcome overtaken mistaken misunderstood withheld
    rebuilt rewritten
    """
)
# Adjectives in -ed that follow "be" more often as states than as passives.
NOT_PASSIVE = _words(
    """
    tired worried scared frightened bored excited interested pleased married supposed
    ashamed embarrassed relaxed stressed depressed concerned naked sacred wicked
    hundred kindred rugged ragged beloved confused surprised disappointed satisfied
    amazed
    """
)
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")


def is_participle(word: str) -> bool:
    """Whether a lowercase ``word`` looks like a past participle."""
    if word in NOT_PASSIVE:
        return False
    if word in IRREGULAR_PARTICIPLES:
        return True
    return len(word) >= 4 and word.endswith("ed") and not word.endswith("eed")


def passives(sentence: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of each passive in ``sentence``, from the "be" to the participle."""
    words = [
        (m.group().lower().replace("\u2019", "'"), m.start(), m.end())
        for m in _WORD.finditer(sentence)
    ]
    for i, (word, start, _) in enumerate(words):
        if word not in BE and not word.endswith("'re"):  # "they're"
            continue
        for j in range(i + 1, min(i + 4, len(words))):
            candidate, _, end = words[j]
            if is_participle(candidate):
                yield start, end
                break
            if candidate not in ADVERBS and not candidate.endswith("ly"):
                break
