"""Bundles' YAML read through libyaml, for speed, gives exactly what PyYAML's own parser gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from service.content.problems import Problems
from service.content.yaml_fields import Reporter
from service.writing.front_matter import front_matter

TESTS = Path(__file__).resolve().parents[1]


def shape(node: yaml.Node | None) -> object:
    """A node tree as plain values: kinds, tags, values, styles and where each starts."""
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        # A plain scalar's style is "" from libyaml and None from PyYAML: the same, plain.
        return ("scalar", node.tag, node.value, node.style or None, where)
    children = [
        (shape(key), shape(value)) if isinstance(node, yaml.MappingNode) else shape(key)
        for key, value in (
            node.value if isinstance(node, yaml.MappingNode) else ((n, None) for n in node.value)
        )
    ]
    return (type(node).__name__, node.tag, children, where)


def yaml_texts(root: Path) -> list[str]:
    """Every YAML text a bundle holds under ``root``: article.yaml, readers-asked.yaml and
    the front matter of each section file (as the reader composes it)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))]
    for path in sorted(root.rglob("*.md")):
        block = front_matter(path.read_text(encoding="utf-8"))
        if block is not None:
            texts.append("\n" + block.yaml)
    return texts


def read_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, Problems]]:
    """``text`` composed as bundles are read, then with PyYAML alone: (tree, problems) each."""
    results = []
    for loader in (yaml.CSafeLoader, None):
        monkeypatch.setattr("service.content.yaml_fields._FAST_LOADER", loader)
        problems = Problems()
        results.append((shape(Reporter(Path("x.yaml"), problems).compose(text)), problems))
    return results


@pytest.mark.parametrize("folder", ["bundles", "../variants"])
def test_the_sample_bundles_read_the_same_either_way(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = yaml_texts(TESTS / folder)
    assert texts
    for text in texts:
        fast, slow = read_both_ways(text, monkeypatch)
        assert fast == slow and not fast[1]


def test_a_generated_library_reads_the_same_either_way(
    library: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in yaml_texts(library(9)):
        fast, slow = read_both_ways(text, monkeypatch)
        assert fast == slow and not fast[1]


@pytest.mark.parametrize(
    "text",
    [
        "title: [unclosed\n",
        "title: a: b\n",
        "title: \x07bell\n",
        "a:\n  - b\n - c\n",
        "[" * 5000 + "]" * 5000,
        "---\na: 1\n---\nb: 2\n",
    ],
)
def test_yaml_that_cannot_be_read_gets_the_same_message_either_way(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both_ways(text, monkeypatch)
    assert fast == slow
    assert fast[1], "the problem is reported"
