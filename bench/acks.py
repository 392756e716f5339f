"""Benchmark: how fast `mashbot serve` acknowledges Slack, against a bare Bolt app served alike.

    python bench/acks.py [--requests 2000] [--rounds 3] [--sqlite-only] [--migrated] [--floor]
                         [--against REV]

Both servers run in processes of their own (uvicorn, Bolt's sync app in a worker thread), with
the same signing secret, talking to a local Slack stand-in (bench/slack_standin.py). This
process sends signed requests, as Slack does, from 1 and from 20 concurrent clients (asyncio,
keep-alive), in interleaved rounds, and measures each request's latency to its response:

* `/concern` slash commands (mashbot: signature, parse, actor from memory, ack, then the form's
  first step drawn and views.open; no retry-guard claim, as the form opens with the trigger,
  which Slack exchanges once; bare Bolt: ack, then views.open);
* view submissions of the first step of forms mashbot opened (with /concern, untimed, before
  the rounds; each modal's private_metadata, as the stand-in saw it in views.open, is sent back
  as Slack does): mashbot answers with the next step drawn from the answers the modal carries,
  and writes the draft just after, many steps in one transaction (workflows/form_carry.py,
  bot/keeping.py); bare Bolt answers with a fixed modal. Each server answers one submission
  per user, untimed, first, as it answered a /concern per user before those rounds: a first
  request's one-off work (a first step drawn, a first keep) is not what a burst measures.

It prints p50 and p99 per server and their ratios (mashbot / bare), and each server's CPU time
per request (the work after the ack included: at 20 clients on two cores the latency follows
it), on SQLite and PostgreSQL, and the resident memory (RSS) of `mashbot serve` once started
(on a fresh database it runs the migrations and keeps Alembic loaded; with `--migrated` the
database is migrated first, by `mashbot db upgrade`, as a restart finds it), before the burst
(after one warm-up request per user) and after it.

With `--floor`, view submissions also go to a third server: bare Bolt reading and writing a
draft in one transaction and answering with a modal as large as mashbot's (bench/bare_bolt.py).
Its ratio to bare Bolt is what keeping a form's answers before answering costs any app served
this way: the part of mashbot's ratio that is not mashbot's own work.

With `--against REV` (a commit, say the one before a change), a second `mashbot serve` runs from
that commit's tree (`git archive REV`) on a database of its own, in the same interleaved rounds,
and each measure is also printed as this tree's against REV's: on a noisy machine, the one fair
way to say whether a change made acks faster.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import databases, throwaway_database  # noqa: E402 - after the path
from bench.trees import export  # noqa: E402
from bot import partnership_file  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP  # noqa: E402
from messages.forms import words_of  # noqa: E402

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-not-a-real-token"
TEAM = "T0BENCH"
KEYS = (secrets.token_hex(32), secrets.token_hex(32))  # `serve` refuses to start without keys
SETTLE_SECONDS = 1.0  # after a burst, before reading a server's CPU time
# Requests a round at 20 clients. A round's p99 is its 1%-slowest answer: of 600, the sixth,
# which one stall of the machine (or of either server) moves alone; of 2,000, the twentieth.
REQUESTS = 2000


# Requests, as Slack sends them.
def signed(body: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


def command(user: str, n: int) -> bytes:
    fields = {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "bench",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/concern",
        "text": "",
        "api_app_id": "A0BENCH",
        "response_url": "https://hooks.slack.invalid/commands/1",
        "trigger_id": f"trigger.{n}.{secrets.token_hex(4)}",
    }
    return urlencode(fields).encode()


def submission(user: str, metadata: str, n: int) -> bytes:
    """The first step of a concern form opened for `user`, answered "not in immediate danger";
    `metadata`, the private_metadata mashbot opened the modal with, comes back with it."""
    view = {
        "type": "modal",
        "callback_id": words_of("concern").screen_id,
        "private_metadata": metadata,
        "blocks": [],
    }
    values = {
        "immediate_danger": {
            "immediate_danger": {"type": "radio_buttons", "selected_option": {"value": "no"}}
        }
    }
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0BENCH",
        "trigger_id": f"trigger.v{n}",
        "view": {**view, "id": f"V{n:08d}", "state": {"values": values}, "hash": f"h{n}"},
        "response_urls": [],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


# Load.
async def burst(url: str, bodies: list[bytes], clients: int) -> list[float]:
    """Send every body with `clients` at once, each on its own keep-alive connection."""
    latencies: list[float] = []
    queue = list(reversed(bodies))
    kind = "application/x-www-form-urlencoded"

    async def client(session: aiohttp.ClientSession) -> None:
        while queue:
            body = queue.pop()
            start = time.perf_counter()
            async with session.post(url, data=body, headers=signed(body, kind)) as response:
                await response.read()
                assert response.status == 200, response.status
            latencies.append(time.perf_counter() - start)

    # FORCE_CLOSE=1: a new connection per request instead of keep-alive (see README).
    connector = aiohttp.TCPConnector(
        limit=clients, force_close=os.environ.get("FORCE_CLOSE") == "1"
    )
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return latencies


def open_forms(url: str, api: str, users: list[str], count: int) -> list[tuple[str, str]]:
    """`count` concern forms opened with /concern (20 at a time, untimed), as (user, the modal's
    private_metadata, from the Slack stand-in): what each first step's submission sends back."""
    bodies = [command(users[n % len(users)], n) for n in range(count)]
    asyncio.run(burst(url, bodies, 20))
    sent = [dict(urllib.parse.parse_qsl(body.decode())) for body in bodies]
    deadline = time.monotonic() + 30
    while True:  # each form opens just after its command is acknowledged
        with urllib.request.urlopen(api.replace("/api/", "/_views"), timeout=10) as response:
            opened = json.load(response)["opened"]
        if all(fields["trigger_id"] in opened for fields in sent):
            return [(fields["user_id"], opened[fields["trigger_id"]]) for fields in sent]
        if time.monotonic() > deadline:
            raise RuntimeError("mashbot did not open every form within 30 s")
        time.sleep(0.1)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# Servers.
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers (405 for a GET on the events path)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start(args: list[str], env: dict[str, str], ready: str, cwd: Path = ROOT) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=os.environ | env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(ready, process)
    return process


