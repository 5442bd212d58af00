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


def change_matrix_cell(page, plan_goal_id, status_name):
    """Change one cell of an open goal matrix through its menu, as a teacher does; returns the cell."""
    cell = page.locator(f'td[data-pg="{plan_goal_id}"]')
    cell.click()
    page.get_by_role("menuitem", name=status_name).click()
    return cell
