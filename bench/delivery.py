"""Benchmark: the outbox dispatcher against a bare slack_sdk loop, to a local Slack stand-in.

    python bench/delivery.py [--messages 5000] [--channels 1000] [--rounds 3] [--sqlite-only]

On SQLite (a file) and PostgreSQL (MASHBOT_TEST_POSTGRES_URL, when reachable), in the same run:

1. msg/s draining MESSAGES queued channel messages (round-robin over CHANNELS channels, so each
   channel stays within Slack's one per second) with `mashbot`'s dispatcher, against a bare
   single-threaded `WebClient.chat_postMessage` loop posting the same payloads (rendered once);
   interleaved rounds, medians and their ratio. The stand-in keeps connections open as Slack
   does: slack_sdk's WebClient still opens one per call, mashbot's client keeps them
   (bot/keepalive.py), so a third contender, the bare loop on mashbot's client, shows how much of
   the ratio is the dispatcher itself;
2. the same with 1% of posts answered 429 (Retry-After: 1); the bare loop uses slack_sdk's own
   RateLimitErrorRetryHandler (it sleeps, then retries);
3. on PostgreSQL, two dispatchers (replicas with engines of their own) draining one outbox of
   few channels at once, against one alone: the speed-up, and each channel still in order;
4. 60 messages to one channel against a stand-in enforcing one post per second per channel
   (burst 3): all delivered, in order, none failed, in about a minute.

The ratio is the median of each round's own ratio (its two runs are adjacent in time, so they
share the machine's load); the range of the rounds' ratios is printed beside it.

Every run counts lost, duplicated and out-of-order messages (per channel): all must be 0.
The stand-in (bench/slack_standin.py) runs in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import delete, func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import databases, throwaway_database  # noqa: E402 - after the path
from bench.keys import throwaway_keys  # noqa: E402
from bot.app import Mashbot, build  # noqa: E402
from bot.delivery.dispatcher import Dispatcher  # noqa: E402
from bot.delivery.transport import Pacing  # noqa: E402
from bot.settings import EXAMPLE_PARTNERSHIP, Settings  # noqa: E402
from bot.slack.app import web_client  # noqa: E402
from bot.slack.connections import KeepAliveWebClient  # noqa: E402
from bot.slack.transport import SlackTransport  # noqa: E402
from messages.render import Platform, render  # noqa: E402
from storage.models import OutboxMessage, OutboxStatus  # noqa: E402
from workflows.outgoing import MessageKind  # noqa: E402

throwaway_keys()

TOKEN = "xoxb-bench-not-a-real-token"
FACTS = {
    "reference": "CSE-2026-00001",
    "area_name": "Riverton City",
    "agency_name": "Education",
    "received_at": "2026-11-24T10:00:00+00:00",
    "immediate_danger": False,
    "indicator_count": 2,
    "screening_band": "Medium",
    "exploitation_type": "CSE",
    "status": "received",
}


# The stand-in.
class Standin:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "slack_standin.py")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = f"http://127.0.0.1:{self.process.stdout.readline().strip()}/api/"

    def control(self, **orders: Any) -> None:
        request = urllib.request.Request(
            self.url + "_control", data=json.dumps(orders).encode(), method="POST"
        )
        urllib.request.urlopen(request).read()

    def posts(self) -> tuple[list[tuple[str, str]], int]:
        answer = json.loads(urllib.request.urlopen(self.url + "_posts").read())
        return [tuple(p) for p in answer["posts"]], answer["refused"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


# What to send.
def partnership_file(folder: Path, channels: int) -> Path:
    """The example partnership with CHANNELS more channels, `bench-N` → Slack id `CBNNNN`."""
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    for n in range(channels):
        data["channels"][f"bench-{n}"] = {"name": f"bench-{n}", "slack_channel_id": f"CB{n:05d}"}
    path = folder / "partnership.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def plan(messages: int, channels: int, tag: str) -> list[tuple[str, int]]:
    """(outbox key, channel number) in queue order."""
    return [(f"{tag}-{n:06d}", n % channels) for n in range(messages)]


def check(queued: list[tuple[str, str]], posts: list[tuple[str, str]]) -> dict[str, int]:
    """Lost, duplicated and out-of-order (adjacent pairs per channel) counts."""
    order = {key: n for n, (key, _) in enumerate(queued)}
    seen: dict[str, int] = {}
    last: dict[str, int] = {}
    out_of_order = 0
    for channel, key in posts:
        seen[key] = seen.get(key, 0) + 1
        n = order.get(key, -1)
        if n < last.get(channel, -1):
            out_of_order += 1
        last[channel] = max(n, last.get(channel, -1))
    lost = sum(1 for key, _ in queued if key not in seen)
    duplicated = sum(count - 1 for count in seen.values())
    return {"lost": lost, "duplicated": duplicated, "out_of_order": out_of_order}


# The two contenders.
def bare_loop(
    standin: Standin, work: list[tuple[str, int]], rendered: Any, *, keep_alive: bool = False
) -> float:
    """A single-threaded WebClient.chat_postMessage loop; 429s slept off by slack_sdk itself.

    slack_sdk's WebClient opens a connection per call; with `keep_alive` the loop uses mashbot's
    client instead (bot/slack/connections.py), the stricter baseline: same connections as ours."""
    client_class = KeepAliveWebClient if keep_alive else WebClient
    client = client_class(token=TOKEN, base_url=standin.url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=10))
    CPU.start()
    start = time.perf_counter()
    for key, channel in work:
        client.chat_postMessage(
            channel=f"CB{channel:05d}",
            text=rendered.text,
            blocks=rendered.blocks,
            metadata={"event_type": "mashbot_message", "event_payload": {"outbox_key": key}},
            unfurl_links=False,
            unfurl_media=False,
        )
    elapsed = time.perf_counter() - start
    CPU.stop("kept" if keep_alive else "bare", len(work))
    return elapsed


def enqueue(bot: Mashbot, work: list[tuple[str, str]]) -> None:
    """Queue rows as a workflow would (same columns), in bulk: the queuing is not timed."""
    now = bot.clock()
    rows = [
        {
            "key": key,
            "kind": MessageKind.CONCERN_FOR_MASH.value,
            "recipient_type": "channel",
            "recipient_id": channel,
            "facts": FACTS,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "rate_limited": 0,
            "created_at": now,
            "next_attempt_at": now,
        }
        for key, channel in work
    ]
    with bot.sessions() as session, session.begin():
        session.execute(delete(OutboxMessage))
        for start in range(0, len(rows), 2000):
            session.execute(insert(OutboxMessage), rows[start : start + 2000])


def unsettled(bot: Mashbot) -> int:
    with bot.sessions() as session:
        return session.scalar(
            select(func.count()).where(
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
            )
        )


def failed(bot: Mashbot) -> int:
    with bot.sessions() as session:
        return session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        )


class CpuMeter:
    """This process's CPU seconds per message, per contender (the stand-in runs apart)."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = {}
        self._at = 0.0

    def start(self) -> None:
        self._at = time.process_time()

    def stop(self, who: str, messages: int) -> None:
        self.spent.setdefault(who, []).append((time.process_time() - self._at) / messages)

    def ms(self, who: str) -> float:
        found = self.spent.pop(who, [])
        return statistics.median(found) * 1000 if found else float("nan")


