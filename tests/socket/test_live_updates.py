"""Live status updates with real python-socketio clients against a real web process (serve.py).

Without Redis, a change made in another process (the worker, the bot) travels through the outbox table;
with REDIS_URL through Redis. Either way a client watching a group sees it without asking. The tests of
changes made through the web share one server (`app_server`); the outbox and Redis tests start their own.
"""

import pytest
import socketio

from models import LiveEvent, SchoolSettings
from tests.support.factories import make_goal, make_group, make_parent, make_pupil, make_teacher, put_on_plan
from tests.support.servers import (
    AppServer,
    csrf_of,
    run_as_process,
    sign_in,
)


@pytest.fixture
def school(database):
    """Groep 5a (two teachers, three pupils with ten goals each), a pupil elsewhere, a parent."""
    group = make_group("Groep 5a")
    anna = make_teacher(groups=[group], first_name="Anna", last_name="de Vries")
    bert = make_teacher(groups=[group], first_name="Bert", last_name="Smit")
    pupils = [make_pupil(groups=[group]) for _ in range(3)]
    goals = [make_goal() for _ in range(10)]
    cells = {(p.id, g.id): put_on_plan(p, g, "current") for p in pupils for g in goals}
    other = make_pupil(groups=[make_group("Groep 6b")])
    other_cell = put_on_plan(other, goals[0], "current")
    parent = make_parent(children=[pupils[0]])
    return {
        "group": group,
        "anna": anna,
        "bert": bert,
        "pupils": pupils,
        "goals": goals,
        "cells": cells,
        "other": other,
        "other_cell": other_cell,
        "parent": parent,
    }


def watch(client, kind, ident):
    assert client.call("watch", {"kind": kind, "id": ident}) == {"ok": True}


