"""Overview pages: status overview, active-goals overview, goal matrix (group, goal set, lesson), status
changes from the matrix (single, stale, double, bulk), export, clustering; every role; escaping; queries."""

import datetime as dt
import io
import json

import openpyxl
import pytest

from models import (
    GoalSet,
    GoalSetGoal,
    Group,
    GroupMember,
    GroupTeacher,
    GroupType,
    Lesson,
    LessonBlock,
    LessonGoal,
    PlanGoal,
    Status,
    StatusChange,
    WeekTemplate,
)
from tests.support.factories import (
    make_admin,
    make_domain,
    make_goal,
    make_group,
    make_parent,
    make_pupil,
    make_teacher,
    make_user,
    put_on_plan,
)
from tests.support.querycount import count_queries

EVIL = '<script>alert("x")</script>'


@pytest.fixture
def school(database):
    """Group 5a with its teacher and three pupils; goals on their plans; other roles around it."""
    group = make_group("Groep 5a")
    teacher = make_teacher(groups=[group], first_name="Lies")
    anna = make_pupil(groups=[group], first_name="Anna", last_name="Aalders")
    bram = make_pupil(groups=[group], first_name="Bram", last_name="Bos")
    cas = make_pupil(groups=[group], first_name="Cas", last_name="Claes")
    sums, tables, spelling = (
        make_goal(make_domain("Rekenen", "Getallen"), title="Optellen tot 100"),
        make_goal(make_domain("Rekenen", "Meten"), title="Tafels van 3"),
        make_goal(make_domain("Taal", "Spelling"), title="Woorden met ei", level=5),
    )
    cells = {
        ("anna", "sums"): put_on_plan(anna, sums, "current"),
        ("anna", "tables"): put_on_plan(anna, tables, "practising"),
        ("bram", "sums"): put_on_plan(bram, sums, "practising"),
        ("bram", "spelling"): put_on_plan(bram, spelling, "achieved"),
        ("cas", "tables"): put_on_plan(cas, tables, "highlighted"),
    }
    return {
        "group": group,
        "teacher": teacher,
        "pupils": [anna, bram, cas],
        "goals": [sums, tables, spelling],
        "cells": cells,
        "anna": anna,
        "bram": bram,
        "cas": cas,
        "outsider": make_teacher(first_name="Olga"),
        "admin": make_admin(),
        "assistant": make_user("assistant"),
        "parent": make_parent(children=[anna]),
    }


def pages(s):
    g = s["group"].id
    return [f"/groepen/{g}/statussen", f"/groepen/{g}/leerdoelen", f"/groepen/{g}/matrix", f"/groepen/{g}/matrix.xlsx"]


def json_of(response):
    return json.loads(response.get_data(as_text=True))


def history(plan_goal):
    return StatusChange.select().where(StatusChange.plan_goal == plan_goal).count()


def status_of(plan_goal):
    return PlanGoal.get_by_id(plan_goal.id).status.key


# --- who may open the pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "teacher", "outsider", "assistant"])
def test_staff_may_open_every_overview(client, auth, school, role):
    auth.login(school[role].login)
    for url in pages(school):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["anna", "parent"])
def test_pupils_and_parents_get_403(client, auth, school, role):
    auth.login(school[role].login)
    for url in pages(school):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["anna", "parent"])
def test_pupils_and_parents_learn_nothing_from_unknown_ids_or_bad_filters(client, auth, school, role):
    """Refused before any lookup, as on the group pages: a 404 or 400 would tell which ids exist."""
    auth.login(school[role].login)
    for url in ["/groepen/999/statussen", "/groepen/999/leerdoelen", "/groepen/999/matrix", "/groepen/999/matrix.xlsx"]:
        assert client.get(url).status_code == 403, url
    for url in ["/doelensets/999/matrix", "/lessen/999/matrix", f"/groepen/{school['group'].id}/matrix?niveau=vier"]:
        assert client.get(url).status_code == 403, url


