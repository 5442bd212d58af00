"""Year rollover (services.rollover), including the privacy of group-bound data."""

import pytest

import models
from database import bind_database
from models import (
    Attendance,
    AuditLog,
    ChatMessage,
    Document,
    ExitLevel,
    ExitLevelChange,
    Group,
    GroupMember,
    GroupReview,
    GroupTeacher,
    LeaveRecord,
    Lesson,
    Note,
    ReviewAgreement,
    ReviewAnswer,
    ReviewRound,
    SchoolSettings,
    TestResult,
    User,
)
from services import permissions
from services.errors import Conflict, DomainError, PermissionDenied
from services.rollover import year as rollover
from tests.support.factories import make_admin, make_group, make_parent, make_pupil, make_teacher
from tests.support.year_end import TODAY, school_at_year_end

SYSTEM = permissions.SYSTEM


def snapshot():
    """Everything the year rollover may touch, to compare before and after."""
    return {
        "year": SchoolSettings.get_current().school_year,
        "users": sorted(User.select(User.id, User.level, User.active, User.stays_back, User.deactivated_at).tuples()),
        "groups": sorted(Group.select(Group.id, Group.archived, Group.archived_at).tuples()),
        "members": sorted(GroupMember.select(GroupMember.group, GroupMember.pupil).tuples()),
        "attendance": sorted(Attendance.select(Attendance.id).tuples()),
        "leave": sorted(LeaveRecord.select(LeaveRecord.id).tuples()),
        "audit": AuditLog.select().count(),
    }


def test_preview_lists_what_will_change_and_writes_nothing(database):
    school = school_at_year_end()
    pupils = school["pupils"]
    admin = make_admin()
    before = snapshot()

    report = rollover.year_rollover_preview(admin, "2027-2028", today=TODAY)

    assert snapshot() == before
    assert {e.id for e in report.moving_up} == {pupils["up"].id, pupils["up7"].id, pupils["leaves_later"].id}
    assert {(e.id, e.new_level) for e in report.moving_up} >= {(pupils["up"].id, 5), (pupils["up7"].id, 8)}
    assert [e.id for e in report.staying] == [pupils["stays"].id]
    assert {e.id for e in report.leaving} == {pupils["level8"].id, pupils["left"].id}
    assert [e.id for e in report.unchanged] == [pupils["no_level"].id]
    assert {g.id for g in report.groups_to_archive} == {
        school["las_group"].id,
        school["coach_group"].id,
        school["own_group"].id,
    }
    assert [g.id for g in report.groups_to_relink] == [school["coach_group"].id]
    assert (report.attendance_deleted, report.leave_records_deleted) == (2, 1)
    assert report.group_data == {
        "berichten": 1,
        "notities": 2,  # a group note and a note on a test moment of the analysis
        "documenten": 1,
        "lessen": 1,
        "toetsresultaten": 1,
        "uitstroomniveaus": 1,
        "groepsbesprekingen": 1,
        "uitstroomwijzigingen": 1,
        "sterrenrondes": 0,  # tests/services/test_portfolio_privacy.py has a round
    }
    assert not report.done


def test_year_rollover_does_exactly_what_the_preview_said(database):
    school = school_at_year_end()
    admin = make_admin()
    preview = rollover.year_rollover_preview(admin, "2027-2028", today=TODAY)

    report = rollover.year_rollover(admin, "2027-2028", today=TODAY)

    assert report.done
    assert report.counts() == preview.counts()
    for entry in preview.moving_up:
        assert User.get_by_id(entry.id).level == entry.new_level
    for entry in preview.staying:
        pupil = User.get_by_id(entry.id)
        assert (pupil.level, pupil.stays_back, pupil.active) == (entry.level, False, True)
    for entry in preview.leaving:
        pupil = User.get_by_id(entry.id)
        assert not pupil.active and pupil.deactivated_at is not None
    assert User.get_by_id(school["pupils"]["no_level"].id).active
    assert User.get_by_id(school["pupils"]["inactive"].id).level == 3  # left alone
    archived = {g.id for g in Group.select().where(Group.archived & Group.archived_at.is_null(False))}
    assert archived == {g.id for g in preview.groups_to_archive}
    assert not Group.get_by_id(school["next_year_group"].id).archived
    assert SchoolSettings.get_current().school_year == "2027-2028"
    assert AuditLog.get(AuditLog.action == "year_rollover").detail


