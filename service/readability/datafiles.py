"""Reading the engine's YAML data files: the shipped default, or a file a caller names."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path | None, default: str, error: type[ValueError]) -> tuple[Any, str]:
    """The parsed YAML of ``path`` (else ``service/data/<default>``) and how to name it.

    Invalid YAML raises ``error`` naming the file, so each caller keeps its own error type.
    """
    if path is None:
        text = resources.files("service").joinpath("data", default).read_text("utf-8")
        source = f"service/data/{default}"
    else:
        text, source = path.read_text(encoding="utf-8"), str(path)
    try:
        return yaml.safe_load(text), source
    except yaml.YAMLError as problem:
        raise error(f"{source} is not valid YAML: {problem}") from problem
