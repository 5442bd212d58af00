"""What browser tests do as a user, shared by the tests in tests/browser/ (imported by name: a test
folder's conftest cannot be imported reliably, since every folder's is called "conftest")."""

from tests.support.factories import PASSWORD


def sign_in(page, login, password=PASSWORD):
    """Sign in through the real login form, as a user would."""
    page.goto("/login")
    page.get_by_label("Inlognaam").fill(login)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    # Wait for the redirect away from the login page, so that the next goto cannot race the sign-in.
    page.wait_for_url(lambda url: "/login" not in url)
