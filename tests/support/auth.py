"""Signing in and posting forms through Flask's test client, with the CSRF token a rendered form would carry."""

import uuid

from itsdangerous import URLSafeTimedSerializer


def csrf_token(app, client):
    """A valid CSRF token for `client`'s session, as a rendered form would carry it."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", uuid.uuid4().hex)
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


class AuthActions:
    def __init__(self, app, client):
        self._app = app
        self._client = client

    def token(self):
        return csrf_token(self._app, self._client)

    def login(self, login, password="geheim-wachtwoord-1", follow_redirects=False):
        return self._client.post(
            "/login",
            data={"login": login, "password": password, "csrf_token": self.token()},
            follow_redirects=follow_redirects,
        )

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": self.token()})

    def post(self, url, data=None, **kwargs):
        """POST with a valid CSRF token, as a form on one of our pages would."""
        return self._client.post(url, data={**(data or {}), "csrf_token": self.token()}, **kwargs)
