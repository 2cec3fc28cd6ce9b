"""Small article bundles for the search tests, written where a test's library lives."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Bundle:
    """One article bundle to write: its texts per section and audience."""

    slug: str
    title: tuple[str, str]
    question: str
    sections: dict[str, tuple[str, str | None]]
    locale: str = "en"
    status: str = "approved"
    headings: dict[str, str] = field(default_factory=dict)


def write_bundle(root: Path, bundle: Bundle) -> Path:
    """Write ``bundle`` under ``root/<locale>/<slug>/``; the folder."""
    folder = root / bundle.locale / bundle.slug
    folder.mkdir(parents=True, exist_ok=True)
    reviewed = (
        "reviewed: 2025-06-27\nreviewed_by: Medical Advisory Board\n"
        if bundle.status == "approved"
        else ""
    )
    (folder / "article.yaml").write_text(
        f"question: {json.dumps(bundle.question, ensure_ascii=False)}\n"
        "title:\n"
        f"  layperson: {json.dumps(bundle.title[0], ensure_ascii=False)}\n"
        f"  clinician: {json.dumps(bundle.title[1], ensure_ascii=False)}\n"
        f"status: {bundle.status}\n"
        "updated: 2025-06-27\n"
        f"{reviewed}"
        f"sections: [{', '.join(bundle.sections)}]\n",
        encoding="utf-8",
    )
    for key, texts in bundle.sections.items():
        for audience, body in zip(("layperson", "clinician"), texts, strict=True):
            if body is not None:
                heading = bundle.headings.get(key, key.capitalize())
                (folder / f"{key}.{audience}.md").write_text(
                    f"---\ntitle: {json.dumps(heading, ensure_ascii=False)}\n---\n{body}\n",
                    encoding="utf-8",
                )
    return folder
