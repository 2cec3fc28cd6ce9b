"""Reading article.yaml: required fields, status, titles, sections and references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from service.content.layout import (
    ARTICLE_FILE,
    KEY_PATTERN,
    REFERENCE_KEY_PATTERN,
    TOO_BIG,
    closest,
    key_guess,
    too_big,
)
from service.content.model import Reference, Status
from service.content.yaml_fields import Entry, Reporter, is_null, node_kind, node_line
from service.writing.audience import AUDIENCE_NAMES
from service.writing.figures import FIGURE_NAME

ARTICLE_FIELDS = (
    "question",
    "title",
    "topic",
    "status",
    "updated",
    "reviewed",
    "reviewed_by",
    "review_due",
    "sections",
    "references",
    "figures",
)
FIGURE_FIELDS = ("file", "credit")
REFERENCE_FIELDS = ("key", "title", "journal", "year", "doi", "pmid", "url")
_REQUIRED = {
    "question": "question: What causes milia to form?",
    "title": "title: with layperson: and/or clinician: under it",
    "status": "status: draft",
    "updated": "updated: 2025-06-27",
    "sections": "sections: [overview, causes]",
}
_INT_TAG = "tag:yaml.org,2002:int"


@dataclass
class Head:
    """What article.yaml says, as far as it could be read; None marks a bad value."""

    values: dict[str, object] = field(default_factory=dict)
    sections: list[tuple[str, int]] | None = None  # key and line; None if unusable
    reference_keys: list[str] = field(default_factory=list)
    references_ok: bool = True  # False: some keys unknown, so citations go unchecked
    credits: dict[str, tuple[str, int]] = field(default_factory=dict)  # figure: credit, line


def parse_head(file: Reporter, text: str) -> Head | None:
    """Check article.yaml; what could be read of it, or None if it is no mapping."""
    count = len(file.problems)
    node = None if too_big(text) else file.compose(text)
    if node is None:
        if len(file.problems) == count:
            empty = "is empty; write question:, title:, status:, updated: and sections:"
            file.add(None, TOO_BIG if too_big(text) else empty)
        return None
    if not isinstance(node, yaml.MappingNode):
        file.add(
            node_line(node),
            f"must be a mapping of fields such as question: ..., not {node_kind(node)}",
        )
        return None
    entries = file.mapping(_without_locale(file, node), ARTICLE_FIELDS, ARTICLE_FILE)
    for name, example in _REQUIRED.items():
        if name not in entries and name not in file.suggested:
            file.add(None, f"{name}: is missing; add it, e.g. {example}")
    head = Head()
    optional = {k: v for k, v in entries.items() if not (is_null(v[1]) and k not in _REQUIRED)}
    for name, entry in optional.items():
        if name in ("question", "topic", "reviewed_by"):
            head.values[name] = file.text(entry, name)
        elif name in ("updated", "reviewed", "review_due"):
            head.values[name] = file.date(entry, name)
        elif name == "status":
            head.values[name] = _parse_status(file, entry)
        elif name == "title":
            head.values[name] = _parse_titles(file, entry)
        elif name == "sections":
            head.sections = _parse_sections(file, entry)
        elif name == "references":
            head.values[name] = _parse_references(file, entry, head)
        elif name == "figures":
            head.values[name] = _parse_figures(file, entry, head)
    return head


def _parse_figures(file: Reporter, entry: Entry, head: Head) -> bool:
    """The ``figures:`` list, giving a figure file its credit; True when it could be read."""
    line, node = entry
    example = "- file: eyelid.jpg, then credit: with who made the picture"
    if not isinstance(node, yaml.SequenceNode):
        file.add(line, f"figures must be a list of entries starting {example}")
        return False
    ok = True
    for number, item in enumerate(node.value, start=1):
        fields = file.mapping(item, FIGURE_FIELDS, f"figure {number}")
        if not isinstance(item, yaml.MappingNode):
            ok = False
            continue
        if "file" not in fields or "credit" not in fields:
            missing = "file:" if "file" not in fields else "credit:"
            file.add(node_line(item), f"figure {number} has no {missing}; write {example}")
            ok = False
            continue
        name = file.text(fields["file"], "file")
        credit = file.text(fields["credit"], "credit")
        if name is not None and not FIGURE_NAME.fullmatch(name):
            file.add(
                fields["file"][0],
                f"file {name!r} is no figure name; write the name of an image in figures/, "
                "such as eyelid.jpg (lower-case words joined by hyphens, then .png, .jpg, "
                ".gif or .webp)",
            )
            name = None
        elif name is not None and name in head.credits:
            file.add(
                fields["file"][0],
                f"figure {name!r} is listed twice (first on line "
                f"{head.credits[name][1]}); give each figure one credit",
            )
            name = None
        if name is None or credit is None:
            ok = False
        else:
            head.credits[name] = (credit, fields["file"][0])
    return ok


def _without_locale(file: Reporter, node: yaml.MappingNode) -> yaml.MappingNode:
    """``node`` less a ``locale:`` field, reported: the format keeps the locale out of the file."""
    kept = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "locale":
            file.add(
                node_line(key),
                "locale: is no field of article.yaml: a bundle's locale is the name of the "
                "folder holding it; remove the line, and load a bundle folder kept elsewhere "
                "with variants load --locale",
            )
        else:
            kept.append((key, value))
    return yaml.MappingNode(node.tag, kept, node.start_mark, node.end_mark)


def _parse_status(file: Reporter, entry: Entry) -> str | None:
    """The status, one of the review workflow's steps."""
    value = file.text(entry, "status")
    statuses = [s.value for s in Status]
    if value is not None and value not in statuses:
        best = closest(value, statuses)
        file.add(
            entry[0],
            f"status {value!r} is not a review status; use one of: "
            f"{' | '.join(statuses)}{f' (did you mean {best}?)' if best else ''}",
        )
        return None
    return value


