"""The LAS sync (SPEC.md 6): the standard's example, generated schools, idempotence, dates, moves, parents,
school years, every bad input and fault, and a process killed inside the write transaction."""

import datetime as dt
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import models
from models import (
    Goal,
    Group,
    GroupMember,
    GroupTeacher,
    LasSyncRun,
    ParentLink,
    Period,
    PlanGoal,
    SchoolSettings,
    User,
)
from services import las, passwords, rollover
from services.errors import PermissionDenied
from services.permissions import SYSTEM
from tests.support.edexml import build, generate, render
from tests.support.factories import make_admin, make_domain, make_pupil, make_teacher

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "tests" / "data" / "edexml-2.1" / "EDEXML.Voorbeeld.2.1.xml").read_bytes()
TODAY = dt.date(2026, 10, 1)


def sync(data, **options):
    options.setdefault("today", TODAY)
    return las.run_sync(SYSTEM, data, "upload", "test.xml", **options)


def counts(run):
    return json.loads(run.counts)


def snapshot():
    """Every row the sync may touch, to show that a refused run wrote nothing."""
    return {
        model.__name__: list(model.select().order_by(model.id).tuples())
        for model in (User, Group, GroupMember, GroupTeacher, ParentLink, SchoolSettings)
    }


class WriteCounter:
    """Counts INSERT/UPDATE/DELETE statements on school data (the run's own record counted apart)."""

    def __init__(self):
        self.data, self.run_log = [], 0

    def __enter__(self):
        database = models.db.obj
        original = database.execute_sql

        def counting(sql, params=None, *args, **kwargs):
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                if "las_sync_run" in sql:
                    self.run_log += 1
                else:
                    self.data.append(sql)
            return original(sql, params, *args, **kwargs)

        database.execute_sql = counting
        return self

    def __exit__(self, *exc):
        del models.db.obj.execute_sql


def members(group):
    return sorted(m.pupil.las_key for m in group.memberships)


def user(las_key):
    return User.get(User.las_key == las_key)


def group(key, year="2026-2027"):
    return Group.get((Group.las_key == key) & (Group.school_year == year))


# --- The standard's example ------------------------------------------------------------------------------


@pytest.fixture
def school_2014(database):
    settings = SchoolSettings.get_current()
    settings.school_year, settings.brin = "2014-2015", "99ZZ"
    settings.save()


def test_official_example_syncs_as_spec_6_says(school_2014):
    run = sync(EXAMPLE, today=dt.date(2014, 10, 1))
    assert run.outcome == "ok", run.errors
    assert counts(run) == {
        "groups_created": 8,
        "pupils_created": 2,
        "teachers_created": 3,
        "memberships_added": 3,
        "group_teachers_added": 7,
    }
    wimpie = user("leerling:00001")
    assert (wimpie.role, wimpie.first_name, wimpie.infix, wimpie.last_name, wimpie.level) == (
        "pupil",
        "Wimpie",
        "imp",
        "ie",
        4,
    )
    assert wimpie.active and wimpie.las_managed and wimpie.eckid.startswith("https://id.school/LL_")
    assert wimpie.login == "wimpie.imp-ie.00001@las.invalid"
    assert not passwords.verify_password(wimpie.password_hash, "")  # unusable until a reset
    assati = user("leerling:00002")
    assert (assati.first_name, assati.last_name, assati.level, assati.enrolled_on) == (
        "Ismaël",
        "Assati",
        4,
        dt.date(2013, 8, 25),
    )
    # Gradje left on 2014-07-18, before the sync: never created.
    assert not User.select().where(User.las_key == "leerling:12345").exists()

    four_b = group("GRP4B", "2014-2015")
    assert (four_b.name, four_b.group_type.name, four_b.year_level, four_b.las_managed) == ("4B", "Stamgroep", 4, True)
    assert members(four_b) == ["leerling:00001"]
    sg1 = group("sg1", "2014-2015")
    assert (sg1.name, sg1.group_type.name, sg1.year_level) == ("Samgroep 1", "Parnassys-groep", None)
    assert members(sg1) == members(group("sg2", "2014-2015")) == ["leerling:00001"]
    assert group("001", "2014-2015").year_level is None  # jaargroep 0 (peutergroep) is no niveau here
    assert GroupMember.select().where(GroupMember.pupil == assati).count() == 0

    teachers = {g.las_key: sorted(t.teacher.las_key for t in g.teacher_links) for g in Group.select()}
    assert teachers["GRP4A"] == ["leerkracht:LK1", "leerkracht:LK3"]
    assert teachers["sg3"] == teachers["001"] == teachers["002"] == ["leerkracht:LK2"]
    assert teachers["GRP4B"] == teachers["003"] == []
    julia = user("leerkracht:LK1")
    assert (julia.role, julia.first_name, julia.infix, julia.last_name, julia.is_coach) == (
        "teacher",
        "Julia",
        "van",
        "Bemmel",
        False,
    )
    assert "Leerling aangemaakt: Wimpie imp ie (00001)" in run.changes
    assert run.file_sha256 and run.finished_at and run.progress == 100 and run.source == "upload"


