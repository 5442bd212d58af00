"""Forms of the web pages (Flask-WTF: each carries the CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    login = StringField(
        "Inlognaam",
        validators=[DataRequired("Vul je inlognaam in."), Length(max=255)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Wachtwoord", validators=[DataRequired("Vul je wachtwoord in.")], render_kw={"autocomplete": "current-password"}
    )
    submit = SubmitField("Inloggen")
