"""Forms of the web pages (Flask-WTF: each carries the CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


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


class OwnPasswordForm(FlaskForm):
    current = PasswordField(
        "Huidig wachtwoord",
        validators=[DataRequired("Vul je huidige wachtwoord in.")],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired("Vul een nieuw wachtwoord in."), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        "Nieuw wachtwoord nog een keer",
        validators=[
            DataRequired("Vul het nieuwe wachtwoord nog een keer in."),
            EqualTo("new", "De twee nieuwe wachtwoorden verschillen."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Wachtwoord wijzigen")
