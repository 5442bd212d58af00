"""The teachers of bench/load.py: `aiohttp` sessions in one asyncio loop, apart from the servers under test.

    .venv/bin/python bench/load_teachers.py PLAN.json

Each teacher signs in through the login form (spread over the web processes in turn, as a proxy would) and
then plays two phases:

- capacity: page by page, every teacher requests the same page again the moment the last one answered, for
  `capacity_seconds`: the bare endpoint /health first, then each page. Its requests per second are what the
  server can do with that page while the pupils' clients are connected.
- morning: every teacher clicks through dashboard, group status overview, active-goals overview, goal
  matrix, a status change in the matrix, a pupil's page, and again, with a random pause of 0 to 2 x `think`
  seconds between clicks, for `morning_seconds`. Prints "morning" on stdout when it begins.

Then one JSON line: per phase and page the number of requests, seconds, latencies' percentiles and errors
(an answer other than 200, or no answer within 30 s). Progress goes to stderr.
"""

import asyncio
import json
import os
import random
import re
import statistics
import sys
import time

import aiohttp

CONNECTING_AT_ONCE = 8
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
MORNING = ("dashboard", "status overview", "active goals", "goal matrix", "status change", "pupil page")


def pages(teacher, rng):
    """Page name -> path of one teacher (a random pupil of their group for the pupil page)."""
    group = teacher["group"]
    return {
        "bare endpoint": "/health",
        "dashboard": "/leraar",
        "status overview": f"/groepen/{group}/statussen",
        "active goals": f"/groepen/{group}/leerdoelen",
        "goal matrix": f"/groepen/{group}/matrix",
        "pupil page": f"/leerlingen/{rng.choice(teacher['pupils'])}",
    }


class Teacher:
    def __init__(self, plan, row, url, rng):
        self.plan, self.row, self.url, self.rng = plan, row, url, rng
        self.http = self.token = None

    async def start(self):
        """Sign in through the login form; the session's cookie jar follows the session as it changes."""
        jar = aiohttp.CookieJar(unsafe=True)  # unsafe: keep cookies of a bare IP address such as 127.0.0.1
        self.http = aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=30))
        async with self.http.get(self.url + "/login") as response:
            token = TOKEN.search(await response.text()).group(1)
        form = {"login": self.row["login"], "password": self.plan["password"], "csrf_token": token}
        async with self.http.post(self.url + "/login", data=form, allow_redirects=False) as response:
            if response.status != 302 or "/login" in response.headers.get("Location", "/login"):
                raise RuntimeError(f"sign-in of {self.row['login']} failed ({response.status})")
        async with self.http.get(self.url + "/leraar") as response:
            self.token = TOKEN.search(await response.text()).group(1)

    async def request(self, page, results):
        """One click; its latency (or error) goes into results[page]."""
        record = results.setdefault(page, {"latencies": [], "errors": 0, "statuses": {}})
        began = time.perf_counter()
        try:
            if page == "status change":
                form = {"status": self.rng.choice(self.plan["statuses"]), "csrf_token": self.token}
                path = f"/plandoelen/{self.rng.choice(self.row['plan_goals'])}/status"
                response = await self.http.post(self.url + path, data=form)
            else:
                response = await self.http.get(self.url + pages(self.row, self.rng)[page])
            async with response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            status = type(error).__name__
        if status == 200:
            record["latencies"].append(time.perf_counter() - began)
        else:
            record["errors"] += 1
            record["statuses"][str(status)] = record["statuses"].get(str(status), 0) + 1

    async def hammer(self, page, until, results):
        while time.perf_counter() < until:
            await self.request(page, results)

    async def click_through(self, until, results):
        step = self.rng.randrange(len(MORNING))
        while time.perf_counter() < until:
            await self.request(MORNING[step % len(MORNING)], results)
            step += 1
            await asyncio.sleep(self.rng.uniform(0, 2 * self.plan["think"]))


def summary(results, seconds):
    out = {}
    for page, record in results.items():
        latencies = sorted(record["latencies"])
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0] * 99
        out[page] = {
            "requests": len(latencies),
            "seconds": seconds,
            "p50": cuts[49],
            "p95": cuts[94],
            "p99": cuts[98],
            "errors": record["errors"],
            "statuses": record["statuses"],
        }
    return out


def progress(text):
    print(f"  [teachers] {text}", file=sys.stderr, flush=True)


async def run(plan):
    rng = random.Random(7)
    urls = plan["urls"]
    teachers = [Teacher(plan, row, urls[n % len(urls)], random.Random(n)) for n, row in enumerate(plan["teachers"])]
    limit = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def start(teacher):
        async with limit:
            await teacher.start()

    await asyncio.gather(*(start(t) for t in teachers))
    progress(f"{len(teachers)} teachers signed in")
    capacity = {}
    for page in plan.get("pages") or pages(plan["teachers"][0], rng):
        results = {}
        began = time.perf_counter()
        until = began + plan["capacity_seconds"]
        await asyncio.gather(*(t.hammer(page, until, results) for t in teachers))
        capacity.update(summary(results, time.perf_counter() - began))
        progress(f"capacity {page}: {capacity[page]['requests'] / capacity[page]['seconds']:.0f}/s")
    if not plan["morning_seconds"]:
        print(json.dumps({"capacity": capacity, "morning": {}, "client_cpu": 0}), flush=True)
        os._exit(0)
    print("morning", flush=True)
    results, cpu = {}, time.process_time()
    began = time.perf_counter()
    await asyncio.gather(*(t.click_through(began + plan["morning_seconds"], results) for t in teachers))
    seconds = time.perf_counter() - began
    morning = summary(results, seconds)
    print(
        json.dumps({"capacity": capacity, "morning": morning, "client_cpu": (time.process_time() - cpu) / seconds}),
        flush=True,
    )
    os._exit(0)


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        asyncio.run(run(json.load(fh)))
