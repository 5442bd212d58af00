"""Benchmark: the GroepsAnalyse page of a 30-pupil group over 6 test moments, through the Flask test client,
against its bare SQL.

    .venv/bin/python bench/group_analysis.py [--database-url postgresql://...] [--repeat 20] [--rounds 3]

The school is bench/common.py's (400 pupils, 16 groups) with, for every year level, six test moments (three
core subjects, middle and end of the year) and every pupil's result on each: 2,400 results school-wide, of
which the measured group's 180 show. Every pupil has an exit level per core subject, and every moment a note
for the measured group. Prints the page's number of queries (and that a 5-pupil group needs as many) and
its server time as a ratio to running the same SQL bare through the DB-API cursor (the fastest of `rounds`
measurements of each). Target: within 3x.

The page's SQL is small (180 results, 90 exit levels: about a millisecond), so the ratio to it is mostly the
cost of any signed-in page of the app. For scale the benchmark also prints the ratio to the cheapest such
page through the same client: the documents page of a group without documents (its "request floor").
"""

import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import common
from bench.common import CHUNK, measure
from bench.pages import best_of, database_url, get, page_arguments, page_client, print_page_times
from models import ExitLevel, Group, GroupMember, GroupTeacher, Note, Subject, TestMoment, TestResult, User, db

MOMENTS = (("M", dt.date(2027, 1, 25)), ("E", dt.date(2027, 6, 14)))
LEVELS = ("I", "II", "III", "IV", "V")


def _insert(model, rows):
    for start in range(0, len(rows), CHUNK):
        model.insert_many(rows[start : start + CHUNK]).execute()


def add_analysis_data(school, seed=2026):
    """Three core subjects, six moments per year level, a result per pupil per moment of their level, an exit
    level per pupil per core subject, and a note per moment for the first group."""
    rng = random.Random(seed)
    subjects = list(Subject.select().order_by(Subject.position).limit(3))
    Subject.update(is_core=True).where(Subject.id.in_([s.id for s in subjects])).execute()
    with db.atomic():
        _insert(
            TestMoment,
            [
                {"name": f"{p}{level}", "subject": s.id, "school_year": "2026-2027", "level": level, "date": day}
                for level in range(1, 9)
                for s in subjects
                for p, day in MOMENTS
            ],
        )
        moments = {}
        for moment in TestMoment.select():
            moments.setdefault(moment.level, []).append(moment)
        pupils = list(
            User.select(User.id, User.level, GroupMember.group)
            .join(GroupMember, on=(GroupMember.pupil == User.id))
            .where(User.role == "pupil")
            .tuples()
        )
        _insert(
            TestResult,
            [
                {
                    "test_moment": m.id,
                    "pupil": pupil,
                    "subject": m.subject_id,
                    "group": group,
                    "score": str(rng.randint(20, 150)),
                    "grade": rng.choice(LEVELS),
                }
                for pupil, level, group in pupils
                if group in school.group_ids
                for m in moments[level]
            ],
        )
        _insert(
            ExitLevel,
            [
                {"pupil": pupil, "subject": s.id, "level": "HAVO", "school_year": "2026-2027"}
                for pupil, _level, group in pupils
                if group in school.group_ids
                for s in subjects
            ],
        )
        first = Group.get_by_id(school.group_ids[0])
        _insert(
            Note,
            [
                {"group": first.id, "test_moment": m.id, "body": f"Opvallend bij {m.name}: de sommen met breuken."}
                for m in moments[first.year_level]
            ],
        )
    return len(moments[first.year_level])


def main(argv=None):
    """Generate a school with its test results, then measure the analysis page of its 30-pupil group."""
    args = page_arguments(__doc__, argv)
    with common.bench_database(args.database_url, name="analysis") as database:
        school = common.generate_school()
        moment_count = add_analysis_data(school)
        url = database_url(database, args.database_url)
        for group_id in (school.group_ids[0], school.small_group_id):  # the same rights: the same checks
            GroupTeacher.create(group=group_id, teacher=school.teacher)
        small = Group.get_by_id(school.small_group_id)
        small.year_level = Group.get_by_id(school.group_ids[0]).year_level
        small.save()  # the 5-pupil group sees the same six moments
        database.close()
        client = page_client(url, school.teacher)
        page = f"/groepen/{school.group_ids[0]}/analyse"
        html = get(client, page).get_data(as_text=True)
        cells = html.count('<td class="level')
        label = f"analysis page 30 pupils x {moment_count} test moments"
        print(f"database {type(database).__name__}: {label}, {cells} result cells, {len(html) // 1024} kB of HTML")
        result = best_of(lambda: measure(lambda: get(client, page), args.repeat), args.rounds)
        with common.QueryLog() as log:
            get(client, f"/groepen/{school.small_group_id}/analyse")
        floor_page = f"/groepen/{school.group_ids[-1]}/documenten"
        floor = best_of(lambda: measure(lambda: get(client, floor_page), args.repeat), args.rounds)
        print(f"{label}: queries {result.queries}")
        print(f"analysis page small group (5 pupils, {moment_count} test moments): queries {log.count}")
        print_page_times(f"analysis page 30x{moment_count}", result, args.repeat)
        print(
            f"analysis page 30x{moment_count}: server time vs request floor (an empty documents page, "
            f"{floor.seconds / args.repeat * 1000:.1f} ms) ratio {result.seconds / floor.seconds:.2f}"
        )
        fixed = log.count == result.queries
        print(f"query count independent of pupils: {'yes' if fixed else 'NO'}")
        return 0 if fixed and result.ratio <= 3 else 1


if __name__ == "__main__":
    common.run(main)
