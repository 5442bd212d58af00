"""The client side of bench/chat_fanout.py: every chat member a python-socketio `AsyncClient`, all of them in
this one process and one asyncio loop, apart from the server under test.

    .venv/bin/python bench/fanout_clients.py PLAN.json

PLAN.json (written by chat_fanout.py): {"url", "password", "sign_in", "messages", "rounds", "rate",
"timeout", "rooms": [{"room", "logins", "sender"}]}. With "sign_in", each member signs in through the login form
(GET /login for the CSRF token, POST /login) and connects with the session cookie in its headers, as a
browser does; the floor server takes everyone without. Then every member connects on the WebSocket
transport and joins its room ("join", acknowledged), one warm-up message per room goes round, and then
`rounds` measured rounds: in every room at once the sender sends `messages` messages ("send"), each the
moment the previous one is acknowledged (or, with "rate" > 0, no faster than `rate` per second per room).

A message body carries its send time (time.perf_counter of this process, where senders and receivers both
live); each arrival of "message" is timed against it. Prints one JSON line on stdout: per round the
deliveries, seconds (first send to last arrival), latencies' 50th/95th percentile and how busy this
process's CPU was meanwhile; the count check over all rounds (missing, duplicate and foreign-room
deliveries). Progress goes to stderr.
"""

import asyncio
import collections
import json
import os
import re
import statistics
import sys
import time

import aiohttp
import socketio

CONNECTING_AT_ONCE = 16  # sign-ins and connects in flight: enough to fill the server, not to time it out


class Failed(Exception):
    """The round cannot go on: reported as {"error": ...} and the process exits 1."""


class Tally:
    """Arrivals of one round across all members; `done` is set once `expected` have arrived."""

    def __init__(self, phase, expected):
        self.phase, self.expected = phase, expected
        self.latencies = []
        self.start = self.last = None  # first send, last arrival (time.perf_counter)
        self.done = asyncio.Event()
        if expected == 0:
            self.done.set()

    def arrived(self, moment, sent):
        self.latencies.append(moment - sent)
        self.last = moment
        if len(self.latencies) >= self.expected:
            self.done.set()


class Member:
    """One signed-in chat member: counts what reaches it, per round and message number."""

    def __init__(self, room, login, rounds):
        self.room, self.login, self.rounds = room, login, rounds
        self.received = collections.Counter()  # (phase, number) -> times received
        self.foreign = 0  # messages of a room this member did not join
        self.unread = 0  # the app's unread nudges (the floor sends none)
        self.client = socketio.AsyncClient(reconnection=False)
        self.client.on("message", self.on_message)
        self.client.on("unread", self.on_unread)

    def on_message(self, data):
        moment = time.perf_counter()
        if data.get("room") != self.room:
            self.foreign += 1
            return
        phase, number, sent = data["body"].split(" ")[:3]
        self.received[(phase, int(number))] += 1
        tally = self.rounds.get(phase)
        if tally is not None:
            tally.arrived(moment, float(sent))

    def on_unread(self, data=None):
        self.unread += 1

    async def connect(self, url, cookie):
        await self.client.connect(
            url, transports=["websocket"], headers={"Cookie": cookie} if cookie else {}, wait_timeout=30
        )
        answer = await self.client.call("join", {"room": self.room}, timeout=30)
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise Failed(f"join of {self.room} as {self.login} refused: {answer}")


async def sign_in(url, login, password):
    """The session cookie of `login`, signed in through the login form like a browser."""
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: keep cookies of a bare IP address such as 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(url + "/login") as response:
            page = await response.text()
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        form = {"login": login, "password": password, "csrf_token": token}
        async with http.post(url + "/login", data=form, allow_redirects=False) as response:
            if response.status != 302 or "/login" in response.headers.get("Location", "/login"):
                raise Failed(f"sign-in of {login} failed ({response.status})")
    return "; ".join(f"{cookie.key}={cookie.value}" for cookie in jar)


