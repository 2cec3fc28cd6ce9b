"""Proxy fixtures: Twofold under gunicorn, the shipped nginx config in front, on loopback.

The nginx config is ``deploy/nginx/twofold.conf`` exactly as production runs it, with
only its three ``# deploy: ...`` lines pointed at this run's ports and folders. The
proxy tests are part of the suite: missing nginx fails them (``make test`` installs it).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

TESTS = Path(__file__).resolve().parent.parent
PROJECT = TESTS.parent
BUNDLES = TESTS / "bundles"
SHIPPED_CONFIG = PROJECT / "deploy" / "nginx" / "twofold.conf"
HOST = "127.0.0.1"
# Short enough that a test can wait one out; the same for published and pending pages.
MAX_AGE = 2
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
# The directive each "# deploy: ..." line holds; its first argument is what changes.
DEPLOY_LINES = {"listen": "listen", "upstream": "server", "cache path": "proxy_cache_path"}
DEPLOY_LINE = re.compile(r"^(\s*)(\S+)\s+(\S+?)(;?)(\s.*)?#\s*deploy:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Reply:
    """One HTTP response as a reader's client got it."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def cache(self) -> str | None:
        """What nginx's cache did for this response (``X-Cache-Status``)."""
        return self.headers.get("X-Cache-Status")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(
    port: int,
    method: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """One request to ``127.0.0.1:port`` on a fresh connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


@dataclass
class Stack:
    """nginx in front of gunicorn, and the database they serve."""

    nginx_port: int
    app_port: int
    database_url: str
    folder: Path
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    max_age: int = MAX_AGE
    gunicorn: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _app: Flask | None = field(default=None, repr=False)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> Reply:
        """GET ``path`` through nginx."""
        return request(self.nginx_port, "GET", path, headers)

    def post(self, path: str, body: bytes, headers: Mapping[str, str] | None = None) -> Reply:
        """POST ``body`` to ``path`` through nginx."""
        return request(self.nginx_port, "POST", path, headers, body)

    @property
    def host(self) -> str:
        """The Host header a reader's browser sends to nginx."""
        return f"{HOST}:{self.nginx_port}"

    def start_app(self) -> None:
        """Start gunicorn on the app port and wait until it answers."""
        self.gunicorn = start_gunicorn(self.folder, self.app_port, self.env)
        wait_for_health(self.app_port, self.gunicorn, "gunicorn", self.folder / "gunicorn.log")

    def stop_app(self) -> None:
        """Stop gunicorn, as a crash or a failed deploy would."""
        if self.gunicorn is not None:
            stop(self.gunicorn)
            self.gunicorn = None

    @contextmanager
    def app_down(self) -> Iterator[None]:
        """gunicorn stopped for the duration, then started again on the same port."""
        self.stop_app()
        try:
            yield
        finally:
            self.start_app()

    def app(self) -> Flask:
        """An app on the served database, for what staff would do while readers read."""
        if self._app is None:
            from service import create_app

            self._app = create_app(
                {
                    "DATABASE_URL": self.database_url,
                    "SECRET_KEY": "x",
                    "TESTING": True,
                    "LOAD_BUNDLED_VARIANTS": False,
                }
            )
        return self._app

    def publish(self, articles: Iterable[Any]) -> None:
        """Save ``articles`` as new revisions, as a writer's save or a bundle load does."""
        from service.storage import repository
        from service.storage.db import db

        with self.app().app_context():
            repository.save_all(db.new_session(), articles, message="tests/proxy")

    def question_count(self) -> int:
        """How many reader questions the app has stored."""
        from sqlalchemy import func, select

        from service.storage.db import db
        from service.storage.models import QuestionRecord

        with self.app().app_context():
            count = db.new_session().scalar(select(func.count()).select_from(QuestionRecord))
        return int(count or 0)

    def close(self) -> None:
        """Let go of the test process's own database connections."""
        if self._app is not None:
            from service.storage import db

            db.close(self._app)
            self._app = None


def nginx_binary() -> str | None:
    """The nginx to run: on PATH, else Debian's."""
    found = shutil.which("nginx")
    if found:
        return found
    debian = Path("/usr/sbin/nginx")
    return str(debian) if debian.exists() else None


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def deployed(config: str, values: Mapping[str, str]) -> str:
    """``config`` with the first argument of each ``# deploy: <name>`` line set to its value.

    Every other line stays as shipped; a marker missing, repeated or on the wrong
    directive fails loudly, so the test cannot drift from what production runs.
    """
    seen: list[str] = []
    lines = []
    for line in config.splitlines():
        match = None if line.lstrip().startswith("#") else DEPLOY_LINE.match(line)
        if match is None:
            lines.append(line)
            continue
        indent, directive, _old, semicolon, rest, name = match.groups()
        if name not in values or DEPLOY_LINES.get(name) != directive:
            raise AssertionError(f"unexpected deploy line in {SHIPPED_CONFIG}: {line!r}")
        seen.append(name)
        lines.append(f"{indent}{directive} {values[name]}{semicolon}{rest or ''}")
    if sorted(seen) != sorted(values):
        raise AssertionError(f"{SHIPPED_CONFIG} marks {seen}, expected each of {list(values)} once")
    return "\n".join(lines) + "\n"


def nginx_main_config(folder: Path, site: str) -> str:
    """A main config that keeps everything of this nginx in ``folder``, around ``site``."""
    mime_types = Path("/etc/nginx/mime.types")
    # As root, nginx's workers would drop to "nobody", who cannot write the temp folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / (kind + '_temp')};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\n"
        "worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'nginx-error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        + (f"    include {mime_types};\n" if mime_types.exists() else "")
        + "    default_type application/octet-stream;\n"
        f"{temp}\n"
        "    access_log off;\n"
        f"{site}"
        "}\n"
    )


