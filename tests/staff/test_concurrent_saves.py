"""The concurrent-save drill: writers saving one section at the same instant, on both databases.

Every save is either accepted (a new revision) or refused as stale with both texts (409):
never a server error, never a lost accepted edit.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service.editorial import revisions
from service.storage.db import db
from service.writing.audience import Audience

OVERVIEW = "/staff/articles/en/sample/sections/overview"
WRITERS = 6
ROUNDS = 3


def newest(app: Flask) -> revisions.Current:
    with app.app_context():
        return revisions.current(db.new_session(), "en", "sample")


def log_in(app: Flask, auth: Any, email: str) -> FlaskClient:
    auth.create("writer", email)
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token
    data = {"email": email, "password": auth.password, "csrf_token": token.group(1)}
    assert client.post("/staff/login", data=data).status_code == 303
    return client


def post_at_once(clients: list[FlaskClient], forms: list[dict[str, Any]]) -> list[Any]:
    """Each client posts its form to the section, all released at the same instant."""
    start = threading.Barrier(len(clients))
    responses: list[Any] = [None] * len(clients)

    def post(n: int) -> None:
        start.wait()
        responses[n] = clients[n].post(OVERVIEW, data=forms[n])

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def test_writers_saving_at_the_same_instant_get_a_revision_or_a_409(
    any_db_app: Flask, auth_for: Any, section_form: Any
) -> None:
    auth = auth_for(any_db_app)
    writers = [log_in(any_db_app, auth, f"writer{n}@twofold.test") for n in range(WRITERS)]
    statuses: list[int] = []
    accepted: list[str] = []

    for round_ in range(ROUNDS):
        base = newest(any_db_app).number
        texts = [f"Round {round_}, writer {n}: milia are tiny white bumps." for n in range(WRITERS)]
        forms = [
            section_form(client, OVERVIEW, text, base=base)
            for client, text in zip(writers, texts, strict=True)
        ]
        for text, response in zip(texts, post_at_once(writers, forms), strict=True):
            statuses.append(response.status_code)
            if response.status_code == 303:
                accepted.append(text)
            elif response.status_code == 409:
                html = response.get_data(as_text=True)
                assert "Nothing was overwritten" in html and text in html

    assert set(statuses) <= {303, 409}, statuses
    assert len(statuses) == WRITERS * ROUNDS
    assert len(accepted) == statuses.count(303) >= ROUNDS
    # Every accepted save is a revision of its own; the newest holds the last one accepted.
    assert newest(any_db_app).number == 1 + len(accepted)
    overview = next(s for s in newest(any_db_app).article.sections if s.key == "overview")
    layperson = overview.variant(Audience.LAYPERSON)
    assert layperson is not None and layperson.body in accepted