def migrate(env: dict[str, str], cwd: Path = ROOT) -> None:
    """`mashbot db upgrade` on the server's database first, as a restart finds it."""
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        cwd=cwd,
        env=os.environ | env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    servers: dict[str, str],
    make: Callable[[str, int], bytes],
    args: argparse.Namespace,
    pids: dict[str, int],
) -> dict[tuple[str, int], dict[str, list[float]]]:
    """{(server, clients): {"p50": [...], "p99": [...], "cpu": [...]}} over interleaved rounds;
    cpu is the server's CPU time per request, work after the ack included."""
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    users = args.users
    for clients, count in ((1, max(50, args.requests // 4)), (20, args.requests)):
        for n in range(args.rounds):
            order = list(servers) if n % 2 == 0 else list(reversed(servers))
            for name in order:
                bodies = [make(users[i % len(users)], i) for i in range(count)]
                before = cpu_seconds(pids[name])
                latencies = asyncio.run(burst(servers[name], bodies, clients))
                time.sleep(SETTLE_SECONDS)  # the work after the last acks finishes
                found = results.setdefault((name, clients), {"p50": [], "p99": [], "cpu": []})
                found["p50"].append(quantile(latencies, 0.50))
                found["p99"].append(quantile(latencies, 0.99))
                found["cpu"].append((cpu_seconds(pids[name]) - before) / count)
    return results


def report(label: str, what: str, results: dict, servers: list[str], width: int = 18) -> None:
    """Each client count's p50, p99 and CPU per request, the first server's against the second's."""
    for clients in (1, 20):
        ours = results[(servers[0], clients)]
        bare = results[(servers[1], clients)]
        p50 = [o / b for o, b in zip(ours["p50"], bare["p50"], strict=True)]
        p99 = [o / b for o, b in zip(ours["p99"], bare["p99"], strict=True)]
        cpu = [o / b for o, b in zip(ours["cpu"], bare["cpu"], strict=True)]
        print(
            f"{label:<11}{what:<{width}}{clients:>3} clients  "
            f"p50 {statistics.median(ours['p50']) * 1000:6.1f} ms vs "
            f"{statistics.median(bare['p50']) * 1000:6.1f} ms (x{statistics.median(p50):.2f})  "
            f"p99 {statistics.median(ours['p99']) * 1000:6.1f} ms vs "
            f"{statistics.median(bare['p99']) * 1000:6.1f} ms (x{statistics.median(p99):.2f})  "
            f"CPU/request {statistics.median(ours['cpu']) * 1000:.1f} vs "
            f"{statistics.median(bare['cpu']) * 1000:.1f} ms (x{statistics.median(cpu):.1f})",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS, help="per round at 20 clients")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--migrated",
        action="store_true",
        help="migrate the database (mashbot db upgrade) before starting mashbot serve",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure view submissions of a bare app that reads and writes a draft "
        "(bench/bare_bolt.py with a database): the least a form step that keeps answers costs",
    )
    parser.add_argument(
        "--serve-args", default="", help="more arguments for mashbot serve, e.g. --no-clock"
    )
    parser.add_argument(
        "--against", metavar="REV", help="also run mashbot serve from commit REV, and compare"
    )
    args = parser.parse_args()
    partnership = partnership_file.load(EXAMPLE_PARTNERSHIP)
    args.users = [p.slack_user_id for p in partnership.people if p.slack_user_id]
    standin = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "slack_standin.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert standin.stdout is not None
    api = f"http://127.0.0.1:{standin.stdout.readline().strip()}/api/"
    args.api = api
    slack_env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api}
    bare_port = free_port()
    bare = start(
        ["bench/bare_bolt.py", str(bare_port)],
        slack_env,
        f"http://127.0.0.1:{bare_port}/slack/events",
    )
    print(
        f"{args.rounds} interleaved rounds; {args.requests} requests per round at 20 clients, "
        f"{max(50, args.requests // 4)} at 1; ratio = mashbot / bare Bolt (median of rounds)"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="mashbot-bench-") as folder:
            args.tree = export(args.against, Path(folder)) if args.against else None
            for label, url, admin in databases(
                f"sqlite:///{folder}/bench-acks.db", args.sqlite_only
            ):
                run_database(label, url, admin, slack_env, (bare_port, bare.pid), args)
    finally:
        bare.terminate()
        standin.kill()
        bare.wait()
        standin.wait()
    return 0


def run_database(label, url, admin, slack_env, bare, args) -> None:  # noqa: ANN001
    """Measure the servers on `url`: on PostgreSQL, a database made for the run (and one for
    REV's server, with `--against`)."""
    with throwaway_database(url, admin) as url:
        if args.tree is None:
            measure_on(label, url, None, slack_env, bare, args)
            return
        theirs = url.replace("bench-acks.db", "bench-against.db")
        with throwaway_database(theirs, admin) as theirs:
            measure_on(label, url, theirs, slack_env, bare, args)


def serve(
    url: str, slack_env: dict[str, str], args: argparse.Namespace, cwd: Path = ROOT
) -> tuple[subprocess.Popen, str]:
    """`mashbot serve` from the tree at `cwd` on database `url`: (process, events URL)."""
    port = free_port()
    env = slack_env | {
        "MASHBOT_DATABASE_URL": url,
        "MASHBOT_PARTNERSHIP_FILE": str(EXAMPLE_PARTNERSHIP),
        # Throwaway keys for the throwaway databases, one pair for every server: a modal opened
        # by one can be submitted to another (`--against`), as between replicas.
        "MASHBOT_AUDIT_KEY": KEYS[0],
        "MASHBOT_DATA_KEY": KEYS[1],
    }
    if args.migrated:
        migrate(env, cwd)
    process = start(
        ["-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + args.serve_args.split(),
        env,
        f"http://127.0.0.1:{port}/healthz",
        cwd,
    )
    return process, f"http://127.0.0.1:{port}/slack/events"


def measure_on(label, url, theirs, slack_env, bare, args) -> None:  # noqa: ANN001
    bare_port, bare_pid = bare
    ours, events = serve(url, slack_env, args)
    print(f"{label}: mashbot serve RSS once started {rss_mb(ours.pid):.0f} MB", flush=True)
    floor = against = None
    try:
        servers = {"mashbot": events, "bare": f"http://127.0.0.1:{bare_port}/slack/events"}
        pids = {"mashbot": ours.pid, "bare": bare_pid}
        if theirs is not None:
            against, servers[args.against] = serve(theirs, slack_env, args, args.tree)
            pids[args.against] = against.pid
        for name in servers:  # warm them: Bolt's auth.test, mashbot's first look-ups
            asyncio.run(burst(servers[name], [command(u, 0) for u in args.users], 1))
        print(f"{label}: mashbot serve RSS before the burst {rss_mb(ours.pid):.0f} MB", flush=True)
        results = measure(servers, command, args, pids)
        report(label, "/concern", results, ["mashbot", "bare"])
        if against is not None:
            report(label, f"/concern vs {args.against}", results, ["mashbot", args.against], 30)
        views = dict(servers)
        if args.floor:  # a bare app doing a form step's least database work (bench/bare_bolt.py)
            floor_url = url.replace("bench-acks.db", "bench-floor.db")
            floor_port = free_port()
            floor = start(
                ["bench/bare_bolt.py", str(floor_port), floor_url],
                slack_env,
                f"http://127.0.0.1:{floor_port}/slack/events",
            )
            views["floor"] = f"http://127.0.0.1:{floor_port}/slack/events"
            pids["floor"] = floor.pid
        # Each submission answers a form mashbot opened, as Slack sends it back: the same
        # bodies (a form for each request of a round, answered once a round) go to every server.
        forms = open_forms(events, args.api, args.users, args.requests)
        for name in views:  # warm each as /concern was: mashbot's first form step, once
            warm = [submission(*forms[i], i) for i in range(len(args.users))]
            asyncio.run(burst(views[name], warm, 1))
        results = measure(views, lambda _, n: submission(*forms[n % len(forms)], n), args, pids)
        report(label, "view submission", results, ["mashbot", "bare"])
        if args.floor:
            report(label, "view, floor app", results, ["floor", "bare"])
        if against is not None:
            report(label, f"view vs {args.against}", results, ["mashbot", args.against], 30)
        print(f"{label}: mashbot serve RSS after the burst {rss_mb(ours.pid):.0f} MB", flush=True)
    finally:
        for process in filter(None, (ours, floor, against)):
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    sys.exit(main())
