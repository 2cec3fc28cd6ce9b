"""Reading section files: front matter, body normalisation and citation checks."""

from __future__ import annotations

import re
from collections.abc import Mapping

import yaml

from service.content.article_file import Head
from service.content.figure_files import check_figure_uses
from service.content.layout import (
    ARTICLE_FILE,
    TOO_BIG,
    closest,
    key_guess,
    too_big,
)
from service.content.model import Figure, Variant
from service.content.yaml_fields import Reporter, node_line
from service.writing.audience import AUDIENCE_NAMES, Audience
from service.writing.citations import find_citations
from service.writing.front_matter import LINE_BREAK, front_matter, opens_front_matter

_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_FRONT_MATTER = "start the file with a line ---, then title: <the section heading>, then ---"


def normalise_body(text: str) -> str:
    """The canonical body: LF line ends, no leading blank lines, no trailing whitespace."""
    return split_body(text.replace("\r\n", "\n").replace("\r", "\n"))[1]


def bad_file_name(name: str) -> str:
    """What is wrong with a Markdown file's name, and the name to use instead."""
    stem, ending = name[:-3], name[-3:]
    parts = stem.split(".")
    key = key_guess(parts[0])
    if len(parts) == 1:
        return f"file name has no audience; rename it {key}.layperson.md or {key}.clinician.md"
    if len(parts) > 2:
        return (
            "file name has too many dots; section files are named <section>.<audience>.md, "
            "such as overview.layperson.md"
        )
    if parts[1] not in AUDIENCE_NAMES:
        best = closest(parts[1].lower(), AUDIENCE_NAMES)
        fix = f"{key}.{best}.md" if best else f"{key}.layperson.md or {key}.clinician.md"
        return f"unknown audience {parts[1]!r} in the file name; rename it {fix}"
    if ending != ".md":
        return f"file name must end in lower-case .md; rename it {key}.{parts[1]}.md"
    return (
        f"section {parts[0]!r} in the file name is not lower-case words joined by hyphens; "
        f"rename it {key}.{parts[1]}.md"
    )


def parse_variant(
    file: Reporter,
    text: str,
    section: str,
    audience: Audience,
    head: Head | None,
    figures: Mapping[str, Figure] | None = None,
) -> Variant | None:
    """One section file: front matter with a title, then the Markdown body.

    ``figures`` are the bundle's figures by name (None: not all could be read).
    """
    if too_big(text):
        file.add(None, TOO_BIG)
        return None
    if not opens_front_matter(text):
        file.add(1, f"has no front matter; {_FRONT_MATTER}")
        return None
    block = front_matter(text)
    if block is None:
        file.add(1, f"front matter opened on line 1 is never closed; {_FRONT_MATTER}")
        return None
    close = block.lines - 1  # the closing fence's line, counted from 0
    count = len(file.problems)
    # A blank first line keeps YAML's line numbers equal to the file's.
    node = file.compose("\n" + block.yaml)
    title = None
    if node is None and len(file.problems) == count:
        file.add(1, "front matter is empty; write title: <the section heading> in it")
    elif node is not None:
        fields = file.mapping(node, ("title",), "the front matter")
        if "title" in fields:
            title = file.text(fields["title"], "title")
        elif isinstance(node, yaml.MappingNode) and "title" not in file.suggested:
            file.add(node_line(node), "front matter has no title; add title: <the section heading>")
    skipped, body = split_body(LINE_BREAK.sub("\n", text[block.end :]))
    if not body:
        file.add(
            close + 1,
            f"the {audience} text of section {section!r} is empty; write it below the closing ---",
        )
    else:
        if head is not None and head.references_ok:
            check_citations(file, body, close + 2 + skipped, head.reference_keys)
        check_figure_uses(file, body, close + 2 + skipped, figures)
    return Variant(audience, title, body) if title is not None and body else None


def split_body(text: str) -> tuple[int, str]:
    """``text`` without leading blank lines (counted) and trailing whitespace."""
    stripped = _LEADING_BLANK_LINES.sub("", text, count=1)
    return text.count("\n", 0, len(text) - len(stripped)), stripped.rstrip()


def check_citations(file: Reporter, body: str, first_line: int, keys: list[str]) -> None:
    """Every ``[@key]`` in ``body``, which starts at ``first_line``, must name a reference."""
    for citation in find_citations(body):
        for key in (k for k in citation.keys if k not in keys):
            best = closest(key, keys)
            fix = f"write [@{best}] or " if best else ""
            known = f" or use one of: {', '.join(keys)}" if keys and not best else ""
            file.add(
                first_line + citation.line - 1,
                f"citation [@{key}] names no reference; "
                f"{fix}add it under references: in {ARTICLE_FILE}{known}",
            )
