"""Signals go out after the commit: a caller's outer transaction defers them, a rollback drops them.

Runs on the suite's database (SQLite, or PostgreSQL with TEST_DATABASE_URL), so both kinds are covered.
"""

import threading

import pytest

import models
from models import PlanGoal
from services import events, plans
from services.permissions import SYSTEM
from tests.support.factories import make_goal, make_group, make_pupil, make_teacher, put_on_plan


@pytest.fixture
def received():
    """What statuses_changed and plans_changed deliver: (signal name, kwargs), in order."""
    got = []

    def on_statuses(sender, **kwargs):
        got.append(("statuses", kwargs))

    def on_plans(sender, **kwargs):
        got.append(("plans", kwargs))

    events.statuses_changed.connect(on_statuses, weak=False)
    events.plans_changed.connect(on_plans, weak=False)
    yield got
    events.statuses_changed.disconnect(on_statuses)
    events.plans_changed.disconnect(on_plans)


@pytest.fixture
def plan_goal(database):
    group = make_group()
    make_teacher(groups=[group])
    pupil = make_pupil(groups=[group])
    return put_on_plan(pupil, make_goal(), "current")


def status_seen_by_another_connection(plan_goal_id):
    """The status key another thread (so another connection) reads: only committed data is visible there."""
    seen = []

    def read():
        with models.db.connection_context():
            seen.append(PlanGoal.get_by_id(plan_goal_id).status.key)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen[0]


def test_outside_a_transaction_a_signal_goes_out_at_once(plan_goal, received):
    plans.change_status(SYSTEM, plan_goal, "practising")
    assert [name for name, _ in received] == ["statuses"]
    assert received[0][1]["plan_goals"][0].id == plan_goal.id
    assert received[0][1]["plan_goals"][0].status.key == "practising"


def test_inside_an_outer_transaction_signals_wait_for_its_commit(plan_goal, received):
    with models.db.atomic():
        plans.change_status(SYSTEM, plan_goal, "practising")
        plans.change_status(SYSTEM, plan_goal, "achieved", channel="import")
        assert received == []  # not committed yet: nobody hears of it
    assert [kwargs["plan_goals"][0].status.key for _, kwargs in received] == ["practising", "achieved"]
    assert received[1][1]["channel"] == "import"


def test_a_receiver_runs_after_the_commit_and_sees_the_committed_change(plan_goal):
    seen = []

    def listener(sender, plan_goals, **kwargs):
        seen.append(status_seen_by_another_connection(plan_goals[0].id))

    events.statuses_changed.connect(listener, weak=False)
    try:
        with models.db.atomic():
            with models.db.atomic():
                plans.change_status(SYSTEM, plan_goal, "highlighted")
    finally:
        events.statuses_changed.disconnect(listener)
    assert seen == ["highlighted"]


def test_a_rolled_back_transaction_sends_nothing(plan_goal, received):
    with pytest.raises(RuntimeError):
        with models.db.atomic():
            plans.change_status(SYSTEM, plan_goal, "practising")
            raise RuntimeError("import failed halfway")
    assert received == []
    assert PlanGoal.get_by_id(plan_goal.id).status.key == "current"
    plans.change_status(SYSTEM, plan_goal, "achieved")  # the queue was emptied, not carried over
    assert [kwargs["plan_goals"][0].status.key for _, kwargs in received] == ["achieved"]


def test_a_rolled_back_savepoint_drops_only_its_own_signals(plan_goal, received):
    other = put_on_plan(plan_goal.pupil, make_goal(), "current")
    with models.db.atomic():
        plans.change_status(SYSTEM, plan_goal, "practising")
        with pytest.raises(RuntimeError):
            with models.db.atomic():
                plans.change_status(SYSTEM, other, "achieved")
                raise RuntimeError("this part fails")
        plans.add_goals(SYSTEM, [plan_goal.pupil], [make_goal()])
    assert [name for name, _ in received] == ["statuses", "plans"]
    assert received[0][1]["plan_goals"][0].id == plan_goal.id
    assert PlanGoal.get_by_id(other.id).status.key == "current"


def test_an_explicit_savepoint_rollback_drops_what_it_queued(plan_goal, received):
    with models.db.atomic():
        with models.db.atomic() as savepoint:
            plans.change_status(SYSTEM, plan_goal, "practising")
            savepoint.rollback()
        plans.change_status(SYSTEM, plan_goal, "achieved")
    assert [kwargs["plan_goals"][0].status.key for _, kwargs in received] == ["achieved"]


def test_a_failing_receiver_neither_breaks_the_sender_nor_silences_the_others(plan_goal, received):
    def broken(sender, **kwargs):
        raise ValueError("listener bug")

    events.statuses_changed.connect(broken, weak=False)
    try:
        with models.db.atomic():
            plans.change_status(SYSTEM, plan_goal, "practising")
        plans.change_status(SYSTEM, plan_goal, "achieved")
    finally:
        events.statuses_changed.disconnect(broken)
    assert [kwargs["plan_goals"][0].status.key for _, kwargs in received] == ["practising", "achieved"]
    assert PlanGoal.get_by_id(plan_goal.id).status.key == "achieved"


def test_signals_queued_on_one_thread_wait_for_that_threads_commit(plan_goal, received):
    """The queue belongs to the thread's connection: another thread, not in a transaction (on SQLite it could
    not write while this one holds the write lock), sends its own at once and nothing of this thread's."""

    def elsewhere():
        with models.db.connection_context():
            events.statuses_changed.send(None, plan_goals=[plan_goal], actor=SYSTEM, channel="web")

    with models.db.atomic():
        events.plans_changed.send(None, pupils=[plan_goal.pupil_id], goals=None, actor=SYSTEM)
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        assert [name for name, _ in received] == ["statuses"]
    assert [name for name, _ in received] == ["statuses", "plans"]