def test_official_example_twice_writes_nothing_the_second_time(school_2014):
    assert sync(EXAMPLE, today=dt.date(2014, 10, 1)).outcome == "ok"
    with WriteCounter() as writes:
        run = sync(EXAMPLE, today=dt.date(2014, 10, 1))
    assert run.outcome == "unchanged" and counts(run) == {} and run.errors == ""
    assert writes.data == []


# --- Generated schools --------------------------------------------------------------------------------------


def test_generated_school_syncs_and_second_sync_writes_nothing(database):
    data = generate(400)
    run = sync(data)
    assert run.outcome == "ok", run.errors
    c = counts(run)
    assert c["pupils_created"] == 400 and c["groups_created"] == 8 * 3 + 2
    assert c["teachers_created"] == 25 and c["memberships_added"] == 400 + 134
    assert User.select().where(User.role == "pupil").count() == 400
    ib = user("leerkracht:IB1")
    assert ib.is_coach and ib.login == "ib@school.example"
    assert len({u.login for u in User.select()}) == User.select().count()

    with WriteCounter() as writes:
        again = sync(data)
    assert again.outcome == "unchanged" and counts(again) == {}
    assert writes.data == []
    assert writes.run_log >= 1  # the run itself is recorded


def test_future_enrolment_waits_for_its_date(database):
    spec = build(3)
    spec["pupils"][2]["instroomdatum"] = "2026-11-02"
    data = render(spec)
    run = sync(data)
    assert counts(run)["pupils_created"] == 2
    assert not User.select().where(User.las_key == "leerling:100002").exists()
    assert "Nog niet ingestroomd: 1 leerling;" in run.changes
    assert sync(data, today=dt.date(2026, 11, 1)).outcome == "unchanged"
    run = sync(data, today=dt.date(2026, 11, 2))
    assert counts(run) == {"pupils_created": 1, "memberships_added": 1}
    newcomer = user("leerling:100002")
    assert newcomer.active and newcomer.enrolled_on == dt.date(2026, 11, 2)
    assert members(group("G3A")) == ["leerling:100002"]


def test_leaving_date_deactivates_after_that_day(database):
    spec = build(3)
    spec["pupils"][0]["uitstroomdatum"] = "2026-10-15"
    data = render(spec)
    assert sync(data).outcome == "ok"
    assert sync(data, today=dt.date(2026, 10, 15)).outcome == "unchanged"  # still there on the day itself
    run = sync(data, today=dt.date(2026, 10, 16))
    assert counts(run) == {"pupils_deactivated": 1, "memberships_removed": 2}  # base and composed group
    leaver = user("leerling:100000")
    assert not leaver.active and leaver.left_on == dt.date(2026, 10, 15) and leaver.deactivated_at
    assert members(group("G1A")) == []
    assert "uitstroomdatum 2026-10-15" in run.changes


def test_pupil_or_teacher_missing_from_the_file_is_deactivated_never_deleted(database):
    spec = build(4)
    assert sync(render(spec)).outcome == "ok"
    gone_pupil, gone_teacher = spec["pupils"].pop(1), spec["teachers"].pop(0)
    run = sync(render(spec))
    assert counts(run) == {
        "pupils_deactivated": 1,
        "teachers_deactivated": 1,
        "memberships_removed": 1,
        "group_teachers_removed": 3,
    }
    assert not user("leerling:" + gone_pupil["key"]).active
    assert not user("leerkracht:" + gone_teacher["key"]).active
    assert User.select().count() == 4 + 9
    # Back in the file: active again, in their group again.
    spec["pupils"].append(gone_pupil)
    run = sync(render(spec))
    assert counts(run) == {"pupils_reactivated": 1, "memberships_added": 1}
    assert user("leerling:" + gone_pupil["key"]).deactivated_at is None


