"""The problems found in a bundle, and the error that names every one of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle: the file, the line if known, and how to fix it."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class BundleError(Exception):
    """A bundle that cannot be loaded, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class Problems(list[Problem]):
    """Problems found so far in one load, across all its files."""

    def add(self, path: Path, line: int | None, message: str) -> None:
        """Record a problem with ``path`` at ``line``."""
        self.append(Problem(path, line, message))
