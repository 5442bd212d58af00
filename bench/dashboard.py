"""Benchmark: the teacher's dashboard and a pupil's page through the Flask test client against their bare SQL,
at two school sizes.

    .venv/bin/python bench/dashboard.py [--database-url postgresql://...] [--sizes 400 4000] [--repeat 20]

For each size a school is generated (25 pupils a group, the teacher's group 30, 300 goals, 60 goals on each
pupil's plan, 1 to 3 status changes per plan goal); the teacher teaches two groups. Prints each page's number
of queries, which must not grow with the school, and its server time as a ratio to running the same SQL bare
through the DB-API cursor the same number of times (the fastest of `rounds` measurements of each).
Target: within 3x.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_database, generate_school, measure
from bench.pages import best_of, database_url, generate_history, get, page_client
from models import GroupMember, GroupTeacher

TARGET = 3


def measure_size(pupils, args):
    """Generate a school of `pupils` pupils; return {page: Measurement}."""
    with bench_database(args.database_url, name=f"dashboard{pupils}") as database:
        start = time.perf_counter()
        school = generate_school(
            pupils=pupils, groups=max(2, pupils // 25), goals=300, goals_per_pupil=args.goals_per_pupil
        )
        changes = generate_history(school.teacher)
        for group_id in school.group_ids[:2]:
            GroupTeacher.create(group=group_id, teacher=school.teacher)
        pupil = GroupMember.select().where(GroupMember.group == school.group_ids[0]).first().pupil_id
        if args.database_url:
            database.execute_sql("ANALYZE")
        print(
            f"{type(database).__name__} {school.pupil_count} pupils: {school.plan_goal_count} plan goals, "
            f"{changes} status changes, generated in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
        database.close()
        client = page_client(database_url(database, args.database_url), school.teacher)
        results = {}
        for label, page in (("dashboard", "/leraar"), ("pupil page", f"/leerlingen/{pupil}")):
            get(client, page)
            results[label] = best_of(lambda: measure(lambda: get(client, page), args.repeat), args.rounds)
        return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite file)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 4000], help="pupils of each school")
    parser.add_argument("--goals-per-pupil", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="measurements; the fastest of each side counts")
    args = parser.parse_args(argv)
    by_size = {size: measure_size(size, args) for size in args.sizes}
    ok = True
    for label in ("dashboard", "pupil page"):
        counts = {by_size[size][label].queries for size in args.sizes}
        fixed = len(counts) == 1
        ok &= fixed
        for size in args.sizes:
            result = by_size[size][label]
            ok &= result.ratio <= TARGET
            print(f"{label} {size} pupils: queries {result.queries}")
            print(f"{label} {size} pupils: server time vs bare SQL ratio {result.ratio:.2f}")
            print(
                f"{label} {size} pupils: {result.seconds / args.repeat * 1000:.1f} ms a page, "
                f"bare SQL {result.bare_seconds / args.repeat * 1000:.1f} ms"
            )
        print(f"{label}: query count independent of school size: {'yes' if fixed else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    start = time.perf_counter()
    status = main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
    sys.exit(status)