async def send_round(member, phase, count, rate):
    """`count` messages from `member` to its room, each after the previous one's acknowledgement."""
    start = time.perf_counter()
    for number in range(count):
        if rate:
            await asyncio.sleep(max(0.0, start + number / rate - time.perf_counter()))
        body = f"{phase} {number} {time.perf_counter():.9f}"
        answer = await member.client.call("send", {"room": member.room, "body": body}, timeout=60)
        if not isinstance(answer, dict) or not answer.get("ok"):
            raise Failed(f"send {phase} {number} in {member.room} refused: {answer}")


async def play_round(plan, members, senders, phase, count, rate=0):
    """One round in every room at once; returns its Tally, or exits with the count check if it stalls."""
    tally = Tally(phase, len(members) * count)
    for member in members:
        member.rounds[phase] = tally
    start = time.perf_counter()
    await asyncio.gather(*(send_round(sender, phase, count, rate) for sender in senders))
    try:
        await asyncio.wait_for(tally.done.wait(), plan["timeout"])
    except TimeoutError:
        raise Failed(
            f"{phase}: only {len(tally.latencies)} of {tally.expected} deliveries arrived; "
            f"{count_check(members, phase, count)}"
        ) from None
    tally.start = start
    return tally


def count_check(members, phase, count):
    """Every member got every message of the round exactly once, and nothing of another room."""
    missing = duplicates = 0
    short = set()
    for member in members:
        for number in range(count):
            times = member.received[(phase, number)]
            missing += times == 0
            duplicates += max(0, times - 1)
            if times == 0:
                short.add(member.room)
    return {
        "missing": missing,
        "duplicates": duplicates,
        "foreign": sum(m.foreign for m in members),
        "rooms_short": sorted(short),
    }


def report(result):
    print(json.dumps(result), flush=True)


def progress(text):
    print(f"  [clients] {text}", file=sys.stderr, flush=True)


async def run(plan):
    url, members, senders, limit = plan["url"], [], [], asyncio.Semaphore(CONNECTING_AT_ONCE)
    rounds = {}
    for room in plan["rooms"]:
        for login in room["logins"]:
            member = Member(room["room"], login, rounds)
            members.append(member)
            if login == room["sender"]:
                senders.append(member)

    async def enter(member):
        async with limit:
            cookie = await sign_in(url, member.login, plan["password"]) if plan["sign_in"] else ""
            await member.connect(url, cookie)

    began = time.perf_counter()
    await asyncio.gather(*(enter(member) for member in members))
    progress(
        f"{len(members)} clients {'signed in, ' if plan['sign_in'] else ''}connected and joined "
        f"in {time.perf_counter() - began:.1f} s"
    )
    phases = [("warmup", 1)] + [(f"round{n}", plan["messages"]) for n in range(1, plan["rounds"] + 1)]
    measured = []
    for phase, count in phases:
        cpu = time.process_time()
        tally = await play_round(plan, members, senders, phase, count, plan["rate"] if count > 1 else 0)
        seconds = tally.last - tally.start
        percentiles = statistics.quantiles(tally.latencies, n=100)
        if phase != "warmup":
            measured.append(
                {
                    "deliveries": len(tally.latencies),
                    "seconds": seconds,
                    "p50": percentiles[49],
                    "p95": percentiles[94],
                    "client_cpu": (time.process_time() - cpu) / seconds,
                }
            )
    await asyncio.sleep(0.5)  # a late duplicate or stray message would still be counted below
    checks = [count_check(members, phase, count) for phase, count in phases]
    report(
        {
            "rounds": measured,
            "unread": sum(m.unread for m in members),
            "missing": sum(c["missing"] for c in checks),
            "duplicates": sum(c["duplicates"] for c in checks),
            "foreign": checks[0]["foreign"],
            "rooms_short": sorted({r for c in checks for r in c["rooms_short"]}),
        }
    )
    os._exit(0)  # the server is stopped next: no need to close hundreds of sockets one by one


async def main(plan):
    try:
        await run(plan)
    except Exception as error:
        report({"error": f"{type(error).__name__}: {error}"})
        os._exit(1)  # at once, without tearing down hundreds of half-open connections one by one


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        plan = json.load(fh)
    asyncio.run(main(plan))
