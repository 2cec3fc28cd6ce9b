"""Nothing is downloaded: the CMU dictionary comes with the install."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from service.readability import score
from service.readability.english import word_syllables
from service.readability.lexicon import Once, _load_cmu_syllables

ROOT = Path(__file__).resolve().parents[2]


def test_scoring_offline_uses_cmu(offline: None) -> None:
    fresh = Once(_load_cmu_syllables).get()  # a cold load, with the network refused
    assert fresh["acetaminophen"] == 6  # hyphenation, textstat's fallback, says 2
    assert word_syllables("diabetes") == 4  # CMU; a spelling guess says 3
    assert score("Take acetaminophen for the pain.").counts.syllables == 1 + 6 + 1 + 1 + 1


def test_fresh_process_with_no_nltk_data_and_no_network(tmp_path: Path) -> None:
    """A new interpreter, an empty NLTK_DATA, nltk.download and sockets refused: still CMU."""
    code = textwrap.dedent(
        """
        import socket
        import nltk

        def refuse(*args, **kwargs):
            raise SystemExit("network used")

        nltk.download = refuse
        socket.socket.connect = refuse
        socket.create_connection = refuse

        from service.readability import warm_up, score
        from service.readability.english import word_syllables

        warm_up()
        print(word_syllables("acetaminophen"), score("Take acetaminophen.").words)
        """
    )
    env = {**os.environ, "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["6", "2"]


def test_textstat_itself_works_offline_with_the_laid_out_corpus(textstat_offline: None) -> None:
    from textstat.backend.counts import count_syllables

    assert count_syllables("acetaminophen", "en") == 6
