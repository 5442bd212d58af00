"""The scheduler process (jobs.worker): its jobs, a real worker process, and no scheduler in the web process."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

import migrations
import models
from database import bind_database
from jobs import worker

ROOT = Path(__file__).resolve().parents[2]


def _jobs(app):
    """The scheduler's jobs as they are once started (paused: nothing runs), then stopped again."""
    scheduler = worker.build_scheduler(app, scheduler_class=BackgroundScheduler)
    scheduler.start(paused=True)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=False)
    return scheduler, jobs


def test_jobs_have_ids_coalesce_and_a_grace_time(app):
    scheduler, jobs = _jobs(app)
    assert set(jobs) == {"period_rollover", "catch_up"}  # no LAS link configured: no sync job
    assert str(scheduler.timezone) == "Europe/Amsterdam"
    job = jobs["period_rollover"]
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, worker.MISFIRE_GRACE_SECONDS)
    assert (str(job.trigger.fields[5]), str(job.trigger.fields[6])) == ("0", "5")  # hour, minute: 00:05


def test_las_sync_job_at_the_configured_time_when_a_source_is_set(app):
    app.config.update(LAS_SYNC_URL="https://las.example/export.xml", LAS_SYNC_TIME="06:30")
    _, jobs = _jobs(app)
    trigger = jobs["las_sync"].trigger
    assert (str(trigger.fields[5]), str(trigger.fields[6])) == ("6", "30")
    app.config.update(LAS_SYNC_TIME="half zeven")
    with pytest.raises(ValueError, match="UU:MM"):
        _jobs(app)


def test_scheduled_for_is_the_latest_fire_time():
    trigger = worker.daily_trigger("00:05")
    moment = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
    assert worker.last_fire_time(trigger, moment) == dt.datetime(2027, 1, 9, 23, 5)  # 00:05 CET in UTC


WEB_CHECK = textwrap.dedent("""
    import gc, sys, threading
    from app import create_app
    app = create_app({"TESTING": True, "DATABASE_URL": sys.argv[1], "SECRET_KEY": "x"})
    for path in ("/", "/login", "/admin/"):
        app.test_client().get(path)
    schedulers = []
    if "apscheduler.schedulers.base" in sys.modules:
        from apscheduler.schedulers.base import BaseScheduler
        schedulers = [o for o in gc.get_objects() if isinstance(o, BaseScheduler)]
    print("worker-imported", "jobs.worker" in sys.modules)
    print("schedulers", len(schedulers))
    print("scheduler-threads", [t.name for t in threading.enumerate() if "APScheduler" in t.name])
""")


def test_the_web_process_never_starts_a_scheduler(tmp_path):
    url = _prepared_database(tmp_path / "web.db", due=False)
    result = subprocess.run(
        [sys.executable, "-c", WEB_CHECK, url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["worker-imported False", "schedulers 0", "scheduler-threads []"]


def _prepared_database(path, due=True):
    """A fresh SQLite school with (when `due`) a period that started yesterday and pupils to plan."""
    from services import school
    from tests.support.factories import make_goal, make_pupil

    url = f"sqlite:///{path}"
    previous = models.db.obj
    bind_database(url)
    try:
        migrations.upgrade()
        with models.db.connection_context():
            school.ensure_defaults()
            if due:
                today = dt.date.today()
                models.Period.create(
                    school_year=models.SchoolSettings.get_current().school_year,
                    number=1,
                    name="Periode 1",
                    start_date=today - dt.timedelta(days=1),
                    end_date=today + dt.timedelta(days=60),
                )
                make_goal(level=4, period=1)
                for _ in range(3):
                    make_pupil(level=4)
    finally:
        models.db.initialize(previous)
    return url


def _query(path, sql):
    with sqlite3.connect(path, timeout=10) as conn:
        return conn.execute(sql).fetchall()


def test_worker_process_rolls_over_a_due_period_and_stops_on_sigterm(tmp_path):
    path = tmp_path / "worker.db"
    url = _prepared_database(path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "worker-test",
        "PYTHONPATH": str(ROOT),
        "LAS_SYNC_FOLDER": "",
        "LAS_SYNC_URL": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "jobs.worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _query(path, "SELECT 1 FROM job_run WHERE job = 'period_rollover' AND outcome = 'ok'"):
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the worker recorded no period rollover"
            time.sleep(0.2)
        assert _query(path, "SELECT COUNT(*) FROM plan") == [(3,)]
        assert _query(path, "SELECT rolled_over_at IS NOT NULL FROM period") == [(1,)]
        assert process.poll() is None  # still running, waiting for the next schedule
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, output
    assert "Worker stopped" in output