def _parse_titles(file: Reporter, entry: Entry) -> dict[str, str] | None:
    """The ``title:`` mapping of audience to title."""
    line, node = entry
    if (isinstance(node, yaml.MappingNode) and not node.value) or is_null(node):
        file.add(
            line,
            "title: needs layperson: and/or clinician: under it, each with the title "
            "for that audience",
        )
        return None
    entries = file.mapping(node, AUDIENCE_NAMES, "title:")
    titles = {name: file.text(value, f"title {name}") for name, value in entries.items()}
    if not titles or None in titles.values():
        return None
    return {k: v for k, v in titles.items() if v is not None}


def _parse_sections(file: Reporter, entry: Entry) -> list[tuple[str, int]] | None:
    """The listed section keys in page order, each with its line."""
    line, node = entry
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        file.add(
            line,
            "sections must be a list of section keys in page order, such as "
            f"sections: [overview, causes]; got {node_kind(node)}",
        )
        return None
    sections: dict[str, int] = {}
    for item in node.value:
        value = str(item.value) if isinstance(item, yaml.ScalarNode) else node_kind(item)
        if not isinstance(item, yaml.ScalarNode) or not KEY_PATTERN.fullmatch(value):
            file.add(
                node_line(item),
                f"section {value!r} is not lower-case words joined by hyphens; "
                f"write {key_guess(value)} and name its files the same",
            )
        elif value in sections:
            file.add(
                node_line(item),
                f"section {value!r} is listed twice (first on line "
                f"{sections[value]}); list each section once",
            )
        else:
            sections[value] = node_line(item)
    return list(sections.items()) if len(sections) == len(node.value) else None


def _parse_references(file: Reporter, entry: Entry, head: Head) -> list[Reference] | None:
    """The reference list; keys that could be read go to ``head`` for citation checks."""
    line, node = entry
    if not isinstance(node, yaml.SequenceNode):
        head.references_ok = False
        file.add(
            line, f"references must be a list of entries starting - key:, not {node_kind(node)}"
        )
        return None
    references: list[Reference] = []
    first_line: dict[str, int] = {}
    for number, item in enumerate(node.value, start=1):
        fields = file.mapping(item, REFERENCE_FIELDS, f"reference {number}")
        if not isinstance(item, yaml.MappingNode):
            head.references_ok = False
            continue
        key = _parse_reference_key(file, fields, number, node_line(item))
        if key is None:
            head.references_ok = False
        elif key in first_line:
            file.add(
                fields["key"][0],
                f"reference key {key!r} is used twice (first on line "
                f"{first_line[key]}); give each reference its own key",
            )
        else:
            first_line[key] = fields["key"][0]
            head.reference_keys.append(key)
        reference = _parse_reference(file, fields, key or str(number), node_line(item))
        if reference is not None and key is not None:
            references.append(reference)
    return references if len(references) == len(node.value) else None


def _parse_reference_key(
    file: Reporter, fields: dict[str, Entry], number: int, line: int
) -> str | None:
    """The key a reference is cited by, such as smith2020."""
    if "key" not in fields:
        file.add(
            line,
            f"reference {number} has no key; add key: with a name to cite it by, "
            "such as key: smith2020",
        )
        return None
    key = file.text(fields["key"], "key")
    if key is not None and not REFERENCE_KEY_PATTERN.fullmatch(key):
        file.add(
            fields["key"][0],
            f"reference key {key!r} cannot be cited; use letters, digits "
            "and _:.#$%&+?<>~/- without spaces, such as smith2020",
        )
        return None
    return key


# Identifiers readers follow as links: what each must look like, and how to say so.
_IDENTIFIER_FORMS = {
    "url": (
        r"https?://[^\s<>\"]+",
        "must be a web address starting https:// or http://",
    ),
    "doi": (
        r"10\.\d{4,9}/\S+",
        "must look like 10.1016/j.jaad.2008.07.034, without https://doi.org/ in front",
    ),
    "pmid": (r"[0-9]{1,9}", "must be the PubMed number only, such as 18786734"),
}


def _parse_reference(
    file: Reporter, fields: dict[str, Entry], key: str, line: int
) -> Reference | None:
    """One reference's fields other than its key."""
    ok = "title" in fields
    if not ok:
        file.add(line, f"reference {key!r} has no title; add title: with the work's title")
    values: dict[str, str | None] = {}
    for name in ("title", "journal", "doi", "pmid", "url"):
        if name in fields and (name == "title" or not is_null(fields[name][1])):
            values[name] = file.text(fields[name], f"{name} of reference {key!r}")
            ok = ok and values[name] is not None
    for name, (pattern, example) in _IDENTIFIER_FORMS.items():
        value = values.get(name)
        if value is not None and not re.fullmatch(pattern, value):
            ok = False
            file.add(fields[name][0], f"{name} of reference {key!r} {example}; got {value!r}")
    year = None
    if "year" in fields and not is_null(fields["year"][1]):
        year_line, node = fields["year"]
        if node.tag == _INT_TAG and re.fullmatch(r"[-+]?[0-9]+", str(node.value)):
            year = int(node.value)
        else:
            ok = False
            file.add(
                year_line,
                f"year of reference {key!r} must be a whole number without "
                f"quotes, such as year: 2008; got {node_kind(node)}",
            )
    if not ok:
        return None
    return Reference(
        key=key,
        title=str(values["title"]),
        journal=values.get("journal"),
        year=year,
        doi=values.get("doi"),
        pmid=values.get("pmid"),
        url=values.get("url"),
    )