def test_pupils_move_up_stay_and_leave(database):
    school = school_at_year_end()
    pupils = school["pupils"]
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)

    def fresh(key):
        return User.get_by_id(pupils[key].id)

    assert (fresh("up").level, fresh("up7").level, fresh("leaves_later").level) == (5, 8, 6)
    assert (fresh("stays").level, fresh("stays").stays_back) == (4, False)
    assert not fresh("level8").active and fresh("level8").level == 8
    assert not fresh("left").active
    assert fresh("up").active and fresh("leaves_later").active


def test_parents_leave_with_their_last_child(database):
    school = school_at_year_end()
    pupils = school["pupils"]
    all_leaving = make_parent(children=[pupils["level8"], pupils["left"]], last_name="Vertrek")
    one_staying = make_parent(children=[pupils["level8"], pupils["up"]], last_name="Blijf")
    no_children = make_parent(last_name="Zonder")
    admin = make_admin()

    preview = rollover.year_rollover_preview(admin, "2027-2028", today=TODAY)
    assert preview.parents_leaving == [all_leaving.full_name]
    assert User.get_by_id(all_leaving.id).active  # a preview writes nothing

    report = rollover.year_rollover(admin, "2027-2028", today=TODAY)

    assert report.counts()["parents_leaving"] == 1
    assert not User.get_by_id(all_leaving.id).active
    assert User.get_by_id(all_leaving.id).deactivated_at is not None
    assert User.get_by_id(one_staying.id).active and User.get_by_id(no_children.id).active


def test_attendance_and_leave_of_the_ended_year_are_deleted_others_kept(database):
    school = school_at_year_end()
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    assert [a.id for a in Attendance.select()] == [school["kept_attendance"].id]
    assert [r.id for r in LeaveRecord.select()] == [school["kept_leave"].id]


def test_archived_groups_keep_their_data_and_memberships(database):
    school = school_at_year_end()
    members = sorted(GroupMember.select(GroupMember.group, GroupMember.pupil).tuples())
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)

    las_group = Group.get_by_id(school["las_group"].id)
    assert las_group.archived and las_group.archived_at is not None
    for model, row in (
        (ChatMessage, "message"),
        (Note, "note"),
        (Document, "document"),
        (TestResult, "result"),
        (ExitLevel, "exit_level"),
        (ExitLevelChange, "exit_level_change"),
        (Note, "analysis_note"),
        (GroupReview, "review"),
    ):
        assert model.get_by_id(school["data"][row].id).group_id == las_group.id
    # the review's answers and agreements hang off the review, and its round stays in the old year
    assert ReviewAnswer.get_by_id(school["data"]["answer"].id).review_id == school["data"]["review"].id
    assert ReviewAgreement.get_by_id(school["data"]["agreement"].id).review_id == school["data"]["review"].id
    assert GroupReview.get_by_id(school["data"]["review"].id).review_round.school_year == "2026-2027"
    assert Lesson.get_by_id(school["lesson"].id).group_id == las_group.id
    assert sorted(GroupMember.select(GroupMember.group, GroupMember.pupil).tuples()) == members
    assert GroupTeacher.select().where(GroupTeacher.group == las_group).exists()


def test_the_new_year_gets_the_review_rounds_of_the_old_one_a_year_later(database):
    school_at_year_end()
    old = {r.name: r.review_on for r in ReviewRound.select().where(ReviewRound.school_year == "2026-2027")}
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    new = {r.name: r.review_on for r in ReviewRound.select().where(ReviewRound.school_year == "2027-2028")}
    assert set(new) == set(old) and "Juni" in new


@pytest.mark.parametrize("step", ["_move_pupils", "_archive_groups", "_delete_year_records"])
def test_year_rollover_is_all_or_nothing(database, monkeypatch, step):
    school_at_year_end()
    admin = make_admin()
    before = snapshot()
    original = getattr(rollover, step)

    def half_then_fail(*args):
        original(*args)
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(rollover, step, half_then_fail)
    with pytest.raises(RuntimeError):
        rollover.year_rollover(admin, "2027-2028", today=TODAY)
    assert snapshot() == before

    monkeypatch.undo()  # running it again completes it
    assert rollover.year_rollover(admin, "2027-2028", today=TODAY).done
    assert SchoolSettings.get_current().school_year == "2027-2028"


def test_year_rollover_refuses_a_wrong_year_a_second_run_and_non_admins(database):
    school_at_year_end()
    with pytest.raises(PermissionDenied):
        rollover.year_rollover_preview(make_teacher(), "2027-2028")
    with pytest.raises(PermissionDenied):
        rollover.year_rollover(make_teacher(), "2027-2028")
    with pytest.raises(DomainError, match="2027-2028"):
        rollover.year_rollover(SYSTEM, "2028-2029", today=TODAY)
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    before = snapshot()
    with pytest.raises(Conflict):
        rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    with pytest.raises(Conflict):
        rollover.year_rollover_preview(SYSTEM, "2027-2028", today=TODAY)
    assert snapshot() == before


