"""The login form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):  # type: ignore[misc]
    """Email and password, both required."""

    email = EmailField(
        "Email", validators=[DataRequired(message="Enter your email address."), Length(max=320)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(message="Enter your password."), Length(max=1024)]
    )