def test_anonymous_goes_to_the_login_page(client, school):
    for url in pages(school) + ["/doelensets/1/matrix", "/lessen/1/matrix"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for url in ["/plandoelen/1/status", "/plandoelen/status", "/matrix/groep-maken"]:
        response = client.post(url)
        assert response.status_code in (302, 400)  # the login page, or the missing CSRF token first
        assert PlanGoal.select().where(PlanGoal.status == Status.by_key("achieved")).count() == 1


def test_unknown_and_tampered_ids_and_filters_get_dutch_errors(client, auth, school):
    auth.login(school["teacher"].login)
    for url in ["/groepen/999/statussen", "/groepen/999/matrix", "/doelensets/999/matrix", "/lessen/999/matrix"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "bestaat niet" in response.get_data(as_text=True)
    response = client.get(f"/groepen/{school['group'].id}/matrix?niveau=vier")
    assert response.status_code == 400 and "Ongeldig filter: niveau" in response.get_data(as_text=True)
    response = client.get(f"/groepen/{school['group'].id}/matrix?status=roze")
    assert response.status_code == 400 and "Ongeldig filter: status" in response.get_data(as_text=True)


# --- status overview and active goals --------------------------------------------------------------------


def test_status_overview_counts_per_pupil_with_table_and_chart_data(client, auth, school):
    auth.login(school["teacher"].login)
    page = client.get(f"/groepen/{school['group'].id}/statussen").get_data(as_text=True)
    assert '<canvas id="status-chart"' in page
    raw = page.split('<script type="application/json" id="status-chart-data">')[1].split("</script>")[0]
    chart = json.loads(raw)
    assert chart["labels"] == ["Anna Aalders", "Bram Bos", "Cas Claes"]
    practising = next(d for d in chart["datasets"] if d["label"] == "oefenen")
    assert practising["data"] == [1, 1, 0] and practising["backgroundColor"] == "#fb8c00"


def test_status_overview_filters_by_subject(client, auth, school):
    auth.login(school["teacher"].login)
    taal = school["goals"][2].domain.subject_id
    page = client.get(f"/groepen/{school['group'].id}/statussen?vak={taal}").get_data(as_text=True)
    chart = json.loads(page.split('id="status-chart-data">')[1].split("</script>")[0])
    assert {d["label"]: d["data"] for d in chart["datasets"]}["behaald"] == [0, 1, 0]
    assert sum(sum(d["data"]) for d in chart["datasets"]) == 1


def test_active_goals_lists_active_goals_with_counts_and_opens_the_matrix_of_a_choice(client, auth, school):
    auth.login(school["teacher"].login)
    g = school["group"].id
    page = client.get(f"/groepen/{g}/leerdoelen").get_data(as_text=True)
    assert "Optellen tot 100" in page and "Tafels van 3" in page
    assert "Woorden met ei" not in page  # only achieved: nothing left to organise
    assert f'action="/groepen/{g}/matrix"' in page and 'name="doel"' in page
    sums = school["goals"][0].id
    matrix = client.get(f"/groepen/{g}/matrix?doel={sums}").get_data(as_text=True)
    assert "Optellen tot 100" in matrix and "Tafels van 3" not in matrix


# --- the matrix -----------------------------------------------------------------------------------------


def test_matrix_shows_letter_and_status_name_and_empty_cells(client, auth, school):
    auth.login(school["teacher"].login)
    page = client.get(f"/groepen/{school['group'].id}/matrix").get_data(as_text=True)
    assert '<td class="s-practising" title="oefenen">O</td>' in page
    assert '<td class="e"></td>' in page  # Anna has no spelling goal
    cells = school["cells"]
    row = page.split(f'data-pupil="{school["anna"].id}"')[1].split("</tr>")[0]
    ids = row.split('data-pgs="')[1].split('"')[0].split(",")
    assert ids == [str(cells[("anna", "sums")].id), str(cells[("anna", "tables")].id), "0"]
    assert 'class="ro"' not in page and 'id="select-mode"' in page


def test_matrix_is_read_only_for_an_outsider_and_an_assistant(client, auth, school):
    for role in ("outsider", "assistant"):
        auth.login(school[role].login)
        page = client.get(f"/groepen/{school['group'].id}/matrix").get_data(as_text=True)
        assert page.count('class="ro"') == 3 and 'id="select-mode"' not in page
        auth.logout()


def test_matrix_filters_by_status(client, auth, school):
    auth.login(school["teacher"].login)
    page = client.get(f"/groepen/{school['group'].id}/matrix?status=achieved").get_data(as_text=True)
    assert "Woorden met ei" in page and "Optellen tot 100" not in page


def test_goal_set_and_lesson_matrices(client, auth, school):
    goal_set = GoalSet.create(name="Thema water")
    GoalSetGoal.create(goal_set=goal_set, goal=school["goals"][1])
    Group.update(goal_set=goal_set).where(Group.id == school["group"].id).execute()
    template = WeekTemplate.create(
        name="Week", school_year="2026-2027", valid_from=dt.date(2026, 8, 1), valid_until=dt.date(2027, 7, 31)
    )
    block = LessonBlock.create(
        week_template=template,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(10),
        title="Rekenen",
        group=school["group"],
    )
    lesson = Lesson.create(block=block, group=school["group"], date=dt.date(2026, 9, 7))
    LessonGoal.create(lesson=lesson, goal=school["goals"][0])
    auth.login(school["teacher"].login)
    page = client.get(f"/doelensets/{goal_set.id}/matrix").get_data(as_text=True)
    assert "Thema water" in page and "Tafels van 3" in page and "Optellen tot 100" not in page
    page = client.get(f"/lessen/{lesson.id}/matrix").get_data(as_text=True)
    assert "07-09-2026" in page and "Optellen tot 100" in page and "Tafels van 3" not in page
    assert f'name="bron_groep" value="{school["group"].id}"' in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/doelensets/{goal_set.id}/matrix.xlsx").data))
    assert [c.value for c in book.active[1]] == ["Leerling", "Tafels van 3"]
    auth.logout()
    auth.login(school["anna"].login)
    assert client.get(f"/doelensets/{goal_set.id}/matrix").status_code == 403
    assert client.get(f"/lessen/{lesson.id}/matrix").status_code == 403


def test_user_text_is_escaped(client, auth, school):
    make_pupil(groups=[school["group"]], first_name=EVIL)
    goal = make_goal(title=EVIL)
    put_on_plan(school["anna"], goal, "current")
    auth.login(school["teacher"].login)
    for url in pages(school)[:3]:
        page = client.get(url).get_data(as_text=True)
        assert EVIL not in page and ("&lt;script&gt;" in page or "\\u003cscript\\u003e" in page), url


def test_export_opens_in_openpyxl_with_the_status_names(client, auth, school):
    auth.login(school["teacher"].login)
    response = client.get(f"/groepen/{school['group'].id}/matrix.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Leerling", "Optellen tot 100", "Tafels van 3", "Woorden met ei"]
    assert rows[1] == ["Anna Aalders", "huidig", "oefenen", None]
    assert rows[2] == ["Bram Bos", "oefenen", None, "behaald"]
    assert rows[3] == ["Cas Claes", None, "uitgelicht", None]


def test_matrix_page_runs_a_fixed_number_of_queries(client, auth, school):
    auth.login(school["teacher"].login)
    url = f"/groepen/{school['group'].id}/matrix"
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    domain = make_domain("Lezen", "Begrijpend lezen")
    goals = [make_goal(domain) for _ in range(25)]
    for n in range(20):
        pupil = make_pupil(groups=[school["group"]])
        for goal in goals[n % 5 :]:
            put_on_plan(pupil, goal, "current")
    with count_queries() as big:
        page = client.get(url).get_data(as_text=True)
    assert page.count('data-pupil="') == 23 and page.count('data-goal="') == 28
    assert len(small) == len(big) <= 12


# --- status changes -------------------------------------------------------------------------------------


def test_a_teacher_changes_one_cell_with_history(client, auth, school):
    cell = school["cells"][("anna", "sums")]
    auth.login(school["teacher"].login)
    response = auth.post(f"/plandoelen/{cell.id}/status", {"status": "highlighted", "expected_status": "current"})
    assert response.status_code == 200
    assert json_of(response)["cells"] == [{"id": cell.id, "status": "highlighted"}]
    assert json_of(response)["message"] == "'Optellen tot 100' bij Anna Aalders staat nu op uitgelicht."
    assert status_of(cell) == "highlighted" and history(cell) == 1
    change = StatusChange.get(StatusChange.plan_goal == cell)
    assert change.channel == "web" and change.changed_by_id == school["teacher"].id


def test_a_stale_page_gets_409_with_the_newer_status_and_nothing_is_written(client, auth, school):
    cell = school["cells"][("anna", "sums")]
    auth.login(school["admin"].login)
    auth.post(f"/plandoelen/{cell.id}/status", {"status": "practising", "expected_status": "current"})
    auth.logout()
    auth.login(school["teacher"].login)
    response = auth.post(f"/plandoelen/{cell.id}/status", {"status": "achieved", "expected_status": "current"})
    assert response.status_code == 409
    body = json_of(response)
    assert "intussen gewijzigd naar oefenen" in body["error"]
    assert body["cells"] == [{"id": cell.id, "status": "practising"}]
    assert status_of(cell) == "practising" and history(cell) == 1


def test_a_double_submit_writes_one_history_row(client, auth, school):
    cell = school["cells"][("anna", "sums")]
    auth.login(school["teacher"].login)
    for _ in range(2):
        response = auth.post(f"/plandoelen/{cell.id}/status", {"status": "achieved", "expected_status": "current"})
        assert response.status_code == 200
    assert history(cell) == 1 and status_of(cell) == "achieved"


@pytest.mark.parametrize("role", ["outsider", "assistant", "anna", "parent"])
def test_who_may_not_change_gets_403_and_nothing_is_written(client, auth, school, role):
    cell = school["cells"][("anna", "sums")]
    auth.login(school[role].login)
    one = auth.post(f"/plandoelen/{cell.id}/status", {"status": "achieved"})
    bulk = auth.post("/plandoelen/status", {"plandoel": [cell.id], "status": "achieved"})
    assert one.status_code == bulk.status_code == 403
    assert "error" in json_of(one) and "error" in json_of(bulk)
    assert status_of(cell) == "current" and StatusChange.select().count() == 0


def test_admin_may_change(client, auth, school):
    cell = school["cells"][("anna", "sums")]
    auth.login(school["admin"].login)
    assert auth.post(f"/plandoelen/{cell.id}/status", {"status": "achieved"}).status_code == 200


def test_bad_status_changes_get_dutch_errors(client, auth, school):
    cell = school["cells"][("anna", "sums")]
    auth.login(school["teacher"].login)
    cases = [
        (f"/plandoelen/{cell.id}/status", {"status": "roze"}, 400, "Onbekende status"),
        (f"/plandoelen/{cell.id}/status", {}, 400, "Kies een status"),
        ("/plandoelen/999999/status", {"status": "achieved"}, 404, "niet (meer) op het plan"),
        ("/plandoelen/status", {"plandoel": ["abc"], "status": "achieved"}, 400, "Ongeldige selectie"),
        ("/plandoelen/status", {"status": "achieved"}, 400, "Kies eerst"),
        ("/plandoelen/status", {"plandoel": [cell.id, 999999], "status": "achieved"}, 404, "niet (meer)"),
    ]
    for url, data, code, text in cases:
        response = auth.post(url, data)
        assert response.status_code == code and text in json_of(response)["error"], (url, data)
    assert client.post(f"/plandoelen/{cell.id}/status", data={"status": "achieved"}).status_code == 400  # CSRF
    assert StatusChange.select().count() == 0


def test_bulk_change_of_a_column_all_or_nothing(client, auth, school):
    cells = school["cells"]
    column = [cells[("anna", "tables")], cells[("cas", "tables")]]
    auth.login(school["teacher"].login)
    response = auth.post(
        "/plandoelen/status",
        {"plandoel": [c.id for c in column], "status": "achieved", "expected_status": ["practising", "highlighted"]},
    )
    assert response.status_code == 200 and "2 cellen gewijzigd" in json_of(response)["message"]
    assert [status_of(c) for c in column] == ["achieved", "achieved"]
    assert [history(c) for c in column] == [1, 1]
    # A pupil out of reach in the selection: nothing at all is written.
    stranger = make_pupil(first_name="Vreemd")
    foreign = put_on_plan(stranger, school["goals"][0], "current")
    for selection in ([cells[("anna", "sums")].id, foreign.id], [foreign.id, cells[("anna", "sums")].id]):
        response = auth.post("/plandoelen/status", {"plandoel": selection, "status": "practising"})
        assert response.status_code == 403 and "Vreemd" in json_of(response)["error"], selection
    assert status_of(cells[("anna", "sums")]) == "current" and StatusChange.select().count() == 2


def test_bulk_change_on_a_stale_page_keeps_the_newer_status_and_says_so(client, auth, school):
    cells = school["cells"]
    anna, bram = cells[("anna", "sums")], cells[("bram", "sums")]
    auth.login(school["teacher"].login)
    response = auth.post(
        "/plandoelen/status",
        {"plandoel": [anna.id, bram.id], "status": "achieved", "expected_status": ["current", "current"]},
    )  # Bram's is oefenen by now: someone changed it
    assert response.status_code == 200
    body = json_of(response)
    assert body["message"].startswith("1 cel gewijzigd. Intussen is 1 cel door iemand anders gewijzigd")
    assert "'Optellen tot 100' bij Bram Bos (nu oefenen)" in body["message"]
    assert body["stale"] == [bram.id]
    assert sorted((c["id"], c["status"]) for c in body["cells"]) == [(anna.id, "achieved"), (bram.id, "practising")]
    assert status_of(anna) == "achieved" and status_of(bram) == "practising"
    assert history(anna) == 1 and history(bram) == 0


def test_bulk_change_where_every_cell_is_stale_is_409_and_writes_nothing(client, auth, school):
    bram = school["cells"][("bram", "sums")]
    auth.login(school["teacher"].login)
    response = auth.post(
        "/plandoelen/status", {"plandoel": [bram.id], "status": "achieved", "expected_status": ["highlighted"]}
    )
    assert response.status_code == 409
    assert "de nieuwere status blijft staan" in json_of(response)["error"]
    assert json_of(response)["cells"] == [{"id": bram.id, "status": "practising"}]
    assert status_of(bram) == "practising" and StatusChange.select().count() == 0


def test_a_double_submitted_bulk_change_writes_once_and_is_not_called_stale(client, auth, school):
    column = [school["cells"][("anna", "tables")], school["cells"][("cas", "tables")]]
    form = {"plandoel": [c.id for c in column], "status": "achieved", "expected_status": ["practising", "highlighted"]}
    auth.login(school["teacher"].login)
    first, second = auth.post("/plandoelen/status", form), auth.post("/plandoelen/status", form)
    assert first.status_code == second.status_code == 200
    assert json_of(second)["message"] == "0 cellen gewijzigd." and json_of(second)["stale"] == []
    assert [history(c) for c in column] == [1, 1]


def test_tampered_bulk_forms_get_a_dutch_400_and_nothing_is_written(client, auth, school):
    cells = school["cells"]
    ids = [cells[("anna", "sums")].id, cells[("bram", "sums")].id]
    auth.login(school["teacher"].login)
    cases = [
        {"plandoel": ids, "status": "achieved", "expected_status": ["current"]},  # one shown status short
        {"plandoel": ids, "status": "achieved", "expected_status": ["current", "paars"]},
        {"plandoel": [ids[0], ids[0]], "status": "achieved"},
        {"plandoel": ids, "status": "<b>"},
    ]
    for data in cases:
        response = auth.post("/plandoelen/status", data)
        assert response.status_code == 400 and json_of(response)["error"], data
    assert StatusChange.select().count() == 0


def test_a_status_change_on_a_goal_or_pupil_outside_the_group_is_refused(client, auth, school):
    """A plan goal of a pupil who is in none of the teacher's groups: 403 with a Dutch message; a plan goal
    id that is on no plan (a goal the pupil does not have, or a tampered id): 404."""
    outsider = make_pupil(first_name="Vera", last_name="Vreemd")
    foreign = put_on_plan(outsider, school["goals"][0], "current")
    auth.login(school["teacher"].login)
    one = auth.post(f"/plandoelen/{foreign.id}/status", {"status": "achieved", "expected_status": "current"})
    assert one.status_code == 403 and json_of(one)["error"]
    gone = auth.post("/plandoelen/0/status", {"status": "achieved"})
    assert gone.status_code == 404 and "niet (meer) op het plan" in json_of(gone)["error"]
    assert status_of(foreign) == "current" and StatusChange.select().count() == 0


# --- clustering -----------------------------------------------------------------------------------------


def test_cluster_the_selected_pupils_into_a_new_group(client, auth, school):
    auth.login(school["teacher"].login)
    page = client.get(f"/groepen/{school['group'].id}/matrix").get_data(as_text=True)
    assert "Groep maken" in page and "Projectgroep" in page
    groups_before = Group.select().count()
    response = auth.post(
        "/matrix/groep-maken",
        {
            "naam": "Instructie tafels",
            "groepstype": GroupType.get(name="Projectgroep").id,
            "leerling": [school["anna"].id, school["cas"].id],
            "bron_groep": school["group"].id,
        },
    )
    assert response.status_code == 303
    new = Group.get(Group.name == "Instructie tafels")
    assert response.headers["Location"].endswith(f"/groepen/{new.id}")
    assert Group.select().count() == groups_before + 1 and new.source_group_id == school["group"].id
    members = {m.pupil_id for m in GroupMember.select().where(GroupMember.group == new)}
    assert members == {school["anna"].id, school["cas"].id}
    assert (
        GroupTeacher.select().where((GroupTeacher.group == new) & (GroupTeacher.teacher == school["teacher"])).exists()
    )


@pytest.mark.parametrize(
    "data, code, text",
    [
        ({"naam": "", "leerling": ["x"]}, 400, "Ongeldig formulier"),
        ({"naam": "Leeg"}, 400, "Kies minstens één leerling"),
        ({"naam": " "}, 400, "Kies minstens één leerling"),
    ],
)
def test_cluster_refuses_bad_input(client, auth, school, data, code, text):
    auth.login(school["teacher"].login)
    groups_before = Group.select().count()
    response = auth.post("/matrix/groep-maken", {"groepstype": GroupType.get(name="Projectgroep").id, **data})
    assert response.status_code == code and text in response.get_data(as_text=True)
    assert Group.select().count() == groups_before


@pytest.mark.parametrize("role", ["assistant", "anna", "parent"])
def test_cluster_is_refused_to_who_may_not_create_groups(client, auth, school, role):
    auth.login(school[role].login)
    groups_before = Group.select().count()
    response = auth.post(
        "/matrix/groep-maken",
        {"naam": "X", "groepstype": GroupType.get(name="Projectgroep").id, "leerling": [school["anna"].id]},
    )
    assert response.status_code == 403 and Group.select().count() == groups_before


@pytest.mark.parametrize("role", ["assistant", "anna", "parent"])
def test_cluster_refuses_who_may_not_create_groups_before_looking_up_the_source_group(client, auth, school, role):
    auth.login(school[role].login)
    response = auth.post("/matrix/groep-maken", {"naam": "X", "groepstype": "x", "bron_groep": 999999})
    assert response.status_code == 403
