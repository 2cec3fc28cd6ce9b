"""Command line: ``flask --app service variants load|dump PATH``, ``users``, ``db``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.auth.accounts import (
    MIN_PASSWORD_LENGTH,
    Account,
    AccountError,
    all_accounts,
    create_user,
    disable_user,
    end_sessions,
    find_account,
)
from service.auth.public_profiles import (
    ProfileError,
    all_public_profiles,
    problems,
    remove_public_profile,
    set_public_profile,
)
from service.auth.roles import Role
from service.content.bundle import BundleError, read_path
from service.content.dump import dump_articles
from service.content.model import Status
from service.editorial import bundle_load
from service.quality.commands import readability
from service.storage import repository
from service.storage.db import db
from service.storage.figures import figure_bytes
from service.storage.startup import prepare_database
from service.terminal_progress import TerminalProgress

# A load storing more new revisions than this counts them instead of listing each one.
LIST_UP_TO = 20
VERBOSE_HINT = "--verbose lists each new revision."

variants = AppGroup("variants", help="Import and export article bundles (variants/ folders).")


@variants.command("load")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--author", default=None, help="Who the new revisions are credited to.")
@click.option("--message", default="", help="A note stored with each new revision.")
@click.option(
    "--trust-status",
    is_flag=True,
    help="Keep the bundles' own review status (a review done outside Twofold); logged.",
)
@click.option(
    "--locale",
    default=None,
    help="The locale of one bundle folder, such as es: needed when the folder holding "
    "it is not named for its locale.",
)
@click.option(
    "--verbose",
    is_flag=True,
    help=f"List every new revision (by default, only when there are at most {LIST_UP_TO}).",
)
def load(
    path: Path,
    author: str | None,
    message: str,
    trust_status: bool,
    locale: str | None,
    verbose: bool,
) -> None:
    """Load a variants root or one bundle folder; all of it, or nothing on any error.

    New or changed articles become drafts to submit for review, whatever their
    article.yaml says, unless --trust-status keeps the status the bundle names.
    A variants root's <locale>/ folders name its locales; one bundle folder is in the
    locale --locale gives, else the one the folder holding it is named for.
    Every bundle is checked before anything is stored. On a terminal, progress bars
    show the reading and the storing; the new revisions are listed when there are
    few of them (or with --verbose), then counted.
    """
    try:
        limit = int(current_app.config["FIGURE_MAX_BYTES"])
        with TerminalProgress("Reading bundles ") as reading:
            articles = read_path(
                path, locale=locale, figure_limit=limit, workers=_cores(), progress=reading
            )
    except BundleError as error:
        raise click.ClickException(f"Nothing was loaded.\n{error}") from error
    try:
        with TerminalProgress("Storing articles") as storing:
            loaded = bundle_load.load(
                db.new_session(),
                articles,
                actor=author or "variants load",
                message=message or f"Loaded from {path}",
                trust_status=trust_status,
                progress=storing,
            )
    except bundle_load.TrustRefused as error:
        raise click.ClickException(
            f"Nothing was loaded: --trust-status needs a current review.\n{error}"
        ) from error
    except SQLAlchemyError as error:
        raise click.ClickException(
            "Nothing was loaded: the database refused the load, and every part of it stored "
            "so far was undone. Check that the database is up, writable and not out of disk "
            "space, then load again (again at once if someone saved one of these articles "
            f"during the load).\nThe database said: {_database_said(error)}"
        ) from error
    listed = verbose or len(loaded) <= LIST_UP_TO
    for entry in loaded if listed else ():
        note = f" ({entry.stored.value}; the bundle said {entry.claimed.value})"
        click.echo(
            f"{entry.locale}/{entry.slug}: revision {entry.number}"
            + (note if entry.demoted else "")
        )
    unchanged = len(articles) - len(loaded)
    click.echo(f"Loaded {len(loaded)} new revision(s); {unchanged} article(s) unchanged.")
    if not listed:
        drafts = sum(entry.stored is Status.DRAFT for entry in loaded)
        click.echo((f"{drafts} of them are drafts; " if drafts else "") + VERBOSE_HINT)
    if any(entry.demoted for entry in loaded):
        click.echo(
            "Drafts wait for review: submit them in the editor. Use --trust-status only for "
            "bundles reviewed outside Twofold."
        )


def _database_said(error: SQLAlchemyError) -> str:
    """The driver's own words for ``error``, without the statement and its many rows."""
    cause = getattr(error, "orig", None) or error
    words = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {words[0] if words else '(no message)'}"


def _cores() -> int:
    """How many processors this process may use (bundles are read on each of them)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@variants.command("dump")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def dump(path: Path) -> None:
    """Write every article's latest revision as a variants root at PATH."""
    session = db.new_session()
    articles = repository.latest_articles(session)
    digests = {figure.digest for article in articles for figure in article.figures}
    try:
        dump_articles(articles, path, figure_bytes(session, digests))
    except BundleError as error:
        raise click.ClickException(f"Nothing was written.\n{error}") from error
    click.echo(f"Wrote {len(articles)} article(s) to {path}.")


users = AppGroup("users", help="Manage staff accounts.")


def _existing_account(session: Session, email: str) -> Account:
    """The account for ``email``; a message naming the fix when there is none."""
    account = find_account(session, email)
    if account is None:
        raise click.ClickException(
            f"There is no account for {email}; check the address (users list shows them all)."
        )
    return account


