"""When articles are due for review again, and which are past that date.

An approval sets the date (``REVIEW_INTERVAL_DAYS`` later, ``workflow.apply``); staff
may move it, and a bundle may name it (``review_due:``). An approved article with no
date set (loaded with ``--trust-status`` before dates existed) is due the interval after
its last approval, so no approved article goes unscheduled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from service.i18n import N_
from service.storage import review_due
from service.storage.review_due import Scheduled
from service.storage.revisions import article

_NOT_A_DATE = N_("Write the review date as YYYY-MM-DD, such as 2026-06-27; got “%(value)s”.")
_OUT_OF_RANGE = N_("Choose a review date between %(first)s and %(last)s.")
# Dates a typo is more likely than a plan: before the service existed, or a century away.
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)


class ReviewDateError(ValueError):
    """A review date that cannot be stored as typed; the message (translated) says why."""


def interval(config: Mapping[str, Any]) -> dt.timedelta:
    """How long an approval stands: ``REVIEW_INTERVAL_DAYS``."""
    return dt.timedelta(days=int(config["REVIEW_INTERVAL_DAYS"]))


def due_on(scheduled: Scheduled, every: dt.timedelta) -> dt.date | None:
    """When the article is due: the date set, else ``every`` after its last approval."""
    if scheduled.due is not None:
        return scheduled.due
    if scheduled.last_reviewed is not None:
        return scheduled.last_reviewed + every
    return None


@dataclass(frozen=True)
class Overdue:
    """An article past its review date, and by how many days."""

    locale: str
    slug: str
    title: str
    due: dt.date
    days: int
    set_explicitly: bool  # False: derived from the last approval


def overdue(schedule: Iterable[Scheduled], today: dt.date, every: dt.timedelta) -> list[Overdue]:
    """The articles whose review date is before ``today``, longest overdue first."""
    found = []
    for scheduled in schedule:
        due = due_on(scheduled, every)
        if due is not None and due < today:
            found.append(
                Overdue(
                    locale=scheduled.locale,
                    slug=scheduled.slug,
                    title=scheduled.title,
                    due=due,
                    days=(today - due).days,
                    set_explicitly=scheduled.due is not None,
                )
            )
    return sorted(found, key=lambda row: (row.due, row.locale, row.slug))


def past_review_date(session: Session, today: dt.date, every: dt.timedelta) -> list[Overdue]:
    """Every article past its review date, longest overdue first."""
    return overdue(review_due.schedule(session), today, every)


def parse_date(text: str) -> dt.date | None:
    """A review date typed in a form: ``None`` for empty (no date set); else a real
    YYYY-MM-DD date in range, or ``ReviewDateError`` saying what to write."""
    text = text.strip()
    if not text:
        return None
    try:
        value = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        value = None
    if value is None:
        raise ReviewDateError(gettext(_NOT_A_DATE, value=text[:40]))
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ReviewDateError(
            gettext(_OUT_OF_RANGE, first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
        )
    return value


@dataclass(frozen=True)
class ReviewDate:
    """One article's review date as its staff page shows it."""

    due: dt.date | None
    set_explicitly: bool

    def days_overdue(self, today: dt.date) -> int:
        """Days past the date; 0 when it is today or later, or there is none."""
        return max((today - self.due).days, 0) if self.due else 0


def review_date(session: Session, locale: str, slug: str, every: dt.timedelta) -> ReviewDate:
    """When ``locale/slug`` is due for review; ``ArticleNotFound`` if there is no such article."""
    article_id = article(session, locale, slug).id
    stored = review_due.due_date(session, article_id)
    if stored is not None:
        return ReviewDate(stored, set_explicitly=True)
    last = review_due.last_approved_on(session, article_id)
    return ReviewDate(last + every if last else None, set_explicitly=False)


def set_review_date(session: Session, locale: str, slug: str, due: dt.date | None) -> None:
    """Set (``None``: clear) the review date of ``locale/slug`` and commit;
    ``ArticleNotFound`` if there is no such article."""
    review_due.set_due(session, article(session, locale, slug).id, due)
    session.commit()
