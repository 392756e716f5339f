"""The dispatcher under bursts: paced to Slack's per-channel limit, 429s that cost no attempt,
order per channel with one dispatcher or two, and a stop that hands back what it holds.

The fake Slack enforces Slack's one post per second per channel, sped up twenty times
(`enforce_channel_rate`) so that a 60-message burst takes about three seconds instead of sixty.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.app import Mashbot, build
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.transport import Pacing, Rate
from bot.settings import PROJECT_ROOT, Settings
from bot.slack.app import web_client
from bot.slack.transport import SlackTransport
from storage.models import OutboxMessage, OutboxStatus
from tests.conftest import empty_tables
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack
from tests.slack.slack_client import SIGNING_SECRET
from workflows.outgoing import MessageKind, Outgoing, Recipient

SPEED = 20.0  # the fake's 1/s per channel, twenty times faster
SLACK_LIKE = Pacing(per_recipient=Rate(SPEED, 3), concurrency=4)
UNPACED = Pacing(per_recipient=None, concurrency=4)


@pytest.fixture
def live_bot(settings: Settings, database_url: str) -> Iterator[Mashbot]:
    """A bot on the real clock: Retry-After pauses pass as the test runs."""
    instance = build(settings)
    try:
        yield instance
    finally:
        instance.close()
        empty_tables(database_url)


def queue(bot: Mashbot, channel: str, count: int, prefix: str = "m") -> list[str]:
    """`count` alerts queued for `channel` in one go, as a burst is; their keys, in order."""
    keys = [f"{prefix}{n:03d}" for n in range(count)]
    with bot.unit_of_work("test") as ctx:
        for n, key in enumerate(keys):
            facts = {"outbox_id": n, "description": "d", "recipient": "r", "attempts": 1}
            ctx.send(
                Outgoing(
                    MessageKind.DELIVERY_FAILED,
                    Recipient.channel(channel),
                    key=key,
                    facts=facts | {"error": "e"},
                )
            )
    return keys


def posted_keys(fake: FakeSlack, channel: str) -> list[str]:
    """The outbox keys of the messages that landed in `channel`, in the order they landed."""
    return [
        call.args["metadata"]["event_payload"]["outbox_key"]
        for call in fake.calls_to("chat.postMessage")
        if call.ok and call.args.get("channel") == channel
    ]


def outbox_rows(bot: Mashbot) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def drain(dispatcher: Dispatcher, bot: Mashbot, timeout: float = 30.0) -> None:
    """Run passes until nothing waits (a 429 leaves rows due a moment later)."""
    deadline = time.monotonic() + timeout
    while any(r.status != OutboxStatus.SENT for r in outbox_rows(bot)):
        assert time.monotonic() < deadline, "the outbox did not drain"
        dispatcher.run_once()
        time.sleep(0.02)


def transport(bot: Mashbot, pacing: Pacing) -> SlackTransport:
    return SlackTransport(bot, web_client(bot.settings), pacing=pacing)


@pytest.mark.parametrize("pacing", [SLACK_LIKE, UNPACED], ids=["paced", "unpaced"])
def test_a_burst_to_one_channel_is_delivered_in_order_and_none_fails(
    live_bot: Mashbot, fake_slack: FakeSlack, pacing: Pacing
) -> None:
    fake_slack.enforce_channel_rate(SPEED, burst=3)
    keys = queue(live_bot, "mash-city", 60)
    drain(Dispatcher(live_bot, transport(live_bot, pacing)), live_bot)

    assert posted_keys(fake_slack, "C0MASHCITY") == keys
    rows = outbox_rows(live_bot)
    assert [r.status for r in rows] == [OutboxStatus.SENT] * 60
    assert all(r.attempts - r.rate_limited == 1 for r in rows)  # a 429 is no failed attempt
    if pacing is SLACK_LIKE:
        # Paced: a burst meets few 429s. The fake counts by arrival, so on a loaded machine a
        # post held up in the scheduler can land with the next one: a few, never most.
        assert fake_slack.refused_for_rate <= len(keys) // 10
    else:
        assert sum(r.rate_limited for r in rows) == fake_slack.refused_for_rate > 0


def test_a_429_pauses_the_channel_and_costs_no_attempt(bot, fake_slack) -> None:
    bot.settings.delivery.max_attempts = 2
    fake_slack.rate_limit("chat.postMessage", retry_after=0, times=5)
    keys = queue(bot, "mash-city", 3)

    Dispatcher(bot, transport(bot, UNPACED)).run_once()

    assert posted_keys(fake_slack, "C0MASHCITY") == keys
    first, *rest = outbox_rows(bot)
    assert first.status == OutboxStatus.SENT
    assert (first.attempts, first.rate_limited) == (6, 5)  # five waits, one real attempt
    assert all(r.status == OutboxStatus.SENT and r.attempts == 1 for r in rest)


def test_a_429_holds_back_every_message_queued_for_that_channel(bot, clock, fake_slack) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=30, times=1)
    keys = queue(bot, "mash-city", 4)
    queue(bot, "mash-shire", 2, prefix="s")
    dispatcher = Dispatcher(bot, transport(bot, UNPACED))

    dispatcher.run_once()
    # The 429 went to the first post (mash-city's or mash-shire's): its channel waits whole.
    paused = [r for r in outbox_rows(bot) if r.status == OutboxStatus.PENDING]
    assert paused and len({r.recipient_id for r in paused}) == 1
    assert all(r.attempts - r.rate_limited == 0 for r in paused)

    clock.advance(seconds=30)
    dispatcher.run_once()
    assert posted_keys(fake_slack, "C0MASHCITY") == keys
    assert posted_keys(fake_slack, "C0MASHSHIRE") == ["s000", "s001"]


def test_two_dispatchers_keep_each_channels_order(
    settings: Settings, live_bot: Mashbot, fake_slack: FakeSlack
) -> None:
    fake_slack.enforce_channel_rate(1000.0, burst=1000, delay=0.002)  # slow enough to overlap
    channels = {
        "mash-city": "C0MASHCITY",
        "mash-shire": "C0MASHSHIRE",
        "mash-central": "C0MASHCENTRAL",
        "police-safeguarding": "C0POLICE",
        "health-safeguarding": "C0HEALTH",
    }
    sent = {name: queue(live_bot, name, 24, prefix=f"{name}-") for name in channels}
    settings.delivery.batch_size = 4  # small claims: neither can hold every channel at once
    other = build(settings)  # a second replica: its own engine and connections
    try:
        dispatchers = [
            Dispatcher(live_bot, transport(live_bot, UNPACED)),
            Dispatcher(other, transport(other, UNPACED)),
        ]
        counts = [0, 0]

        def run(n: int) -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and sum(counts) < 120:
                counts[n] += dispatchers[n].run_once()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
    finally:
        other.close()

    assert counts[0] > 0 and counts[1] > 0 and sum(counts) == 120  # both took part
    for name, slack_id in channels.items():
        assert posted_keys(fake_slack, slack_id) == sent[name]  # once each, in order
    assert all(r.status == OutboxStatus.SENT for r in outbox_rows(live_bot))


def test_sigterm_hands_back_what_the_dispatcher_holds(
    settings: Settings, live_bot: Mashbot, fake_slack: FakeSlack, database_url: str
) -> None:
    fake_slack.enforce_channel_rate(2.0, burst=1)  # slow: most rows wait in hand
    keys = queue(live_bot, "mash-city", 30)
    env = os.environ | {
        "MASHBOT_DATABASE_URL": database_url,
        "MASHBOT_PARTNERSHIP_FILE": str(settings.partnership_file),
        "MASHBOT_AUTO_MIGRATE": "0",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "DELIVERY": '{"recipient_per_second": 2.0, "recipient_burst": 1}',
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "dispatch"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        fake_slack.wait_for("chat.postMessage", lambda c: c.ok, count=3, timeout=30)
        leased = [r for r in outbox_rows(live_bot) if r.status == OutboxStatus.SENDING]
        assert len(leased) > 1  # it holds rows it has not sent yet
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, errors.decode()[-2000:]

    rows = {r.key: r for r in outbox_rows(live_bot)}
    delivered = posted_keys(fake_slack, "C0MASHCITY")
    assert all(r.status != OutboxStatus.SENDING for r in rows.values())  # no lease left behind
    assert [k for k in keys if rows[k].status == OutboxStatus.SENT] == delivered
    waiting = [r for r in rows.values() if r.status == OutboxStatus.PENDING]
    assert waiting and all(r.attempts == 0 for r in waiting)  # handed back, not failed

    fake_slack.enforce_channel_rate(1000.0, burst=1000)
    drain(Dispatcher(live_bot, transport(live_bot, UNPACED)), live_bot)
    assert posted_keys(fake_slack, "C0MASHCITY") == keys  # the rest, once each, in order
