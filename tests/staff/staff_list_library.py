"""A small generated library for the article list's tests: statuses in turn, some odd titles.

``bench/library.py`` writes the bundles (approved, five topics a language); this turns a
quarter of them into drafts, a quarter submitted, a quarter under review, and gives a
few titles with ``%``, ``_``, a backslash and a capital umlaut, so the text filter has
something to get wrong. Each article's values come back as an ``Entry``, so a test can
say what the list should hold without asking the code under test.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from library import write_library

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
STATUSES = ("approved", "draft", "submitted", "under-review")
# Layperson titles given to the first articles (by path), for the text filter.
ODD_TITLES = (
    "100% natural remedies for Kelvara",
    "snake_case notes on Kelvara",
    "Übelkeit bei Kelvara",
    "A back\\slash in Kelvara",
    "1000 natural remedies for Kelvara",
    "snakeXcase notes on Kelvara",
)


@dataclass(frozen=True)
class Entry:
    """One generated article as its bundle says it."""

    locale: str
    slug: str
    title: str  # the layperson title: what the list prints
    clinician_title: str
    question: str
    topic: str
    status: str

    def mentions(self, text: str) -> bool:
        """Whether the text filter should find this article for ``text``."""
        needle = text.lower()
        fields = (self.title, self.clinician_title, self.question, self.slug)
        return any(needle in field.lower() for field in fields)


def make_library(root: Path, articles: int = 90) -> list[Entry]:
    """``articles`` bundles under ``root`` in en, es and de; what each one holds."""
    write_library(root, articles, locales=("en", "es", "de"), seed=15)
    entries = []
    for number, path in enumerate(sorted(root.glob("*/*/article.yaml"))):
        text = path.read_text(encoding="utf-8")
        text = text.replace("status: approved", f"status: {STATUSES[number % len(STATUSES)]}")
        if number < len(ODD_TITLES):
            meta = yaml.safe_load(text)
            old = json.dumps(meta["title"]["layperson"], ensure_ascii=False)
            text = text.replace(old, json.dumps(ODD_TITLES[number], ensure_ascii=False))
        path.write_text(text, encoding="utf-8")
        meta = yaml.safe_load(text)
        entries.append(
            Entry(
                locale=path.parent.parent.name,
                slug=path.parent.name,
                title=meta["title"]["layperson"],
                clinician_title=meta["title"]["clinician"],
                question=meta["question"],
                topic=meta["topic"],
                status=meta["status"],
            )
        )
    return entries