def test_moved_pupil_changes_group_and_level(database):
    spec = build(2)
    assert sync(render(spec)).outcome == "ok"
    spec["pupils"][0].update(groep="G2A", jaargroep="2")
    run = sync(render(spec))
    assert counts(run) == {"pupils_updated": 1, "memberships_added": 1, "memberships_removed": 1}
    assert members(group("G1A")) == []
    assert members(group("G2A")) == ["leerling:100000", "leerling:100001"]
    assert user("leerling:100000").level == 2
    assert "Leerling in groep 2A: Anna Jansen (100000)" in run.changes


def test_new_pupils_from_the_las_get_the_running_periods_plan(database):
    settings = SchoolSettings.get_current()
    period = Period.create(
        school_year=settings.school_year,
        number=1,
        name="Periode 1",
        start_date=dt.date(2026, 8, 24),
        end_date=dt.date(2026, 11, 15),
    )
    rollover.period_rollover(SYSTEM, period)
    domain = make_domain()
    goals = {
        level: Goal.create(domain=domain, title=f"Doel groep {level}", level=level, period=1).id
        for level in range(1, 9)
    }

    assert sync(render(build(2))).outcome == "ok"

    for key in ("leerling:100000", "leerling:100001"):
        pupil = user(key)
        assert [pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == pupil)] == [goals[pupil.level]]


def test_name_changes_and_group_renames_follow_the_file(database):
    spec = build(2)
    sync(render(spec))
    login = user("leerling:100000").login
    spec["pupils"][0]["achternaam"] = "Jansen-de Wit"
    spec["groups"][0]["name"] = "Groep 1A"
    run = sync(render(spec))
    assert counts(run) == {"pupils_updated": 1, "groups_updated": 1}
    pupil = user("leerling:100000")
    assert pupil.last_name == "Jansen-de Wit" and pupil.login == login  # the login stays
    assert group("G1A").name == "Groep 1A"


def test_members_of_las_groups_follow_the_file_teachers_added_here_stay(database):
    sync(generate(2))
    base = group("G1A")
    stray = make_pupil(groups=[base])
    colleague = make_teacher(groups=[base])
    run = sync(generate(2))
    assert counts(run) == {"memberships_removed": 1}
    assert stray.id not in [m.pupil_id for m in base.memberships]
    assert colleague.id in [t.teacher_id for t in base.teacher_links]


def test_parents_only_with_the_switch_on(database):
    data = generate(4, with_parents=True)
    sync(data)
    assert User.select().where(User.role == "parent").count() == 0
    run = sync(data, sync_parents=True)
    assert counts(run) == {"parents_created": 2, "parent_links_added": 4}
    parent = user("ouder:O1")
    assert parent.role == "parent" and parent.login == "ouder1@thuis.example"
    assert sorted(link.pupil.las_key for link in parent.child_links) == ["leerling:100000", "leerling:100001"]
    assert sync(data, sync_parents=True).outcome == "unchanged"
    # Switched off again: parents are left as they are.
    assert sync(generate(4), sync_parents=False).outcome == "unchanged"


def test_next_school_year_makes_new_groups_and_never_reuses_last_years(database):
    sync(generate(16))
    old_four_a = group("G4A")
    old_members = members(old_four_a)
    # The year rollover archived last year's groups and turned the school's year; the LAS renewed its groups
    # with the same keys.
    Group.update(archived=True).where(Group.school_year == "2026-2027").execute()
    SchoolSettings.update(school_year="2027-2028").execute()
    run = sync(generate(16, school_year="2027-2028"))
    assert counts(run)["groups_created"] == 8 * 1 + 2
    assert "groups_updated" not in counts(run)
    new_four_a = group("G4A", "2027-2028")
    assert new_four_a.id != old_four_a.id and not new_four_a.archived
    assert members(new_four_a) == old_members
    old_four_a = Group.get_by_id(old_four_a.id)
    assert old_four_a.archived and members(old_four_a) == old_members  # group-bound data stays put
    assert Group.select().where(Group.las_key == "G4A").count() == 2


