"""The teacher's dashboard and a pupil's page read the same fixed number of queries at two school sizes: the
number does not grow with pupils, goals or the length of the status history (bench/dashboard.py times them)."""

import models
from bench.common import generate_school
from bench.pages import generate_history
from models import GroupMember, GroupTeacher
from services import school
from tests.support.querycount import count_queries

SIZES = (
    {"pupils": 12, "groups": 2, "matrix_group_size": 6, "small_group_size": 2, "goals": 8, "goals_per_pupil": 3},
    {"pupils": 90, "groups": 3, "matrix_group_size": 30, "small_group_size": 5, "goals": 60, "goals_per_pupil": 25},
)


def _queries_at(database, client, size):
    """{page: queries} for a fresh school of `size`, seen by a teacher of two of its groups."""
    models.empty_all_tables(database)
    school.ensure_defaults()
    bench_school = generate_school(**size)
    generate_history(bench_school.teacher)
    for group_id in bench_school.group_ids[:2]:
        GroupTeacher.create(group=group_id, teacher=bench_school.teacher)
    pupil = GroupMember.select().where(GroupMember.group == bench_school.group_ids[0]).first().pupil_id
    with client.session_transaction() as session:
        session["_user_id"] = str(bench_school.teacher.id)
        session["_fresh"] = True
    counts = {}
    for page in ("/leraar", f"/leerlingen/{pupil}"):
        assert client.get(page).status_code == 200
        with count_queries() as statements:
            assert client.get(page).status_code == 200
        counts[page.split("/")[1]] = len(statements)
    return counts


def test_the_dashboard_and_a_pupils_page_take_as_many_queries_in_a_bigger_school(client, database):
    small, big = (_queries_at(database, client, size) for size in SIZES)
    assert small == big
    # the dashboard holds the class folder (issue 13) and the group reviews due (issue 15); the pupil's page
    # lists the parents (issue 12), the test results card (issue 15) and the portfolio's links (issue 17)
    assert small["leraar"] <= 19 and small["leerlingen"] <= 22