def log_tail(path: Path) -> str:
    """The end of a log file, for failure messages."""
    if not path.exists():
        return f"({path.name} is empty)"
    return path.read_text(encoding="utf-8", errors="replace")[-4000:]


def wait_for_health(port: int, process: subprocess.Popen[bytes], name: str, log: Path) -> None:
    """Poll ``/healthz`` on ``port`` until it answers 200; fail with ``log`` if it never does."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{log_tail(log)}")
        try:
            if request(port, "GET", "/healthz").status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    pytest.fail(f"{name} did not answer /healthz within {START_TIMEOUT:.0f} s:\n{log_tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask ``process`` to stop; kill it if it has not within the timeout."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def start_gunicorn(folder: Path, port: int, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """gunicorn (gthread) serving Twofold on loopback, as production runs it."""
    log = folder / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "--worker-class", "gthread",
        "--workers", "2",
        "--threads", "2",
        "--bind", f"{HOST}:{port}",
        "--error-logfile", str(log),
        "--access-logfile", str(folder / "gunicorn-access.log"),
        "--log-level", "warning",
        "service:create_app()",
    ]  # fmt: skip
    return subprocess.Popen(command, env=dict(env), cwd=PROJECT, stdin=subprocess.DEVNULL)


def start_nginx(
    binary: str, folder: Path, port: int, app_port: int, cache: Path
) -> subprocess.Popen[bytes]:
    """nginx with the shipped site config, checked with ``nginx -t`` first."""
    site = deployed(
        SHIPPED_CONFIG.read_text(encoding="utf-8"),
        {"listen": f"{HOST}:{port}", "upstream": f"{HOST}:{app_port}", "cache path": str(cache)},
    )
    config = folder / "nginx.conf"
    config.write_text(nginx_main_config(folder, site), encoding="utf-8")
    command = [binary, "-e", str(folder / "nginx-error.log"), "-p", str(folder), "-c", str(config)]
    check = subprocess.run(
        [*command, "-t"], capture_output=True, text=True, timeout=30, check=False
    )
    if check.returncode != 0:
        pytest.fail(f"nginx -t refused the config:\n{check.stderr}\n{config.read_text()}")
    return subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """nginx on a free loopback port, caching gunicorn serving ``tests/bundles``."""
    binary = nginx_binary()
    if binary is None:
        pytest.fail(
            "nginx not found: the proxy tests are part of the suite and do not skip. "
            "Install Debian's with `apt-get install -y nginx` (make test does).",
            pytrace=False,
        )
    folder = tmp_path_factory.mktemp("proxy")
    settings = folder / "settings.py"
    settings.write_text(
        f"READER_CACHE_MAX_AGE = {MAX_AGE}\n"
        f"READER_CACHE_PENDING_MAX_AGE = {MAX_AGE}\n"
        "TRUSTED_PROXIES = 1\n",
        encoding="utf-8",
    )
    database_url = f"sqlite:///{folder / 'twofold.sqlite3'}"
    env = {
        **os.environ,
        "TWOFOLD_CONFIG": str(settings),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "proxy-tests-only",
        "VARIANTS_PATH": str(BUNDLES),
        "TRUSTED_PROXIES": "1",
    }
    # Migrate and load the bundles once, so the workers do not race to fill the database.
    subprocess.run(
        [sys.executable, "-c", "from service import create_app; create_app()"],
        env=env,
        cwd=PROJECT,
        check=True,
        timeout=120,
    )
    stack = Stack(free_port(), free_port(), database_url, folder, env)
    nginx: subprocess.Popen[bytes] | None = None
    try:
        stack.start_app()
        nginx = start_nginx(binary, folder, stack.nginx_port, stack.app_port, folder / "cache")
        wait_for_health(stack.nginx_port, nginx, "nginx", folder / "nginx-error.log")
        yield stack
    finally:
        stack.close()
        if nginx is not None:
            stop(nginx)
        stack.stop_app()
