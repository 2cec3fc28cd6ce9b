"""The reader's forms: the follow-up question (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError


class QuestionForm(FlaskForm):  # type: ignore[misc]
    """ "Have a follow-up question?": one non-empty question of bounded length."""

    question = TextAreaField(
        "Your question",
        validators=[DataRequired(message="Write your question before sending it.")],
    )

    def validate_question(self, field: TextAreaField) -> None:
        """Refuse questions longer than the configured limit, saying how long they may be."""
        limit = int(current_app.config["QUESTION_MAX_LENGTH"])
        Length(
            max=limit,
            message=f"Keep your question to {limit:,} characters or fewer.",
        )(self, field)
        if not (field.data or "").strip():
            raise ValidationError("Write your question before sending it.")