CPU = CpuMeter()


def dispatch(bot: Mashbot, messages: int, timeout: float = 600.0) -> float:
    """Drain the outbox with mashbot's dispatcher (Slack pacing, as configured); seconds."""
    dispatcher = Dispatcher(bot, SlackTransport(bot, web_client(bot.settings)))
    CPU.start()
    start = time.perf_counter()
    while unsettled(bot):
        dispatcher.run_once()
        if time.perf_counter() - start > timeout:
            raise RuntimeError("the outbox did not drain")
        time.sleep(0.01)  # a row paused by a 429 comes due shortly
    elapsed = time.perf_counter() - start
    CPU.stop("mashbot", messages)
    return elapsed


# The phases.
def throughput(bot: Mashbot, standin: Standin, args: argparse.Namespace, p429: float) -> dict:
    rendered = render(MessageKind.CONCERN_FOR_MASH, FACTS, Platform.SLACK, bot.partnership.timezone)
    bare, kept, ours, problems = [], [], [], {"lost": 0, "duplicated": 0, "out_of_order": 0}
    contenders = ["bare", "mashbot", "kept"]
    for n in range(args.rounds):
        for contender in contenders[n % 3 :] + contenders[: n % 3]:
            work = plan(args.messages, args.channels, f"{contender}{n}")
            standin.control(p429=p429, seed=n)
            if contender in ("bare", "kept"):
                runs = bare if contender == "bare" else kept
                runs.append(bare_loop(standin, work, rendered, keep_alive=contender == "kept"))
                queued = [(key, f"CB{ch:05d}") for key, ch in work]
            else:
                enqueue(bot, [(key, f"bench-{ch}") for key, ch in work])
                ours.append(dispatch(bot, args.messages))
                queued = [(key, f"CB{ch:05d}") for key, ch in work]
                problems["failed"] = problems.get("failed", 0) + failed(bot)
            posts, _ = standin.posts()
            for name, count in check(queued, posts).items():
                problems[name] += count
    bare_rate = args.messages / statistics.median(bare)
    our_rate = args.messages / statistics.median(ours)
    # Each round's two runs are adjacent in time, so they share its load: the median of the
    # rounds' own ratios is steadier on a busy machine than a ratio of medians.
    paired = sorted(b / o for b, o in zip(bare, ours, strict=True))
    against_kept = statistics.median(k / o for k, o in zip(kept, ours, strict=True))
    cpu = {"bare_cpu": CPU.ms("bare"), "kept_cpu": CPU.ms("kept"), "mashbot_cpu": CPU.ms("mashbot")}
    return {
        "bare": bare_rate,
        "kept": args.messages / statistics.median(kept),
        "mashbot": our_rate,
        "ratio": statistics.median(paired),
        "against_kept": against_kept,
        "spread": (paired[0], paired[-1]),
        **cpu,
        **problems,
    }


