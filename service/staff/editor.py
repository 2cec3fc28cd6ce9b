"""The writers' editor: articles, both variants side by side with live readability, history.

Every save is checked the way the bundle loader checks files (``parse_bundle``), so
what the editor stores can always be exported and loaded again; then it goes through
``authoring.save``, which makes a new revision or refuses a stale one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from service import authoring
from service.audience import Audience
from service.auth.roles import Role, roles_required
from service.content.bundle import (
    ARTICLE_FILE,
    KEY_PATTERN,
    SECTION_FILE_PATTERN,
    BundleError,
    Problem,
    parse_bundle,
)
from service.content.dump import article_yaml, bundle_texts
from service.content.model import Article, Reference, Section, Status, Variant
from service.i18n import shipped_locales
from service.readability import (
    Finding,
    FindingKind,
    PolicyError,
    Report,
    UnsupportedLanguage,
    Verdict,
    check_markdown,
)
from service.readability.policy import default_policy
from service.reader.forms import QuestionForm
from service.reader.page import build_page, json_ld
from service.selection import current_persona, personas
from service.storage import repository
from service.storage.db import db
from service.templating import AUDIENCE_LABELS

bp = Blueprint("editor", __name__, url_prefix="/staff/articles")

# Reviewers may look (list, preview, history, diffs); only writers change anything.
VIEWERS = (Role.WRITER, Role.REVIEWER)
# Characters in one variant's text: keeps a whole section form under MAX_CONTENT_LENGTH.
BODY_MAX_CHARS = 12_000
# Bytes of one readability request; the JSON endpoint is called on every pause in typing.
READABILITY_MAX_BYTES = 48 * 1024
# A section file is "---", "title: ...", "---", then the body: body line = file line - 3.
FRONT_MATTER_LINES = 3
SHOWN_FINDINGS = 60
VERDICT_LABELS = {Verdict.PASS: "Pass", Verdict.WARN: "Warning", Verdict.FAIL: "Fail"}
KEY_RULE = rf"\A{KEY_PATTERN.pattern}\Z"
KEY_HINT = "Lower-case words or numbers joined by hyphens, such as risk-factors."


# --- Forms ------------------------------------------------------------------------------


def _strip(value: object) -> object:
    """Surrounding space is never meant."""
    return value.strip() if isinstance(value, str) else value


def _lf(value: object) -> object:
    """Browsers send textareas with CRLF line ends; content uses LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class EditForm(FlaskForm):  # type: ignore[misc]
    """What every save carries: the revision it edits, and a message for the history."""

    base = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    message = StringField(
        "Revision message",
        filters=[_strip],
        validators=[Length(max=500, message="Keep the message to 500 characters or fewer.")],
        description="Optional: what you changed and why, for the history.",
    )


class _DetailFields:
    """The article's question, a title per audience and its topic."""

    question = StringField(
        "Question the article answers",
        filters=[_strip],
        validators=[DataRequired("Write the question readers ask."), Length(max=500)],
    )
    title_layperson = StringField(
        "Article title for patients and caregivers", filters=[_strip], validators=[Length(max=300)]
    )
    title_clinician = StringField(
        "Article title for clinicians", filters=[_strip], validators=[Length(max=300)]
    )
    topic = StringField(
        "Topic",
        filters=[_strip],
        validators=[Length(max=200)],
        description="Optional, such as Dermatology.",
    )

    def validate_title_layperson(self, field: Field) -> None:
        """At least one audience needs a title."""
        if not field.data and not self.title_clinician.data:
            raise ValidationError("Give the article a title for at least one audience.")

    def titles(self) -> tuple[tuple[Audience, str], ...]:
        """The titles filled in, in audience order."""
        form: Any = self
        return tuple((a, form[f"title_{a}"].data) for a in Audience if form[f"title_{a}"].data)


def _body_field(label: str) -> TextAreaField:
    """A variant's Markdown text: LF line ends, bounded length."""
    return TextAreaField(
        label,
        filters=[_lf],
        validators=[
            Length(
                max=BODY_MAX_CHARS,
                message=f"Keep it to {BODY_MAX_CHARS:,} characters; "
                "split a longer text into two sections.",
            )
        ],
        description="Markdown. Cite references as [@key].",
    )


class _VariantFields:
    """A section's title and Markdown text for each audience; one audience may be left out."""

    layperson_title = StringField(
        "Section title for patients and caregivers", filters=[_strip], validators=[Length(max=300)]
    )
    layperson_body = _body_field("Text for patients and caregivers")
    clinician_title = StringField(
        "Section title for clinicians", filters=[_strip], validators=[Length(max=300)]
    )
    clinician_body = _body_field("Text for clinicians")

    def variants_valid(self) -> bool:
        """Each written text has a title, and at least one audience has a text."""
        form: Any = self
        ok, present = True, False
        for audience in Audience:
            title, body = form[f"{audience}_title"], form[f"{audience}_body"]
            written = bool((body.data or "").strip())
            if written and not title.data:
                title.errors.append("Give this text a section title.")
                ok = False
            elif title.data and not written:
                body.errors.append("Write the text, or clear the title to leave this audience out.")
                ok = False
            present = present or written
        if not present:
            form.layperson_body.errors.append("Write the text for at least one audience.")
        return ok and present

    def variants(self) -> tuple[Variant, ...]:
        """The variants written, in audience order."""
        form: Any = self
        return tuple(
            Variant(audience, form[f"{audience}_title"].data, form[f"{audience}_body"].data)
            for audience in Audience
            if (form[f"{audience}_body"].data or "").strip()
        )


