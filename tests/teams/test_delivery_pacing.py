"""Teams deliveries paced to the Bot Framework's limits: a burst to one conversation goes out
at its pace (about 7 at once, then 1 a second; five times faster here), in order, and a 429
pauses the conversation without costing an attempt."""

from __future__ import annotations

import re
import time
from typing import Any

from sqlalchemy import select

from bot.app import Mashbot
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.transport import Pacing, Rate
from bot.settings import DeliverySettings
from bot.teams.runtime import TeamsBot
from storage.models import OutboxMessage
from tests.teams.conftest import CHANNELS
from tests.teams.fake_teams import FakeTeams
from workflows.outgoing import MessageKind, Outgoing, Recipient

SPEED = 5.0


def queue(bot: Mashbot, channel: str, count: int) -> list[str]:
    """`count` alerts for `channel`, each naming its number; the numbers, in queue order."""
    names = [f"alert-{n:02d}" for n in range(count)]
    with bot.unit_of_work("test") as ctx:
        for n, name in enumerate(names):
            facts = {"outbox_id": n, "description": name, "recipient": "r", "attempts": 1}
            ctx.send(
                Outgoing(
                    MessageKind.DELIVERY_FAILED,
                    Recipient.channel(channel),
                    key=name,
                    facts=facts | {"error": "e"},
                )
            )
    return names


def landed(fake: FakeTeams, channel: str) -> list[str]:
    """The alert names posted to `channel`, in the order they landed."""
    texts = [call.text for call in fake.sent_to(CHANNELS[channel])]
    return [re.search(r"after \d+ tr(?:y|ies): (\S+) ", text).group(1) for text in texts]


def rows(bot: Mashbot) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_teams_is_paced_per_conversation_and_per_tenant_by_default() -> None:
    pacing = DeliverySettings().teams_pacing()
    assert pacing.per_recipient == Rate(1.0, 7)
    assert pacing.per_workspace == Rate(50.0, 50)
    assert pacing.concurrency > 1


def test_a_burst_to_one_conversation_goes_at_its_pace_in_order(
    bot: Mashbot, fake_teams: FakeTeams, teams_bot: TeamsBot
) -> None:
    transport = teams_bot.transport
    transport.pacing = Pacing(per_recipient=Rate(SPEED, 7), per_workspace=None, concurrency=4)
    assert transport.workspace_of(None) == "teams"
    times: list[float] = []
    send = transport.connector.send

    def timed(*args: Any) -> str:
        times.append(time.monotonic())
        return send(*args)

    transport.connector.send = timed  # type: ignore[method-assign]
    names = queue(bot, "mash-city", 12)

    Dispatcher(bot, transport, platform="teams").run_once()

    assert landed(fake_teams, "mash-city") == names
    assert all(r.status == "sent" and r.attempts == 1 for r in rows(bot))
    # At most 7 + SPEED * t sends in any t seconds: twelve span at least 5 / SPEED seconds.
    assert times[-1] - times[0] >= 5 / SPEED * 0.8  # unpaced, they go in a few milliseconds


def test_a_429_pauses_the_conversation_and_costs_no_attempt(
    bot: Mashbot, fake_teams: FakeTeams, teams_bot: TeamsBot
) -> None:
    path = f"/v3/conversations/{CHANNELS['mash-city']}/activities"
    fake_teams.fail_next(path, 429, **{"Retry-After": "5"})
    names = queue(bot, "mash-city", 3)
    dispatcher = Dispatcher(bot, teams_bot.transport, platform="teams")

    assert dispatcher.run_once() == 0  # the conversation waits, every row of it
    waiting = rows(bot)
    assert {r.status for r in waiting} == {"pending"}
    assert (waiting[0].rate_limited, waiting[0].attempts) == (1, 1)
    assert all(r.attempts == 0 for r in waiting[1:])
    bot.clock.advance(seconds=5)  # type: ignore[attr-defined]
    assert dispatcher.run_once() == 3
    assert landed(fake_teams, "mash-city") == ["alert-00", *names]  # the refused try, then all
