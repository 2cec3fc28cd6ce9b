"""Two requests checking the same revision at once both succeed: the figures are the same."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import Flask

from service.quality import checks
from service.storage import repository
from service.storage.db import db

Verdicts = Callable[[Flask], dict[str, tuple[str, str]]]


def test_a_revision_recorded_by_two_sessions_at_once_keeps_one_verdict(
    library_app: Flask, stored_verdicts: Verdicts
) -> None:
    with library_app.app_context():
        session = db.new_session()
        article = repository.latest_articles(session)[0]
        revision_id = checks.unchecked(session)[0]
        path = f"{article.locale}/{article.slug}"
        assert checks.newest_revision_id(session, article.locale, article.slug) == revision_id
        session.rollback()
    errors: list[BaseException] = []
    started = threading.Event()

    def record(wait: bool) -> None:
        try:
            with library_app.app_context():
                own = db.new_session()
                checks.check_article(own, revision_id, article)
                started.set()
                if wait:
                    time.sleep(0.5)  # hold the rows uncommitted while the other one writes
                own.commit()
        except BaseException as error:
            errors.append(error)
            started.set()

    first = threading.Thread(target=record, args=(True,))
    first.start()
    started.wait(10)
    second = threading.Thread(target=record, args=(False,))
    second.start()
    first.join(20)
    second.join(20)
    assert errors == []
    with library_app.app_context():
        engine = checks.current_fingerprint()
    assert stored_verdicts(library_app)[path][1] == engine