def test_las_group_that_left_the_file_is_archived(database):
    spec = build(2, composed=2)
    sync(render(spec))
    spec["groups"] = [g for g in spec["groups"] if g["key"] != "SG2"]
    spec["teachers"][0]["groups"] = [r for r in spec["teachers"][0]["groups"] if r["key"] != "SG2"]
    run = sync(render(spec))
    assert counts(run) == {"groups_archived": 1}
    assert group("SG2").archived


def test_teacher_roles(database):
    spec = build(1)
    spec["teachers"][0]["roles"] = ["OWA"]
    sync(render(spec))
    assert user("leerkracht:LK1").role == "assistant"
    assert user("leerkracht:IB1").role == "teacher" and user("leerkracht:IB1").is_coach
    User.update(role="admin").where(User.las_key == "leerkracht:IB1").execute()
    assert sync(render(spec)).outcome == "unchanged"  # an admin made in Doelpunt stays admin


def test_logins_never_clash(database):
    make_admin(login="lk1@school.example")
    spec = build(2)
    spec["pupils"][1].update(roepnaam="Anna", achternaam="Jansen", key="100000x")
    sync(render(spec))
    assert user("leerkracht:LK1").login == "lk1-2@school.example"


def test_only_admins_and_the_system_may_sync(database):
    teacher = make_teacher()
    with pytest.raises(PermissionDenied):
        las.run_sync(teacher, EXAMPLE, "upload")
    admin = make_admin()
    assert las.run_sync(admin, generate(2), "upload", today=TODAY).started_by_id == admin.id


# --- Bad input and faults --------------------------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<EDEX><school><schooljaar>&d;</schooljaar></school><leerlingen/></EDEX>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<EDEX><school><schooljaar>2026-2027</schooljaar><brincode>&x;</brincode></school></EDEX>"""
GOOD = generate(30)


def _bad(name):
    spec = build(30)
    if name == "dangling reference":
        spec["pupils"][3]["groep"] = "G9Z"
    elif name == "duplicate keys":
        spec["pupils"][4]["key"] = spec["pupils"][3]["key"]
    elif name == "missing required element":
        spec["pupils"][5].update(achternaam="", roepnaam="")
    return render(spec)


