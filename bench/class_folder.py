"""Benchmark: the class-folder week page (Mijn rooster) of a teacher with 30 lessons a week, through the Flask
test client, against the bare SQL it needs; and a group's week planning grid (30 pupils by their week's goals).

    .venv/bin/python bench/class_folder.py [--database-url postgresql://...] [--repeat 20] [--rounds 3]

Also prints, for comparison, what a page of one query costs on this stack, and the week's data alone
(services.class_folder.teacher_week) against its bare SQL.

The school is bench.common's (400 pupils in 16 groups, 300 goals, 60,000 plan goals) with a week template
around today: six lessons a day in every group (480 a week), 30 of them the measured teacher's, each written
with three goals, and attendance of the days so far. Prints the pages' queries (and that a smaller teacher and
a smaller group need as many), and the week page's server time as a ratio to running the same SQL bare through
the DB-API cursor the same number of times (the fastest of `rounds` measurements of each). Target: within 3x.
"""

import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import models
from bench.common import QueryLog, bench_database, generate_school, measure, run
from bench.pages import best_of, database_url, get, page_arguments, page_client
from models import (
    AbsenceReason,
    Attendance,
    Goal,
    GroupMember,
    GroupTeacher,
    Lesson,
    LessonBlock,
    LessonGoal,
    User,
    WeekTick,
    db,
)
from services import class_folder, clock
from tests.support.timetables import make_week_template

HOURS = [(8, 30), (9, 30), (10, 30), (11, 15), (13, 0), (14, 0)]


def _timetable(school):
    """Six blocks a day in each of the 16 groups, each group with its own teacher; the measured teacher has
    group 0 (30 lessons a week), another teacher has ten lessons of group 1. The measured teacher's lessons are
    written with three goals each, and with attendance of the days so far. Bulk inserts."""
    today = clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    template = make_week_template(weeks=14)
    groups, teacher = school.group_ids, school.teacher
    User.insert_many(
        [
            {
                "login": f"leraar{g}@bench.test",
                "password_hash": "-",
                "role": "teacher",
                "first_name": "Leraar",
                "last_name": str(g),
            }
            for g in range(1, len(groups))
        ]
    ).execute()
    teachers = [teacher.id] + [User.get(User.login == f"leraar{g}@bench.test").id for g in range(1, len(groups))]
    rows = []
    for g, group in enumerate(groups):
        for weekday in range(5):
            for h, (hour, minute) in enumerate(HOURS):
                start = dt.datetime(2026, 1, 1, hour, minute)
                end = (start + dt.timedelta(minutes=45)).time()
                who = teachers[g] if g != 1 or h in (0, 2) else None  # group 1: ten lessons of its teacher
                rows.append((template.id, weekday, start.time(), end, f"Les {h + 1}", group, who))
    LessonBlock.insert_many(
        rows,
        fields=[
            LessonBlock.week_template,
            LessonBlock.weekday,
            LessonBlock.start_time,
            LessonBlock.end_time,
            LessonBlock.title,
            LessonBlock.group,
            LessonBlock.teacher,
        ],
    ).execute()
    GroupTeacher.create(group=groups[0], teacher=teacher)
    GroupTeacher.create(group=groups[1], teacher=teachers[1])
    GroupTeacher.create(group=school.small_group_id, teacher=teacher)  # the grids compared: both the teacher's
    blocks = list(LessonBlock.select())
    goal_ids = [g for (g,) in Goal.select(Goal.id).tuples()]
    # This week: every lesson of the two measured teachers written, with three goals; earlier weeks (a term so
    # far): every lesson of every group written, with two goals, as a school in its 14th week would have.
    weeks = [(monday, lambda b: b.teacher_id in (teacher.id, teachers[1]), 3)]
    weeks += [(monday - dt.timedelta(weeks=n), lambda b: b.teacher_id is not None, 2) for n in range(1, 14)]
    for week, chosen, goals in weeks:
        Lesson.insert_many(
            [
                {
                    "block": block.id,
                    "group": block.group_id,
                    "date": week + dt.timedelta(days=block.weekday),
                    "title": block.title,
                    "start_time": block.start_time,
                    "end_time": block.end_time,
                    "teacher": block.teacher_id,
                    "room": "Lokaal 1",
                    "note": "Instructie aan de tafel, daarna zelfstandig verder.",
                }
                for block in blocks
                if chosen(block)
            ]
        ).execute()
        written = list(
            Lesson.select(Lesson.id, Lesson.date, Lesson.start_time).where(
                Lesson.date.between(week, week + dt.timedelta(days=6))
            )
        )
        LessonGoal.insert_many(
            [
                {"lesson": lesson.id, "goal": goal_ids[(n * goals + k) % 40]}
                for n, lesson in enumerate(written)
                for k in range(goals)
            ]
        ).execute()
    written = list(Lesson.select().where(Lesson.date.between(monday - dt.timedelta(weeks=13), today)))
    members = {}
    for group_id, pupil_id in GroupMember.select(GroupMember.group, GroupMember.pupil).tuples():
        members.setdefault(group_id, []).append(pupil_id)
    ziek = AbsenceReason.get(AbsenceReason.name == "ziek")
    Attendance.insert_many(
        [
            {
                "lesson": lesson.id,
                "pupil": members[lesson.group_id][n % len(members[lesson.group_id])],
                "present": False,
                "reason": ziek.name,
            }
            for n, lesson in enumerate(written)
            if lesson.start_time.hour == 8
        ]
    ).execute()
    return monday, sum(1 for block in blocks if block.teacher_id == teacher.id), User.get_by_id(teachers[1])


