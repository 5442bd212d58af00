"""The LAS link at its edges (issue 12): next year's file in the summer, values outside EDEXML's lists, the
first sync meeting accounts the school already had, and what the LAS roles become."""

import datetime as dt
import json

import pytest
from peewee import IntegrityError

from models import Group, GroupMember, GroupTeacher, LasSyncRun, ParentLink, SchoolSettings, User
from services import las, rollover
from services.permissions import SYSTEM
from tests.support.edexml import build, render
from tests.support.factories import make_admin, make_parent, make_pupil, make_teacher

AUTUMN, SUMMER, NEW_YEAR = dt.date(2026, 10, 1), dt.date(2027, 8, 2), dt.date(2027, 8, 30)


def sync(spec, today=AUTUMN, **options):
    data = spec if isinstance(spec, bytes) else render(spec)
    return las.run_sync(SYSTEM, data, "upload", "export.xml", today=today, **options)


def rows():
    """Every row a sync may write, to show that a refused file wrote nothing."""
    return {
        model.__name__: list(model.select().order_by(model.id).tuples())
        for model in (User, Group, GroupMember, GroupTeacher, ParentLink, SchoolSettings)
    }


def by_key(las_key):
    return User.get(User.las_key == las_key)


def next_year(spec):
    """The LAS's export after its own year turned: everyone a jaargroep up, groep 8 gone, groups renewed."""
    spec = json.loads(json.dumps(spec))
    spec["school"]["schooljaar"] = "2027-2028"
    spec["pupils"] = [p for p in spec["pupils"] if p["jaargroep"] != "8"]
    for pupil in spec["pupils"]:
        pupil["jaargroep"] = str(int(pupil["jaargroep"]) + 1)
        pupil["groep"] = f"G{pupil['jaargroep']}{pupil['groep'][-1]}"
    kept = {p["key"] for p in spec["pupils"]}
    spec["parents"] = [p for p in spec["parents"] if set(p["pupils"]) & kept]
    for parent in spec["parents"]:
        parent["pupils"] = [key for key in parent["pupils"] if key in kept]
    return spec


# --- 1. The summer order ---------------------------------------------------------------------------------


def test_next_years_file_waits_for_the_year_rollover_and_nobody_moves_twice(database, tmp_path):
    SchoolSettings.update(school_year="2026-2027").execute()
    this_year = build(32, with_parents=True)
    assert sync(this_year, sync_parents=True).outcome == "ok"
    levels = {p.las_key: p.level for p in User.select().where(User.role == "pupil")}

    # The LAS turned its year over in July; the daily sync picks up its export before the school's rollover.
    folder = tmp_path / "las"
    folder.mkdir()
    (folder / "export.xml").write_bytes(render(next_year(this_year)))
    before = rows()
    run = las.sync_from_folder(SYSTEM, str(folder), today=SUMMER, sync_parents=True)
    assert run.outcome == "failed"
    assert "schooljaar 2027-2028" in run.errors and "voer eerst de jaarovergang uit" in run.errors
    assert rows() == before and (folder / "export.xml").exists()  # nothing written, the file waits

    rollover.year_rollover(SYSTEM, "2027-2028", today=SUMMER)
    run = las.sync_from_folder(SYSTEM, str(folder), today=NEW_YEAR, sync_parents=True)
    assert run.outcome == "ok", run.errors
    assert not (folder / "export.xml").exists()  # moved to processed/ after the good run

    for pupil in next_year(this_year)["pupils"]:
        account = by_key("leerling:" + pupil["key"])
        assert account.active, account.las_key
        assert account.level == int(pupil["jaargroep"]) == levels[account.las_key] + 1  # moved up once
    groep8 = [p for p in next_year(this_year)["pupils"] if p["jaargroep"] == "8"]
    assert groep8 and all(by_key("leerling:" + p["key"]).active for p in groep8)
    left = [p for p in this_year["pupils"] if p["jaargroep"] == "8"]
    assert left and not any(by_key("leerling:" + p["key"]).active for p in left)
    for parent in next_year(this_year)["parents"]:  # a parent with a child still at school stays active
        assert by_key("ouder:" + parent["key"]).active
    new_groups = Group.select().where(Group.school_year == "2027-2028")
    assert new_groups.count() > 0 and not new_groups.where(Group.archived).exists()


