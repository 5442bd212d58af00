"""The scheduled jobs. Each opens its own connection, runs inside the app's context and records a JobRun;
a failure is recorded with its error and never raised, so that the scheduler simply runs the job again at
its next time.

    period_rollover_job(app, scheduled_for=None, today=None) -> JobRun
    las_sync_job(app, scheduled_for=None) -> JobRun
    catch_up(app, now=None) -> [JobRun]     # once on start: whatever was missed while the worker was down

The learning-square reminders are the bot process's own job (chatbot/reminders.py): it talks to Telegram.
Recording a run is services.job_runs, which the bot uses too.
"""

import datetime as dt
import logging

from models import LasSyncRun, SchoolSettings, db
from models import now as utc_now
from services import clock, permissions, rollover
from services.job_runs import JobFailed, run_recorded

log = logging.getLogger(__name__)

PERIOD_ROLLOVER = "period_rollover"
LAS_SYNC = "las_sync"
SYNC_OK = ("ok", "unchanged")


# --- Period rollover -------------------------------------------------------------------------------------


def period_rollover_check(today=None):
    """Roll over every period of the running school year that has started and was not rolled over yet."""
    done = []
    for period in rollover.due_periods(today or clock.today()):
        result = rollover.period_rollover(permissions.SYSTEM, period)
        done.append({"period": period.name, "plans": result.plans, "done": result.done})
    newcomers = rollover.plans_for_newcomers(permissions.SYSTEM)  # anyone the day's imports left without
    return {"periods": done, "newcomer_plans": newcomers.pupils if newcomers else 0}


def period_rollover_job(app, scheduled_for=None, today=None):
    with app.app_context():
        return run_recorded(PERIOD_ROLLOVER, lambda: period_rollover_check(today), scheduled_for)


# --- LAS sync ----------------------------------------------------------------------------------------------


def las_sync_configured(config):
    return bool(config.get("LAS_SYNC_FOLDER") or config.get("LAS_SYNC_URL"))


def las_sync(config):
    """One sync from the configured folder or URL, as the system; a failed sync run fails the job too."""
    from services import las as sync  # only the worker needs it; imported when the job runs

    options = {
        "sync_parents": config.get("LAS_SYNC_PARENTS", False),
        "expected_brin": SchoolSettings.get_current().brin,
    }
    if config.get("LAS_SYNC_FOLDER"):
        run = sync.sync_from_folder(permissions.SYSTEM, config["LAS_SYNC_FOLDER"], **options)
    else:
        run = sync.sync_from_url(permissions.SYSTEM, config["LAS_SYNC_URL"], **options)
    if run is None:
        return {"sync_run": None}
    counts = {"sync_run": run.id, "outcome": run.outcome}
    if run.outcome not in SYNC_OK:
        raise JobFailed(f"LAS-synchronisatie {run.id} mislukt: {run.errors}")
    return counts


def las_sync_job(app, scheduled_for=None):
    with app.app_context():
        return run_recorded(LAS_SYNC, lambda: las_sync(app.config), scheduled_for)


def las_sync_due(now=None):
    """True when no sync succeeded within the last day."""
    now = now or utc_now()
    last = (
        LasSyncRun.select(LasSyncRun.finished_at)
        .where(LasSyncRun.outcome.in_(SYNC_OK) & LasSyncRun.finished_at.is_null(False))
        .order_by(LasSyncRun.finished_at.desc())
        .first()
    )
    return last is None or last.finished_at < now - dt.timedelta(days=1)


# --- On start ----------------------------------------------------------------------------------------------


def catch_up(app, now=None):
    """Run once on start what may have been missed: the period check always, the sync when it is overdue."""
    runs = [period_rollover_job(app)]
    if las_sync_configured(app.config):
        with app.app_context(), db.connection_context():
            due = las_sync_due(now)
        if due:
            runs.append(las_sync_job(app))
    return runs
