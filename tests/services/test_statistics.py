"""Bulk writers refresh PostgreSQL's planner statistics (services.statistics): the period rollover ANALYZEs the
tables it reads before it writes and those it wrote after, so a plan that grows with pupils x goals cannot
come from statistics left stale by an import; on SQLite nothing is sent."""

import datetime as dt

from models import Period, PostgresqlDatabase, SchoolSettings, db
from services import permissions, rollover, statistics
from tests.support.databases import QueryLog
from tests.support.factories import make_goal, make_pupil


def _analyzed(statements):
    return [sql for sql, _ in statements if sql.startswith("ANALYZE")]


def test_the_period_rollover_refreshes_statistics_before_and_after_on_postgresql(database):
    year = SchoolSettings.get_current().school_year
    period = Period.create(
        school_year=year, number=1, name="Periode 1", start_date=dt.date(2026, 8, 24), end_date=dt.date(2026, 11, 1)
    )
    make_goal(level=4, period=1)
    make_pupil(level=4)
    with QueryLog() as log:
        assert rollover.period_rollover(permissions.SYSTEM, period).done
    analyzed = _analyzed(log.statements)
    if isinstance(db.obj, PostgresqlDatabase):
        assert len(analyzed) == 2
        first_write = next(i for i, (sql, _) in enumerate(log.statements) if sql.startswith(("UPDATE", "INSERT")))
        assert '"plan_goal"' in analyzed[0]
        assert [sql for sql, _ in log.statements].index(analyzed[0]) < first_write  # before any write
        assert '"status_change"' in analyzed[1]
    else:
        assert analyzed == []


def test_refresh_analyzes_the_named_tables_on_postgresql_only(database):
    from models import Plan, PlanGoal

    with QueryLog() as log:
        statistics.refresh(Plan, PlanGoal)
        statistics.refresh()
    expected = ['ANALYZE "plan", "plan_goal"'] if isinstance(db.obj, PostgresqlDatabase) else []
    assert _analyzed(log.statements) == expected