def burst(bot: Mashbot, standin: Standin, count: int) -> dict:
    work = [(f"burst-{n:03d}", "bench-0") for n in range(count)]
    standin.control(channel_rate=1.0, burst=3)
    enqueue(bot, work)
    seconds = dispatch(bot, count)
    CPU.ms("mashbot")
    posts, refused = standin.posts()
    result = check([(key, "CB00000") for key, _ in work], posts)
    return {
        "seconds": seconds,
        "delivered": len(posts),
        "refused": refused,
        "failed": failed(bot),
        **result,
    }


def _drain(bot: Mashbot, dispatcher: Dispatcher, done: list[int], i: int) -> None:
    deadline = time.perf_counter() + 600
    while unsettled(bot) and time.perf_counter() < deadline:
        done[i] += dispatcher.run_once()
        time.sleep(0.01)


def two_dispatchers(bot: Mashbot, settings: Settings, standin: Standin, args) -> dict:  # noqa: ANN001
    """Two replicas (engines of their own) drain one outbox of few channels at once, against
    one alone: each message once, and each channel's messages in queue order."""
    channels = 20  # few, so that both replicas meet the same channels' queues
    count = min(args.messages, channels * 50)
    unpaced = Pacing(per_recipient=None, concurrency=settings.delivery.concurrency)
    other = build(settings)
    seconds: dict[str, float] = {}
    problems = {"lost": 0, "duplicated": 0, "out_of_order": 0, "failed": 0}
    shares: list[int] = []
    try:
        for n, replicas in enumerate((1, 2, 2, 1)):
            standin.control()
            work = [(key, f"CB{ch:05d}") for key, ch in plan(count, channels, f"two{n}")]
            enqueue(bot, [(key, f"bench-{int(ch[2:])}") for key, ch in work])
            bots = [bot, other][:replicas]
            dispatchers = [
                Dispatcher(b, SlackTransport(b, web_client(b.settings), unpaced)) for b in bots
            ]
            done = [0] * replicas
            threads = [
                threading.Thread(target=_drain, args=(b, d, done, i))
                for i, (b, d) in enumerate(zip(bots, dispatchers, strict=True))
            ]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds.setdefault(str(replicas), 0.0)
            seconds[str(replicas)] += time.perf_counter() - start
            if replicas == 2:
                shares.extend(done)
            posts, _ = standin.posts()
            for name, value in check(work, posts).items():
                problems[name] += value
            problems["failed"] += failed(bot)
    finally:
        other.close()
    one, two = count * 2 / seconds["1"], count * 2 / seconds["2"]
    return {"one": one, "two": two, "ratio": two / one, "shares": shares, **problems}