@users.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="What the account may do.",
)
@click.option(
    "--name",
    default=None,
    help="The public name readers see when this reviewer approves an article, "
    "such as 'Dr. Ada Example'.",
)
@click.option(
    "--credentials",
    default="",
    help="Shown after the public name, such as 'MD, FAAD — Dermatology'; needs --name.",
)
def create_user_command(email: str, role: str, name: str | None, credentials: str) -> None:
    """Create a staff account; the password is read from a prompt or standard input.

    In a terminal the password is asked for twice, hidden; piped in, it is the first
    line of standard input. With --name (and --credentials) readers see the account
    named on the articles it approves and on the Medical Advisory Board.
    """
    if name is None and credentials:
        raise click.ClickException("--credentials needs --name: the name readers see first.")
    if name is not None:
        _check_profile(name, credentials)
    password = _read_password()
    session = db.new_session()
    try:
        user = create_user(session, email, password, Role(role))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role.value} account {user.email}.")
    if name is not None:
        set_public_profile(session, user.id, name, credentials)
        click.echo(f"Readers see it as: {_shown(name, credentials)}.")


def _check_profile(name: str, credentials: str) -> None:
    """Refuse a public name or credentials before anything is stored, saying why."""
    found = problems(name.strip(), credentials.strip())
    if found:
        raise click.ClickException(
            "Nothing was changed: " + " ".join(str(problem) for problem in found)
        )


def _shown(name: str, credentials: str) -> str:
    """A public name as reader pages write it."""
    name, credentials = name.strip(), credentials.strip()
    return f"{name}, {credentials}" if credentials else name


@users.command("profile")
@click.argument("email")
@click.option("--name", default=None, help="The public name readers see.")
@click.option(
    "--credentials",
    default=None,
    help="Shown after the name, such as 'MD, FAAD — Dermatology'; '' for none.",
)
@click.option("--remove", is_flag=True, help="Stop naming this account to readers.")
def profile_command(email: str, name: str | None, credentials: str | None, remove: bool) -> None:
    """Set or remove the public name and credentials readers see for a staff account.

    Without options, shows the account's public profile. Reader pages that name the
    account change at once.
    """
    session = db.new_session()
    account = _existing_account(session, email)
    current = all_public_profiles(session).get(account.id)
    if remove:
        if name is not None or credentials is not None:
            raise click.ClickException("Use --remove alone, or --name/--credentials; not both.")
        remove_public_profile(session, account.id)
        click.echo(f"{account.email} is no longer named to readers.")
        return
    if name is None and credentials is None:
        if current is None:
            click.echo(f"{account.email} has no public profile; set one with --name.")
        else:
            click.echo(f"{account.email}: {_shown(current.name, current.credentials)}")
        return
    if name is None and current is None:
        raise click.ClickException(f"{account.email} has no public name yet; give one with --name.")
    new_name = name if name is not None else current.name if current else ""
    new_credentials = (
        credentials if credentials is not None else current.credentials if current else ""
    )
    try:
        set_public_profile(session, account.id, new_name, new_credentials)
    except ProfileError as error:
        raise click.ClickException(f"Nothing was changed: {error}") from error
    click.echo(f"Readers see {account.email} as: {_shown(new_name, new_credentials)}.")


def _read_password() -> str:
    """The new password: asked twice, hidden, in a terminal; else standard input's first line."""
    if _stdin_is_terminal():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        said = "the first line of standard input is empty" if line else "standard input is empty"
        raise click.ClickException(
            f"No password was given: {said}. Pipe the password as one "
            f"line of at least {MIN_PASSWORD_LENGTH} characters, or run the command in "
            "a terminal to be asked for it."
        )
    return password


def _stdin_is_terminal() -> bool:
    """Whether someone types at standard input (rather than a pipe or a file feeding it)."""
    return sys.stdin.isatty()


@users.command("list")
def list_users_command() -> None:
    """Every staff account: email, role, whether it is active, and when it was created."""
    accounts = all_accounts(db.new_session())
    if not accounts:
        click.echo(
            "There are no staff accounts yet; create one with: "
            "flask --app service users create EMAIL --role admin"
        )
        return
    rows = [("EMAIL", "ROLE", "STATUS", "CREATED")] + [
        (
            account.email,
            account.role.value,
            "active" if account.active else "disabled",
            account.created_at.strftime("%Y-%m-%d"),
        )
        for account in accounts
    ]
    email_width, role_width = (max(len(row[column]) for row in rows) for column in (0, 1))
    for email, role, status, created in rows:
        click.echo(f"{email:<{email_width}}  {role:<{role_width}}  {status:<8}  {created}")


@users.command("disable")
@click.argument("email")
def disable_user_command(email: str) -> None:
    """Disable a staff account: it can no longer log in, and its sessions end."""
    session = db.new_session()
    account = _existing_account(session, email)
    if not account.active:
        click.echo(f"{account.email} is already disabled; nothing changed.")
        return
    disable_user(session, account.id)
    click.echo(f"Disabled {account.email}: it can no longer log in, and its sessions have ended.")


@users.command("sign-out")
@click.argument("email")
def sign_out_command(email: str) -> None:
    """Sign a staff member out everywhere: every session they have stops working."""
    session = db.new_session()
    account = _existing_account(session, email)
    end_sessions(session, account.id)
    click.echo(f"Signed {account.email} out everywhere.")


database = AppGroup("db", help="The database schema.")


@database.command("upgrade")
def upgrade_command() -> None:
    """Apply every pending migration, and fill an empty database from VARIANTS_PATH."""
    prepare_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("The database is up to date.")


def init_app(app: Flask) -> None:
    """Register the command groups on ``app``."""
    app.cli.add_command(variants)
    app.cli.add_command(users)
    app.cli.add_command(readability)
    app.cli.add_command(database)
