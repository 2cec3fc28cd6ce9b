"""A large variants root is read by worker processes: the same articles, in the same order,
with every problem; and read in the calling process when workers cannot start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from service.content.bundle import BundleError, read_path

PROJECT = Path(__file__).resolve().parents[2]


def break_front_matter(folder: Path, section: str = "symptoms.layperson.md") -> Path:
    """Give one section file of ``folder`` an unknown front-matter field; the file."""
    path = folder / section
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    return path


def test_bundles_read_by_worker_processes_come_back_in_order_with_every_problem(
    library: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = library(24)
    serial = read_path(root)
    monkeypatch.setattr("service.content.bundle.PARALLEL_FROM", 2)
    seen: list[tuple[int, int]] = []

    assert read_path(root, workers=2, progress=lambda *done: seen.append(done)) == serial
    assert seen == [(n, 24) for n in range(1, 25)]

    folders = sorted((root / "de").iterdir())
    first, last = break_front_matter(folders[0]), break_front_matter(folders[-1])
    with pytest.raises(BundleError) as raised:
        read_path(root, workers=2)
    assert [problem.path for problem in raised.value.problems] == [first, last]


# A script that starts reading at import time, with no ``if __name__ == "__main__":``:
# each spawned worker would run it again, and refuses to; the read happens in the script.
UNGUARDED = """
import sys
from service.content import bundle
bundle.PARALLEL_FROM = 2
print(len(bundle.read_path(sys.argv[1], workers=2)))
"""


def test_a_script_without_a_main_guard_still_reads_every_bundle(
    library: Callable[..., Path], tmp_path: Path
) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED)
    done = subprocess.run(
        [sys.executable, str(script), str(library(12))],
        cwd=PROJECT,
        env={"PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "12"
