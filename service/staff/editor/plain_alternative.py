"""'Use the plain alternative': where a jargon finding's word is, and what replaces it.

The editor's script replaces the word in the textarea itself, so the writer's unsaved
text, the undo history and the revision the form edits all stay as they are; the
server only says where the word is (in the offsets a browser counts) and what the
glossary offers instead. Without the script the finding's message and the "Plain
alternatives" list show the same words to copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.readability import Finding, FindingKind
from service.staff.highlight import utf16_length

# What ends a sentence before a word that then opens the next one.
SENTENCE_ENDS = ".!?"
# What may stand between a line's start and its first word: indents and Markdown markers.
LINE_OPENERS = " \t-*+>#"


@dataclass(frozen=True)
class PlainSwap:
    """One occurrence of a jargon word, where it is, and the plain words to put there."""

    start: int
    end: int
    term: str
    plain: str


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of a sentence, a line or a list item."""
    before = text[:start].rstrip(" \t")
    if not before or before.endswith("\n") or before[-1] in SENTENCE_ENDS:
        return True
    line = before.rsplit("\n", 1)[-1]
    return not line.strip(LINE_OPENERS)


def fitted(plain: str, term: str, text: str, start: int) -> str:
    """``plain`` as it should read in place of ``term``: capitalised where a sentence opens.

    Only when the term itself was capitalised for that reason ("Corticosteroid
    creams …"), not when it is always written so ("HPV"), and never lower-cased.
    """
    capitalised = term[:1].isupper() and not term[1:2].isupper()
    if capitalised and plain[:1].islower() and opens_sentence(text, start):
        return plain[:1].upper() + plain[1:]
    return plain


def plain_swap(markdown: str, finding: Finding) -> PlainSwap | None:
    """Where ``finding``'s word is in ``markdown`` and its plain alternative; None if it has none.

    Only a jargon finding whose source is exactly the word gets one: a word split by
    Markdown (``**cor**ticosteroid``) is left for the writer to change by hand.
    """
    if finding.kind is not FindingKind.JARGON or not finding.suggestion:
        return None
    start, end = finding.location.start, finding.location.end
    if not 0 <= start < end <= len(markdown) or markdown[start:end] != finding.text:
        return None
    offset = utf16_length(markdown[:start])
    return PlainSwap(
        offset,
        offset + utf16_length(finding.text),
        finding.text,
        fitted(finding.suggestion, finding.text, markdown, start),
    )
