"""Benchmark: how fast `mashbot teams` answers Teams, against a bare Agents-SDK app served alike.

    python bench/teams_acks.py [--requests 2000] [--rounds 3] [--sqlite-only] [--migrated]

Both servers run in processes of their own (bench/teams_server.py: aiohttp, the Agents SDK's
JWT validation against the Bot Framework's keys, here a local stand-in's), replying through a
local Bot Connector stand-in (bench/teams_standin.py). This process posts Activities, as Teams
does (a bearer token signed with the stand-in's key), from 1 and from 20 concurrent clients
(asyncio, keep-alive), in interleaved rounds, and measures each request's latency to its
response:

* `concern` typed in a person's chat with the bot (a message activity: Teams wants 200/202
  and reads the answer from the reply the bot posts; mashbot replies with the home card, the
  bare agent with a line of text);
* the first step of concern dialogs mashbot opened (`task/fetch`, untimed, before the rounds)
  submitted with the meta each was opened with (a `task/submit` invoke, whose answer, the next
  step, must be in the response: mashbot draws it from the answers the dialog carries and writes
  the draft just after, many steps in one transaction; the bare agent answers with a fixed
  dialog). Each server answers one submission per user, untimed, first, as it answered a
  message per user before those rounds.

It prints p50 and p99 per server and their ratios (mashbot / bare), and each server's CPU time
per request (the work after the response included: before reading it the bench waits until
every reply has reached the stand-in), on SQLite and PostgreSQL, and the resident memory (RSS) of
`mashbot teams` and of the bare app before the bursts (after one warm-up message per user) and
after them. On a fresh database `mashbot teams` runs the migrations and keeps Alembic loaded; with
`--migrated` the database is migrated first, by `mashbot db upgrade`, as a restart finds it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import jwt
import yaml
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.acks import (  # noqa: E402
    REQUESTS,
    cpu_seconds,
    free_port,
    migrate,
    quantile,
    report,
    rss_mb,
    start,
)
from bench.databases import databases, throwaway_database  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP  # noqa: E402

APP_ID = "00000000-0000-4000-8000-0000000be7c4"
TENANT = "11111111-2222-4333-8444-555555555555"
BOT = f"28:{APP_ID}"
ISSUER = "https://api.botframework.com"
SETTLE_SECONDS = 1.0  # after the last reply, before reading a server's CPU time
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


# Activities, as Teams sends them.
def token(service_url: str) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 10}
    return jwt.encode(
        {**claims, "exp": now + 3600}, KEY, algorithm="RS256", headers={"kid": "bench"}
    )


def activity(service_url: str, user: str, n: int, **extra: Any) -> dict[str, Any]:
    local = user.removeprefix("29:")
    return {
        "id": f"1732442400{n:06d}",
        "timestamp": "2026-11-24T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": local, "aadObjectId": f"aad-{local}"},
        "conversation": {"conversationType": "personal", "tenantId": TENANT, "id": f"a:{local}"},
        "recipient": {"id": BOT, "name": "mashbot"},
        "locale": "en-GB",
        "channelData": {"tenant": {"id": TENANT}},
        **extra,
    }


def message(service_url: str, user: str, n: int) -> bytes:
    return json.dumps(
        activity(service_url, user, n, type="message", text="concern", textFormat="plain")
    ).encode()


def dialog_fetch(service_url: str, user: str, n: int) -> bytes:
    """The concern dialog opened, as the home card's "Report a concern" button asks."""
    data = {"msteams": {"type": "task/fetch"}, "action": "concern_start"}
    value = {"data": data, "context": {"theme": "default"}}
    return json.dumps(
        activity(service_url, user, n, type="invoke", name="task/fetch", value=value)
    ).encode()


def dialog_submit(service_url: str, user: str, n: int, meta: dict[str, Any]) -> bytes:
    """The concern dialog's first step answered "not in immediate danger"; `meta`, what mashbot
    opened the dialog with (the form, its key, the answers it carries), comes back with it."""
    data = {"meta": meta, "immediate_danger": "no"}
    value = {"data": data, "context": {"theme": "default"}}
    return json.dumps(
        activity(service_url, user, n, type="invoke", name="task/submit", value=value)
    ).encode()


