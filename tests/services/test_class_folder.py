"""The class folder's rules (SPEC 12, issue 13): the week templates plan the lessons; a lesson is written when
something is added to it and then stays as it was when the timetable changes; editing a lesson; attendance per
lesson block, carried to the day's later blocks; the weeks the school allows; fixed query counts."""

import datetime as dt

import pytest

from models import (
    AbsenceReason,
    Attendance,
    AuditLog,
    Group,
    GroupMember,
    LeaveRecord,
    Lesson,
    LessonBlock,
    LessonGoal,
    LessonType,
    SchoolSettings,
    WeekTemplate,
)
from services import class_folder, clock, overviews, rollover
from services.errors import DomainError, NotFound, PermissionDenied
from services.permissions import SYSTEM
from tests.support.factories import make_goal, make_group, make_pupil, put_on_plan
from tests.support.querycount import count_queries
from tests.support.timetables import monday_of, planned, school_with_timetable

DAY = dt.timedelta(days=1)


@pytest.fixture
def school(database):
    return school_with_timetable()


def reason(name):
    return AbsenceReason.get(AbsenceReason.name == name).id


def lesson_of(school, key, day=None):
    return planned(school.blocks[key].on(day), day)


def titles(day_view):
    return [(view.item.title, f"{view.item.start:%H:%M}", view.item.written) for view in day_view.lessons]


# --- the week: planned by the week templates, written when something is added ------------------------------


def test_the_week_templates_plan_a_teachers_week_in_time_order(school):
    week = class_folder.teacher_week(school.teacher, school.teacher)

    assert week.week == monday_of() and week.day(clock.today()).is_today
    assert [day.date for day in week.days] == [monday_of() + n * DAY for n in range(7)]  # lessons on Sat/Sun too
    assert titles(week.day(clock.today())) == [
        ("Rekenen", "08:30", False),
        ("Taal", "09:30", False),
        ("Leerplein", "11:00", False),
    ]
    assert Lesson.select().count() == 0  # looking writes nothing
    assert class_folder.teacher_week(school.other_teacher, school.other_teacher).lesson_count == 0


def test_a_lesson_written_with_goals_stays_as_it_was_when_the_timetable_changes(school):
    today, tomorrow = clock.today(), clock.today() + DAY
    lesson = class_folder.edit_lesson(school.teacher, lesson_of(school, "rekenen"), [school.tafels.id])
    assert (lesson.title, lesson.start_time, lesson.teacher_id, lesson.room) == (
        "Rekenen",
        dt.time(8, 30),
        school.teacher.id,
        "Lokaal 5",
    )

    # The admin moves Rekenen to 10:00 with another teacher, every day of the week.
    LessonBlock.update(start_time=dt.time(10), end_time=dt.time(11), teacher=school.other_teacher).where(
        LessonBlock.title == "Rekenen"
    ).execute()

    mine = class_folder.teacher_week(school.teacher, school.teacher)
    assert titles(mine.day(today))[0] == ("Rekenen", "08:30", True)  # the written lesson, as it was
    assert len(mine.day(today).lessons) == 3  # and not the block's new lesson beside it
    assert "Rekenen" not in [t for t, _s, _w in titles(mine.day(tomorrow))]  # the planned ones moved on
    theirs = class_folder.teacher_week(school.other_teacher, school.other_teacher)
    assert titles(theirs.day(tomorrow)) == [("Rekenen", "10:00", False)]
    assert titles(theirs.day(today)) == []  # today's Rekenen is the written lesson of Juf In

    # The template ends yesterday: the planned lessons go, the written one stays.
    WeekTemplate.update(valid_until=today - DAY).execute()
    assert titles(class_folder.teacher_week(school.teacher, school.teacher).day(today)) == [("Rekenen", "08:30", True)]


