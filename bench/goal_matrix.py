"""Benchmark: the goal matrix and the status overview against the bare SQL they send.

    .venv/bin/python bench/goal_matrix.py [--database-url postgresql://...] [--repeat 20]

Prints, per view, its number of queries and its time as a ratio to running the same SQL bare through the
DB-API cursor the same number of times; a smaller group shows that the number of queries stays fixed.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import QueryLog, bench_database, generate_school, measure
from models import Group
from services import overviews


def queries(view):
    with QueryLog() as log:
        result = view()
    return log.count, result


def main(argv=None):
    """Generate a school, then measure the goal matrix and the status overview."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with bench_database(args.database_url) as database:
        start = time.perf_counter()
        school = generate_school()
        print(
            f"database {type(database).__name__}: {school.pupil_count} pupils, {school.goal_count} goals, "
            f"{school.plan_goal_count} plan goals generated in {time.perf_counter() - start:.1f} s"
        )
        teacher = school.teacher
        group = Group.get_by_id(school.group_ids[0])  # a page has its group at hand already

        matrix = overviews.goal_matrix(teacher, group=group)
        label = f"goal matrix {len(matrix.pupils)} pupils x {len(matrix.goals)} goals"
        result = measure(lambda: overviews.goal_matrix(teacher, group=group), args.repeat)
        print(f"{label}: queries {result.queries}")
        print(f"{label}: time vs bare SQL ratio {result.ratio:.2f}")
        print(
            f"{label}: {result.seconds / args.repeat * 1000:.1f} ms a view, "
            f"bare SQL {result.bare_seconds / args.repeat * 1000:.1f} ms"
        )

        overview = overviews.status_overview(teacher)
        label = f"status overview school ({len(overview.rows)} pupils)"
        whole = measure(lambda: overviews.status_overview(teacher), args.repeat)
        print(f"{label}: queries {whole.queries}")
        print(f"{label}: time vs bare SQL ratio {whole.ratio:.2f}")
        print(
            f"{label}: {whole.seconds / args.repeat * 1000:.1f} ms a view, "
            f"bare SQL {whole.bare_seconds / args.repeat * 1000:.1f} ms"
        )

        small_group = Group.get_by_id(school.small_group_id)
        small_count, small = queries(lambda: overviews.goal_matrix(teacher, group=small_group, level=1))
        print(f"goal matrix {len(small.pupils)} pupils x {len(small.goals)} goals: queries {small_count}")
        counts = []
        for some_group in (small_group, group):
            count, one = queries(lambda: overviews.status_overview(teacher, group=some_group))
            print(f"status overview group ({len(one.rows)} pupils): queries {count}")
            counts.append(count)
        fixed = small_count == result.queries and counts[0] == counts[1]
        print(f"query counts independent of pupils and goals: {'yes' if fixed else 'NO'}")
        within = result.ratio <= 3 and whole.ratio <= 3 and max(result.queries, whole.queries) <= 6
        return 0 if fixed and within else 1


if __name__ == "__main__":
    sys.exit(main())
