"""How a bundle is laid out: file names, keys, locales, size limit; guesses at names meant."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from service.writing.audience import Audience
from service.writing.citations import REFERENCE_KEY

ARTICLE_FILE = "article.yaml"
# Optional: the readers' questions the article answers (service.content.readers_asked).
READERS_ASKED_FILE = "readers-asked.yaml"
# A bundle file larger than this is refused unread: bundles are hand-written text.
MAX_FILE_BYTES = 256 * 1024
# A figure larger than this is refused unread (the FIGURE_MAX_BYTES setting overrides it).
MAX_FIGURE_BYTES = 2 * 1024 * 1024

# Slugs and section keys: lower-case words (letters or digits) joined by hyphens.
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A language tag as locales are written here: language, optional script, optional region.
LOCALE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
# Keys that a citation ``[@...]`` can name.
REFERENCE_KEY_PATTERN = re.compile(REFERENCE_KEY)
SECTION_FILE_PATTERN = re.compile(
    rf"(?P<section>{KEY_PATTERN.pattern})\.(?P<audience>{'|'.join(Audience)})\.md"
)


TOO_BIG = (
    f"is larger than {MAX_FILE_BYTES // 1024} KiB, the limit for one bundle file; "
    "split the text into more sections"
)


def too_big(text: str) -> bool:
    """Whether ``text`` would take more than MAX_FILE_BYTES as UTF-8."""
    return len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES


def key_guess(value: str) -> str:
    """``value`` as lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower())) or "overview"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if one is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