def test_editing_links_goals_from_several_subjects_a_type_and_a_note(school):
    instructie = LessonType.get(LessonType.name == "instructie")
    ref = lesson_of(school, "taal")

    lesson = class_folder.edit_lesson(
        school.teacher, ref, [school.spelling.id, school.tafels.id], instructie.id, "  Eerst de regel, dan oefenen.  "
    )

    item = class_folder.lesson_item(class_folder.LessonRef(lesson_id=lesson.id))
    assert [(g.title, g.subject) for g in item.goals] == [("Tafels van 3", "Rekenen"), ("Woorden met ei en ij", "Taal")]
    assert (item.type_name, item.note) == ("instructie", "Eerst de regel, dan oefenen.")
    assert class_folder.lesson_item(ref).lesson_id == lesson.id  # the planned address finds the written lesson
    assert AuditLog.get(AuditLog.action == "lesson_edited").entity_id == lesson.id

    class_folder.edit_lesson(school.teacher, ref, [school.spelling.id], None, "")
    assert [g for (g,) in LessonGoal.select(LessonGoal.goal).tuples()] == [school.spelling.id]
    assert Lesson.select().count() == 1 and Lesson.get().lesson_type is None


def test_the_group_teacher_and_ib_er_may_edit_others_may_not_and_nothing_is_written(school):
    ref = lesson_of(school, "rekenen")
    for outsider in (school.other_teacher, school.assistant, school.anna, school.parent):
        with pytest.raises(PermissionDenied):
            class_folder.edit_lesson(outsider, ref, [school.tafels.id])
    assert Lesson.select().count() == 0 and LessonGoal.select().count() == 0
    class_folder.edit_lesson(school.coach, ref, [school.tafels.id])
    assert LessonGoal.select().count() == 1


def test_an_assistant_may_edit_the_learning_square_lesson_they_teach(school):
    LessonBlock.update(teacher=school.assistant).where(LessonBlock.title == "Leerplein").execute()
    class_folder.edit_lesson(school.assistant, lesson_of(school, "leerplein"), [school.tafels.id])
    assert LessonGoal.select().count() == 1


@pytest.mark.parametrize(
    "change, error",
    [
        ({"goals": [999999]}, NotFound),
        ({"goals": "archived"}, NotFound),
        ({"lesson_type": 999999}, DomainError),
        ({"note": "x" * 2001}, DomainError),
    ],
    ids=["goal-not-in-curriculum", "archived-goal", "unknown-lesson-type", "note-too-long"],
)
def test_bad_input_refuses_the_whole_edit(school, change, error):
    archived = make_goal(title="Oud doel", archived=True)
    goals = change.get("goals", [school.tafels.id])
    goals = [school.tafels.id, archived.id] if goals == "archived" else [school.tafels.id, *goals]
    with pytest.raises(error) as refused:
        class_folder.edit_lesson(
            school.teacher,
            lesson_of(school, "rekenen"),
            goals,
            change.get("lesson_type"),
            change.get("note", "notitie"),
        )
    assert refused.value.message  # a Dutch sentence for the page
    assert Lesson.select().count() == 0 and LessonGoal.select().count() == 0


def test_a_block_plans_no_lesson_outside_its_template_or_on_another_weekday(school):
    block = school.blocks["rekenen"].on()
    with pytest.raises(NotFound):
        class_folder.lesson_item(class_folder.LessonRef(block_id=block.id, date=clock.today() + DAY))
    with pytest.raises(NotFound):
        class_folder.lesson_item(class_folder.LessonRef(block_id=block.id, date=clock.today() + 70 * DAY))
    with pytest.raises(NotFound):
        class_folder.LessonRef.parse("b12-2026-13-45")


def test_weeks_outside_the_schools_range_are_refused(school):
    SchoolSettings.update(class_folder_weeks_back=1, class_folder_weeks_ahead=1).execute()
    this_monday = monday_of()

    week = class_folder.teacher_week(school.teacher, school.teacher, this_monday + 8 * DAY)  # a Tuesday
    assert (week.week, week.previous, week.next) == (this_monday + 7 * DAY, this_monday, None)
    with pytest.raises(DomainError, match="valt buiten de weken die de school laat zien"):
        class_folder.teacher_week(school.teacher, school.teacher, this_monday + 14 * DAY)
    with pytest.raises(DomainError):
        class_folder.teacher_week(school.teacher, school.teacher, this_monday - 14 * DAY)
    far = planned(school.blocks["rekenen"].on(), clock.today() + 21 * DAY)
    with pytest.raises(DomainError):
        class_folder.lesson_page(school.teacher, far)