def test_the_refusal_shows_in_the_run_log_and_on_the_las_page(app, client, auth):
    admin = make_admin()
    run = sync(next_year(build(4)))
    assert run.outcome == "failed" and LasSyncRun.select().count() == 1
    auth.login(admin.login)
    page = client.get("/admin/las/").get_data(as_text=True)
    assert "mislukt" in page and "voer eerst de jaarovergang uit" in page
    detail = client.get(f"/admin/las/run/{run.id}").get_data(as_text=True)
    assert "voer eerst de jaarovergang uit" in detail and "niets gewijzigd" in detail


# --- 2. Values outside EDEXML's lists ----------------------------------------------------------------------


def _with(change):
    spec = build(20)
    change(spec)
    return spec


UNKNOWN_CODES = {
    "group jaargroep 100": (
        lambda s: s["groups"][0].update(jaargroep="100"),
        ['<groep key="G1A">', "<jaargroep> '100'"],
    ),
    "pupil jaargroep 9": (lambda s: s["pupils"][3].update(jaargroep="9"), ['<leerling key="100003">', "'9'"]),
    "pupil jaargroep in lower case": (lambda s: s["pupils"][5].update(jaargroep="h"), ['key="100005"', "'h'"]),
    "teacher role": (lambda s: s["teachers"][1].update(roles=["JUF"]), ['<leerkracht key="LK2">', "<rol> 'JUF'"]),
    "role on a group link": (
        lambda s: s["teachers"][0]["groups"][0].update(roles=["BAAS"]),
        ['<leerkracht key="LK1"> <groep key="G1A">', "'BAAS'"],
    ),
    "schema version": (lambda s: s["school"].update(xsdversie="3.0"), ["<xsdversie> '3.0'", "versie 3.0"]),
}


@pytest.mark.parametrize("name", list(UNKNOWN_CODES))
def test_an_unknown_code_refuses_the_whole_file_naming_element_key_and_value(database, name):
    assert sync(build(20)).outcome == "ok"
    before = rows()
    change, words = UNKNOWN_CODES[name]
    run = sync(_with(change))
    assert run.outcome == "failed" and run.counts == "{}" and run.changes == ""
    for word in words:
        assert word in run.errors, run.errors
    assert rows() == before


def test_every_value_of_the_lists_is_read_and_only_groep_1_to_8_is_a_niveau(database):
    values = ["B", "D", "0", "1", "8", "11", "16", "S", "V", "C", "N", "H"]
    spec = build(len(values))
    for pupil, value in zip(spec["pupils"], values):
        pupil["jaargroep"] = value
    spec["teachers"][0]["roles"] = ["LRK", "TAL", "VAK"]
    spec["school"]["xsdversie"] = "2.0"
    assert sync(spec).outcome == "ok"
    found = {p["jaargroep"]: by_key("leerling:" + p["key"]).level for p in spec["pupils"]}
    group_level = {p["jaargroep"]: int(p["groep"][1]) for p in spec["pupils"]}
    # 1-8 are the niveau; any other value leaves the pupil the jaargroep of their base group.
    assert found == {value: int(value) if value in ("1", "8") else group_level[value] for value in values}


# --- 3. The first sync meets existing accounts ------------------------------------------------------------


def test_an_existing_teacher_is_linked_by_e_mail_not_doubled(database):
    teacher = make_teacher(login="lk1@school.example", first_name="Juf")
    pupil = make_pupil(level=3, login="sanne@leerling.example", eckid="https://id.school/LL_pupil0003")
    spec = build(8)
    spec["pupils"][3]["eckid"] = "https://id.school/LL_pupil0003"
    run = sync(spec)
    assert run.outcome == "ok", run.errors
    assert json.loads(run.counts)["teachers_linked"] == 1 and json.loads(run.counts)["pupils_linked"] == 1
    teacher, pupil = User.get_by_id(teacher.id), User.get_by_id(pupil.id)
    assert teacher.las_key == "leerkracht:LK1" and teacher.login == "lk1@school.example"
    assert teacher.first_name == spec["teachers"][0]["roepnaam"]  # from now on the LAS keeps the name
    assert pupil.las_key == "leerling:100003" and pupil.level == int(spec["pupils"][3]["jaargroep"])
    assert User.select().where(User.login.startswith("lk1")).count() == 1  # no lk1-2@...
    assert "gekoppeld aan het bestaande account lk1@school.example (op e-mailadres)" in run.changes
    assert "gekoppeld aan het bestaande account sanne@leerling.example (op ECK iD)" in run.changes
    assert sync(spec).outcome == "unchanged"