# Load.
async def burst(
    url: str, bodies: list[bytes], clients: int, bearer: str, expect: bytes = b""
) -> list[float]:
    """Send every body with `clients` at once, each on its own keep-alive connection; every
    answer must hold `expect` (a dialog in an invoke's response)."""
    latencies: list[float] = []
    queue = list(reversed(bodies))
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}

    async def client(session: aiohttp.ClientSession) -> None:
        while queue:
            body = queue.pop()
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                answer = await response.read()
                assert response.status in (200, 201, 202), response.status
                assert expect in answer, answer[:200]
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return latencies


def open_dialogs(
    url: str, service_url: str, users: list[str], count: int
) -> list[tuple[str, dict[str, Any]]]:
    """`count` concern dialogs opened (20 at a time, untimed), as (user, the meta the dialog's
    submit button sends back): what each first step's submission sends."""
    bearer = token(service_url)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}
    wanted = [(users[n % len(users)], n) for n in range(count)]
    opened: list[tuple[str, dict[str, Any]]] = []

    async def open_all() -> None:
        limit = asyncio.Semaphore(20)

        async def one(session: aiohttp.ClientSession, user: str, n: int) -> None:
            async with limit:
                body = dialog_fetch(service_url, user, n)
                async with session.post(url, data=body, headers=headers) as response:
                    card = (await response.json())["task"]["value"]["card"]["content"]
            opened.append((user, card["actions"][0]["data"]["meta"]))

        async with aiohttp.ClientSession() as session:
            await asyncio.gather(*(one(session, user, n) for user, n in wanted))

    asyncio.run(open_all())
    return opened


def posts(service_url: str) -> int:
    with urllib.request.urlopen(service_url + "_posts", timeout=5) as answer:
        return int(json.load(answer)["posts"])


def wait_for_replies(service_url: str, expected: int, timeout: float = 120.0) -> None:
    """Until the stand-in has received `expected` activities: the turns after the response done."""
    deadline = time.monotonic() + timeout
    while posts(service_url) < expected:
        if time.monotonic() > deadline:
            print(f"  ! only {posts(service_url)} of {expected} replies arrived", flush=True)
            return
        time.sleep(0.05)


def measure(
    servers: dict[str, str],
    make: Callable[[str, int], bytes],
    replies: bool,
    expect: bytes,
    args: argparse.Namespace,
    pids: dict[str, int],
) -> dict[tuple[str, int], dict[str, list[float]]]:
    """{(server, clients): {"p50": [...], "p99": [...], "cpu": [...]}} over interleaved rounds;
    cpu is the server's CPU time per request, work after the response included."""
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    users, service_url = args.users, args.service_url
    bearer = token(service_url)
    for clients, count in ((1, max(50, args.requests // 4)), (20, args.requests)):
        for n in range(args.rounds):
            order = list(servers) if n % 2 == 0 else list(reversed(servers))
            for name in order:
                bodies = [make(users[i % len(users)], i) for i in range(count)]
                landed = posts(service_url)
                before = cpu_seconds(pids[name])
                latencies = asyncio.run(burst(servers[name], bodies, clients, bearer, expect))
                if replies:
                    wait_for_replies(service_url, landed + count)
                time.sleep(SETTLE_SECONDS)
                found = results.setdefault((name, clients), {"p50": [], "p99": [], "cpu": []})
                found["p50"].append(quantile(latencies, 0.50))
                found["p99"].append(quantile(latencies, 0.99))
                found["cpu"].append((cpu_seconds(pids[name]) - before) / count)
    return results


# The partnership on Teams: people reached by email, each bench user named after theirs.
def teams_partnership(folder: Path) -> tuple[Path, list[str]]:
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    data["platforms"] = ["teams"]
    for key, channel in data["channels"].items():
        channel.pop("slack_channel_id", None)
        channel["teams_team_id"] = "19:bench-team@thread.tacv2"
        channel["teams_channel_id"] = f"19:{key}@thread.tacv2"
    users = []
    for person in data["people"]:
        person.pop("slack_user_id", None)
        email = person.get("email") or ""
        if email.endswith("@example.org"):
            users.append("29:" + email.removesuffix("@example.org"))
    path = folder / "partnership.teams.yaml"
    path.write_text(yaml.safe_dump(data))
    return path, users


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS, help="per round at 20 clients")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--migrated",
        action="store_true",
        help="migrate the database (mashbot db upgrade) before starting mashbot teams",
    )
    args = parser.parse_args()
    jwk = {**json.loads(RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "bench", "use": "sig"}
    standin = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "teams_standin.py")],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"BENCH_JWKS": json.dumps({"keys": [jwk]})},
    )
    assert standin.stdout is not None
    args.service_url = f"http://127.0.0.1:{standin.stdout.readline().strip()}/"
    teams_env = {
        "BENCH_SERVICE_URL": args.service_url,
        "MASHBOT_TEAMS_SERVICE_URL": args.service_url,
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": APP_ID,
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-secret",
        "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT,
    }
    bare_port = free_port()
    bare = start(
        ["bench/teams_server.py", "bare", str(bare_port)],
        teams_env,
        f"http://127.0.0.1:{bare_port}/healthz",
    )
    print(
        f"{args.rounds} interleaved rounds; {args.requests} requests per round at 20 clients, "
        f"{max(50, args.requests // 4)} at 1; ratio = mashbot / bare Agents SDK "
        "(median of rounds)"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="mashbot-bench-") as name:
            folder = Path(name)
            partnership, args.users = teams_partnership(folder)
            teams_env["MASHBOT_PARTNERSHIP_FILE"] = str(partnership)
            for label, url, admin in databases(
                f"sqlite:///{folder}/bench-teams.db", args.sqlite_only
            ):
                run_database(label, url, admin, teams_env, (bare_port, bare.pid), args)
    finally:
        bare.terminate()
        standin.kill()
        bare.wait()
        standin.wait()
    return 0


