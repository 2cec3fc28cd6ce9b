"""Reading YAML nodes into checked values, reporting problems with their file and line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from service.content.layout import closest
from service.content.problems import Problems

_NULL_TAG = "tag:yaml.org,2002:null"
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Entry = tuple[int, yaml.Node]  # a mapping value and the line of its key
# libyaml's composer, when PyYAML was built with it: the same nodes, about ten times faster.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# libyaml composes nested nodes by C recursion, unguarded: only texts with fewer characters
# that could open a level than this go to it (a deep nesting, refused with a message in
# Python, must not overflow the C stack); the rest, and any text it refuses, read in Python.
_FAST_NESTING_LIMIT = 1000
_NESTING = re.compile(r"[\[{:?-]")


class Reporter:
    """Reports problems of one file; reads its YAML nodes into checked values."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.suggested: set[str] = set()  # known keys offered for misspelt ones

    def add(self, line: int | None, message: str) -> None:
        """Record a problem at ``line`` of this file."""
        self.problems.add(self.path, line, message)

    def compose(self, text: str) -> yaml.Node | None:
        """The YAML node tree of ``text``; None for no document (reported if invalid)."""
        if (fast := _fast_compose(text)) is not _REFUSED:
            return fast
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            what = " ".join(str(p) for p in (error.context, error.problem) if p)
            self.add(
                mark.line + 1 if mark else None,
                f"is not valid YAML ({what}); check the indentation, and put text that holds "
                "': ' or ' #' or starts with a sign such as - [ { & * ! | > ' \" % @ in quotes",
            )
        except RecursionError:
            self.add(None, "nests lists or mappings too deeply to read; flatten it")
        except yaml.reader.ReaderError as error:  # a character YAML refuses to read
            self.add(
                text.count("\n", 0, error.position) + 1,
                f"holds the character U+{error.character:04X}, which YAML does not allow; "
                'remove it, or write it as an escape inside double quotes, such as "\\u0007"',
            )
        return None

    def mapping(self, node: yaml.Node, known: Sequence[str], where: str) -> dict[str, Entry]:
        """Entries of a mapping node by key; unknown and repeated keys are reported."""
        if not isinstance(node, yaml.MappingNode):
            self.add(
                node_line(node),
                f"{where} must be a mapping of fields such as {known[0]}: ..., "
                f"not {node_kind(node)}",
            )
            return {}
        entries: dict[str, Entry] = {}
        for key_node, value in node.value:
            key, line = str(key_node.value), node_line(key_node)
            if key in entries:
                self.add(
                    line,
                    f"{key}: appears twice in {where} (first on line {entries[key][0]}); keep one",
                )
            elif key not in known or not isinstance(key_node, yaml.ScalarNode):
                best = closest(key, known)
                fix = f"write {best}: instead" if best else f"use one of: {', '.join(known)}"
                self.add(line, f"unknown field {key}: in {where}; {fix}")
                self.suggested.add(best or "")
            else:
                entries[key] = (line, value)
        return entries

    def text(self, entry: Entry, name: str) -> str | None:
        """A one-line text value; None (reported) when it is not one."""
        line, node = entry
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else None
        if value is None:
            self.add(line, f"{name} must be text on one line, not {node_kind(node)}")
        elif is_null(node) or not value.strip():
            self.add(line, f"{name} is empty; write it after {name}:")
        elif _LINE_BREAKS.search(value):
            self.add(line, f"{name} must be one line; join its lines into one")
        else:
            return value
        return None

    def date(self, entry: Entry, name: str) -> dt.date | None:
        """A YYYY-MM-DD date; None (reported) when it is not one."""
        line, node = entry
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.add(
            line,
            f"{name} must be a real date written YYYY-MM-DD, such as {name}: "
            f"2025-06-27; got {node_kind(node)}",
        )
        return None


_REFUSED = yaml.Node("", "", None, None)  # libyaml could not or would not read a text


def _fast_compose(text: str) -> yaml.Node | None:
    """``text``'s node tree by libyaml; ``_REFUSED`` when it was not read so.

    Problems are never reported from here: PyYAML's own reader says what is wrong, in
    the words the messages expect.
    """
    if _FAST_LOADER is None or len(_NESTING.findall(text)) >= _FAST_NESTING_LIMIT:
        return _REFUSED
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, ValueError):
        return _REFUSED
    return node


def node_line(node: yaml.Node) -> int:
    """The 1-based line where ``node`` starts."""
    return int(node.start_mark.line) + 1


def is_null(node: yaml.Node) -> bool:
    """Whether ``node`` is YAML's null: nothing, ``~`` or ``null``."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def node_kind(node: yaml.Node) -> str:
    """How a node's value reads in a message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    value = str(node.value)
    return repr(value if len(value) <= 60 else f"{value[:57]}...")
