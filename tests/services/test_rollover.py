"""Period rollover and year rollover (services.rollover), including the privacy of group-bound data."""
import datetime as dt
import re

import pytest

import models
from factories import (make_admin, make_goal, make_group, make_parent, make_pupil, make_teacher, make_user)
from models import (Attendance, AuditLog, ChatMessage, Document, ExitLevel, Group, GroupMember, GroupReview,
                    GroupTeacher, LeaveRecord, Lesson, LessonBlock, Note, Period, Plan, PlanGoal, SchoolSettings,
                    Subject, TestMoment, TestResult, User, WeekTemplate)
from querycount import count_queries
from services import permissions, rollover
from services.errors import Conflict, DomainError, PermissionDenied

SYSTEM = permissions.SYSTEM
TODAY = dt.date(2027, 8, 20)


def make_period(number=1, start=dt.date(2026, 8, 24), end=dt.date(2026, 11, 15), school_year="2026-2027"):
    return Period.create(school_year=school_year, number=number, name=f"Periode {number}", start_date=start,
                         end_date=end)


# --- Period rollover -------------------------------------------------------------------------------------


def test_period_rollover_plans_every_active_pupil(database):
    period = make_period(number=2)
    goal = make_goal(level=4, period=2)
    other_level = make_goal(level=5, period=2)
    pupils = [make_pupil(level=4) for _ in range(3)]
    gone = make_pupil(level=4, active=False)

    result = rollover.period_rollover(SYSTEM, period)

    assert result.done and result.plans == 3
    assert {p.pupil_id for p in Plan.select().where(Plan.period == period)} == {p.id for p in pupils}
    on_plan = {(pg.pupil_id, pg.goal_id, pg.status.key) for pg in PlanGoal.select()}
    assert on_plan >= {(p.id, goal.id, "current") for p in pupils}
    assert not any(pupil_id == gone.id for pupil_id, _, _ in on_plan)
    assert not any(goal_id == other_level.id for _, goal_id, _ in on_plan)
    assert Period.get_by_id(period.id).rolled_over_at is not None
    assert AuditLog.get(AuditLog.action == "period_rollover").entity_id == period.id


def test_period_rollover_is_idempotent(database):
    period = make_period()
    make_goal(level=4, period=1)
    make_pupil(level=4)
    rollover.period_rollover(SYSTEM, period)
    plans, plan_goals = Plan.select().count(), PlanGoal.select().count()

    again = rollover.period_rollover(SYSTEM, Period.get_by_id(period.id))

    assert not again.done
    assert (Plan.select().count(), PlanGoal.select().count()) == (plans, plan_goals)


def _period_rollover_queries(pupil_count, number):
    period = make_period(number=number, start=dt.date(2026, 8, 24) + dt.timedelta(days=number))
    for _ in range(pupil_count):
        make_pupil(level=4)
    with count_queries() as statements:
        rollover.period_rollover(SYSTEM, period)
    return len(statements)


def test_period_rollover_query_count_does_not_grow_with_pupils(database):
    for level in range(1, 9):
        make_goal(level=level, period=1)
        make_goal(level=level, period=2)
    few = _period_rollover_queries(5, 1)
    many = _period_rollover_queries(45, 2)  # 50 pupils for the second period
    assert Plan.select().count() == 5 + 50
    assert few == many


def test_period_rollover_is_for_admins_and_the_system(database):
    period = make_period()
    with pytest.raises(PermissionDenied):
        rollover.period_rollover(make_teacher(), period)
    assert rollover.period_rollover(make_admin(), period).done


def test_due_periods_are_started_unrolled_periods_of_this_year(database):
    started = make_period(1, dt.date(2026, 8, 24), dt.date(2026, 11, 15))
    make_period(2, dt.date(2026, 11, 16), dt.date(2027, 2, 15))  # not started yet
    make_period(3, dt.date(2025, 8, 24), dt.date(2025, 11, 15), school_year="2025-2026")  # another year
    done = make_period(4, dt.date(2026, 8, 1), dt.date(2026, 8, 23))
    Period.update(rolled_over_at=models.now()).where(Period.id == done.id).execute()
    assert [p.id for p in rollover.due_periods(dt.date(2026, 9, 1))] == [started.id]


