"""The scheduler process, run as `python -m jobs.worker` (Procfile: `worker: python -m jobs.worker`).

One process runs the schedule for the whole school: APScheduler 3 keeps its jobs in this process's memory,
so a scheduler inside the web app would run every job once per web worker. Jobs:

- `period_rollover`: daily at 00:05, rolls over every period of this school year that has started;
- `las_sync`: daily at LAS_SYNC_TIME, only when LAS_SYNC_FOLDER or LAS_SYNC_URL is set;
- `catch_up`: once on start, for whatever was missed while the process was down.

What the jobs change reaches open browsers live through `realtime` (Redis with REDIS_URL, else the outbox).
"""

import datetime as dt
import logging
import signal

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from jobs import tasks
from services import clock

log = logging.getLogger("jobs.worker")

PERIOD_ROLLOVER_AT = "00:05"
MISFIRE_GRACE_SECONDS = 6 * 3600  # a run delayed by a busy or paused process still happens that day


def daily_trigger(at):
    """A CronTrigger for "HH:MM" every day in the school's time zone."""
    try:
        hour, minute = (int(part) for part in at.split(":"))
    except (AttributeError, ValueError):
        raise ValueError(f"Tijdstip {at!r} heeft niet de vorm UU:MM.") from None
    return CronTrigger(hour=hour, minute=minute, timezone=clock.TIMEZONE_NAME)


def last_fire_time(trigger, now=None):
    """The time this run was scheduled for: the trigger's latest fire time up to now, as naive UTC."""
    now = now or dt.datetime.now(dt.UTC)
    fire, previous = trigger.get_next_fire_time(None, now - dt.timedelta(days=1, minutes=1)), None
    while fire is not None and fire <= now:
        previous, fire = fire, trigger.get_next_fire_time(fire, fire + dt.timedelta(seconds=1))
    return previous.astimezone(dt.UTC).replace(tzinfo=None) if previous else None


def _scheduled_run(job_function, app, trigger):
    job_function(app, scheduled_for=last_fire_time(trigger))


def build_scheduler(app, scheduler_class=BlockingScheduler):
    """The scheduler with every job of this app; `scheduler_class` lets tests use a background one."""
    scheduler = scheduler_class(
        timezone=clock.TIMEZONE_NAME,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
    )
    trigger = daily_trigger(PERIOD_ROLLOVER_AT)
    scheduler.add_job(
        _scheduled_run,
        trigger,
        args=[tasks.period_rollover_job, app, trigger],
        id=tasks.PERIOD_ROLLOVER,
        name="Periodewissel",
        replace_existing=True,
    )
    if tasks.las_sync_configured(app.config):
        trigger = daily_trigger(app.config["LAS_SYNC_TIME"])
        scheduler.add_job(
            _scheduled_run,
            trigger,
            args=[tasks.las_sync_job, app, trigger],
            id=tasks.LAS_SYNC,
            name="LAS-synchronisatie",
            replace_existing=True,
        )
    scheduler.add_job(tasks.catch_up, "date", args=[app], id="catch_up", name="Inhalen na start", replace_existing=True)
    return scheduler


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    import realtime
    from app import create_app

    app = create_app()
    realtime.configure(app, process="worker")  # live pushes through Redis, or the outbox without it
    scheduler = build_scheduler(app)

    def stop(signum, frame):
        """SIGTERM or SIGINT: let a running job finish its transaction, then leave."""
        log.info("Signal %s: stopping after the running jobs", signum)
        if scheduler.running:
            scheduler.shutdown(wait=True)
        else:
            raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("Worker started: %s", ", ".join(job.id for job in scheduler.get_jobs()))
    with app.app_context():
        scheduler.start()
    log.info("Worker stopped")


if __name__ == "__main__":
    main()