# --- attendance -------------------------------------------------------------------------------------------


def states(school, key, pupils=("anna", "bram")):
    item = class_folder.lesson_item(lesson_of(school, key))
    found = class_folder.presence(item, [school[p].id for p in pupils])
    return {p: (s.present, s.reason) for p, s in zip(pupils, found.values())}


def matrix_pupils(school, key):
    item = class_folder.lesson_item(lesson_of(school, key))
    matrix = overviews.goal_matrix(school.teacher, lesson=Lesson.get_by_id(item.lesson_id))
    return [p.name for p in matrix.pupils]


def test_attendance_carries_forward_to_the_later_blocks_of_the_day_until_changed(school):
    for key in ("rekenen", "taal", "leerplein"):  # each with a goal, so each has a goal matrix
        class_folder.edit_lesson(school.teacher, lesson_of(school, key), [school.tafels.id])

    class_folder.record_attendance(
        school.teacher,
        lesson_of(school, "rekenen"),
        {school.anna.id: reason("ziek"), school.bram.id: reason("te laat")},
    )
    assert states(school, "taal") == {"anna": (False, "ziek"), "bram": (False, "te laat")}
    carried = class_folder.presence(class_folder.lesson_item(lesson_of(school, "taal")), [school.anna.id])
    assert carried[school.anna.id].carried_from == "Rekenen 08:30" and not carried[school.anna.id].set_here

    class_folder.record_attendance(school.teacher, lesson_of(school, "taal"), {school.bram.id: None})  # Bram is in

    assert states(school, "rekenen") == {"anna": (False, "ziek"), "bram": (False, "te laat")}
    assert states(school, "taal") == {"anna": (False, "ziek"), "bram": (True, "")}
    assert states(school, "leerplein") == {"anna": (False, "ziek"), "bram": (True, "")}
    # The lesson's goal matrix shows the pupils present, carried-over absence included.
    assert matrix_pupils(school, "rekenen") == []
    assert matrix_pupils(school, "taal") == matrix_pupils(school, "leerplein") == ["Bram Bakker"]
    # Tomorrow starts afresh.
    tomorrow = class_folder.lesson_item(lesson_of(school, "rekenen", clock.today() + DAY))
    assert all(s.present for s in class_folder.presence(tomorrow, [school.anna.id, school.bram.id]).values())


def test_the_whole_group_at_once_and_only_changes_are_written(school):
    ref = lesson_of(school, "rekenen")
    assert class_folder.record_for_group(school.teacher, ref) == 0  # everyone is present already
    assert Lesson.select().count() == 0

    assert class_folder.record_for_group(school.teacher, ref, reason("verlof")) == 2
    assert states(school, "leerplein") == {"anna": (False, "verlof"), "bram": (False, "verlof")}
    assert class_folder.record_for_group(school.teacher, ref, reason("verlof")) == 0
    assert class_folder.record_for_group(school.teacher, ref) == 2
    assert Attendance.select().count() == 2 and all(a.present for a in Attendance.select())
    assert (
        "Anna Aalders: aanwezig"
        in AuditLog.select().where(AuditLog.action == "attendance").order_by(AuditLog.id.desc()).get().detail
    )


@pytest.mark.parametrize(
    "marks, who, error",
    [
        (lambda s: {s.anna.id: reason("ziek"), s.cas.id: reason("ziek")}, "teacher", "Cas Claassen zit niet in"),
        (lambda s: {s.anna.id: 999999}, "teacher", "reden van afwezigheid uit de lijst"),
        (lambda s: {s.anna.id: reason("ziek")}, "other_teacher", "Alleen de leraar van deze les"),
        (lambda s: {s.anna.id: reason("ziek")}, "anna", "Alleen de leraar van deze les"),
    ],
    ids=["pupil-not-in-the-lesson", "reason-not-on-the-list", "other-teacher", "pupil"],
)
def test_bad_attendance_is_refused_whole(school, marks, who, error):
    with pytest.raises(DomainError, match=error):
        class_folder.record_attendance(school[who], lesson_of(school, "rekenen"), marks(school))
    assert Attendance.select().count() == 0 and Lesson.select().count() == 0