def test_a_pupil_is_linked_by_the_e_mail_the_las_has_for_them(database):
    pupil = make_pupil(level=4, login="bram@leerling.example")
    spec = build(3)
    spec["pupils"][1]["emailadres"] = "Bram@Leerling.example"
    assert sync(spec).outcome == "ok"
    assert User.get_by_id(pupil.id).las_key == "leerling:100001"
    assert User.select().where(User.role == "pupil").count() == 3


def test_an_e_mail_of_an_account_that_does_not_fit_is_left_alone_and_said(database):
    admin = make_admin(login="lk1@school.example")
    parent = make_parent(login="lk2@school.example")
    run = sync(build(8))
    assert run.outcome == "ok"
    assert User.get_by_id(admin.id).las_key is None and User.get_by_id(parent.id).las_key is None
    assert by_key("leerkracht:LK1").login == "lk1-2@school.example"
    assert "lk1@school.example is al de inlognaam van" in run.changes and "(beheerder)" in run.changes


@pytest.mark.parametrize("holder", ["parent", "another LAS record"])
def test_an_eck_id_is_never_held_by_two_accounts(database, holder):
    spec = build(4)
    eckid = spec["pupils"][0]["eckid"]
    if holder == "parent":
        make_parent(eckid=eckid)
    else:  # the LAS gave the pupil a new key: the old record's account still holds the ECK iD
        assert sync(spec).outcome == "ok"
        spec["pupils"][0]["key"] = "200000"
    before = rows()
    run = sync(spec)
    assert run.outcome == "failed" and f"De ECK iD {eckid}" in run.errors and "ander account" in run.errors
    assert rows() == before


def test_the_same_eck_id_for_a_pupil_and_a_teacher_in_one_file_is_refused(database):
    spec = build(4)
    spec["teachers"][0]["eckid"] = spec["pupils"][0]["eckid"]
    run = sync(spec)
    assert run.outcome == "failed" and "één ECK iD hoort bij één persoon" in run.errors
    assert User.select().count() == 0


def test_the_database_holds_one_account_per_eck_id(database):
    make_pupil(eckid="https://id.school/LL_x")
    with pytest.raises(IntegrityError):
        with database.atomic():
            make_pupil(eckid="https://id.school/LL_x")
    assert User.select().where(User.eckid == "https://id.school/LL_x").count() == 1


# --- What the LAS roles become --------------------------------------------------------------------------


def test_a_director_becomes_no_teacher_of_groups_unless_the_file_says_so(database):
    spec = build(8)
    first, second = spec["groups"][0]["key"], spec["groups"][1]["key"]
    spec["teachers"] += [
        {
            "key": "DIR1",
            "achternaam": "Baas",
            "roepnaam": "Dirk",
            "roles": ["DIR"],
            "groups": [
                {"key": first, "kind": "groep", "roles": []},
            ],
        },
        {
            "key": "DIR2",
            "achternaam": "Leider",
            "roepnaam": "Loes",
            "roles": ["DIR"],
            "groups": [
                {"key": second, "kind": "groep", "roles": ["LRK"]},
            ],
        },
        {
            "key": "CON1",
            "achternaam": "Sleutel",
            "roepnaam": "Kees",
            "roles": ["LRK"],
            "groups": [
                {"key": first, "kind": "groep", "roles": ["CON"]},
            ],
        },
    ]
    assert sync(spec).outcome == "ok"
    teachers_of = {
        g.las_key: sorted(t.teacher.las_key for t in g.teacher_links)
        for g in Group.select().where(Group.las_key.is_null(False))
    }
    assert "leerkracht:DIR1" not in teachers_of[first]  # a director listed with a group, no teaching role
    assert "leerkracht:DIR2" in teachers_of[second]  # the file says she teaches it
    assert "leerkracht:CON1" not in teachers_of[first]  # the link's own role says conciërge
    director = by_key("leerkracht:DIR1")
    assert director.role == "teacher" and not director.is_coach and director.active