class NewArticleForm(FlaskForm, _DetailFields, _VariantFields):  # type: ignore[misc]
    """A new article: where it lives, what it answers, and its first section."""

    locale = SelectField("Language", choices=[])
    slug = StringField(
        "Address name (slug)",
        filters=[_strip],
        validators=[
            DataRequired("Choose the name the article's address ends with."),
            Length(max=200),
            Regexp(KEY_RULE, message=f"Use only: {KEY_HINT[0].lower()}{KEY_HINT[1:]}"),
        ],
        description=f"The end of the article's address. {KEY_HINT}",
    )
    section_key = StringField(
        "Key of the first section",
        default="overview",
        filters=[_strip],
        validators=[
            DataRequired("Give the first section a key."),
            Length(max=200),
            Regexp(KEY_RULE, message=f"Use only: {KEY_HINT[0].lower()}{KEY_HINT[1:]}"),
        ],
        description=KEY_HINT,
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Fields, then the first section's variants."""
        ok = bool(super().validate(extra_validators))
        return self.variants_valid() and ok


class DetailsForm(EditForm, _DetailFields):
    """The article's question, titles and topic."""


class SectionForm(EditForm, _VariantFields):
    """Both variants of one section."""

    def validate(self, extra_validators: Any = None) -> bool:
        """Fields, then the variants."""
        ok = bool(super().validate(extra_validators))
        return self.variants_valid() and ok


class ReferenceRow(Form):  # type: ignore[misc]
    """One reference as a row of fields; a row left blank is no reference."""

    key = StringField(
        "Key", filters=[_strip], validators=[Length(max=200)], description="Cite it as [@key]."
    )
    title = StringField("Title", filters=[_strip], validators=[Length(max=1000)])
    journal = StringField("Journal", filters=[_strip], validators=[Length(max=500)])
    year = IntegerField(
        "Year",
        validators=[Optional(), NumberRange(1000, 2999, "Write the year as four digits.")],
    )
    doi = StringField("DOI", filters=[_strip], validators=[Length(max=300)])
    pmid = StringField("PubMed ID", filters=[_strip], validators=[Length(max=40)])
    url = StringField(
        "Web address",
        filters=[_strip],
        validators=[
            Length(max=2000),
            Optional(),
            Regexp(r"\Ahttps?://\S+\Z", message="Write a full address starting https://."),
        ],
    )
    remove = BooleanField("Remove this reference")

    @property
    def blank(self) -> bool:
        """Nothing written in the row."""
        return not any(
            self[name].data for name in ("key", "title", "journal", "year", "doi", "pmid", "url")
        )

    def to_reference(self) -> Reference:
        """The row as a Reference; blank optional fields are None."""
        return Reference(
            key=self.key.data,
            title=self.title.data,
            journal=self.journal.data or None,
            year=self.year.data,
            doi=self.doi.data or None,
            pmid=self.pmid.data or None,
            url=self.url.data or None,
        )


class ReferencesForm(EditForm):
    """The reference list as rows: edit, add (the blank row) and remove."""

    references = FieldList(FormField(ReferenceRow), min_entries=1, max_entries=500)

    def validate(self, extra_validators: Any = None) -> bool:
        """Fields, then: a row that is kept needs a key and a title."""
        ok = bool(super().validate(extra_validators))
        for row in self.kept_rows():
            for name, what in (("key", "a key to cite it by"), ("title", "the work's title")):
                if not row[name].data:
                    row[name].errors.append(f"Give this reference {what}.")
                    ok = False
        return ok

    def kept_rows(self) -> list[Any]:
        """Rows neither blank nor marked for removal."""
        rows = (entry.form for entry in self.references.entries)
        return [row for row in rows if not row.blank and not row.remove.data]


class AddSectionForm(EditForm):
    """The key of a section to add at the end."""

    key = StringField(
        "Key of the new section",
        filters=[_strip],
        validators=[
            DataRequired("Give the new section a key."),
            Length(max=200),
            Regexp(KEY_RULE, message=f"Use only: {KEY_HINT[0].lower()}{KEY_HINT[1:]}"),
        ],
        description=KEY_HINT,
    )


class MoveSectionForm(EditForm):
    """Move one section up or down."""

    direction = SelectField(choices=["up", "down"])


class RemoveSectionForm(EditForm):
    """Remove one section."""


class RestoreForm(FlaskForm):  # type: ignore[misc]
    """Restore an old revision: the CSRF token is all it needs."""


# --- Saving -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentError:
    """A bundle problem in the editor's words, with the section and audience it is about."""

    where: str
    message: str
    section: str | None = None
    audience: Audience | None = None
    in_title: bool = False

    def __str__(self) -> str:
        """Where, then what."""
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ConflictText:
    """Something the writer changed, beside the newest revision's version of it."""

    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class Outcome:
    """What a save did: a new revision, nothing, or why it was refused."""

    number: int | None = None
    errors: tuple[ContentError, ...] = ()
    conflict: authoring.StaleRevision | None = None
    conflict_texts: tuple[ConflictText, ...] = ()


def _today() -> dt.date:
    """Today in UTC, the date a content change is stamped with."""
    return dt.datetime.now(dt.UTC).date()


def _content(article: Article) -> Article:
    """``article`` without what review, not writing, sets."""
    return dataclasses.replace(
        article, status=Status.DRAFT, updated=dt.date.min, reviewed=None, reviewed_by=None
    )


def _audience_label(audience: Audience) -> str:
    """How an audience is named inside a sentence."""
    return AUDIENCE_LABELS[audience].lower()


def _content_errors(problems: Iterable[Problem]) -> tuple[ContentError, ...]:
    """Loader problems told by section, audience and line of the text the writer sees."""
    errors = []
    for problem in problems:
        message = problem.message.replace(
            f"under references: in {ARTICLE_FILE}", "on the References page"
        )
        match = SECTION_FILE_PATTERN.fullmatch(problem.path.name)
        if match is None:
            errors.append(ContentError("Article details and references", message))
            continue
        section, audience = match["section"], Audience(match["audience"])
        where = f"Section “{section}”, text for {_audience_label(audience)}"
        in_title = problem.line is not None and problem.line <= FRONT_MATTER_LINES
        if problem.line is not None and not in_title:
            where += f", line {problem.line - FRONT_MATTER_LINES}"
        errors.append(ContentError(where, message, section, audience, in_title))
    return tuple(errors)


def _checked(article: Article) -> Article:
    """``article`` as the loader reads its bundle back; BundleError names every problem."""
    return parse_bundle(bundle_texts(article), locale=article.locale, slug=article.slug)


def _file_label(name: str) -> str:
    """A bundle file as the writer knows it: a section and audience, or the details."""
    match = SECTION_FILE_PATTERN.fullmatch(name)
    if match is None:
        return "Article details, section order and references"
    return f"Section “{match['section']}”, for {_audience_label(Audience(match['audience']))}"


def _conflict_texts(base: Article, stale: authoring.StaleRevision) -> tuple[ConflictText, ...]:
    """What the writer changed since ``base``, each beside the newest revision's version."""
    latest = stale.latest.article

    def texts(article: Article) -> dict[str, str]:
        """Bundle texts of ``article`` with the latest revision's review fields."""
        # Status and dates are the workflow's, not the writer's: compare the writing only.
        same = dataclasses.replace(
            article,
            status=latest.status,
            updated=latest.updated,
            reviewed=latest.reviewed,
            reviewed_by=latest.reviewed_by,
        )
        return bundle_texts(same)

    before, yours, theirs = texts(base), texts(stale.yours), texts(latest)
    names = dict.fromkeys([*theirs, *yours, *before])
    return tuple(
        ConflictText(_file_label(name), theirs.get(name, ""), yours.get(name, ""))
        for name in names
        if yours.get(name) != before.get(name)
    )


def _save(base: authoring.Current, edited: Article, message: str) -> Outcome:
    """Check ``edited`` as the loader would, then save it as an edit of revision ``base``."""
    try:
        checked = _checked(edited)
    except BundleError as error:
        return Outcome(errors=_content_errors(error.problems))
    if _content(checked) == _content(base.article):
        return Outcome()
    checked = dataclasses.replace(checked, updated=_today())
    try:
        number = authoring.save(
            db.new_session(),
            checked,
            base=base.number,
            author=str(current_user.email),
            message=message,
        )
    except authoring.StaleRevision as stale:
        return Outcome(conflict=stale, conflict_texts=_conflict_texts(base.article, stale))
    return Outcome(number=number)


def _saved(outcome: Outcome, target: str) -> ResponseReturnValue:
    """After a save that went through: say what happened, then show ``target``."""
    if outcome.number is None:
        flash("Nothing changed, so no new revision was made.", "success")
    else:
        flash(f"Saved as revision {outcome.number}.", "success")
    return redirect(target, code=303)


# --- Looking things up ------------------------------------------------------------------


def _newest(locale: str, slug: str) -> authoring.Current:
    """The newest revision, or 404."""
    try:
        return authoring.current(db.new_session(), locale, slug)
    except authoring.NotFound:
        abort(404)


def _base(form: EditForm, locale: str, slug: str) -> authoring.Current:
    """The revision a submitted form was editing; 400 when the form lost it."""
    number = form.base.data
    if form.base.errors or not isinstance(number, int):
        abort(400, "The form lost the number of the revision it edits; reload the page.")
    try:
        return authoring.revision(db.new_session(), locale, slug, number)
    except authoring.NotFound:
        if repository.find_article(db.new_session(), locale, slug) is None:
            abort(404)
        abort(400, f"There is no revision {number} to edit; reload the page.")


def _section(article: Article, key: str) -> Section | None:
    """The section of ``article`` with ``key``, if there is one."""
    return next((s for s in article.sections if s.key == key), None)


def _with_section(article: Article, section: Section) -> Article:
    """``article`` with ``section`` replacing the one of its key, or added at the end."""
    sections = [section if s.key == section.key else s for s in article.sections]
    if _section(article, section.key) is None:
        sections.append(section)
    return dataclasses.replace(article, sections=tuple(sections))


def _error_items(form: Any, extra: Sequence[ContentError] = ()) -> list[tuple[str | None, str]]:
    """Every error of ``form`` (and content errors not tied to a field) with its field's id."""
    items: list[tuple[str | None, str]] = [(None, str(m)) for m in form.form_errors]
    items += [(None, str(error)) for error in extra]

    def walk(fields: Iterable[Any]) -> None:
        """Collect errors of ``fields``, going into reference rows."""
        for field in fields:
            if isinstance(field, FieldList):
                walk(field.entries)
            elif isinstance(field, FormField):
                walk(field.form)
            elif field.type != "CSRFTokenField":
                items.extend((field.id, str(message)) for message in field.errors)

    walk(form)
    return items


def _render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    """Render an editor page; its form's errors are gathered for the error summary."""
    form = context.get("form")
    errors = _error_items(form, context.pop("general_errors", ())) if form is not None else []
    return render_template(template, errors=errors, **context), status


def _nav(newest: authoring.Current) -> dict[str, Any]:
    """What every page about one article needs for its heading and navigation."""
    return {
        "newest": newest,
        "article": newest.article,
        "can_edit": current_user.has_role(Role.WRITER),
    }


# --- The article list and a new article -------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _verdict_of(markdown: str, locale: str) -> Verdict | None:
    """The layperson verdict of one text (the engine is pure, so results keep)."""
    try:
        return check_markdown(markdown, Audience.LAYPERSON, locale).verdict
    except (UnsupportedLanguage, PolicyError):
        return None


def _layperson_verdict(article: Article) -> Verdict | None:
    """The worst layperson verdict over the sections; None when nothing is scored."""
    verdicts = [
        _verdict_of(variant.body, article.locale)
        for section in article.sections
        if (variant := section.variant(Audience.LAYPERSON)) is not None
    ]
    scored = [v for v in verdicts if v is not None]
    return max(scored, key=lambda v: v.rank) if scored else None


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list."""

    article: Article
    number: int
    status: Status
    edited_at: dt.datetime
    author: str | None
    verdict: Verdict | None


@bp.get("")
@roles_required(*VIEWERS)
def articles() -> ResponseReturnValue:
    """Every article in every locale: status, patients' readability, last edit."""
    session = db.new_session()
    rows = []
    for article in repository.latest_articles(session):
        newest = authoring.history(session, article.locale, article.slug)[0]
        rows.append(
            ArticleRow(
                article,
                newest.number,
                newest.status,
                dt.datetime.fromisoformat(newest.created_at),
                newest.author,
                _layperson_verdict(article),
            )
        )
    return _render(
        "staff/editor/articles.html", rows=rows, can_edit=current_user.has_role(Role.WRITER)
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.WRITER)
def new_article() -> ResponseReturnValue:
    """Create an article as a first draft revision, with its first section."""
    form = NewArticleForm()
    form.locale.choices = list(shipped_locales())
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return _render("staff/editor/new.html", status, form=form)
    article = Article(
        locale=form.locale.data,
        slug=form.slug.data,
        question=form.question.data,
        titles=form.titles(),
        topic=form.topic.data or None,
        status=Status.DRAFT,
        updated=_today(),
        sections=(Section(form.section_key.data, form.variants()),),
    )
    try:
        checked = _checked(article)
        authoring.create(db.new_session(), checked, author=str(current_user.email))
    except BundleError as error:
        errors = _content_errors(error.problems)
        _attach(form, errors, form.section_key.data)
        return _render(
            "staff/editor/new.html",
            422,
            form=form,
            general_errors=_loose(errors, form.section_key.data),
        )
    except ValueError as taken:  # the slug is taken in this locale
        form.slug.errors.append(str(taken))
        return _render("staff/editor/new.html", 422, form=form)
    flash("Article created as a draft (revision 1).", "success")
    target = url_for(
        "editor.section", locale=article.locale, slug=article.slug, key=form.section_key.data
    )
    return redirect(target, code=303)


def _attach(form: Any, errors: Sequence[ContentError], key: str) -> None:
    """Show each error about section ``key`` at its title or text field."""
    for error in errors:
        if error.section == key and error.audience is not None:
            part = "title" if error.in_title else "body"
            form[f"{error.audience}_{part}"].errors.append(str(error))


def _loose(errors: Sequence[ContentError], key: str | None = None) -> tuple[ContentError, ...]:
    """Errors that no field of a section form (for ``key``) shows."""
    return tuple(e for e in errors if key is None or e.section != key or e.audience is None)


# --- Details and references -------------------------------------------------------------


@bp.route("/<locale>/<slug>/details", methods=["GET", "POST"])
@roles_required(Role.WRITER)
def details(locale: str, slug: str) -> ResponseReturnValue:
    """Edit the question, the title for each audience and the topic."""
    newest = _newest(locale, slug)
    titles = dict(newest.article.titles)
    form = DetailsForm(
        data={
            "question": newest.article.question,
            "title_layperson": titles.get(Audience.LAYPERSON, ""),
            "title_clinician": titles.get(Audience.CLINICIAN, ""),
            "topic": newest.article.topic or "",
        }
    )
    page = "staff/editor/details.html"
    if request.method == "GET":
        return _render(page, form=form, base=newest.number, **_nav(newest))
    base = _base(form, locale, slug)
    if not form.validate_on_submit():
        return _render(page, 422, form=form, base=base.number, **_nav(newest))
    edited = dataclasses.replace(
        base.article,
        question=form.question.data,
        titles=form.titles(),
        topic=form.topic.data or None,
    )
    outcome = _save(base, edited, form.message.data or "Edited the article's details")
    if outcome.conflict or outcome.errors:
        return _refused(page, form, base, outcome, newest)
    return _saved(outcome, url_for("editor.details", locale=locale, slug=slug))


def _refused(
    page: str, form: Any, base: authoring.Current, outcome: Outcome, newest: authoring.Current
) -> ResponseReturnValue:
    """Show the form again with the writer's text: 409 for a conflict, else 422."""
    if outcome.conflict is not None:
        latest = outcome.conflict.latest
        return _render(
            page,
            409,
            form=form,
            base=latest.number,
            conflict=outcome.conflict,
            conflict_texts=outcome.conflict_texts,
            **_nav(latest),
        )
    return _render(
        page, 422, form=form, base=base.number, general_errors=outcome.errors, **_nav(newest)
    )


@bp.route("/<locale>/<slug>/references", methods=["GET", "POST"])
@roles_required(Role.WRITER)
def references(locale: str, slug: str) -> ResponseReturnValue:
    """Edit the references as rows; the blank last row adds one, a checkbox removes one."""
    newest = _newest(locale, slug)
    rows = [dataclasses.asdict(r) for r in newest.article.references] + [{}]
    form = ReferencesForm(data={"references": rows})
    page = "staff/editor/references.html"
    if request.method == "GET":
        return _render(page, form=form, base=newest.number, **_nav(newest))
    base = _base(form, locale, slug)
    if request.form.get("action") == "add-row":
        # Without JavaScript, one more blank row is one more round trip; nothing is saved.
        form.references.append_entry()
        return _render(page, form=form, base=base.number, **_nav(newest))
    if not form.validate_on_submit():
        return _render(page, 422, form=form, base=base.number, **_nav(newest))
    edited = dataclasses.replace(
        base.article, references=tuple(row.to_reference() for row in form.kept_rows())
    )
    outcome = _save(base, edited, form.message.data or "Edited the references")
    if outcome.conflict or outcome.errors:
        return _refused(page, form, base, outcome, newest)
    return _saved(outcome, url_for("editor.references", locale=locale, slug=slug))


# --- Sections: the list, and one section's two variants ---------------------------------


@bp.get("/<locale>/<slug>/edit")
@roles_required(Role.WRITER)
def edit(locale: str, slug: str) -> ResponseReturnValue:
    """The sections in page order, to add, reorder and remove."""
    newest = _newest(locale, slug)
    form = AddSectionForm()
    return _render("staff/editor/sections.html", form=form, base=newest.number, **_nav(newest))


@bp.post("/<locale>/<slug>/sections")
@roles_required(Role.WRITER)
def add_section(locale: str, slug: str) -> ResponseReturnValue:
    """Check a new section's key, then open it in the section editor: saving adds it."""
    newest = _newest(locale, slug)
    form = AddSectionForm()
    base = _base(form, locale, slug)
    if form.validate_on_submit():
        if _section(base.article, form.key.data) is None:
            target = url_for(
                "editor.section", locale=locale, slug=slug, key=form.key.data, base=base.number
            )
            return redirect(target, code=303)
        form.key.errors.append(f"There is already a section “{form.key.data}”; choose another key.")
    return _render("staff/editor/sections.html", 422, form=form, base=base.number, **_nav(newest))


@bp.post("/<locale>/<slug>/sections/<key>/move")
@roles_required(Role.WRITER)
def move_section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Move a section one place up or down, as a new revision."""
    newest = _newest(locale, slug)
    form = MoveSectionForm()
    base = _base(form, locale, slug)
    if not form.validate_on_submit():
        abort(400, "Choose to move the section up or down.")
    order = list(base.article.sections)
    index = next((i for i, s in enumerate(order) if s.key == key), None)
    if index is None:
        abort(404)
    other = index - 1 if form.direction.data == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    edited = dataclasses.replace(base.article, sections=tuple(order))
    message = form.message.data or f"Moved section {key} {form.direction.data}"
    return _section_list_save(base, edited, message, newest)


@bp.post("/<locale>/<slug>/sections/<key>/remove")
@roles_required(Role.WRITER)
def remove_section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Remove a section, as a new revision (history can bring it back)."""
    newest = _newest(locale, slug)
    form = RemoveSectionForm()
    base = _base(form, locale, slug)
    if not form.validate_on_submit():
        abort(400, "This form is incomplete; reload the page and try again.")
    if _section(base.article, key) is None:
        abort(404)
    if len(base.article.sections) == 1:
        error = ContentError(
            f"Section “{key}”",
            "an article needs at least one section; add another before removing this one.",
        )
        return _render(
            "staff/editor/sections.html",
            422,
            form=AddSectionForm(formdata=None),
            base=base.number,
            general_errors=(error,),
            **_nav(newest),
        )
    edited = dataclasses.replace(
        base.article, sections=tuple(s for s in base.article.sections if s.key != key)
    )
    return _section_list_save(base, edited, form.message.data or f"Removed section {key}", newest)


def _section_list_save(
    base: authoring.Current, edited: Article, message: str, newest: authoring.Current
) -> ResponseReturnValue:
    """Save a change to the section list; back to the list, or the list with why not."""
    outcome = _save(base, edited, message)
    if outcome.conflict or outcome.errors:
        form = AddSectionForm(formdata=None)
        return _refused("staff/editor/sections.html", form, base, outcome, newest)
    target = url_for("editor.edit", locale=edited.locale, slug=edited.slug)
    return _saved(outcome, target)


@dataclass(frozen=True)
class Panel:
    """The readability panel of one variant: its report against the policy, or why none."""

    audience: Audience
    report: Report | None = None
    warn_above: float | None = None
    fail_above: float | None = None
    report_only: bool = False
    highlighted: Markup = dataclasses.field(default_factory=Markup)
    error: str | None = None

    @property
    def verdict_label(self) -> str:
        """Pass, Warning or Fail."""
        return VERDICT_LABELS[self.report.verdict] if self.report else ""

    @property
    def summary(self) -> str:
        """One line for the live region: grade and verdict."""
        if self.report is None:
            return self.error or ""
        if self.report.readability.words == 0:
            return "No text to score yet."
        return f"Grade {self.report.grade:.1f}: {self.verdict_label}."

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings shown (the first SHOWN_FINDINGS)."""
        return self.report.findings[:SHOWN_FINDINGS] if self.report else ()

    @property
    def hidden_findings(self) -> int:
        """Findings not listed."""
        return len(self.report.findings) - SHOWN_FINDINGS if self.report else 0

    @property
    def alternatives(self) -> list[tuple[str, str]]:
        """Each jargon term found, once, with the glossary's plain alternative."""
        seen: dict[str, tuple[str, str]] = {}
        for finding in self.report.findings if self.report else ():
            if finding.kind is FindingKind.JARGON and finding.suggestion:
                seen.setdefault(finding.text.lower(), (finding.text, finding.suggestion))
        return list(seen.values())


def highlight(markdown: str, findings: Sequence[Finding]) -> Markup:
    """The Markdown source, escaped, with every finding's span inside a ``<mark>``."""
    cuts = sorted(
        {0, len(markdown)}
        | {f.location.start for f in findings}
        | {f.location.end for f in findings}
    )
    parts = []
    for start, end in itertools.pairwise(cuts):
        kinds = sorted(
            {f.kind.value for f in findings if f.location.start <= start and end <= f.location.end}
        )
        text = markdown[start:end]
        if kinds:
            classes = " ".join(f"finding-{kind}" for kind in kinds)
            parts.append(Markup('<mark class="{}">{}</mark>').format(classes, text))
        else:
            parts.append(escape(text))
    return Markup("").join(parts)


def readability_panel(markdown: str, audience: Audience, locale: str) -> Panel:
    """Score ``markdown`` for ``audience`` against the policy of ``locale``'s language."""
    text = str(_lf(markdown))
    try:
        report = check_markdown(text, audience, locale)
        rules = default_policy().for_(audience, locale)
    except (UnsupportedLanguage, PolicyError) as error:
        return Panel(audience, error=str(error))
    return Panel(
        audience,
        report,
        rules.grade.warn_above,
        rules.grade.fail_above,
        rules.report_only,
        highlight(text, report.findings),
    )


@bp.route("/<locale>/<slug>/sections/<key>", methods=["GET", "POST"])
@roles_required(Role.WRITER)
def section(locale: str, slug: str, key: str) -> ResponseReturnValue:
    """Both variants of a section side by side, each with its readability panel."""
    newest = _newest(locale, slug)
    if request.method == "GET":
        base = _opened(newest, locale, slug)
        existing = _section(base.article, key)
        if existing is None and not KEY_PATTERN.fullmatch(key):
            abort(404)
        data: dict[str, str] = {}
        for variant in existing.variants if existing else ():
            data[f"{variant.audience}_title"] = variant.title
            data[f"{variant.audience}_body"] = variant.body
        form = SectionForm(data=data)
        return _section_page(form, base, key, existing is None)
    form = SectionForm()
    base = _base(form, locale, slug)
    is_new = _section(base.article, key) is None
    if is_new and not KEY_PATTERN.fullmatch(key):
        abort(404)
    valid = form.validate_on_submit()
    if request.form.get("action") == "check":
        # "Check readability" without JavaScript: the panels from the text sent; nothing saved.
        return _section_page(form, base, key, is_new, keep_errors=False)
    if not valid:
        return _section_page(form, base, key, is_new, status=422)
    edited = _with_section(base.article, Section(key, form.variants()))
    default = f"Added section {key}" if is_new else f"Edited section {key}"
    outcome = _save(base, edited, form.message.data or default)
    if outcome.conflict is not None:
        return _section_page(
            form, outcome.conflict.latest, key, is_new, status=409, outcome=outcome
        )
    if outcome.errors:
        _attach(form, outcome.errors, key)
        return _section_page(form, base, key, is_new, status=422, outcome=outcome)
    return _saved(outcome, url_for("editor.section", locale=locale, slug=slug, key=key))


def _opened(newest: authoring.Current, locale: str, slug: str) -> authoring.Current:
    """The revision a GET opens: ``?base=N`` (from "Add a section") or the newest."""
    number = request.args.get("base", type=int)
    if number is None or number == newest.number:
        return newest
    try:
        return authoring.revision(db.new_session(), locale, slug, number)
    except authoring.NotFound:
        return newest


def _section_page(
    form: Any,
    base: authoring.Current,
    key: str,
    is_new: bool,
    *,
    status: int = 200,
    outcome: Outcome | None = None,
    keep_errors: bool = True,
) -> ResponseReturnValue:
    """The section editor for ``form``, its panels computed from the text in it."""
    if not keep_errors:
        for field in form:
            field.errors = []
        form.form_errors = []
    panels = {
        audience: readability_panel(
            form[f"{audience}_body"].data or "", audience, base.article.locale
        )
        for audience in Audience
    }
    conflict = outcome.conflict if outcome else None
    return _render(
        "staff/editor/section.html",
        status,
        form=form,
        base=base.number,
        key=key,
        is_new=is_new,
        panels=panels,
        conflict=conflict,
        conflict_texts=outcome.conflict_texts if outcome else (),
        general_errors=_loose(outcome.errors, key) if outcome else (),
        **_nav(conflict.latest if conflict else _newest(base.article.locale, base.article.slug)),
    )


@bp.post("/readability.json")
@roles_required(Role.WRITER)
def readability() -> ResponseReturnValue:
    """The readability panel of a text, as JSON, for the editor's script.

    Body: ``{"markdown": "...", "audience": "layperson", "locale": "en"}``; the CSRF
    token goes in the ``X-CSRFToken`` header.
    """
    limit = int(current_app.config.get("EDITOR_READABILITY_MAX_BYTES", READABILITY_MAX_BYTES))
    if (request.content_length or 0) > limit:
        return _json_error(413, f"Send at most {limit // 1024} KiB of text at once.")
    try:
        payload = request.get_json(silent=True)
    except HTTPException as error:
        return _json_error(error.code or 400, error.description or "")
    expected = 'Send JSON like {"markdown": "...", "audience": "layperson", "locale": "en"}.'
    if not isinstance(payload, dict) or not isinstance(payload.get("markdown"), str):
        return _json_error(400, expected)
    audience = Audience.parse(payload.get("audience"))
    if audience is None:
        choices = " or ".join(a.value for a in Audience)
        return _json_error(400, f"Unknown audience {payload.get('audience')!r}; use {choices}.")
    locale = payload.get("locale") or current_app.config["DEFAULT_LOCALE"]
    if not isinstance(locale, str):
        return _json_error(400, expected)
    panel = readability_panel(payload["markdown"], audience, locale)
    if panel.report is None:
        return _json_error(400, panel.error or expected)
    html = render_template("staff/editor/_readability.html", panel=panel)
    return jsonify(
        {
            **panel.report.to_dict(),
            "policy": {
                "warn_above": panel.warn_above,
                "fail_above": panel.fail_above,
                "report_only": panel.report_only,
            },
            "alternatives": [{"term": t, "plain": p} for t, p in panel.alternatives],
            "summary": panel.summary,
            "html": html,
        }
    )


def _json_error(code: int, message: str) -> ResponseReturnValue:
    """An error as JSON, in the shape the site's error handler uses for .json paths."""
    names = {400: "Bad Request", 413: "Request Entity Too Large"}
    return jsonify(error=names.get(code, "Error"), message=message), code


# --- Preview ----------------------------------------------------------------------------


def _preview_locale(locale: str) -> None:
    """Render dates and reader links in the article's locale, as readers get them."""
    if locale in shipped_locales():
        g.locale = locale


@bp.get("/<locale>/<slug>/preview/<audience>")
@roles_required(*VIEWERS)
def preview_audience(locale: str, slug: str, audience: str) -> ResponseReturnValue:
    """The newest revision, drafts too, exactly as readers of ``audience`` will see it."""
    chosen = Audience.parse(audience)
    if chosen is None:
        abort(404)
    newest = _newest(locale, slug)
    _preview_locale(locale)
    page = build_page(newest.article, chosen)
    reader_url = url_for("reader.article", locale=locale, slug=slug)
    canonical = url_for(
        "reader.article_variant", locale=locale, slug=slug, audience=chosen.value, _external=True
    )
    return render_template(
        "staff/editor/preview.html",
        page=page,
        json_ld=json_ld(page, canonical, locale),
        form=QuestionForm(),
        personas=personas(),
        persona=current_persona(),
        next_path=reader_url,
        **_nav(newest),
    )


@bp.get("/<locale>/<slug>/preview")
@roles_required(*VIEWERS)
def preview(locale: str, slug: str) -> ResponseReturnValue:
    """Both audiences' versions of the newest revision, section by section, side by side."""
    newest = _newest(locale, slug)
    _preview_locale(locale)
    pages = {audience: build_page(newest.article, audience) for audience in Audience}
    rows = list(zip(*(pages[a].sections for a in Audience), strict=True))
    return render_template("staff/editor/preview_both.html", pages=pages, rows=rows, **_nav(newest))


# --- History ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One revision in the history list."""

    number: int
    created_at: dt.datetime
    author: str | None
    message: str
    status: Status


@bp.get("/<locale>/<slug>/history")
@roles_required(*VIEWERS)
def history(locale: str, slug: str) -> ResponseReturnValue:
    """Every revision, newest first, with links to its changes and a restore button."""
    newest = _newest(locale, slug)
    rows = [
        HistoryRow(r.number, dt.datetime.fromisoformat(r.created_at), r.author, r.message, r.status)
        for r in authoring.history(db.new_session(), locale, slug)
    ]
    return _render("staff/editor/history.html", rows=rows, **_nav(newest))


def _details_diff(before: Article | None, after: Article) -> tuple[str, ...]:
    """A unified diff of the article's details, section order and references."""
    old = article_yaml(before).splitlines() if before else []
    return tuple(
        difflib.unified_diff(
            old,
            article_yaml(after).splitlines(),
            fromfile=f"{ARTICLE_FILE} (before)",
            tofile=f"{ARTICLE_FILE} (after)",
            lineterm="",
        )
    )


@bp.get("/<locale>/<slug>/history/<int:number>")
@roles_required(*VIEWERS)
def revision_diff(locale: str, slug: str, number: int) -> ResponseReturnValue:
    """What revision ``number`` changed against the one before it, per section and audience."""
    newest = _newest(locale, slug)
    session = db.new_session()
    summary = next(
        (r for r in authoring.history(session, locale, slug) if r.number == number), None
    )
    if summary is None:
        abort(404)
    shown = authoring.revision(session, locale, slug, number).article
    before = authoring.revision(session, locale, slug, number - 1).article if number > 1 else None
    empty = dataclasses.replace(shown, sections=())
    return _render(
        "staff/editor/diff.html",
        row=HistoryRow(
            summary.number,
            dt.datetime.fromisoformat(summary.created_at),
            summary.author,
            summary.message,
            summary.status,
        ),
        changes=authoring.diff(before or empty, shown),
        details_diff=_details_diff(before, shown),
        form=RestoreForm(),
        **_nav(newest),
    )


@bp.post("/<locale>/<slug>/history/<int:number>/restore")
@roles_required(Role.WRITER)
def restore(locale: str, slug: str, number: int) -> ResponseReturnValue:
    """Make revision ``number``'s content the newest again, as a new draft revision."""
    _newest(locale, slug)
    if not RestoreForm().validate_on_submit():
        abort(400, "This form is incomplete; reload the page and try again.")
    try:
        made = authoring.restore(
            db.new_session(), locale, slug, number, author=str(current_user.email)
        )
    except authoring.NotFound:
        abort(404)
    if made is None:
        flash(
            f"Revision {number} already matches the newest revision; nothing to restore.", "success"
        )
    else:
        flash(f"Restored revision {number} as revision {made}.", "success")
    return redirect(url_for("editor.history", locale=locale, slug=slug), code=303)