def run_database(label: str, url: str, admin: str | None, folder: Path, args, standin) -> None:  # noqa: ANN001
    """Measure on `url`: on PostgreSQL, a database made for the run."""
    with throwaway_database(url, admin) as url:
        measure_on(label, url, admin, folder, args, standin)


def measure_on(label: str, url: str, admin: str | None, folder: Path, args, standin) -> None:  # noqa: ANN001
    settings = Settings(
        database_url=url,
        partnership_file=partnership_file(folder, args.channels),
        slack_bot_token=TOKEN,
        slack_signing_secret="bench",
        slack_api_url=standin.url,
    )
    if args.concurrency:
        settings.delivery.concurrency = args.concurrency
    bot = build(settings)
    try:
        for name, p429 in (("no 429s", 0.0), ("1% 429s", 0.01)):
            r = throughput(bot, standin, args, p429)
            print(
                f"{label:<11}{name:<9} bare {r['bare']:5.0f} msg/s  mashbot {r['mashbot']:5.0f} "
                f"msg/s  ratio {r['ratio']:5.2f} (rounds {r['spread'][0]:.2f}-{r['spread'][1]:.2f})"
                f"  [bare loop on kept connections {r['kept']:5.0f} msg/s: ratio "
                f"{r['against_kept']:4.2f}]  (CPU ms/msg here: bare {r['bare_cpu']:.2f}, kept "
                f"{r['kept_cpu']:.2f}, mashbot {r['mashbot_cpu']:.2f})  lost {r['lost']} dup {r['duplicated']} "
                f"out-of-order {r['out_of_order']} failed {r['failed']}",
                flush=True,
            )
        if admin and args.two:
            r = two_dispatchers(bot, settings, standin, args)
            print(
                f"{label:<11}two dispatchers: one {r['one']:5.0f} msg/s  two {r['two']:5.0f} msg/s"
                f"  two/one {r['ratio']:5.2f} (one process: one GIL)  shares {r['shares']}  lost {r['lost']} "
                f"dup {r['duplicated']} out-of-order {r['out_of_order']} failed {r['failed']}",
                flush=True,
            )
        if args.burst:
            b = burst(bot, standin, args.burst)
            print(
                f"{label:<11}burst of {args.burst} to one channel at 1/s (burst 3): "
                f"{b['delivered']} delivered in {b['seconds']:.1f}s, {b['refused']} 429s, "
                f"failed {b['failed']}, lost {b['lost']} dup {b['duplicated']} "
                f"out-of-order {b['out_of_order']}",
                flush=True,
            )
    finally:
        bot.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burst", type=int, default=60, help="0 skips the one-channel burst")
    parser.add_argument(
        "--no-two", dest="two", action="store_false", help="skip two dispatchers (PostgreSQL)"
    )
    parser.add_argument("--concurrency", type=int, default=None, help="default: the setting")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.WARNING)  # both contenders unlogged per message
    standin = Standin()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {args.messages} messages over {args.channels} "
        f"channels, {args.rounds} interleaved rounds; ratio = mashbot msg/s / bare loop msg/s"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="mashbot-bench-") as folder:
            for label, url, admin in databases(
                f"sqlite:///{folder}/bench-delivery.db", args.sqlite_only
            ):
                run_database(label, url, admin, Path(folder), args, standin)
    finally:
        standin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
