"""The bundle file ``readers-asked.yaml``: readers' questions the article answers.

A list, in page order, of a question (one line, a writer's rewording) and its answer
per audience, Markdown, ``layperson:`` required and ``clinician:`` optional::

    - question: Can the bumps come back?
      layperson: |-
        They can. ...
      clinician: |-
        Recurrence is ...

The file is optional: a bundle without it publishes no answers, as before it existed.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from service.content.article_file import Head
from service.content.layout import READERS_ASKED_FILE, TOO_BIG, too_big
from service.content.model import Asked
from service.content.section_files import check_citations, normalise_body
from service.content.yaml_fields import Reporter, is_null, node_kind, node_line
from service.writing.audience import AUDIENCE_NAMES, Audience

__all__ = ["READERS_ASKED_FILE", "add_representers", "asked_data", "parse_asked"]

ASKED_FIELDS = ("question", *AUDIENCE_NAMES)
# Questions are headings readers scan: a rewording fits on a line.
MAX_QUESTION_LENGTH = 200
_EXAMPLE = "- question: <the question, reworded>, then layperson: |- and the answer below it"


def parse_asked(file: Reporter, text: str, head: Head | None) -> tuple[Asked, ...] | None:
    """The answered questions of ``readers-asked.yaml``; None when any is wrong (reported)."""
    if too_big(text):
        file.add(None, TOO_BIG)
        return None
    count = len(file.problems)
    node = file.compose(text)
    if node is None:
        if len(file.problems) == count:
            file.add(None, f"is empty; list the answered questions as {_EXAMPLE}, or delete it")
        return None
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        file.add(
            node_line(node),
            f"must be a list of answered questions, each {_EXAMPLE}; got {node_kind(node)}",
        )
        return None
    asked = [_parse_item(file, item, number, head) for number, item in enumerate(node.value, 1)]
    if len(file.problems) > count:
        return None
    return tuple(a for a in asked if a is not None)


def _parse_item(file: Reporter, node: yaml.Node, number: int, head: Head | None) -> Asked | None:
    """One answered question: its question, a layperson answer, maybe a clinician one."""
    where = f"answered question {number}"
    fields = file.mapping(node, ASKED_FIELDS, where)
    if not isinstance(node, yaml.MappingNode):
        return None
    question = None
    if "question" not in fields:
        file.add(node_line(node), f"{where} has no question:; add the question, reworded")
    else:
        question = file.text(fields["question"], f"question of {where}")
        if question is not None and len(question) > MAX_QUESTION_LENGTH:
            file.add(
                fields["question"][0],
                f"the question of {where} is longer than {MAX_QUESTION_LENGTH} characters; "
                "shorten it to the point readers scan for",
            )
            question = None
    if Audience.LAYPERSON.value not in fields:
        file.add(
            node_line(node),
            f"{where} has no layperson: answer; every answer is written for patients, "
            "and for clinicians only when they need another one",
        )
    answers = []
    for audience in Audience:
        if audience.value in fields:
            answer = _answer(file, fields[audience.value], f"{audience} answer of {where}", head)
            if answer is not None:
                answers.append((audience, answer))
    if question is None or len(answers) < len([a for a in Audience if a.value in fields]):
        return None
    return Asked(question, tuple(answers))


def _answer(
    file: Reporter, entry: tuple[int, yaml.Node], name: str, head: Head | None
) -> str | None:
    """One answer's Markdown, normalised as section bodies are; citations checked."""
    line, node = entry
    if not isinstance(node, yaml.ScalarNode) or is_null(node):
        file.add(line, f"the {name} must be text (Markdown after |-), not {node_kind(node)}")
        return None
    body = normalise_body(str(node.value))
    if not body:
        file.add(line, f"the {name} is empty; write it, or remove the line")
        return None
    if head is not None and head.references_ok:
        # A block (|-) starts on the line after its key; any other text on the key's line.
        first = node_line(node) + (1 if node.style in ("|", ">") else 0)
        check_citations(file, body, first, head.reference_keys)
    return body


class _Block(str):
    """Text written as a YAML literal block (``|-``) when it spans lines."""


def _represent_block(dumper: yaml.SafeDumper, data: _Block) -> yaml.Node:
    """Several lines as a literal block; one line as PyYAML would write any text."""
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)


def asked_data(asked: Sequence[Asked]) -> list[dict[str, str]]:
    """The file's list as plain data, answers marked to be written as blocks."""
    return [
        {
            "question": a.question,
            **{audience.value: _Block(text) for audience, text in a.answers},
        }
        for a in asked
    ]


def add_representers(dumper: type[yaml.SafeDumper]) -> None:
    """Teach ``dumper`` to write answers as blocks."""
    dumper.add_representer(_Block, _represent_block)
