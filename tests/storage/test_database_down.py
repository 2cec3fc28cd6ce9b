"""The database-stopped drill on PostgreSQL: pages answer 503 and recover by themselves.

The app reaches the real PostgreSQL server through a loopback relay that the test can
cut, as a stopped server or a lost network would: connections are refused and open
ones are closed mid-conversation. Stopping the server itself would take it from the
rest of the suite.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from service import create_app
from service.storage import db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# The SQLite drill is in tests/reader/test_bad_input.py; CI requires PostgreSQL.
pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL); .ci/run sets it"
)


class Relay:
    """A TCP relay on loopback to ``target``; ``cut()`` drops every connection and refuses more."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def cut(self) -> None:
        """Close the listener and every relayed connection."""
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
        self.listener.close()
        self.thread.join(timeout=5)
        with self.lock:
            for each in self.sockets:
                with suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
                each.close()
            self.sockets.clear()

    def restore(self) -> None:
        """Listen again on the same port."""
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()


@pytest.fixture
def relayed() -> Iterator[tuple[Flask, Relay]]:
    """The app on an empty PostgreSQL database, reached through a relay the test can cut."""
    assert POSTGRES_URL
    engine = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    parts = urlsplit(POSTGRES_URL)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
    netloc = f"{parts.username}:{parts.password}@127.0.0.1:{relay.port}"
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SECRET_KEY": "drill",
            "DATABASE_URL": urlunsplit(parts._replace(netloc=netloc)),
            "VARIANTS_PATH": str(Path(__file__).resolve().parent.parent / "bundles"),
        }
    )
    try:
        yield app, relay
    finally:
        relay.cut()
        db.close(app)


@pytest.mark.parametrize("url", ["/en/articles/sample/layperson", "/en/", "/healthz"])
def test_pages_answer_503_while_postgresql_is_unreachable_and_recover(
    relayed: tuple[Flask, Any], url: str
) -> None:
    app, relay = relayed
    client = app.test_client()
    assert client.get(url).status_code == 200

    relay.cut()
    down = client.get(url, headers={"Cache-Control": "no-cache"})
    assert down.status_code == 503
    if url != "/healthz":
        assert down.headers["Retry-After"] == "30"
        assert "try again in a moment" in down.get_data(as_text=True)

    relay.restore()
    assert client.get(url).status_code == 200  # no restart


def test_a_save_cut_off_mid_transaction_keeps_the_text_and_changes_nothing(
    relayed: tuple[Flask, Any], auth_for: Any, section_form: Any
) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from service import authoring

    app, relay = relayed
    writer = auth_for(app).client("writer")
    url = "/staff/articles/en/sample/sections/overview"
    mine = "Milia are small white bumps; this is the paragraph I rewrote."
    form = section_form(writer, url, mine)

    def server_goes_away(_session: Session) -> None:
        relay.cut()  # after the revision is written, before it commits

    factory = app.extensions["twofold.sessionmaker"]
    event.listen(factory, "before_commit", server_goes_away, once=True)
    response = writer.post(url, data=form)

    assert response.status_code == 503
    assert mine in response.get_data(as_text=True)
    relay.restore()
    with app.app_context():
        assert authoring.current(db.db.new_session(), "en", "sample").number == 1
    assert app.test_client().get("/en/articles/sample/layperson").status_code == 200