def post_status(session, url, plan_goal, status):
    token = csrf_of(session, url)
    answer = session.post(
        f"{url}/plandoelen/{plan_goal.id}/status",
        data={"status": status, "csrf_token": token},
        headers={"Accept": "application/json", "X-CSRFToken": token},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def test_a_teacher_watching_a_group_sees_a_colleagues_change_made_through_the_web(
    school,
    app_server,
    clients,
):
    url = app_server.url
    anna = clients.connect(app_server, school["anna"].login)
    watch(anna, "group", school["group"].id)
    cell = school["cells"][(school["pupils"][1].id, school["goals"][2].id)]
    post_status(sign_in(url, school["bert"].login), url, cell, "highlighted")
    data = anna.wait_for("status")
    assert data["changed_by"] == "Bert Smit"
    assert data["channel"] == "web"
    assert [(c["plan_goal"], c["pupil"], c["goal"], c["status"]) for c in data["changes"]] == [
        (cell.id, school["pupils"][1].id, school["goals"][2].id, "highlighted")
    ]
    assert data["changes"][0]["name"] and data["changes"][0]["symbol"]


def test_a_bulk_change_is_one_message_per_room(school, app_server, clients):
    pupils, goals, cells = school["pupils"], school["goals"], school["cells"]
    chosen = [cells[(p.id, g.id)] for p in pupils for g in goals]  # 30 cells
    url = app_server.url
    group_watcher = clients.connect(app_server, school["anna"].login)
    watch(group_watcher, "group", school["group"].id)
    pupil_watcher = clients.connect(app_server, school["anna"].login)
    watch(pupil_watcher, "pupil", pupils[0].id)
    bert = sign_in(url, school["bert"].login)
    token = csrf_of(bert, url)
    answer = bert.post(
        url + "/plandoelen/status",
        timeout=10,
        headers={"Accept": "application/json"},
        data={"plandoel": [c.id for c in chosen], "status": "practising", "csrf_token": token},
    )
    assert answer.status_code == 200, answer.text
    bulk = group_watcher.wait_for("status")
    mine = pupil_watcher.wait_for("status")
    marker_cell = cells[(pupils[2].id, goals[9].id)]
    post_status(bert, url, marker_cell, "achieved")  # a marker after the bulk change
    marker = group_watcher.wait_for("status", lambda data: data is not bulk)
    assert sorted(c["plan_goal"] for c in bulk["changes"]) == sorted(c.id for c in chosen)
    assert {c["status"] for c in bulk["changes"]} == {"practising"}
    assert sorted(c["plan_goal"] for c in mine["changes"]) == sorted(cells[(pupils[0].id, g.id)].id for g in goals)
    assert [(c["plan_goal"], c["status"]) for c in marker["changes"]] == [(marker_cell.id, "achieved")]
    assert group_watcher.received("status") == [bulk, marker]  # the 30 cells came as one message, then the marker


def test_a_change_in_another_process_arrives_through_the_outbox_without_redis(
    school, database_url, own_app_server, clients
):
    cell = school["cells"][(school["pupils"][0].id, school["goals"][0].id)]
    pupil, new_goal = school["pupils"][0], make_goal(title="Nieuw doel")
    anna = clients.connect(own_app_server, school["anna"].login)
    watch(anna, "group", school["group"].id)
    run_as_process(
        database_url,
        f"""
from services import plans
from services.permissions import SYSTEM
plans.change_status(SYSTEM, {cell.id}, "achieved", channel="rollover")
plans.add_goals(SYSTEM, [{pupil.id}], [{new_goal.id}])
""",
    )
    status = anna.wait_for("status")
    plans_event = anna.wait_for("plans")
    assert status["changed_by"] == "het systeem" and status["channel"] == "rollover"
    assert [(c["plan_goal"], c["status"]) for c in status["changes"]] == [(cell.id, "achieved")]
    assert plans_event["pupils"] == [pupil.id]
    assert LiveEvent.select().where(LiveEvent.room == f"watch:group:{school['group'].id}").count() == 2


@pytest.fixture
def redis_app_server(database_url, redis_server, tmp_path):
    """The app in its own process with REDIS_URL set: Flask-SocketIO's message queue."""
    with AppServer(database_url, tmp_path, redis_url=redis_server.url) as server:
        yield server


def test_a_change_in_another_process_arrives_through_redis(
    school,
    database_url,
    redis_server,
    redis_app_server,
    clients,
):
    cell = school["cells"][(school["pupils"][2].id, school["goals"][5].id)]
    anna = clients.connect(redis_app_server, school["anna"].login)
    watch(anna, "group", school["group"].id)
    run_as_process(
        database_url,
        f"""
from services import plans
from services.permissions import SYSTEM
plans.change_status(SYSTEM, {cell.id}, "highlighted", channel="bot")
""",
        redis_url=redis_server.url,
        process="bot",
    )
    status = anna.wait_for("status")
    assert [(c["plan_goal"], c["status"]) for c in status["changes"]] == [(cell.id, "highlighted")]
    assert status["channel"] == "bot"
    assert LiveEvent.select().count() == 0  # Redis carried it: nothing in the outbox


def test_watching_is_refused_to_whoever_may_not_see_it(school, app_server, clients):
    pupil, other, parent = school["pupils"][0], school["other"], school["parent"]
    SchoolSettings.update(parent_access=False).execute()
    url = app_server.url
    own = clients.connect(app_server, pupil.login)
    answer = own.call("watch", {"kind": "group", "id": school["group"].id})
    assert answer["ok"] is False
    assert own.wait_for("error")["event"] == "watch"
    assert own.call("watch", {"kind": "pupil", "id": other.id})["ok"] is False
    assert own.call("watch", {"kind": "pupil", "id": "drop table"})["ok"] is False
    watch(own, "pupil", pupil.id)  # a pupil may follow their own plan

    ouder = clients.connect(app_server, parent.login)
    assert ouder.call("watch", {"kind": "pupil", "id": pupil.id})["ok"] is False  # no parent access

    with pytest.raises(socketio.exceptions.ConnectionError):
        clients.connect(app_server)  # signed out: no connection at all

    bert = sign_in(url, school["bert"].login)
    post_status(bert, url, school["cells"][(school["pupils"][1].id, school["goals"][0].id)], "achieved")
    post_status(bert, url, school["cells"][(pupil.id, school["goals"][0].id)], "practising")
    first = own.wait_for("status")
    assert [c["pupil"] for c in first["changes"]] == [pupil.id]  # a classmate's change never reached them
    assert ouder.received("status") == []


def test_the_outbox_poller_emits_each_new_row_once_and_prunes_old_ones(database, monkeypatch):
    import datetime as dt

    import realtime
    from models import now

    sent = []
    monkeypatch.setattr(realtime.socketio, "emit", lambda event, data, to: sent.append((event, data, to)))
    realtime._write_outbox([("status", {"n": 0}, "watch:group:1")])  # before start-up: not replayed
    poller = realtime.OutboxPoller()
    assert poller.poll_once() == 0
    realtime._write_outbox([("status", {"n": 1}, "watch:group:1"), ("plans", {"n": 2}, "watch:pupil:3")])
    assert poller.poll_once() == 2
    assert poller.poll_once() == 0
    assert sent == [("status", {"n": 1}, "watch:group:1"), ("plans", {"n": 2}, "watch:pupil:3")]

    # PostgreSQL may commit a lower id after a higher one was seen: a recent row is still picked up.
    poller.last_id += 5
    realtime._write_outbox([("status", {"n": 3}, "watch:group:1")])
    assert poller.poll_once() == 1 and sent[-1][1] == {"n": 3}

    LiveEvent.update(created_at=now() - dt.timedelta(seconds=realtime.KEEP_SECONDS + 1)).execute()
    poller.pruned_at = None
    poller.poll_once()
    assert [row.data for row in LiveEvent.select()] == ['{"n": 3}']  # the newest row stays: ids never restart


def test_an_event_for_a_list_of_rooms_reaches_each_room_through_the_outbox(database, monkeypatch):
    import realtime

    sent = []
    monkeypatch.setattr(realtime.socketio, "emit", lambda event, data, to: sent.append((event, data, to)))
    poller = realtime.OutboxPoller()
    poller.poll_once()
    realtime._write_outbox([("unread", {"room": "group:4"}, ["user:1", "user:2"]), ("unread", {}, [])])
    assert poller.poll_once() == 2
    assert sent == [("unread", {"room": "group:4"}, "user:1"), ("unread", {"room": "group:4"}, "user:2")]
