"""web/access.py: the one page decorator (`allowed`) and the one get-or-404 (issue 11)."""

import ast
import pathlib

import pytest

from models import Group, GroupType, Lesson
from services.errors import NotFound
from tests.support.factories import make_group, make_pupil, make_teacher, make_user
from web.access import allowed, get_or_404, pupil_or_404

WEB = pathlib.Path(__file__).resolve().parents[2] / "web"


@pytest.fixture
def pages(app):
    """Two pages behind `allowed`: one with the default refusal, one with its own message."""

    @app.route("/_test/overzicht")
    @allowed("view_overviews")
    def overview_page():
        """Staff only."""
        return "overzicht"

    @app.route("/_test/doelenset")
    @allowed("manage_goal_set", message="Alleen leraren en beheerders kunnen doelensets wijzigen.")
    def goal_set_page():
        return "doelenset"

    return app


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(pages, client):
    response = client.get("/_test/overzicht")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2F_test%2Foverzicht"


def test_an_allowed_user_gets_the_page(pages, client, auth):
    auth.login(make_user("assistant").login)
    assert client.get("/_test/overzicht").get_data(as_text=True) == "overzicht"


def test_a_refused_user_gets_the_dutch_403_page_or_json(pages, client, auth):
    auth.login(make_pupil().login)
    response = client.get("/_test/overzicht")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Geen toegang" in page and "Je hebt geen toegang tot deze pagina." in page and '<html lang="nl">' in page
    response = client.get("/_test/overzicht", headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.json == {"error": "Je hebt geen toegang tot deze pagina."}


def test_a_refusal_can_say_why(pages, client, auth):
    auth.login(make_user("assistant").login)
    response = client.get("/_test/doelenset")
    assert response.status_code == 403
    assert "Alleen leraren en beheerders kunnen doelensets wijzigen." in response.get_data(as_text=True)


def test_the_decorator_keeps_the_views_name_and_docstring(pages):
    view = pages.view_functions["overview_page"]
    assert view.__name__ == "overview_page" and view.__doc__ == "Staff only."


def test_get_or_404_finds_the_row_or_raises_a_dutch_not_found(database):
    group = make_group("Groep 5a")
    assert get_or_404(Group, group.id) == group
    with pytest.raises(NotFound, match="Deze groep bestaat niet"):
        get_or_404(Group, group.id + 1000)
    with pytest.raises(NotFound, match="Deze groep bestaat niet"):
        get_or_404(Group, None)


def test_get_or_404_takes_conditions_a_query_with_joins_and_its_own_message(database):
    group = make_group("Groep 5a", archived=True)
    with pytest.raises(NotFound, match="^Niet hier.$"):
        get_or_404(Group, group.id, ~Group.archived, message="Niet hier.")
    found = get_or_404(Group.select(Group, GroupType).join(GroupType), group.id)
    assert found.group_type.name == "Stamgroep"
    with pytest.raises(NotFound, match="Deze les bestaat niet"):
        get_or_404(Lesson.select(Lesson, Group).join(Group), 1)


def test_a_model_without_its_own_message_gets_the_404_pages_text(database):
    with pytest.raises(NotFound, match=r"Deze pagina bestaat niet \(meer\)."):
        get_or_404(GroupType, 99999)


def test_pupil_or_404_knows_pupils_only(database):
    pupil, teacher = make_pupil(), make_teacher()
    assert pupil_or_404(pupil.id) == pupil
    with pytest.raises(NotFound, match="Deze leerling bestaat niet"):
        pupil_or_404(teacher.id)


def _role_comparisons(path):
    """Lines where `path` compares a user's role (`user.role ==`, `current_user.role in ...`); a query's
    condition on the column (`User.role == "pupil"`) is a filter, not a permission check."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if (
                    isinstance(side, ast.Attribute)
                    and side.attr == "role"
                    and not (isinstance(side.value, ast.Name) and side.value.id[:1].isupper())
                ):
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_page_compares_roles_itself():
    """Who may do what is services.permissions' question: pages ask `can` (or `allowed`), never the role."""
    found = [line for path in sorted(WEB.glob("*.py")) for line in _role_comparisons(path)]
    assert not found, f"ask permissions.can instead: {found}"