def _ticks(school, monday):
    """Pupils of group 0 tick off a third of their plan goals linked to the group's lessons; returns how many."""
    from models import PlanGoal

    linked = LessonGoal.select(LessonGoal.goal).join(Lesson).where(Lesson.group == school.group_ids[0])
    members = GroupMember.select(GroupMember.pupil).where(GroupMember.group == school.group_ids[0])
    plan_goals = [
        pg
        for (pg,) in PlanGoal.select(PlanGoal.id)
        .where(PlanGoal.pupil.in_(members) & PlanGoal.goal.in_(linked))
        .tuples()
    ]
    ticks = [
        {"plan_goal": pg, "week": monday, "done": True, "channel": "bot", "ticked_by": None} for pg in plan_goals[::3]
    ]
    WeekTick.insert_many(ticks).execute()
    return len(ticks)


def main(argv=None):
    """Generate the school and its timetable, then measure the class-folder week page and the week grid."""
    args = page_arguments(__doc__, argv)
    with bench_database(args.database_url, name="class_folder") as database:
        school = generate_school()
        with db.atomic():
            monday, lessons, other = _timetable(school)
            ticks = _ticks(school, monday)
        url = database_url(database, args.database_url)
        database.close()
        print(f"database {type(database).__name__}: {school.pupil_count} pupils, {school.plan_goal_count} plan goals")
        client = page_client(url, school.teacher)
        page = f"/rooster?week={monday.isoformat()}"
        html = get(client, page).get_data(as_text=True)
        shown = html.count('<article class="lesson')
        print(f"class-folder week page: {shown} lessons of the teacher ({lessons} blocks), {len(html) // 1024} kB")
        result = best_of(lambda: measure(lambda: get(client, page), args.repeat), args.rounds)
        small_client = page_client(url, other)
        with QueryLog() as small:
            get(small_client, page)
        with QueryLog() as dashboard:
            get(client, "/leraar")
        with QueryLog() as small_dashboard:
            get(small_client, "/leraar")
        print(f"class-folder week page (30 lessons): queries {result.queries}")
        print(f"class-folder week page of a teacher with 10 lessons: queries {small.count}")
        print(f"dashboard with the class folder: queries {dashboard.count} (10 lessons: {small_dashboard.count})")
        print(f"class-folder week page: server time vs bare SQL ratio {result.ratio:.2f}")
        print(
            f"class-folder week page: {result.seconds / args.repeat * 1000:.1f} ms a page, "
            f"bare SQL {result.bare_seconds / args.repeat * 1000:.1f} ms"
        )
        # What any page costs on this stack (session, user, top bar, base template): a page of one query.
        trivial = best_of(lambda: measure(lambda: get(client, "/rooster/zoeken?naam=a"), args.repeat), args.rounds)
        print(f"a one-query page for comparison: {trivial.seconds / args.repeat * 1000:.1f} ms")
        # The week's data without the page around it: services.class_folder.teacher_week.
        with models.db.connection_context():
            service = best_of(
                lambda: measure(lambda: class_folder.teacher_week(school.teacher, school.teacher, monday), args.repeat),
                args.rounds,
            )
        print(
            f"class-folder week (services.class_folder.teacher_week, {service.queries} queries): "
            f"{service.seconds / args.repeat * 1000:.1f} ms, ratio to its bare SQL {service.ratio:.2f}"
        )
        grid_page = f"/groepen/{school.group_ids[0]}/week?week={monday.isoformat()}"
        grid_html = get(client, grid_page).get_data(as_text=True)
        grid = best_of(lambda: measure(lambda: get(client, grid_page), args.repeat), args.rounds)
        with QueryLog() as small_grid:
            get(client, f"/groepen/{school.small_group_id}/week?week={monday.isoformat()}")
        cells = grid_html.count('class="tick tick-done"') + grid_html.count('class="tick tick-open"')
        print(f"week grid of the 30-pupil group: {cells} goals in pupils' weeks, {ticks} ticks, queries {grid.queries}")
        print(f"week grid of the 5-pupil group: queries {small_grid.count}")
        grid_ms = grid.seconds / args.repeat * 1000
        print(f"week grid: server time vs bare SQL ratio {grid.ratio:.2f} ({grid_ms:.1f} ms a page)")
        fixed = (
            small.count == result.queries
            and small_grid.count == grid.queries
            and dashboard.count == small_dashboard.count
        )
        print(f"query counts independent of lessons and pupils: {'yes' if fixed else 'NO'}")
        return 0 if fixed and result.ratio <= 3 else 1


if __name__ == "__main__":
    run(main)
