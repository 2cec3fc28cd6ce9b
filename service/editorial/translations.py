"""Translations and their source: a translation is out of date once its source moves on.

Articles in other languages share the slug of the source article (in the default
locale, English). When the source gets a newer approved revision than anything the
translation's writers have done since, the translation may say something the source no
longer says: staff see it flagged until someone edits it.
"""

from __future__ import annotations

import datetime as dt


def out_of_date(
    locale: str,
    source_locale: str,
    source_approved: dt.datetime | None,
    last_edited: dt.datetime,
) -> bool:
    """Whether the article in ``locale``, last edited at ``last_edited``, lags its source."""
    if locale == source_locale or source_approved is None:
        return False
    return _utc(last_edited) < _utc(source_approved)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