def test_newcomers_get_the_running_periods_plan_and_others_are_left_alone(database):
    assert rollover.plans_for_newcomers(SYSTEM) is None  # no period rolled over yet: nothing to give
    first = make_period(1, dt.date(2026, 8, 24), dt.date(2026, 11, 15))
    second = make_period(2, dt.date(2026, 11, 16), dt.date(2027, 2, 15))
    goal, later_goal = make_goal(level=4, period=2), make_goal(level=4, period=3)
    settled = make_pupil(level=4)
    rollover.period_rollover(SYSTEM, first)
    rollover.period_rollover(SYSTEM, second)
    settled_goals = {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == settled)}
    newcomer = make_pupil(level=4)

    result = rollover.plans_for_newcomers(SYSTEM, channel="import")

    assert rollover.running_period().id == second.id
    assert result.pupils == 1
    assert {(pg.goal_id, pg.status.key) for pg in PlanGoal.select().where(PlanGoal.pupil == newcomer)} == {
        (goal.id, "current")}
    assert Plan.get(Plan.pupil == newcomer).period_id == second.id
    assert {pg.goal_id for pg in PlanGoal.select().where(PlanGoal.pupil == settled)} == settled_goals
    assert later_goal.id not in settled_goals
    assert rollover.plans_for_newcomers(SYSTEM).pupils == 0  # idempotent


def test_newcomer_plans_are_for_admins_and_the_system(database):
    period = make_period()
    rollover.period_rollover(SYSTEM, period)
    make_pupil(level=4)
    with pytest.raises(PermissionDenied):
        rollover.plans_for_newcomers(make_teacher())


# --- Year rollover ---------------------------------------------------------------------------------------


def school_at_year_end():
    """A small school at the end of 2026-2027 with pupils of every kind, groups and group-bound data."""
    teacher = make_teacher()
    las_group = make_group("Groep 4a", type_name="Parnassys-groep", las_key="LAS-4A", teachers=[teacher])
    coach_group = make_group("Coachgroep Els", type_name="Coachgroep", source_group=las_group, teachers=[teacher])
    own_group = make_group("Project water", type_name="Projectgroep")
    next_year_group = make_group("Groep 5a nieuw", school_year="2027-2028")
    pupils = {
        "up": make_pupil(level=4, groups=[las_group, coach_group]),
        "up7": make_pupil(level=7, groups=[own_group]),
        "stays": make_pupil(level=4, stays_back=True, groups=[las_group]),
        "level8": make_pupil(level=8),
        "left": make_pupil(level=5, left_on=TODAY - dt.timedelta(days=10)),
        "leaves_later": make_pupil(level=5, left_on=TODAY + dt.timedelta(days=30)),
        "inactive": make_pupil(level=3, active=False),
        "no_level": make_pupil(level=None),
    }
    subject = Subject.create(name="Taal")
    template = WeekTemplate.create(name="Week", school_year="2026-2027", valid_from=dt.date(2026, 8, 24),
                                   valid_until=dt.date(2027, 7, 9))
    block = LessonBlock.create(week_template=template, weekday=0, start_time=dt.time(9), end_time=dt.time(10),
                               title="Rekenen", group=las_group)
    lesson = Lesson.create(block=block, group=las_group, date=dt.date(2027, 6, 7))
    new_template = WeekTemplate.create(name="Week", school_year="2027-2028", valid_from=dt.date(2027, 8, 23),
                                       valid_until=dt.date(2028, 7, 7))
    new_block = LessonBlock.create(week_template=new_template, weekday=0, start_time=dt.time(9),
                                   end_time=dt.time(10), title="Rekenen", group=next_year_group)
    new_lesson = Lesson.create(block=new_block, group=next_year_group, date=dt.date(2027, 8, 23))
    Attendance.create(lesson=lesson, pupil=pupils["up"], present=False, reason="ziek")
    Attendance.create(lesson=lesson, pupil=pupils["stays"])
    kept_attendance = Attendance.create(lesson=new_lesson, pupil=pupils["up"])
    LeaveRecord.create(pupil=pupils["up"], school_year="2026-2027", from_date=dt.date(2027, 3, 1),
                       until_date=dt.date(2027, 3, 2), reason="bruiloft")
    kept_leave = LeaveRecord.create(pupil=pupils["up"], school_year="2027-2028", from_date=dt.date(2027, 9, 1),
                                    until_date=dt.date(2027, 9, 2))
    message = ChatMessage.create(room=f"group:{las_group.id}", room_kind="group", group=las_group, author=teacher,
                                 body="Morgen gymkleren mee")
    note = Note.create(group=las_group, author=teacher, body="Overdracht: Sam heeft extra uitleg nodig")
    document = Document.create(kind="group", title="Klassenfoto", group=las_group)
    moment = TestMoment.create(name="M4", school_year="2026-2027", level=4)
    result = TestResult.create(test_moment=moment, pupil=pupils["up"], subject=subject, group=las_group, grade="III")
    exit_level = ExitLevel.create(pupil=pupils["up"], subject=subject, group=las_group, level="HAVO",
                                  school_year="2026-2027")
    review = GroupReview.create(group=las_group, school_year="2026-2027", round="juni", atmosphere="onrustig")
    return {
        "teacher": teacher, "las_group": las_group, "coach_group": coach_group, "own_group": own_group,
        "next_year_group": next_year_group, "pupils": pupils, "lesson": lesson,
        "kept_attendance": kept_attendance, "kept_leave": kept_leave,
        "data": {"message": message, "note": note, "document": document, "result": result,
                 "exit_level": exit_level, "review": review},
    }


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
        school["las_group"].id, school["coach_group"].id, school["own_group"].id}
    assert [g.id for g in report.groups_to_relink] == [school["coach_group"].id]
    assert (report.attendance_deleted, report.leave_records_deleted) == (2, 1)
    assert report.group_data == {"berichten": 1, "notities": 1, "documenten": 1, "lessen": 1,
                                 "toetsresultaten": 1, "uitstroomniveaus": 1, "groepsbesprekingen": 1}
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
    for model, row in ((ChatMessage, "message"), (Note, "note"), (Document, "document"), (TestResult, "result"),
                       (ExitLevel, "exit_level"), (GroupReview, "review")):
        assert model.get_by_id(school["data"][row].id).group_id == las_group.id
    assert Lesson.get_by_id(school["lesson"].id).group_id == las_group.id
    assert sorted(GroupMember.select(GroupMember.group, GroupMember.pupil).tuples()) == members
    assert GroupTeacher.select().where(GroupTeacher.group == las_group).exists()


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


