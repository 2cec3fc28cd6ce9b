"""The reader's forms: the follow-up question (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask import current_app
from flask_babel import format_number, gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from service.security import control_character_message
from service.writing.characters import CONTROL_CHARACTER


class QuestionForm(FlaskForm):  # type: ignore[misc]
    """ "Have a follow-up question?": one non-empty question of bounded length.

    No CSRF token: the form sits on pages shared by every reader (see ``same_origin``).
    """

    class Meta:
        csrf = False

    question = TextAreaField(
        lazy_gettext("Your question"),
        validators=[DataRequired(message=lazy_gettext("Write your question before sending it."))],
    )

    def validate_question(self, field: TextAreaField) -> None:
        """Refuse questions longer than the configured limit, saying how long they may be."""
        limit = int(current_app.config["QUESTION_MAX_LENGTH"])
        Length(
            max=limit,
            message=gettext(
                "Keep your question to %(limit)s characters or fewer.",
                limit=format_number(limit),
            ),
        )(self, field)
        if not (field.data or "").strip():
            raise ValidationError(gettext("Write your question before sending it."))
        control = CONTROL_CHARACTER.search(field.data or "")
        if control is not None:
            raise ValidationError(control_character_message(control.group()))