def test_an_archived_reason_is_no_longer_offered_nor_taken(school):
    AbsenceReason.update(archived=True).where(AbsenceReason.name == "anders").execute()
    assert "anders" not in [r.name for r in class_folder.reasons()]
    with pytest.raises(DomainError):
        class_folder.record_attendance(school.teacher, lesson_of(school, "rekenen"), {school.anna.id: reason("anders")})


def test_attendance_is_taken_on_the_day_itself_not_ahead(school):
    tomorrow = lesson_of(school, "rekenen", clock.today() + DAY)
    with pytest.raises(DomainError, match="op de dag van de les zelf"):
        class_folder.record_attendance(school.teacher, tomorrow, {school.anna.id: reason("verlof")})
    assert Attendance.select().count() == 0


def test_the_year_rollover_deletes_the_ended_years_attendance_and_leave(school):
    class_folder.record_attendance(school.teacher, lesson_of(school, "rekenen"), {school.anna.id: reason("ziek")})
    LeaveRecord.create(
        pupil=school.bram, school_year="2026-2027", from_date=clock.today(), until_date=clock.today(), reason="verlof"
    )
    assert Attendance.select().count() == 1

    rollover.year_rollover(SYSTEM, "2027-2028", today=clock.today())

    assert Attendance.select().count() == 0 and LeaveRecord.select().count() == 0
    lesson = Lesson.get()  # the lesson itself stays with its (archived) group, for the teachers
    assert Group.get_by_id(lesson.group_id).archived


# --- query counts -----------------------------------------------------------------------------------------


def _busy_week(school, groups=3, pupils=10):
    """More groups, blocks, pupils, goals, written lessons and attendance for the same teacher."""
    teacher = school.teacher
    template = WeekTemplate.get()
    for n in range(groups):
        group = make_group(f"Groep {n + 6}x", teachers=[teacher])
        members = [make_pupil(level=5, groups=[group]) for _ in range(pupils)]
        goals = [make_goal(level=5) for _ in range(3)]
        for pupil in members:
            for goal in goals:
                put_on_plan(pupil, goal, "practising")
        for weekday in range(7):
            for hour in (13, 14):
                block = LessonBlock.create(
                    week_template=template,
                    weekday=weekday,
                    start_time=dt.time(hour),
                    end_time=dt.time(hour, 45),
                    title=f"Les {hour}",
                    group=group,
                    teacher=teacher,
                )
                if weekday == clock.today().weekday():
                    ref = planned(block)
                    class_folder.edit_lesson(teacher, ref, [g.id for g in goals])
                    class_folder.record_attendance(teacher, ref, {members[0].id: reason("ziek")})


def test_a_teachers_week_takes_the_same_queries_whatever_the_school(school):
    def week():
        with count_queries() as queries:
            view = class_folder.teacher_week(school.teacher, school.teacher)
        return len(queries), view.lesson_count

    class_folder.edit_lesson(school.teacher, lesson_of(school, "rekenen"), [school.tafels.id])
    small, small_lessons = week()
    _busy_week(school)
    large, large_lessons = week()

    assert large_lessons == small_lessons + 3 * 7 * 2
    assert small == large <= 12


def test_a_pupils_week_takes_the_same_queries_whatever_the_school(school):
    def week(pupil):
        with count_queries() as queries:
            view = class_folder.pupil_week(pupil, pupil)
        return len(queries), view.lesson_count

    class_folder.edit_lesson(school.teacher, lesson_of(school, "rekenen"), [school.tafels.id])
    small, small_lessons = week(school.anna)
    _busy_week(school)
    for group in Group.select().where(Group.name.endswith("x")):
        GroupMember.create(group=group, pupil=school.anna)  # Anna joins the busy groups

    large, large_lessons = week(school.anna)
    assert large_lessons == small_lessons + 3 * 7 * 2
    assert small == large <= 8
