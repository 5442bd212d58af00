"""Benchmark: the goal matrix page (30 pupils x 300 goals) through the Flask test client against its bare SQL.

    .venv/bin/python bench/matrix_page.py [--database-url postgresql://...] [--repeat 20] [--rounds 3]

Prints the page's number of queries (and that a small group needs as many), and its server time as a
ratio to running the same SQL bare through the DB-API cursor the same number of times (the fastest of
`rounds` measurements of each). Target: within 3x.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import QueryLog, bench_database, generate_school, measure, run
from bench.pages import best_of, database_url, get, page_arguments, page_client, print_page_times
from models import GroupTeacher


def main(argv=None):
    """Generate a school, then measure the goal matrix page of its 30-pupil group."""
    args = page_arguments(__doc__, argv)
    with bench_database(args.database_url) as database:
        school = generate_school()
        url = database_url(database, args.database_url)
        GroupTeacher.create(group=school.group_ids[0], teacher=school.teacher)
        database.close()
        client = page_client(url, school.teacher)
        page = f"/groepen/{school.group_ids[0]}/matrix"
        html = get(client, page).get_data(as_text=True)
        cells = html.count('<td class="s-')
        label = "goal matrix page 30 pupils x 300 goals"
        print(f"database {type(database).__name__}: {label}, {cells} filled cells, {len(html) // 1024} kB of HTML")
        result = best_of(lambda: measure(lambda: get(client, page), args.repeat), args.rounds)
        with QueryLog() as small:
            get(client, f"/groepen/{school.small_group_id}/matrix?niveau=1")
        print(f"{label}: queries {result.queries}")
        print(f"goal matrix page small group ({school.small_group_id}, level 1): queries {small.count}")
        print_page_times("goal matrix page 30x300", result, args.repeat)
        fixed = small.count == result.queries
        print(f"query count independent of pupils and goals: {'yes' if fixed else 'NO'}")
        return 0 if fixed and result.ratio <= 3 else 1


if __name__ == "__main__":
    run(main)
