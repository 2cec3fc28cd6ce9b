"""`variants load` shows progress bars on a terminal, and on a pipe or in CI only a summary."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from flask import Flask

PROJECT = Path(__file__).resolve().parents[2]


def load_on_a_terminal(app: Flask, root: Path) -> tuple[str, str]:
    """Run the load as a person would, standard error on a terminal; (stdout, stderr)."""
    terminal, attached = pty.openpty()
    load = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "service", "variants", "load", str(root)],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": app.config["DATABASE_URL"]},
        stdout=subprocess.PIPE,
        stderr=attached,
    )
    os.close(attached)
    shown = []
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the terminal closes with the command
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(terminal)
    out, _ = load.communicate(timeout=120)
    assert load.returncode == 0, b"".join(shown).decode()
    return out.decode(), b"".join(shown).decode()


def test_a_terminal_sees_reading_and_storing_move_to_the_end(
    app: Flask, library: Callable[..., Path]
) -> None:
    out, terminal = load_on_a_terminal(app, library(30))

    assert "Reading bundles" in terminal and "Storing articles" in terminal
    assert "100%" in terminal
    assert "Loaded 30 new revision(s); 0 article(s) unchanged." in out
    assert "Reading bundles" not in out  # the bars never reach standard output


def test_a_pipe_gets_no_bar_and_no_line_per_article(
    app: Flask, library: Callable[..., Path]
) -> None:
    result = app.test_cli_runner().invoke(args=["variants", "load", str(library(30))])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Loaded 30 new revision(s); 0 article(s) unchanged.",
        "30 of them are drafts; --verbose lists each new revision.",
        "Drafts wait for review: submit them in the editor. Use --trust-status only for "
        "bundles reviewed outside Twofold.",
    ]


def test_verbose_lists_every_new_revision(app: Flask, library: Callable[..., Path]) -> None:
    result = app.test_cli_runner().invoke(
        args=["variants", "load", "--verbose", "--trust-status", str(library(30))]
    )

    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if line.endswith(": revision 1")]
    assert len(listed) == 30
    assert result.output.splitlines()[-1] == "Loaded 30 new revision(s); 0 article(s) unchanged."


def test_a_small_load_still_lists_what_it_stored(app: Flask, library: Callable[..., Path]) -> None:
    result = app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(library(3))]
    )

    assert result.exit_code == 0, result.output
    assert sum(line.endswith(": revision 1") for line in result.output.splitlines()) == 3
