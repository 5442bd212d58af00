"""Benchmark of the pupil import (issue 3, point 6): a 1,000-pupil sheet, imported whole into an empty school.

    .venv/bin/python bench/import_pupils.py [--pupils 1000] [--repeat 5] [--database-url postgresql://...]
                                            [--chosen-passwords]

Times, in one run and interleaved, openpyxl alone reading the sheet (read-only, every row) and a full
`services.imports.apply` (checks, password hashes, inserts, group memberships, audit line) into an empty
database, best of `--repeat` each, and prints the ratio (target: within 2x). The import uses the production
password profile. The sheet leaves Wachtwoord empty, so every pupil gets a generated password;
`--chosen-passwords` fills the column instead, which costs a full argon2 hash per pupil (shown apart, no
target). Without --database-url a temporary SQLite file is used; with a PostgreSQL server URL a scratch
database is created on that server and dropped afterwards.
"""

import argparse
import gc
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import openpyxl

import models
from bench.common import bench_database
from models import Group, GroupMember, GroupType, User
from services import imports, passwords, school

FIRST_NAMES = [
    "Sanne",
    "Daan",
    "Zoë",
    "Noah",
    "Emma",
    "Mohammed",
    "Anaïs",
    "Lucas",
    "Fleur",
    "Ömer",
    "Julia",
    "Sem",
    "Chloë",
    "Liam",
    "Yasmina",
    "Bram",
]
INFIXES = ["", "", "de", "van", "van der", "", "el", ""]
LAST_NAMES = ["Vries", "Jansen", "Öztürk", "Bakker", "Smit", "Meijer", "Çelik", "Visser", "Mulder", "Dekker"]


def pupil_sheet(pupils, chosen_passwords=False):
    """The filled-in pupil template: `pupils` rows spread over Groep 1..8.

    Written as Excel writes it, with the sheet's <dimension> up front (openpyxl's write-only mode leaves it
    out, which makes every reader parse the sheet twice and would flatter the ratio).
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Leerlingen"
    sheet.append([c.header for c in imports.COLUMNS["pupils"]])
    for n in range(pupils):
        level = 1 + n % 8
        sheet.append(
            [
                f"leerling{n + 1}@leerling.school.nl",
                FIRST_NAMES[n % len(FIRST_NAMES)],
                INFIXES[n % 8],
                f"{LAST_NAMES[n % len(LAST_NAMES)]}-{n + 1}",
                level,
                f"Groep {level}",
                f"gekozen-{n + 1:05d}" if chosen_passwords else None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_with_openpyxl(data):
    """The floor: what openpyxl alone needs to read every row of the sheet."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def empty_school(database):
    """Empty every table, then the defaults, an admin and the base groups Groep 1..8; return the admin."""
    models.empty_all_tables(database)
    school.ensure_defaults()
    admin = User.create(login="beheer@school.nl", password_hash="-", role="admin", first_name="Beheer", last_name="Der")
    base = GroupType.get(name="Stamgroep")
    for level in range(1, 9):
        Group.create(name=f"Groep {level}", group_type=base, school_year="2026-2027", year_level=level)
    return admin


CPU = {}  # label -> CPU seconds of the process (every thread), best run


def timed(fn, label=None):
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    if label:
        CPU[label] = min(CPU.get(label, float("inf")), time.process_time() - cpu)
    return time.perf_counter() - start, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="postgresql://... (default: temporary SQLite)")
    parser.add_argument(
        "--chosen-passwords",
        action="store_true",
        help="fill the Wachtwoord column (full argon2 hash per pupil) instead of generating",
    )
    args = parser.parse_args()

    passwords.configure(fast=False)  # the production profile
    data = pupil_sheet(args.pupils, args.chosen_passwords)
    reads, imports_, previews, reimports = [], [], [], []
    with bench_database(args.database_url, "import") as database:
        for _ in range(args.repeat):
            seconds, rows = timed(lambda: read_with_openpyxl(data), "read")
            assert rows == args.pupils + 1, rows
            reads.append(seconds)
            admin = empty_school(database)
            seconds, preview = timed(lambda: imports.preview(admin, "pupils", data))
            assert len(preview.to_create) == args.pupils and not preview.failures, preview.failures[:3]
            previews.append(seconds)
            seconds, result = timed(lambda: imports.apply(admin, "pupils", data), "import")
            assert (result.created, result.failed) == (args.pupils, 0), result.failures[:3]
            assert GroupMember.select().count() == args.pupils
            imports_.append(seconds)
            seconds, again = timed(lambda: imports.apply(admin, "pupils", data))
            assert (again.created, again.updated, again.unchanged) == (0, 0, args.pupils)
            reimports.append(seconds)
    read, full, check, second = min(reads), min(imports_), min(previews), min(reimports)
    engine = "PostgreSQL" if isinstance(database, models.PostgresqlDatabase) else "SQLite"
    print(
        f"{args.pupils} pupils, {engine}, best of {args.repeat}; "
        f"{'chosen passwords (full argon2 profile)' if args.chosen_passwords else 'generated passwords'}"
    )
    print(f"  openpyxl read only:   {read * 1000:8.1f} ms")
    print(f"  preview (no writes):  {check * 1000:8.1f} ms   ratio {check / read:.2f}")
    print(f"  import:               {full * 1000:8.1f} ms")
    print(f"  re-import (no change):{second * 1000:8.1f} ms   ratio {second / read:.2f}")
    # CPU time does not depend on what else the machine runs; it counts the hashing threads in full, so
    # on idle cores the wall-clock ratio comes out lower than this.
    print(
        f"  CPU time: read {CPU['read'] * 1000:.1f} ms, import {CPU['import'] * 1000:.1f} ms, "
        f"ratio {CPU['import'] / CPU['read']:.2f}"
    )
    rounds = sorted(i / r for i, r in zip(imports_, reads))
    print(f"  per-round ratios: {', '.join(f'{r:.2f}' for r in rounds)} (a busy machine spreads them)")
    print(f"import {args.pupils} pupils vs openpyxl read: ratio {full / read:.2f}")


if __name__ == "__main__":
    main()
