"""Two replicas of the Slack app on one database: a retry landing on the other one is dropped,
and a listener's error after the ack never turns the ack into an error for the person."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from bot.app import build
from bot.slack.app import create_app
from bot.slack.server import create_web_app, listen
from tests.slack.slack_client import SlackRequests


@pytest.fixture
def second_replica(settings, clock) -> Iterator[SlackRequests]:  # noqa: ANN001
    """Another process's worth of bot: its own Mashbot, Bolt app and uvicorn, the same database."""
    other = build(settings, clock=clock)
    app = create_app(other)
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(
        uvicorn.Config(create_web_app(app, other), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield SlackRequests(f"http://127.0.0.1:{sock.getsockname()[1]}/slack/events")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.listener_pool.shutdown(wait=True)
        other.close()


def test_a_retried_event_reaching_another_replica_is_dropped(
    person, slack, slack_app, fake_slack, second_replica
) -> None:
    ben = person("U0BEN")
    ben.open_home(event_id="Ev0REPLICA1")
    second_replica.post(*slack.last, retry=1)  # the load balancer sends Slack's retry elsewhere
    assert second_replica.post(*slack.last, retry=2).status == 200
    slack_app.listener_pool.shutdown(wait=True)
    time.sleep(0.5)  # anything the second replica started has had time to call Slack
    assert len(fake_slack.calls_to("views.publish")) == 1


def test_a_retried_command_reaching_another_replica_opens_one_form(
    person, slack, slack_app, fake_slack, second_replica
) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    assert second_replica.post(*slack.last, retry=1).status == 200
    slack_app.listener_pool.shutdown(wait=True)
    time.sleep(0.5)
    assert [c.ok for c in fake_slack.calls_to("views.open")] == [True, False]  # trigger used


def test_a_concern_form_that_cannot_open_still_acknowledges_the_command(person, fake_slack) -> None:
    ben = person("U0BEN")
    for attempt in range(5):  # the lost ack was a race with Bolt's 10 ms poll: try it a few times
        fake_slack.fail("views.open", "exchanged_trigger_id")
        started = time.monotonic()
        reply = ben.command("/concern")
        assert reply.status == 200, f"attempt {attempt}: HTTP {reply.status}"
        assert time.monotonic() - started < 2.5, "answered at once, not after Slack's timeout"
        fake_slack.wait_for("views.open", count=attempt + 1)
