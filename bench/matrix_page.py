"""Benchmark: the goal matrix page (30 pupils x 300 goals) through the Flask test client against its bare SQL.

    .venv/bin/python bench/matrix_page.py [--database-url postgresql://...] [--repeat 20] [--rounds 3]

Prints the page's number of queries (and that a small group needs as many), and its server time as a
ratio to running the same SQL bare through the DB-API cursor the same number of times (the fastest of
`rounds` measurements of each). Target: within 3x.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import (
    QueryLog,
    app_database_url,
    bench_database,
    best_of,
    generate_school,
    get_page,
    measure,
    page_arguments,
    signed_in_client,
)
from models import GroupTeacher


def main(argv=None):
    """Generate a school, then measure the goal matrix page of its 30-pupil group."""
    args = page_arguments(__doc__.splitlines()[0], argv)
    with bench_database(args.database_url) as database:
        school = generate_school()
        url = app_database_url(database, args.database_url)
        GroupTeacher.create(group=school.group_ids[0], teacher=school.teacher)
        database.close()
        client = signed_in_client(url, school.teacher)
        page = f"/groepen/{school.group_ids[0]}/matrix"
        html = get_page(client, page).get_data(as_text=True)
        cells = html.count('<td class="s-')
        label = "goal matrix page 30 pupils x 300 goals"
        print(f"database {type(database).__name__}: {label}, {cells} filled cells, {len(html) // 1024} kB of HTML")
        result = best_of(lambda: measure(lambda: get_page(client, page), args.repeat), args.rounds)
        with QueryLog() as small:
            get_page(client, f"/groepen/{school.small_group_id}/matrix?niveau=1")
        print(f"{label}: queries {result.queries}")
        print(f"goal matrix page small group ({school.small_group_id}, level 1): queries {small.count}")
        print(f"goal matrix page 30x300: server time vs bare SQL ratio {result.ratio:.2f}")
        print(
            f"goal matrix page 30x300: {result.seconds / args.repeat * 1000:.1f} ms a page, "
            f"bare SQL {result.bare_seconds / args.repeat * 1000:.1f} ms"
        )
        fixed = small.count == result.queries
        print(f"query count independent of pupils and goals: {'yes' if fixed else 'NO'}")
        return 0 if fixed and result.ratio <= 3 else 1


if __name__ == "__main__":
    start = time.perf_counter()
    status = main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
    sys.exit(status)
