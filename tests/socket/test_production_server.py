"""The production server (gunicorn with one gevent worker, as the Procfile starts it) without Redis, as
scripts/start runs it: its background tasks are greenlets on the event loop, and both still do their work.
The outbox poller emits a change made in another process; the access sweep takes a pupil who left the group
out of its chat. (The scale-out test runs two of these servers with Redis: test_redis_scaleout.py.)"""

import pytest

from models import GroupMember
from tests.support.factories import make_goal, make_group, make_pupil, make_teacher, put_on_plan
from tests.support.servers import AppServer, run_as_process
from web.socket_access import LEFT


@pytest.fixture
def school(database):
    ans = make_teacher(first_name="Ans")
    sam, noor = make_pupil(first_name="Sam"), make_pupil(first_name="Noor")
    group = make_group(name="Groep 5a", teachers=[ans], pupils=[sam, noor])
    cell = put_on_plan(sam, make_goal(title="Tafels van 3"), "current")
    return {"ans": ans, "sam": sam, "noor": noor, "group": group, "cell": cell, "room": f"group:{group.id}"}


@pytest.fixture
def production_server(database_url, tmp_path):
    """One gunicorn process for one test (its outbox poller starts on this test's rows), sweeping often."""
    with AppServer(database_url, tmp_path / "server", production=True, sweep_seconds=0.2) as server:
        yield server


def test_a_change_in_the_worker_reaches_a_watching_teacher_through_the_outbox(
    school, database_url, production_server, clients
):
    ans = clients.connect(production_server, school["ans"].login)
    assert ans.call("watch", {"kind": "group", "id": school["group"].id}) == {"ok": True}
    run_as_process(
        database_url,
        f"""
from services import plans
from services.permissions import SYSTEM
plans.change_status(SYSTEM, {school["cell"].id}, "achieved", channel="rollover")
""",
    )
    status = ans.wait_for("status")
    assert [(c["plan_goal"], c["status"]) for c in status["changes"]] == [(school["cell"].id, "achieved")]


def test_the_access_sweep_takes_a_pupil_who_left_out_of_the_chat(school, production_server, clients):
    ans, sam, noor = (clients.connect(production_server, school[who].login) for who in ("ans", "sam", "noor"))
    for client in (ans, sam, noor):
        client.join(school["room"])
    GroupMember.delete().where(GroupMember.pupil == school["sam"].id).execute()

    assert sam.wait_for("left") == {"room": school["room"], "message": LEFT}
    sent = ans.call("send", {"room": school["room"], "body": "alleen voor de groep"})
    noor.wait_for("message", lambda m: m["id"] == sent["id"])
    sam.settle()
    assert sam.received("message") == []
