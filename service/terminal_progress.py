"""Progress for long commands: a bar on standard error when it is a terminal, else nothing.

A person at a terminal wants to see a long load move; a CI log or a pipe wants no bar
(its redraws are noise there) and reads the command's summary on standard output.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Protocol, TextIO

import click


class _Bar(Protocol):
    def update(self, n_steps: int) -> None: ...


class TerminalProgress(contextlib.ExitStack):
    """One phase of a command, told ``(done, total)``; its bar appears on the first report
    and is finished when the ``with`` block ends."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        super().__init__()
        self.label = label
        self.stream = stream
        self.bar: _Bar | None = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total``."""
        if self.bar is None:
            stream = self.stream or sys.stderr
            if not stream.isatty():
                return
            self.bar = self.enter_context(
                click.progressbar(length=total, label=self.label, file=stream)
            )
        self.bar.update(done - self.done)
        self.done = done
