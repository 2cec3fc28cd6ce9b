"""The references form: one row of fields per reference, a blank row to add one."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from service.content.model import Reference
from service.staff.editor.forms import EditForm, strip

ROW_FIELDS = ("key", "title", "journal", "year", "doi", "pmid", "url")


class ReferenceRow(Form):  # type: ignore[misc]
    """One reference as a row of fields; a row left blank is no reference."""

    key = StringField(
        _l("Key"),
        filters=[strip],
        validators=[Length(max=200)],
        description=_l("Cite it as [@key]."),
    )
    title = StringField(_l("Title"), filters=[strip], validators=[Length(max=1000)])
    journal = StringField(_l("Journal"), filters=[strip], validators=[Length(max=500)])
    year = IntegerField(
        _l("Year"),
        validators=[Optional(), NumberRange(1000, 2999, _l("Write the year as four digits."))],
    )
    doi = StringField(_l("DOI"), filters=[strip], validators=[Length(max=300)])
    pmid = StringField(_l("PubMed ID"), filters=[strip], validators=[Length(max=40)])
    url = StringField(
        _l("Web address"),
        filters=[strip],
        validators=[
            Length(max=2000),
            Optional(),
            Regexp(r"\Ahttps?://\S+\Z", message=_l("Write a full address starting https://.")),
        ],
    )
    remove = BooleanField(_l("Remove this reference"))

    @property
    def blank(self) -> bool:
        """Nothing written in the row."""
        return not any(self[name].data for name in ROW_FIELDS)

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
            if not row.key.data:
                row.key.errors.append(gettext("Give this reference a key to cite it by."))
                ok = False
            if not row.title.data:
                row.title.errors.append(gettext("Give this reference the work's title."))
                ok = False
        return ok

    def kept_rows(self) -> list[Any]:
        """Rows neither blank nor marked for removal."""
        rows = (entry.form for entry in self.references.entries)
        return [row for row in rows if not row.blank and not row.remove.data]
