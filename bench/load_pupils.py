"""The pupils of bench/load.py: a python-socketio AsyncClient each, all in one asyncio loop, apart from the
servers under test and the teachers.

    .venv/bin/python bench/load_pupils.py PLAN.json

Every pupil signs in through the login form, connects on the WebSocket transport (spread over the web
processes in turn, as a proxy would) and joins its group chat and one goal chat of its own; then prints
"ready" on stdout and waits for a line "go" on stdin. For `morning_seconds` each pupil then posts a message
every 0 to 2 x `chat_interval` seconds, in its group chat and its goal chat by turns, and waits for the
acknowledgement. Afterwards it waits until every message has reached every member of its room (at most
`drain_seconds`) and prints one JSON line: messages sent and refused, deliveries expected, received,
missing (lost) and duplicated, and the delivery latency's percentiles.
"""

import asyncio
import collections
import json
import os
import random
import statistics
import sys
import time

import socketio

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.fanout_clients import sign_in

CONNECTING_AT_ONCE = 16
GIVE_UP_AFTER = 2 * CONNECTING_AT_ONCE  # failed connections in a row


class Pupil:
    def __init__(self, row, url, tally):
        self.row, self.url, self.tally = row, url, tally
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("message", self.on_message)

    def on_message(self, data):
        moment = time.time()
        parts = data.get("body", "").split(" ")
        if len(parts) == 3 and parts[0] == "load":
            self.tally.received[(data["room"], data["id"], self.row["login"])] += 1
            self.tally.latencies.append(moment - float(parts[2]))

    async def enter(self, password):
        cookie = await sign_in(self.url, self.row["login"], password)
        await self.client.connect(self.url, transports=["websocket"], headers={"Cookie": cookie}, wait_timeout=30)
        for room in self.row["rooms"]:
            answer = await self.client.call("join", {"room": room}, timeout=30)
            if not answer.get("ok"):
                raise RuntimeError(f"join of {room} as {self.row['login']} refused: {answer}")

    async def chat(self, until, interval, rng):
        turn = rng.randrange(2)
        await asyncio.sleep(rng.uniform(0, 2 * interval))
        while time.time() < until:
            room = self.row["rooms"][turn % len(self.row["rooms"])]
            turn += 1
            body = f"load {self.row['login']} {time.time():.6f}"
            try:
                answer = await self.client.call("send", {"room": room, "body": body}, timeout=30)
            except Exception as error:  # a timed-out acknowledgement: the message may or may not be stored
                answer = {"error": type(error).__name__}
            if answer.get("ok"):
                self.tally.sent.append((room, answer["id"]))
            else:
                self.tally.refused.append(answer.get("error"))
            await asyncio.sleep(rng.uniform(0, 2 * interval))


class Tally:
    def __init__(self):
        self.sent, self.refused, self.latencies = [], [], []
        self.received = collections.Counter()  # (room, message id, login) -> times


def expected_deliveries(tally, members):
    return [(room, message, login) for room, message in tally.sent for login in members[room]]


async def run(plan):
    urls, tally = plan["urls"], Tally()
    pupils = [Pupil(row, urls[n % len(urls)], tally) for n, row in enumerate(plan["pupils"])]
    limit = asyncio.Semaphore(CONNECTING_AT_ONCE)

    failed, in_a_row = [], [0]

    async def enter(pupil):
        async with limit:
            if in_a_row[0] >= GIVE_UP_AFTER:  # the server takes no more: the rest count as not connected
                failed.append("not tried: the server stopped accepting connections")
                return
            try:
                await asyncio.wait_for(pupil.enter(plan["password"]), plan.get("connect_timeout", 60))
                in_a_row[0] = 0
            except Exception as error:  # a server that cannot hold them all: counted, the rest go on
                failed.append(f"{type(error).__name__}: {error}"[:200])
                in_a_row[0] += 1
                await pupil.client.disconnect()

    began = time.perf_counter()
    await asyncio.gather(*(enter(p) for p in pupils))
    pupils = [p for p in pupils if p.client.connected]
    members = collections.defaultdict(list)
    for pupil in pupils:
        for room in pupil.row["rooms"]:
            members[room].append(pupil.row["login"])
    print(f"ready {len(pupils)} pupils connected in {time.perf_counter() - began:.0f} s", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
    cpu, began = time.process_time(), time.time()
    until = began + plan["morning_seconds"]
    await asyncio.gather(*(p.chat(until, plan["chat_interval"], random.Random(n)) for n, p in enumerate(pupils)))
    expected = expected_deliveries(tally, members)
    deadline = time.time() + plan["drain_seconds"]
    while time.time() < deadline and sum(1 for key in expected if tally.received[key]) < len(expected):
        await asyncio.sleep(0.2)
    missing = sum(1 for key in expected if not tally.received[key])
    cuts = statistics.quantiles(tally.latencies, n=100) if len(tally.latencies) > 1 else [0.0] * 99
    result = {
        "sent": len(tally.sent),
        "refused": len(tally.refused),
        "refusals": sorted(set(map(str, tally.refused)))[:5],
        "expected": len(expected),
        "received": len(expected) - missing,
        "missing": missing,
        "duplicates": sum(max(0, n - 1) for n in tally.received.values()),
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "connected": sum(1 for p in pupils if p.client.connected),
        "not_connected": len(failed),
        "connect_errors": sorted(set(failed))[:3],
        "client_cpu": (time.process_time() - cpu) / (time.time() - began),
    }
    print(json.dumps(result), flush=True)
    os._exit(0)


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        asyncio.run(run(json.load(fh)))
