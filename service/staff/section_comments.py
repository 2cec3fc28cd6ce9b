"""Reviewers' comments per section and audience: the form, and how the pages show them.

Reviewers write them on the review page, beside the section they read; writers see
the open ones in the section editor and resolve them there (reviewers may too). The
routes live with the review page (``service.staff.review``); this module holds what
both pages share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import LazyString, format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from service.content.model import Article
from service.staff.editor.forms import lf, strip
from service.storage.section_comments import SectionComment
from service.writing.audience import Audience

COMMENT_MAX_CHARS = 2_000


class CommentForm(FlaskForm):  # type: ignore[misc]
    """A reviewer's comment on one section, for one audience, on the revision they read."""

    base = IntegerField(validators=[InputRequired()])
    section = StringField(filters=[strip], validators=[DataRequired(), Length(max=200)])
    audience = SelectField(choices=[a.value for a in Audience])
    comment = TextAreaField(
        filters=[lf, strip],
        validators=[
            DataRequired(_l("Write the comment before adding it.")),
            Length(
                max=COMMENT_MAX_CHARS,
                message=_l(
                    "Keep the comment to %(limit)s characters or fewer.",
                    limit=LazyString(format_number, COMMENT_MAX_CHARS),
                ),
            ),
        ],
    )


@dataclass(frozen=True)
class Draft:
    """A comment the page refused, shown again in its section's form with the reason."""

    section: str
    audience: str
    text: str
    errors: tuple[str, ...]


@dataclass(frozen=True)
class ShownComment:
    """A comment with what its reader needs: has the text changed since it was made?"""

    comment: SectionComment
    changed: bool  # the section's text for that audience differs from the newest revision's


def shown(comments: list[SectionComment], newest: Article) -> list[ShownComment]:
    """``comments`` against the newest text: which were made on text since changed."""
    now = {
        (section.key, variant.audience): variant.body
        for section in newest.sections
        for variant in section.variants
    }
    return [ShownComment(c, now.get((c.section, c.audience)) != c.text_then) for c in comments]


def by_section(comments: list[ShownComment]) -> dict[str, list[ShownComment]]:
    """Comments grouped by section key, oldest first in each."""
    grouped: dict[str, list[ShownComment]] = defaultdict(list)
    for each in comments:
        grouped[each.comment.section].append(each)
    return dict(grouped)


def open_by_audience(
    comments: list[ShownComment], section: str
) -> dict[Audience, list[ShownComment]]:
    """The open comments on ``section``, by audience: what the writer still has to do."""
    found: dict[Audience, list[ShownComment]] = {audience: [] for audience in Audience}
    for each in comments:
        if each.comment.section == section and each.comment.is_open:
            found[each.comment.audience].append(each)
    return found


def no_section_message(section: str, number: int) -> str:
    """Why a comment on a section the revision lacks is refused."""
    return str(
        gettext(
            "Revision %(n)s has no section “%(key)s”; reload the page and comment on a "
            "section it shows.",
            n=number,
            key=section,
        )
    )
