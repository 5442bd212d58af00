"""Fresh planner statistics after bulk writes (PostgreSQL).

PostgreSQL plans a query from statistics that autovacuum refreshes some time after the rows changed. Right
after an import, a LAS sync or a rollover has written thousands of rows they are stale, and the planner can
pick a plan that grows with pupils x goals: the period rollover of 4,000 pupils and 1,000 goals merged plan
goals by pupil alone and discarded four million rows. So the bulk writers ANALYZE the tables they read next
and the tables they wrote, which costs a sample of each table (tens of milliseconds). SQLite plans without
statistics unless ANALYZE was run once, so there is nothing to refresh.
"""

from models import PostgresqlDatabase, db


def refresh(*models):
    """ANALYZE these tables on PostgreSQL (inside or outside a transaction); nothing on SQLite."""
    if models and isinstance(db.obj, PostgresqlDatabase):
        db.execute_sql("ANALYZE " + ", ".join(f'"{model._meta.table_name}"' for model in models))
