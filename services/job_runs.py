"""Runs of scheduled work (JobRun): when each ran, its outcome, its counts and its error, for the admin's
screens. The worker records its jobs here, and so does the bot for its learning-square reminders.

    run_recorded(job, work, scheduled_for=None) -> JobRun | None   runs work() and records how it went
    record(job, counts=None, error=None) -> JobRun | None          records work that ran elsewhere

A failure is recorded with its error and never raised: the scheduler simply runs the job again at its next
time. Each call opens a connection of its own.
"""

import json
import logging
import traceback

from models import JobRun, db, now

log = logging.getLogger("jobs")

__all__ = ["JobFailed", "record", "run_recorded"]


class JobFailed(Exception):
    """The work ran but reported a failure of its own (for example a rejected LAS file)."""


def _error_text(exc):
    return f"{type(exc).__name__}: {exc}\n\n{''.join(traceback.format_exception(exc))}"[:10000]


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
                run.outcome, run.error = "failed", _error_text(exc)
            run.finished_at = now()
            run.save()
            return run
    except Exception:
        log.exception("Job %s could not be recorded", job)
        return None


def record(job, counts=None, error=None):
    """Record a run that has already happened: ok with its counts, or failed with `error` (an exception)."""

    def replay():
        if error is not None:
            raise error
        return counts

    return run_recorded(job, replay)
