"""The database down, and the database refusing a save, on every backend the run has.

Pages must answer the site's 503 page with Retry-After while the database cannot be
reached, and come back by themselves; a save the database refuses must hand the writer
their text and write nothing.

- SQLite: the database file is moved away (SQLite cannot open the folder left in its
  place), and a refused save is SQLite's own read-only refusal (``query_only``), as on a
  full disk or a read-only folder.
- PostgreSQL: the app reaches the real server through a loopback relay the test cuts,
  as a stopped server or a lost network would (stopping the shared server would take it
  from the rest of the suite); a refused save is the relay cut between writing the
  revision and committing it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from service import create_app
from service.editorial import revisions
from service.storage import db

BUNDLES = Path(__file__).resolve().parent.parent / "bundles"
SECTION = "/staff/articles/en/sample/sections/overview"


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


class SQLiteOutage:
    """The database file moved away and back; writes refused with ``query_only``."""

    def __init__(self, app: Flask) -> None:
        self.engine = app.extensions["twofold.engine"]
        self.file = Path(self.engine.url.database)
        self.away = self.file.with_name(self.file.name + ".away")

    def cut(self) -> None:
        self.engine.dispose()
        self.file.rename(self.away)
        self.file.mkdir()  # "unable to open database file"

    def restore(self) -> None:
        self.engine.dispose()
        if self.away.exists():
            self.file.rmdir()
            self.away.rename(self.file)
        if event.contains(self.engine, "connect", _read_only):
            event.remove(self.engine, "connect", _read_only)
        self.engine.dispose()

    def refuse_the_next_save(self, app: Flask) -> None:
        event.listen(self.engine, "connect", _read_only)
        self.engine.dispose()


def _read_only(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA query_only = ON")


class PostgresOutage:
    """The relay to the server cut and restored; a save cut off before it commits."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay

    def cut(self) -> None:
        self.relay.cut()

    def restore(self) -> None:
        self.relay.restore()

    def refuse_the_next_save(self, app: Flask) -> None:
        def server_goes_away(_session: Session) -> None:
            self.relay.cut()  # after the revision is written, before it commits

        event.listen(app.extensions["twofold.sessionmaker"], "before_commit", server_goes_away,
                     once=True)  # fmt: skip


Outage = SQLiteOutage | PostgresOutage


@pytest.fixture
def outage(empty_database_url: str) -> Iterator[tuple[Flask, Outage]]:
    """The app on an empty database of each backend, and the means to take it away."""
    relay = None
    url = empty_database_url
    if url.startswith("postgresql"):
        parts = urlsplit(url)
        relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
        url = urlunsplit(
            parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{relay.port}")
        )
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SECRET_KEY": "drill",
            "DATABASE_URL": url,
            "VARIANTS_PATH": str(BUNDLES),
        }
    )
    down: Outage = PostgresOutage(relay) if relay is not None else SQLiteOutage(app)
    try:
        yield app, down
    finally:
        if relay is not None:
            relay.cut()
        else:
            down.restore()
        db.close(app)


@pytest.mark.parametrize("url", ["/en/articles/sample/layperson", "/en/articles/sample", "/en/"])
def test_pages_answer_503_while_the_database_is_unreachable_and_recover(
    outage: tuple[Flask, Outage], url: str
) -> None:
    app, down = outage
    client = app.test_client()
    assert client.get("/healthz").status_code == 200

    down.cut()
    response = client.get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert "try again in a moment" in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 503

    down.restore()
    assert client.get(url).status_code == 200  # no restart
    assert client.get("/healthz").status_code == 200


def test_a_save_the_database_refuses_hands_the_writer_their_text_and_changes_nothing(
    outage: tuple[Flask, Outage], auth_for: Any, section_form: Any
) -> None:
    app, down = outage
    writer = auth_for(app).client("writer")
    mine = "Milia are small white bumps.\n\nThis paragraph took me an hour."
    form = section_form(writer, SECTION, mine)
    down.refuse_the_next_save(app)

    response = writer.post(SECTION, data=form)

    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Your text was not saved" in html and "Nothing was changed." in html
    assert "This paragraph took me an hour." in html  # the writer's text, to copy
    assert "Traceback" not in html
    down.restore()
    with app.app_context():
        assert revisions.current(db.db.new_session(), "en", "sample").number == 1
    assert app.test_client().get("/en/articles/sample/layperson").status_code == 200
