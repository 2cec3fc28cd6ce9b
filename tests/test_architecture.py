"""The layout is the design: which package may import which, checked on every run.

The contracts live in pyproject.toml (``[tool.importlinter]``) and docs/architecture.md
explains them; ``make lint`` runs the same check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PROJECT = Path(__file__).resolve().parent.parent
SERVICE = PROJECT / "service"


def test_imports_follow_the_contracts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)
    assert lint_imports(no_cache=True, no_logo=True) == 0


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _package(module: str) -> str:
    return module.rpartition(".")[0]


def test_no_module_reaches_into_another_packages_private_parts() -> None:
    """``from service.x import _y`` and ``service.x._y`` only from inside ``service.x``."""
    trespasses = []
    for path in sorted(SERVICE.rglob("*.py")):
        relative = path.relative_to(PROJECT).with_suffix("")
        module = ".".join(relative.parts)
        home = module if path.name == "__init__.py" else _package(module)
        home = home.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if not node.module.startswith("service"):
                continue
            names = [alias.name for alias in node.names]
            parts = node.module.split(".")
            hidden = [p for p in parts if _private(p)]
            owner = ".".join(parts[: parts.index(hidden[0])]) if hidden else node.module
            reached = hidden or [n for n in names if _private(n)]
            if reached and not (home == owner or home.startswith(owner + ".")):
                trespasses.append(f"{path.relative_to(PROJECT)}:{node.lineno} imports {reached}")
    assert trespasses == []
