"""Template helpers: locale-aware dates and the values every page uses."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import format_date, format_decimal

from service.content.model import Status
from service.i18n import N_, current_locale
from service.writing.audience import Audience


def long_date(value: dt.date) -> str:
    """A date written out for the page's locale, e.g. "June 27, 2025"."""
    return str(format_date(value, format="long"))


def decimal(value: float | None, digits: int = 1) -> str:
    """A number in the page's locale with ``digits`` decimals; a dash when there is none."""
    if value is None:
        return "–"
    return str(format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0"))


# Translated where they are shown: templates call _() on these.
STATUS_LABELS = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Submitted"),
    Status.UNDER_REVIEW: N_("Under Review"),
    Status.APPROVED: N_("Approved"),
}

AUDIENCE_LABELS = {
    Audience.LAYPERSON: N_("Patients and caregivers"),
    Audience.CLINICIAN: N_("Clinicians"),
}


def init_app(app: Flask) -> None:
    """Register filters and globals on ``app``'s Jinja environment."""
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(decimal, "decimal")
    app.add_template_global(current_locale, "current_locale")
    app.jinja_env.globals.update(
        STATUS_LABELS=STATUS_LABELS, AUDIENCE_LABELS=AUDIENCE_LABELS, Audience=Audience
    )
