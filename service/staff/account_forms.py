"""The administrators' account forms: create an account, change its role, reset its password."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, Field, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from service.auth.accounts import MIN_PASSWORD_LENGTH
from service.auth.public_profiles import CREDENTIALS_MAX_LENGTH, NAME_MAX_LENGTH, problems
from service.auth.roles import ROLE_LABELS, Role


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, gettext(ROLE_LABELS[role])) for role in Role]


def _an_email(form: FlaskForm, field: Field) -> None:
    """The same rule as ``create_user``: something with an @ in it."""
    if "@" not in (field.data or ""):
        raise ValidationError(_l("Write the email address like name@example.org."))


def _password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        _l("New password"),
        description=_l("At least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
        validators=[
            DataRequired(message=_l("Enter a password.")),
            Length(max=1024),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "The password is too short: use at least %(count)d characters.",
                    count=MIN_PASSWORD_LENGTH,
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Type the password a second time.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    return password, confirm


class CreateAccountForm(FlaskForm):  # type: ignore[misc]
    """A new account: email, role, and its first password typed twice."""

    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter the email address.")),
            Length(max=320),
            _an_email,
        ],
    )
    role = SelectField(_l("Role"), choices=_role_choices, default=Role.WRITER.value)
    password, confirm = _password_fields()


class RoleForm(FlaskForm):  # type: ignore[misc]
    """One account's new role."""

    role = SelectField(_l("Role"), choices=_role_choices)


class PasswordForm(FlaskForm):  # type: ignore[misc]
    """A new password for one account, typed twice."""

    password, confirm = _password_fields()


class ProfileForm(FlaskForm):  # type: ignore[misc]
    """The public name and credentials readers see for one account."""

    name = StringField(
        _l("Public name"),
        description=_l(
            "As readers should see it, such as Dr. Ada Example. At most %(count)d characters.",
            count=NAME_MAX_LENGTH,
        ),
    )
    credentials = StringField(
        _l("Credentials (optional)"),
        description=_l(
            "Shown after the name, such as MD, FAAD — Dermatology. At most %(count)d characters.",
            count=CREDENTIALS_MAX_LENGTH,
        ),
    )

    def validate(self, extra_validators: object = None) -> bool:
        """The same rules as ``set_public_profile``, each message on its field."""
        valid: bool = super().validate(extra_validators)
        name, credentials = (self.name.data or "").strip(), (self.credentials.data or "").strip()
        for problem in problems(name, credentials):
            field = self.name if problem.field == "name" else self.credentials
            field.errors.append(gettext(problem.message, **problem.params))
            valid = False
        return valid
