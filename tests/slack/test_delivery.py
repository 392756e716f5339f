"""The outbox delivered to Slack: DMs and channels, Retry-After honoured, failures surfaced."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy import select

from bot.delivery.transport import Delivery, RetryLater
from bot.slack.transport import SlackTransport
from storage.models import OutboxMessage, OutboxStatus
from tests.support import report_concern
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.people import addresses_of


def rows(bot) -> dict[str, OutboxMessage]:
    with bot.sessions() as session:
        return {r.key: r for r in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}


RECEIPT, CARD = "concern:CSE-2026-00001:receipt", "concern:CSE-2026-00001:mash-card"


def test_slack_rate_limiting_is_honoured(bot, clock, dispatcher, fake_slack) -> None:
    report_concern(bot)
    fake_slack.rate_limit("chat.postMessage", retry_after=3, times=1)

    assert dispatcher.run_once() == 1  # the card went; the receipt waits
    receipt = rows(bot)[RECEIPT]
    assert receipt.status == OutboxStatus.PENDING and "rate-limited" in receipt.last_error
    assert receipt.next_attempt_at == clock.now + timedelta(seconds=3)

    clock.advance(seconds=2)
    assert dispatcher.run_once() == 0  # not before Slack said
    clock.advance(seconds=1)
    assert dispatcher.run_once() == 1

    delivered = rows(bot)[RECEIPT]
    assert delivered.status == OutboxStatus.SENT and delivered.attempts == 2
    assert len(fake_slack.posted_to(fake_slack.dm_channel("U0BEN"))) == 1
    assert len(fake_slack.posted_to("C0MASHCITY")) == 1


def test_slack_server_trouble_is_retried_with_backoff(bot, clock, dispatcher, fake_slack) -> None:
    report_concern(bot)
    fake_slack.fail("chat.postMessage", "service_unavailable", status=503)
    assert dispatcher.run_once() == 1
    receipt = rows(bot)[RECEIPT]
    assert receipt.status == OutboxStatus.PENDING and "service_unavailable" in receipt.last_error
    clock.advance(minutes=1)
    assert dispatcher.run_once() == 1
    assert rows(bot)[RECEIPT].status == OutboxStatus.SENT


def test_a_bot_not_in_the_channel_fails_for_good_and_the_admins_are_told(
    bot, dispatcher, fake_slack
) -> None:
    report_concern(bot)
    fake_slack.fail("chat.postMessage", "not_in_channel")
    dispatcher.run_once()  # the receipt (first) fails for good; an alert is queued

    failed = rows(bot)[RECEIPT]
    assert failed.status == OutboxStatus.FAILED and "not_in_channel" in failed.last_error
    dispatcher.run_once()
    [alert] = fake_slack.posted_to(fake_slack.dm_channel("U0OLA"))  # the partnership's admin
    assert "could not be delivered" in alert.args["text"]


def test_a_channel_without_a_slack_id_fails_for_good(bot, dispatcher) -> None:
    with bot.unit_of_work("test") as ctx:
        to = Recipient.channel("nowhere")
        ctx.send(Outgoing(MessageKind.CONCERN_FOR_MASH, to, key="k", facts=_card_facts()))
    dispatcher.run_once()
    row = rows(bot)["k"]
    assert row.status == OutboxStatus.FAILED and "slack_channel_id" in row.last_error


def test_a_message_that_cannot_be_rendered_fails_for_good(bot, dispatcher) -> None:
    with bot.unit_of_work("test") as ctx:
        ctx.send(Outgoing(MessageKind.CONCERN_FOR_MASH, Recipient.channel("mash-city"), key="k"))
    dispatcher.run_once()
    row = rows(bot)["k"]
    assert row.status == OutboxStatus.FAILED and "cannot render" in row.last_error


def test_an_unreachable_slack_is_retried(bot) -> None:
    unreachable = WebClient(
        token="xoxb-x", base_url="http://127.0.0.1:9/api/", timeout=2, retry_handlers=[]
    )
    delivery = Delivery(1, "k", "concern_for_mash", "channel", "mash-city", _card_facts())
    try:
        SlackTransport(bot, unreachable).deliver(delivery)
    except RetryLater as later:
        assert "cannot reach Slack" in str(later)
    else:
        raise AssertionError("delivery to an unreachable Slack did not ask to retry")


def test_a_person_known_only_by_email_is_found_in_slack_once(bot, dispatcher, fake_slack) -> None:
    report_concern(bot, "sam.stranger@example.net")  # a reporter from the console
    assert dispatcher.run_once() == 2
    [lookup] = fake_slack.calls_to("users.lookupByEmail")
    assert lookup.args["email"] == "sam.stranger@example.net"
    assert fake_slack.posted_to(fake_slack.dm_channel("U0STRANGER"))
    with bot.sessions() as session:
        person = rows(bot)[RECEIPT].recipient_id
        assert addresses_of(session, person, "slack") == ["U0STRANGER"]


def test_a_replacing_message_updates_the_original_in_place(bot, dispatcher, fake_slack) -> None:
    report_concern(bot)
    dispatcher.run_once()
    [card] = fake_slack.posted_to("C0MASHCITY")
    with bot.unit_of_work("test") as ctx:
        ctx.send(
            Outgoing(
                MessageKind.CONCERN_FOR_MASH,
                Recipient.channel("mash-city"),
                key="card-update",
                facts=_card_facts(status="triaged"),
                replaces_key=CARD,
            )
        )
    dispatcher.run_once()
    [update] = fake_slack.calls_to("chat.update")
    assert update.args["channel"] == "C0MASHCITY"
    assert update.args["ts"] == rows(bot)[CARD].delivered_to["ts"]


def _card_facts(**changes: object) -> dict:
    return {
        "reference": "CSE-2026-00001",
        "area_name": "Riverton City",
        "agency_name": "Education",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": False,
        "indicator_count": 2,
        "screening_band": "Medium",
        "exploitation_type": "CSE",
        "status": "received",
    } | changes