def test_relink_makes_a_fresh_group_without_old_data(database):
    school = school_at_year_end()
    rollover.year_rollover(SYSTEM, "2027-2028", today=TODAY)
    # The next LAS sync makes the new year's group with the same LAS key.
    new_las = make_group("Groep 5a", type_name="Parnassys-groep", las_key="LAS-4A", school_year="2027-2028")
    newcomer = make_pupil(level=5, groups=[new_las])
    GroupMember.create(group=new_las, pupil=school["pupils"]["up"])
    admin = make_admin()

    [entry] = rollover.relink_candidates(admin)
    assert (entry.old_group.id, entry.suggested.id, entry.relinked) == (school["coach_group"].id, new_las.id, None)

    group = rollover.relink_group(admin, entry.old_group, new_las)

    assert group.id != school["coach_group"].id
    assert (group.name, group.group_type_id, group.school_year, group.source_group_id) == (
        "Coachgroep Els", school["coach_group"].group_type_id, "2027-2028", new_las.id)
    assert {m.pupil_id for m in group.memberships} == {newcomer.id, school["pupils"]["up"].id}
    assert [t.teacher_id for t in group.teacher_links] == [school["teacher"].id]
    for model in (ChatMessage, Note, Document, Lesson, TestResult, ExitLevel, GroupReview):
        assert not model.select().where(model.group == group).exists()
    assert rollover.relink_candidates(admin)[0].relinked.id == group.id
    with pytest.raises(Conflict):
        rollover.relink_group(admin, entry.old_group, new_las)
    with pytest.raises(DomainError):
        rollover.relink_group(admin, school["own_group"], new_las)  # not made from a LAS group


# --- Privacy: the old group's data never reaches a new group -----------------------------------------------


def _plain_urls(app):
    """Every GET URL of the app without arguments (start pages, own plan, portfolio, lists)."""
    return [rule.rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and "logout" not in rule.endpoint]


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
        except Exception:  # noqa: BLE001 - a rule we cannot fill in is reported by the assertion below
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
    secrets = [school["data"]["message"].body, school["data"]["note"].body, school["data"]["document"].title,
               school["data"]["review"].atmosphere]
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
from services import permissions, rollover
models.bind_database(sys.argv[1])
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
    models.bind_database(url)
    try:
        migrations.upgrade()
        with models.db.connection_context():
            school_defaults.ensure_defaults()
            school_at_year_end()
            before = snapshot()
        root = Path(__file__).resolve().parents[2]
        child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, url], cwd=root, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)})
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
