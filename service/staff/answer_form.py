"""The inbox's answer form: the question reworded for readers, the answer per audience."""

from __future__ import annotations

from flask_babel import LazyString, format_number
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from service.content.model import Asked
from service.content.readers_asked import MAX_QUESTION_LENGTH
from service.staff.editor.forms import lf, strip
from service.writing.audience import Audience

# An answer is short: a few paragraphs under a question, not a section.
ANSWER_MAX_CHARS = 4_000


def _too_long(limit: int) -> LazyString:
    """The message for text over ``limit`` characters, the number in the page's locale."""
    return _l("Keep it to %(limit)s characters or fewer.", limit=LazyString(format_number, limit))


def _answer_field(label: LazyString, *validators: object) -> TextAreaField:
    """An answer's Markdown: LF line ends, no surrounding space, at most ANSWER_MAX_CHARS."""
    return TextAreaField(
        label,
        filters=[lf, strip],
        validators=[*validators, Length(max=ANSWER_MAX_CHARS, message=_too_long(ANSWER_MAX_CHARS))],
    )


class AnswerForm(FlaskForm):  # type: ignore[misc]
    """A writer's answer: the reworded question, a layperson answer, maybe a clinician one."""

    question = StringField(
        _l("The question as readers will see it"),
        filters=[strip],
        description=_l(
            "Write the reader's question again in your own words, on one line. Leave out "
            "names, ages, places and anything else that could tell who asked."
        ),
        validators=[
            DataRequired(message=_l("Write the question as readers will see it.")),
            Length(max=MAX_QUESTION_LENGTH, message=_too_long(MAX_QUESTION_LENGTH)),
        ],
    )
    layperson = _answer_field(
        _l("Answer for patients and caregivers"),
        DataRequired(message=_l("Write the answer for patients and caregivers.")),
    )
    clinician = _answer_field(_l("Answer for clinicians (optional)"))
    publish = BooleanField(_l("Add this answer to the article in a new draft revision"))

    def answer(self) -> Asked:
        """The answer the form holds, as the article stores it."""
        answers = (
            (Audience.LAYPERSON, self.layperson.data),
            (Audience.CLINICIAN, self.clinician.data),
        )
        return Asked(str(self.question.data), tuple((a, str(t)) for a, t in answers if t))
