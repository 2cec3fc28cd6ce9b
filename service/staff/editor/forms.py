"""The editor's forms: what each page sends, validated before the content check runs."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from service.content.bundle import KEY_PATTERN
from service.content.model import Variant
from service.content.vocabulary_file import MAX_TERMS, parse_terms, term_problem
from service.writing.audience import Audience

# Characters in one variant's text: keeps a whole section form under MAX_CONTENT_LENGTH.
BODY_MAX_CHARS = 12_000
KEY_RULE = rf"\A{KEY_PATTERN.pattern}\Z"
KEY_HINT = _l("Lower-case words or numbers joined by hyphens, such as risk-factors.")
KEY_MISMATCH = _l("Use only: lower-case words or numbers joined by hyphens, such as risk-factors.")
# The limit is formatted when the message is shown, in that request's locale ("12.000" in es).
TOO_LONG = _l(
    "Keep it to %(limit)s characters; split a longer text into two sections.",
    limit=LazyString(format_number, BODY_MAX_CHARS),
)


def strip(value: object) -> object:
    """Surrounding space is never meant."""
    return value.strip() if isinstance(value, str) else value


def lf(value: object) -> object:
    """Browsers send textareas with CRLF line ends; content uses LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def key_field(label: Any, missing: Any, description: Any = KEY_HINT, **kwargs: Any) -> StringField:
    """A section key or slug: required, and only lower-case words joined by hyphens."""
    validators = [DataRequired(missing), Length(max=200), Regexp(KEY_RULE, message=KEY_MISMATCH)]
    return StringField(
        label, filters=[strip], validators=validators, description=description, **kwargs
    )


class EditForm(FlaskForm):  # type: ignore[misc]
    """What every save carries: the revision it edits, and a message for the history."""

    base = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    message = StringField(
        _l("Revision message"),
        filters=[strip],
        validators=[Length(max=500, message=_l("Keep the message to 500 characters or fewer."))],
        description=_l("Optional: what you changed and why, for the history."),
    )


class DetailFields:
    """The article's question, a title per audience and its topic."""

    question = StringField(
        _l("Question the article answers"),
        filters=[strip],
        validators=[DataRequired(_l("Write the question readers ask.")), Length(max=500)],
    )
    title_layperson = StringField(
        _l("Article title for patients and caregivers"),
        filters=[strip],
        validators=[Length(max=300)],
    )
    title_clinician = StringField(
        _l("Article title for clinicians"), filters=[strip], validators=[Length(max=300)]
    )
    topic = StringField(
        _l("Topic"),
        filters=[strip],
        validators=[Length(max=200)],
        description=_l("Optional, such as Dermatology."),
    )

    def validate_title_layperson(self, field: Field) -> None:
        """At least one audience needs a title."""
        if not field.data and not self.title_clinician.data:
            raise ValidationError(gettext("Give the article a title for at least one audience."))

    def titles(self) -> tuple[tuple[Audience, str], ...]:
        """The titles filled in, in audience order."""
        form: Any = self
        return tuple((a, form[f"title_{a}"].data) for a in Audience if form[f"title_{a}"].data)


def _body_field(label: Any) -> TextAreaField:
    """A variant's Markdown text: LF line ends, bounded length."""
    return TextAreaField(
        label,
        filters=[lf],
        validators=[Length(max=BODY_MAX_CHARS, message=TOO_LONG)],
        description=_l("Markdown. Cite references as [@key]."),
    )


class VariantFields:
    """A section's title and Markdown text for each audience; one audience may be left out."""

    layperson_title = StringField(
        _l("Section title for patients and caregivers"),
        filters=[strip],
        validators=[Length(max=300)],
    )
    layperson_body = _body_field(_l("Text for patients and caregivers"))
    clinician_title = StringField(
        _l("Section title for clinicians"), filters=[strip], validators=[Length(max=300)]
    )
    clinician_body = _body_field(_l("Text for clinicians"))

    def variants_valid(self) -> bool:
        """Each written text has a title, and at least one audience has a text."""
        form: Any = self
        ok, present = True, False
        for audience in Audience:
            title, body = form[f"{audience}_title"], form[f"{audience}_body"]
            written = bool((body.data or "").strip())
            if written and not title.data:
                title.errors.append(gettext("Give this text a section title."))
                ok = False
            elif title.data and not written:
                body.errors.append(
                    gettext("Write the text, or clear the title to leave this audience out.")
                )
                ok = False
            present = present or written
        if not present:
            form.layperson_body.errors.append(gettext("Write the text for at least one audience."))
        return ok and present

    def variants(self) -> tuple[Variant, ...]:
        """The variants written, in audience order."""
        form: Any = self
        return tuple(
            Variant(audience, form[f"{audience}_title"].data, form[f"{audience}_body"].data)
            for audience in Audience
            if (form[f"{audience}_body"].data or "").strip()
        )


class NewArticleForm(FlaskForm, DetailFields, VariantFields):  # type: ignore[misc]
    """A new article: where it lives, what it answers, and its first section."""

    locale = SelectField(_l("Language"), choices=[])
    slug = key_field(
        _l("Address name (slug)"),
        _l("Choose the name the article's address ends with."),
        _l(
            "The end of the article's address. "
            "Lower-case words or numbers joined by hyphens, such as risk-factors."
        ),
    )
    section_key = key_field(
        _l("Key of the first section"), _l("Give the first section a key."), default="overview"
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Fields, then the first section's variants."""
        ok = bool(super().validate(extra_validators))
        return self.variants_valid() and ok


class DetailsForm(EditForm, DetailFields):
    """The article's question, titles, topic and accepted terms."""

    accepted_terms = TextAreaField(
        _l("Accepted terms, one per line"),
        filters=[lf],
        validators=[Length(max=20_000)],
        description=_l(
            "Words this article may use without a hard-word or jargon finding, such as "
            "its subject. Plurals count as the word."
        ),
    )

    def validate_accepted_terms(self, field: Field) -> None:
        """Each line a word or a short phrase; not too many."""
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            term = " ".join(line.split())
            if term and not term.startswith("#") and term_problem(term) is not None:
                raise ValidationError(
                    gettext(
                        "Line %(n)s: write a word or a short phrase (letters and digits, with "
                        "spaces, hyphens or apostrophes inside), at most 100 characters.",
                        n=number,
                    )
                )
        if len(self.terms()) > MAX_TERMS:
            raise ValidationError(gettext("Accept at most %(n)s terms.", n=MAX_TERMS))

    def terms(self) -> tuple[str, ...]:
        """The accepted terms, each once, in the order written."""
        return parse_terms((self.accepted_terms.data or "").splitlines())


class SectionForm(EditForm, VariantFields):
    """Both variants of one section."""

    def validate(self, extra_validators: Any = None) -> bool:
        """Fields, then the variants."""
        ok = bool(super().validate(extra_validators))
        return self.variants_valid() and ok


class AddSectionForm(EditForm):
    """The key of a section to add at the end."""

    key = key_field(_l("Key of the new section"), _l("Give the new section a key."))


class MoveSectionForm(EditForm):
    """Move one section up or down."""

    direction = SelectField(choices=["up", "down"])


class RemoveSectionForm(EditForm):
    """Remove one section."""


class RestoreForm(FlaskForm):  # type: ignore[misc]
    """Restore an old revision: the CSRF token is all it needs."""
