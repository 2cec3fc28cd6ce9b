"""Ranking pairs: the share of pairs whose plain text grades easier."""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.readability.evaluate import PairsError, rank_pairs


def test_rank_pairs(cochrane_pairs: list[dict[str, Any]]) -> None:
    lines = [json.dumps(pair) for pair in cochrane_pairs]
    share, n = rank_pairs(["", *lines, "  "])
    assert n == 8
    assert share == pytest.approx(7 / 8)


def test_no_pairs() -> None:
    assert rank_pairs([]) == (0.0, 0)


@pytest.mark.parametrize(
    ("line", "message"),
    [("not json", "line 1: not JSON"), ('{"clinician": "a"}', "line 1: expected")],
)
def test_bad_lines_name_their_number(line: str, message: str) -> None:
    with pytest.raises(PairsError, match=message):
        rank_pairs([line])
