"""The job functions (jobs.tasks): each records a JobRun, a failure is recorded and never raised."""

import datetime as dt
import json
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

import services
from jobs import tasks, worker
from models import JobRun, LasSyncRun, Period, Plan, SchoolSettings, now
from services import clock, permissions, rollover
from tests.support.factories import make_goal, make_pupil


@pytest.fixture
def due_period(database):
    """A period of this school year that started yesterday, with a goal for level-4 pupils."""
    today = clock.today()
    make_goal(level=4, period=2)
    return Period.create(
        school_year=SchoolSettings.get_current().school_year,
        number=2,
        name="Periode 2",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=60),
    )


class FakeSync:
    """Stands in for services.las_sync: records its calls and returns a run with the given outcome."""

    def __init__(self, outcome="ok"):
        self.outcome, self.calls = outcome, []

    def _run(self, kind, actor, where, **options):
        self.calls.append((kind, actor, where, options))
        return LasSyncRun.create(
            source=kind,
            outcome=self.outcome,
            finished_at=now(),
            errors="" if self.outcome != "failed" else "Geen EDEXML-bestand",
        )

    def sync_from_folder(self, actor, folder, **options):
        return self._run("folder", actor, folder, **options)

    def sync_from_url(self, actor, url, **options):
        return self._run("url", actor, url, **options)


def test_period_job_rolls_over_due_periods_and_records_the_run(app, due_period):
    pupils = [make_pupil(level=4) for _ in range(3)]

    run = tasks.period_rollover_job(app)

    assert (run.job, run.outcome, run.error) == ("period_rollover", "ok", "")
    assert run.finished_at is not None
    assert json.loads(run.counts) == {
        "periods": [{"period": "Periode 2", "plans": 3, "done": True}],
        "newcomer_plans": 0,
    }
    assert Plan.select().where(Plan.period == due_period).count() == len(pupils)
    assert Period.get_by_id(due_period.id).rolled_over_at is not None
    # Nothing due any more; a pupil who arrived since (say, typed in by hand) gets the period's plan.
    newcomer = make_pupil(level=4)
    assert json.loads(tasks.period_rollover_job(app).counts) == {"periods": [], "newcomer_plans": 1}
    assert Plan.get(Plan.pupil == newcomer).period_id == due_period.id


def test_a_failing_job_is_recorded_and_runs_again_next_time(app, due_period, monkeypatch):
    make_pupil(level=4)
    monkeypatch.setattr(rollover, "period_rollover", lambda actor, period: 1 / 0)

    failed = tasks.period_rollover_job(app)  # does not raise

    assert failed.outcome == "failed" and "ZeroDivisionError" in failed.error and failed.finished_at
    assert Period.get_by_id(due_period.id).rolled_over_at is None
    monkeypatch.undo()
    assert tasks.period_rollover_job(app).outcome == "ok"
    assert [r.outcome for r in JobRun.select().order_by(JobRun.id)] == ["failed", "ok"]


def test_las_sync_job_calls_the_sync_as_the_system_with_the_settings(app, monkeypatch):
    fake = FakeSync()
    monkeypatch.setattr(services, "las", fake, raising=False)
    SchoolSettings.update(brin="12AB").execute()
    app.config.update(LAS_SYNC_FOLDER="/srv/las", LAS_SYNC_PARENTS=True)

    run = tasks.las_sync_job(app)

    assert run.outcome == "ok"
    assert fake.calls == [("folder", permissions.SYSTEM, "/srv/las", {"sync_parents": True, "expected_brin": "12AB"})]
    app.config.update(LAS_SYNC_FOLDER=None, LAS_SYNC_URL="https://las.example/export.xml")
    tasks.las_sync_job(app)
    assert fake.calls[-1][:3] == ("url", permissions.SYSTEM, "https://las.example/export.xml")


def test_a_rejected_las_file_fails_the_job(app, monkeypatch):
    monkeypatch.setattr(services, "las", FakeSync("failed"), raising=False)
    app.config.update(LAS_SYNC_FOLDER="/srv/las")
    run = tasks.las_sync_job(app)
    assert run.outcome == "failed" and "Geen EDEXML-bestand" in run.error


def test_las_sync_is_due_without_a_successful_run_in_the_last_day(database):
    assert tasks.las_sync_due()
    LasSyncRun.create(source="folder", outcome="failed", finished_at=now())
    assert tasks.las_sync_due()
    LasSyncRun.create(source="folder", outcome="unchanged", finished_at=now() - dt.timedelta(hours=2))
    assert not tasks.las_sync_due()
    assert tasks.las_sync_due(now() + dt.timedelta(hours=23))


def test_catch_up_runs_the_period_check_and_an_overdue_sync_once(app, due_period, monkeypatch):
    make_pupil(level=4)
    fake = FakeSync()
    monkeypatch.setattr(services, "las", fake, raising=False)
    app.config.update(LAS_SYNC_FOLDER="/srv/las")

    runs = tasks.catch_up(app)

    assert [(r.job, r.outcome) for r in runs] == [("period_rollover", "ok"), ("las_sync", "ok")]
    assert Period.get_by_id(due_period.id).rolled_over_at is not None
    # Restarted an hour later: the sync ran less than a day ago, so only the (idle) period check runs.
    assert [r.job for r in tasks.catch_up(app)] == ["period_rollover"]
    assert len(fake.calls) == 1


def test_catch_up_leaves_the_sync_alone_when_no_las_link_is_set(app):
    assert [r.job for r in tasks.catch_up(app)] == ["period_rollover"]


def test_scheduler_keeps_running_after_a_failed_job(app, due_period, monkeypatch):
    make_pupil(level=4)
    monkeypatch.setattr(rollover, "period_rollover", lambda actor, period: 1 / 0)
    scheduler = worker.build_scheduler(app, scheduler_class=BackgroundScheduler)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while not JobRun.select().where(JobRun.outcome == "failed").exists():
            assert time.monotonic() < deadline, "no failed JobRun recorded"
            time.sleep(0.1)
        assert scheduler.running
        assert scheduler.get_job("period_rollover").next_run_time > dt.datetime.now(dt.UTC)
        monkeypatch.undo()
        scheduler.modify_job("period_rollover", next_run_time=dt.datetime.now(dt.UTC))
        while not JobRun.select().where(JobRun.outcome == "ok").exists():
            assert time.monotonic() < deadline, "the next run did not succeed"
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
    assert Period.get_by_id(due_period.id).rolled_over_at is not None


def test_las_sync_job_with_the_real_sync_and_an_empty_folder(app, tmp_path):
    app.config.update(LAS_SYNC_FOLDER=str(tmp_path))
    run = tasks.las_sync_job(app)
    assert run.outcome == "ok" and json.loads(run.counts)["outcome"] == "unchanged"
    app.config.update(LAS_SYNC_FOLDER=str(tmp_path / "missing"))
    assert tasks.las_sync_job(app).outcome == "failed"