BAD_INPUTS = {
    "malformed XML": (GOOD.replace(b"</achternaam>", b"</achternam>", 1), "geen geldige XML"),
    "XML bomb": (BOMB, "<!ENTITY>"),
    "external entity": (XXE, "entiteit"),
    "not EDEXML": (b'<?xml version="1.0"?><rss><channel/></rss>', "geen EDEXML"),
    "truncated file": (GOOD[:-2000], "afgebroken"),
    "dangling reference": (_bad("dangling reference"), "G9Z"),
    "duplicate keys": (_bad("duplicate keys"), "twee keer"),
    "missing required element": (_bad("missing required element"), "<achternaam>"),
    "other school": (generate(30, brin="12AB"), "andere school"),
    "old school year": (generate(30, school_year="2025-2026"), "schooljaar 2025-2026"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_rejected_whole_and_recorded(database, name):
    SchoolSettings.update(brin="99ZZ").execute()
    assert sync(generate(20)).outcome == "ok"
    before = snapshot()
    data, reason = BAD_INPUTS[name]
    with WriteCounter() as writes:
        run = sync(data)
    assert run.outcome == "failed" and reason in run.errors, run.errors
    assert run.finished_at and run.counts == "{}" and run.changes == ""
    assert writes.data == [] and snapshot() == before
    assert LasSyncRun.select().where(LasSyncRun.outcome == "failed").count() == 1


def test_expected_brin_of_the_caller_wins(database):
    run = sync(generate(3), expected_brin="12AB")
    assert run.outcome == "failed" and "BRIN 12AB" in run.errors
    assert User.select().count() == 0


def test_failure_inside_the_write_transaction_rolls_everything_back(database):
    sync(generate(20))
    before = snapshot()

    def explode(run, percent, phase):
        if phase == "apply" and percent >= 80:
            raise RuntimeError("stroomstoring")

    run = sync(generate(40), on_progress=explode)
    assert run.outcome == "failed" and "stroomstoring" in run.errors
    assert snapshot() == before


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_url_is_a_failed_run(database):
    before = snapshot()
    run = las.sync_from_url(SYSTEM, f"http://user:secret@127.0.0.1:{_closed_port()}/export.xml?token=abc", timeout=5)
    assert run.outcome == "failed" and run.source == "url"
    assert "niet bereikbaar" in run.errors
    assert "secret" not in run.filename and "token" not in run.filename
    assert snapshot() == before


def test_url_must_be_http(database):
    run = las.sync_from_url(SYSTEM, "file:///etc/passwd")
    assert run.outcome == "failed" and "http" in run.errors


@pytest.fixture
def export_server():
    """A local HTTP server that serves `export_server.body` at any path."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            self.wfile.write(server.body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.body = generate(25)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_sync_from_url(database, export_server):
    url = f"http://127.0.0.1:{export_server.server_address[1]}/export.xml"
    run = las.sync_from_url(SYSTEM, url, today=TODAY)
    assert run.outcome == "ok" and counts(run)["pupils_created"] == 25
    too_big = las.sync_from_url(SYSTEM, url, max_bytes=1000)
    assert too_big.outcome == "failed" and "te groot" in too_big.errors


def test_sync_from_folder_takes_the_newest_file_and_moves_it(database, tmp_path):
    old, new = tmp_path / "oud.xml", tmp_path / "nieuw.xml"
    old.write_bytes(generate(5))
    new.write_bytes(generate(7))
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    run = las.sync_from_folder(SYSTEM, str(tmp_path), today=TODAY)
    assert run.outcome == "ok" and run.filename == "nieuw.xml" and run.source == "folder"
    assert User.select().where(User.role == "pupil").count() == 7
    assert not new.exists() and [p.name.endswith("nieuw.xml") for p in (tmp_path / "processed").iterdir()] == [True]
    assert old.exists()


def test_sync_from_folder_leaves_a_bad_file_in_place(database, tmp_path):
    (tmp_path / "kapot.xml").write_bytes(b"<EDEX><school>")
    run = las.sync_from_folder(SYSTEM, str(tmp_path), today=TODAY)
    assert run.outcome == "failed" and "afgebroken" in run.errors
    assert (tmp_path / "kapot.xml").exists()


def test_sync_from_an_empty_or_missing_folder(database, tmp_path):
    assert las.sync_from_folder(SYSTEM, str(tmp_path)).outcome == "unchanged"
    missing = las.sync_from_folder(SYSTEM, str(tmp_path / "nergens"))
    assert missing.outcome == "failed" and "niet te lezen" in missing.errors


# --- A process killed inside the write transaction ---------------------------------------------------------

CHILD = textwrap.dedent("""
    import datetime as dt, pathlib, sys, time
    sys.path.insert(0, {root!r})
    from database import bind_database
    from services import las
    from services.permissions import SYSTEM
    bind_database({url!r})
    marker = pathlib.Path({marker!r})

    def pause_in_apply(run, percent, phase):
        if phase == "apply" and percent >= 80:  # groups and users written, links not yet
            marker.write_text("in apply")
            time.sleep(120)

    data = pathlib.Path({data!r}).read_bytes()
    las.run_sync(SYSTEM, data, "folder", "groot.xml", today=dt.date(2026, 10, 1), on_progress=pause_in_apply)
""")


def test_killed_sync_leaves_the_database_as_before_and_the_next_run_completes(database, database_url, tmp_path):
    sync(generate(200))
    before = snapshot()
    spec = build(700)
    spec["pupils"][0]["groep"] = "G2B"  # a move, besides 500 new pupils
    big = render(spec)
    (tmp_path / "groot.xml").write_bytes(big)
    marker = tmp_path / "marker"
    script = CHILD.format(root=str(ROOT), url=database_url, marker=str(marker), data=str(tmp_path / "groot.xml"))
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert child.poll() is None, "the child ended before reaching the apply phase"
            assert time.monotonic() < deadline, "the child never reached the apply phase"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    assert snapshot() == before
    killed = LasSyncRun.select().order_by(LasSyncRun.id.desc()).get()
    assert killed.outcome == "running"

    run = sync(big)
    assert run.outcome == "ok", run.errors
    assert counts(run)["pupils_created"] == 500
    assert User.select().where(User.role == "pupil", User.active).count() == 700
    assert members(group("G2B")) == sorted(
        ["leerling:100000"]
        + ["leerling:" + p["key"] for p in spec["pupils"] if p["groep"] == "G2B" and p["key"] != "100000"]
    )
    assert LasSyncRun.get_by_id(killed.id).outcome == "failed"  # marked as interrupted
    assert sync(big).outcome == "unchanged"
