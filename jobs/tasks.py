"""The scheduled jobs. Each opens its own connection, runs inside the app's context and records a JobRun;
a failure is recorded with its error and never raised, so that the scheduler simply runs the job again at
its next time.

    period_rollover_job(app, scheduled_for=None, today=None) -> JobRun
    las_sync_job(app, scheduled_for=None) -> JobRun
    bot_reminders_job(app, now=None) -> JobRun | None   # every minute: the pupil bot's reminders
    catch_up(app, now=None) -> [JobRun]     # once on start: whatever was missed while the worker was down
"""

import datetime as dt
import json
import logging
import traceback

from models import JobRun, LasSyncRun, SchoolSettings, db
from models import now as utc_now
from services import clock, permissions, rollover

log = logging.getLogger(__name__)

PERIOD_ROLLOVER = "period_rollover"
LAS_SYNC = "las_sync"
BOT_REMINDERS = "bot_reminders"
SYNC_OK = ("ok", "unchanged")


class JobFailed(Exception):
    """The work ran but reported a failure of its own (for example a rejected LAS file)."""


def run_recorded(job, work, scheduled_for=None):
    """Run `work()` (returning a dict of counts) with its own connection and record it as a JobRun."""
    try:
        with db.connection_context():
            run = JobRun.create(job=job, scheduled_for=scheduled_for)
            try:
                counts = work() or {}
                run.outcome, run.counts = "ok", json.dumps(counts, default=str)
            except Exception as exc:
                log.exception("Job %s failed", job)
                run.outcome = "failed"
                run.error = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}"[:10000]
            run.finished_at = utc_now()
            run.save()
            return run
    except Exception:
        log.exception("Job %s could not be recorded", job)
        return None


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


# --- Pupil bot reminders -----------------------------------------------------------------------------------


def bot_reminders_configured(config):
    return bool(config.get("TELEGRAM_BOT_TOKEN"))


def send_bot_reminders(config, due):
    """Send the due reminders through Telegram and record the device chats' messages for their sign-out.
    A reminder Telegram surely did not deliver is given back, so the next minute tries it again."""
    import asyncio

    from chatbot import reminders
    from services import bot as pupil_bot

    async def send():
        async with reminders.bot_for(config) as bot:
            return await reminders.send_reminders(bot, due)

    sent, failed = asyncio.run(send())
    for message in sent:
        pupil_bot.record_message(message.chat_id, message.message_id, message.pupil)
    again = [reminder for reminder, retry in failed if retry]
    pupil_bot.release_reminders(again)
    if failed and not sent:
        raise JobFailed(
            f"Geen van de {len(failed)} herinneringen kon verstuurd worden (Telegram onbereikbaar?); "
            f"{len(again)} worden de volgende minuut opnieuw geprobeerd."
        )
    return {"due": len(due), "sent": len(sent), "failed": len(failed), "retried": len(again)}


def bot_reminders_job(app, now=None):
    """Every minute: send the reminders due five minutes before the end of a learning-square block.

    Recorded as a JobRun only when there was something to send (or finding out failed): not 1,440 empty
    runs a day. Without TELEGRAM_BOT_TOKEN it does nothing."""
    if not bot_reminders_configured(app.config):
        return None
    from services import bot as pupil_bot

    with app.app_context():
        try:
            with db.connection_context():
                due = pupil_bot.reminders_due(now)
        except Exception as exc:
            log.exception("Finding the due reminders failed")
            error = exc

            def fail():
                raise error

            return run_recorded(BOT_REMINDERS, fail)
        if not due:
            return None
        return run_recorded(BOT_REMINDERS, lambda: send_bot_reminders(app.config, due))


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
