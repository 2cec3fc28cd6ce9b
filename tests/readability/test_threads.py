"""Thread safety: concurrent scoring gives the serial results, and dictionaries load once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from service.readability import check_markdown, score
from service.readability.lexicon import Once


def test_concurrent_scoring_matches_serial(
    cochrane_pairs: list[dict[str, Any]], plain_paragraphs: list[dict[str, Any]]
) -> None:
    texts = [p[k] for p in cochrane_pairs for k in ("clinician", "layperson")]
    texts += [p["text"] for p in plain_paragraphs]
    serial = [score(text) for text in texts]
    reports = [check_markdown(text).to_dict() for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(score, texts)) == serial
            assert [r.to_dict() for r in pool.map(check_markdown, texts)] == reports


def test_a_slow_load_happens_once_however_many_threads_ask() -> None:
    calls = []

    def load() -> dict[str, int]:
        calls.append(threading.get_ident())
        time.sleep(0.05)
        return {"loaded": 1}

    once = Once(load)
    barrier = threading.Barrier(8)

    def first_use() -> dict[str, int]:
        barrier.wait()
        return once.get()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: first_use(), range(8)))
    assert len(calls) == 1
    assert all(result is results[0] for result in results)