# --- Privacy: the old group's data never reaches a new group -----------------------------------------------


def _plain_urls(app):
    """Every GET URL of the app without arguments (start pages, own plan, portfolio, lists)."""
    return [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and "logout" not in rule.endpoint
    ]


def _group_urls(app, group_id):
    """Every GET URL of the app that takes a group id, filled in with `group_id` (other ids with 1); with a
    `group` query argument too, for pages that take the group that way."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static"):
            continue
        group_args = [a for a in rule.arguments if "group" in a]
        if not group_args:
            if not rule.arguments and "logout" not in rule.endpoint:
                urls.append(f"{rule.rule}?group={group_id}&group_id={group_id}")
            continue
        values = {}
        for name in rule.arguments:
            converter = rule._converters.get(name)
            numeric = converter is None or type(converter).__name__ in ("IntegerConverter", "NumberConverter")
            values[name] = group_id if name in group_args else (1 if numeric else "x")
        try:
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **values))
        except Exception:
            urls.append(None)
    return urls


def test_members_and_parents_of_a_new_group_never_see_the_old_groups_data(app, client, auth):
    SchoolSettings.update(parent_access=True).execute()
    school = school_at_year_end()
    old_group = school["las_group"]
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    # The next sync creates the new year's group with the same name and LAS key, with a new pupil in it, and
    # a pupil of the old group moves along into a new group.
    new_group = make_group("Groep 4a", type_name="Parnassys-groep", las_key="LAS-4A", school_year="2027-2028")
    newcomer = make_pupil(level=4, groups=[new_group])
    returning = User.get_by_id(school["pupils"]["stays"].id)  # stays at level 4: was in the old Groep 4a
    GroupMember.create(group=new_group, pupil=returning)
    secrets = [
        school["data"]["message"].body,
        school["data"]["note"].body,
        school["data"]["document"].title,
        school["data"]["answer"].body,
        school["data"]["agreement"].text,
        school["data"]["analysis_note"].body,
        school["data"]["exit_level_change"].reason,
    ]
    viewers = [newcomer, make_parent(children=[newcomer]), returning, make_parent(children=[returning])]

    for viewer in viewers:
        assert not permissions.can(viewer, "view_group", Group.get_by_id(old_group.id))
        assert permissions.can(viewer, "view_group", new_group)

    urls = _group_urls(app, old_group.id)
    assert None not in urls
    for viewer in viewers:
        auth.logout()
        response = auth.login(viewer.login)
        assert response.status_code in (302, 303), f"could not sign in as {viewer.role}"
        for url in urls:
            response = client.get(url)
            body = response.get_data(as_text=True)
            leaked = [s for s in secrets if s in body]
            assert response.status_code in (302, 403, 404) or not leaked, (viewer.role, url, leaked)
        for url in _plain_urls(app) + _group_urls(app, new_group.id):  # and nothing shows up elsewhere
            body = client.get(url).get_data(as_text=True)
            assert not [s for s in secrets if s in body], (viewer.role, url)


KILLED_CHILD = """
import sys, time
import models
from database import bind_database
from services import permissions
from services.rollover import year as rollover
bind_database(sys.argv[1])
original = rollover._archive_groups
def archive_then_hang(*args):
    original(*args)
    print("halfway", flush=True)
    time.sleep(60)
rollover._archive_groups = archive_then_hang
with models.db.connection_context():
    rollover.year_rollover(permissions.SYSTEM, "2027-2028")
"""


def test_a_rollover_killed_halfway_leaves_the_database_as_it_was(tmp_path):
    """The child process is killed after pupils moved and groups were archived, before the commit."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import migrations
    from services import school as school_defaults

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    previous = models.db.obj
    bind_database(url)
    try:
        migrations.upgrade()
        with models.db.connection_context():
            school_defaults.ensure_defaults()
            school_at_year_end()
            before = snapshot()
        root = Path(__file__).resolve().parents[2]
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_CHILD, url],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
        try:
            assert child.stdout.readline().strip() == "halfway", child.stderr.read()
        finally:
            child.send_signal(signal.SIGKILL)
            child.communicate(timeout=10)
        with models.db.connection_context():
            assert snapshot() == before
            assert rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY).done  # running it again completes it
    finally:
        models.db.initialize(previous)
