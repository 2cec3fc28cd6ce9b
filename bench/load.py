"""Mixed-load drill: readers, question senders and writers at once, on loopback, for a while.

Starts Twofold under gunicorn (gthread, as ``bench/render.py`` does) on a temporary
SQLite database, then runs, side by side for ``--seconds``: readers on every kind of
reader page (with and without a persona cookie, and revalidating with ETags), readers
sending questions, and writers saving one section at the same time. It prints, per
kind of request, how many were sent, how they were answered, and p50 / p99 latency.
Errors are 5xx answers and failed connections; a 409 for a writer who lost a race and
a 429 for a question sender over the limit are answers, not errors.

Run: ``.venv/bin/python bench/load.py`` (bounded, loopback only).
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import HOST, gunicorn

PASSWORD = "bench load password"
READER_PAGES = [
    ("/en/", None),
    ("/en/articles/milia/layperson", None),
    ("/en/articles/milia/clinician", None),
    ("/en/articles/milia", "twofold_persona=clinician"),
    ("/en/articles/milia", None),
    ("/es/articles/milia/layperson", None),
    ("/en/editorial-policy", None),
]
SECTION = "/staff/articles/en/milia/sections/causes"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
BASE = re.compile(r'name="base" value="(\d+)"')


class Client:
    """One keep-alive connection with a cookie jar, as one browser tab."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def send(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, dict[str, str], str]:
        """One request: status, headers, body text; cookies kept."""
        sent = dict(headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Sec-Fetch-Site"] = "same-origin"
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, dict(response.getheaders()), text


class Tally:
    """Statuses, errors and latencies by kind of request, shared by the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter[int | str]] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)

    def timed(
        self,
        kind: str,
        client: Client,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        /,
        **headers: str,
    ) -> tuple[int, dict[str, str], str] | None:
        """Send one request and record its answer (or failure) under ``kind``."""
        started = time.perf_counter()
        try:
            answer = client.send(method, path, form, **headers)
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.statuses[kind][type(error).__name__] += 1
            return None
        with self.lock:
            self.statuses[kind][answer[0]] += 1
            self.latencies[kind].append((time.perf_counter() - started) * 1000)
        return answer


def reader(port: int, until: float, tally: Tally, seed: int) -> None:
    """Read pages in turn, revalidating each with its ETag every other time."""
    client = Client(port)
    etags: dict[tuple[str, str | None], str] = {}
    n = seed
    while time.monotonic() < until:
        path, cookie = READER_PAGES[n % len(READER_PAGES)]
        headers = {"Cookie": cookie} if cookie else {}
        if n % 2 and (path, cookie) in etags:
            headers["If-None-Match"] = etags[path, cookie]
        kind = "revalidation" if "If-None-Match" in headers else "reader page"
        answer = tally.timed(kind, client, "GET", path, **headers)
        if answer is None:
            client = Client(port)
        elif "ETag" in answer[1]:
            etags[path, cookie] = answer[1]["ETag"]
        n += 1


def asker(port: int, until: float, tally: Tally) -> None:
    """Send a question every 50 ms from one address (the limit answers 429 soon)."""
    client = Client(port)
    n = 0
    while time.monotonic() < until:
        form = {"question": f"Do milia come back after treatment? ({n})", "audience": "layperson"}
        if tally.timed("question", client, "POST", "/en/articles/milia/questions", form) is None:
            client = Client(port)
        n += 1
        time.sleep(0.05)


def writer(port: int, until: float, tally: Tally, email: str) -> None:
    """Log in, then save the same section again and again, from the newest revision."""
    client = Client(port)
    _, _, page = client.send("GET", "/staff/login")
    token = TOKEN.search(page)
    assert token, "no CSRF token on the login page"
    status, _, _ = client.send(
        "POST", "/staff/login", {"email": email, "password": PASSWORD, "csrf_token": token[1]}
    )
    assert status == 303, f"login answered {status}"
    n = 0
    while time.monotonic() < until:
        _, _, page = client.send("GET", SECTION)
        token, base = TOKEN.search(page), BASE.search(page)
        if not token or not base:
            tally.statuses["staff save"]["no form"] += 1
            continue
        body = re.search(r'id="layperson_body"[^>]*>([^<]*)</textarea>', page)
        text = (body[1] if body else "Milia form when skin cells are trapped.").split("\n")[0]
        form = {
            "csrf_token": token[1],
            "base": base[1],
            "message": f"load drill {n}",
            "action": "save",
            "layperson_title": "Why milia form",
            "layperson_body": f"{text}\n\nEdit {n} by {email}.",
            "clinician_title": "Pathogenesis",
            "clinician_body": "Keratin is retained in the superficial dermis.",
        }
        tally.timed("staff save", client, "POST", SECTION, form)
        n += 1


def create_writers(workdir: Path, count: int) -> list[str]:
    """Writer accounts on the bench database."""
    from service import create_app
    from service.auth.accounts import create_user
    from service.auth.roles import Role
    from service.storage import db

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only-secret",
            "LOAD_BUNDLED_VARIANTS": False,
        }
    )
    emails = [f"load-writer-{n}@twofold.test" for n in range(count)]
    with app.app_context():
        for email in emails:
            create_user(db.db.new_session(), email, PASSWORD, Role.WRITER)
    db.close(app)
    return emails


def report(tally: Tally, seconds: float) -> None:
    """Per kind: requests, answers, errors, p50 and p99."""
    print(
        f"{'requests':<14}{'sent':>7}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}  answers"
    )
    total_errors = 0
    for kind in sorted(tally.statuses):
        answers = tally.statuses[kind]
        errors = sum(n for s, n in answers.items() if not isinstance(s, int) or s >= 500)
        total_errors += errors
        times = sorted(tally.latencies[kind]) or [0.0]
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        sent = sum(answers.values())
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(answers.items(), key=str))
        print(
            f"{kind:<14}{sent:>7}{sent / seconds:>8.0f}{statistics.median(times):>9.1f}"
            f"{p99:>9.1f}{errors:>8}  {shown}"
        )
    print(f"\nerrors (5xx or failed connections): {total_errors}")


def main() -> None:
    """Run the mixed load against one gunicorn and print what it saw."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long (20)")
    parser.add_argument("--readers", type=int, default=6, help="reader connections (6)")
    parser.add_argument("--writers", type=int, default=4, help="writers saving at once (4)")
    parser.add_argument("--askers", type=int, default=2, help="question senders (2)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="twofold-load-") as tmp:
        workdir = Path(tmp)
        with gunicorn(workdir, workers=2, threads=4) as port:
            emails = create_writers(workdir, options.writers)
            tally = Tally()
            until = time.monotonic() + options.seconds
            threads = [
                threading.Thread(target=reader, args=(port, until, tally, n))
                for n in range(options.readers)
            ]
            threads += [
                threading.Thread(target=asker, args=(port, until, tally))
                for _ in range(options.askers)
            ]
            threads += [
                threading.Thread(target=writer, args=(port, until, tally, email))
                for email in emails
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=options.seconds + 60)
            print(
                f"gunicorn gthread 2 x 4, SQLite; {options.readers} readers, {options.askers} "
                f"question senders, {options.writers} writers on one section; "
                f"{options.seconds:g} s\n"
            )
            report(tally, options.seconds)


if __name__ == "__main__":
    main()