def run_database(label, url, admin, teams_env, bare, args) -> None:  # noqa: ANN001
    """Measure both servers on `url`: on PostgreSQL, a database made for the run."""
    with throwaway_database(url, admin) as url:
        measure_on(label, url, admin, teams_env, bare, args)


def measure_on(label, url, admin, teams_env, bare, args) -> None:  # noqa: ANN001
    bare_port, bare_pid = bare
    port = free_port()
    env = teams_env | {
        "MASHBOT_DATABASE_URL": url,
        # Throwaway keys for the throwaway database.
        "MASHBOT_AUDIT_KEY": secrets.token_hex(32),
        "MASHBOT_DATA_KEY": secrets.token_hex(32),
    }
    if args.migrated:
        migrate(env)
    ours = start(
        ["bench/teams_server.py", "mashbot", str(port)], env, f"http://127.0.0.1:{port}/healthz"
    )
    try:
        servers = {
            "mashbot": f"http://127.0.0.1:{port}/api/messages",
            "bare": f"http://127.0.0.1:{bare_port}/api/messages",
        }
        service_url = args.service_url
        for name in servers:  # warm both: the signing keys, mashbot's first look-ups
            landed = posts(service_url)
            bodies = [message(service_url, u, 0) for u in args.users]
            asyncio.run(burst(servers[name], bodies, 1, token(service_url)))
            wait_for_replies(service_url, landed + len(bodies))
        pids = {"mashbot": ours.pid, "bare": bare_pid}
        print_rss(label, "before", pids)
        results = measure(servers, lambda u, n: message(service_url, u, n), True, b"", args, pids)
        report(label, "message", results, list(servers), width=15)
        # Each submission answers a dialog mashbot opened, with the meta it was opened with.
        opened = open_dialogs(servers["mashbot"], service_url, args.users, args.requests)
        for name in servers:  # warm each as messages were: mashbot's first dialog step, once
            warm = [
                dialog_submit(service_url, opened[i][0], i, opened[i][1])
                for i in range(len(args.users))
            ]
            asyncio.run(burst(servers[name], warm, 1, token(service_url), b'"continue"'))
        results = measure(
            servers,
            lambda _, n: dialog_submit(
                service_url, opened[n % len(opened)][0], n, opened[n % len(opened)][1]
            ),
            False,
            b'"continue"',
            args,
            pids,
        )
        report(label, "dialog submit", results, list(servers), width=15)
        print_rss(label, "after", pids)
    finally:
        ours.terminate()
        ours.wait(30)


def print_rss(label: str, when: str, pids: dict[str, int]) -> None:
    print(
        f"{label}: RSS {when} the burst: mashbot teams {rss_mb(pids['mashbot']):.0f} MB, "
        f"bare Agents SDK {rss_mb(pids['bare']):.0f} MB",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
