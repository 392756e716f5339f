"""The Slack Web API client keeps its connections open, and never pays for it in a lost call.

Each test talks real HTTP to the local Slack stand-in (tests/slack/fake_slack.py), which keeps
connections open as Slack does and counts the connections clients open.
"""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
from slack_sdk.errors import SlackApiError

from bot.delivery.transport import RateLimited
from bot.keepalive import ConnectionPool
from bot.settings import Settings
from bot.slack.app import web_client
from bot.slack.connections import KeepAliveWebClient
from bot.slack.transport import classify
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack


def post(client: KeepAliveWebClient, n: int) -> None:
    answer = client.chat_postMessage(channel="C0MASHCITY", text=f"message {n}")
    assert answer["ok"]


def test_calls_share_one_connection(settings: Settings, fake_slack: FakeSlack) -> None:
    client = web_client(settings)
    for n in range(5):
        post(client, n)
    assert fake_slack.connections_made == 1
    assert [c.args["text"] for c in fake_slack.posted_to("C0MASHCITY")] == [
        f"message {n}" for n in range(5)
    ]


def test_a_connection_the_server_closed_is_replaced_before_anything_is_sent(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    client = web_client(settings)
    post(client, 1)
    fake_slack.drop_connections()  # Slack closes an idle connection
    time.sleep(0.05)  # the close reaches the client's socket
    post(client, 2)  # no error: it sees the end and opens another
    assert fake_slack.connections_made == 2
    assert [c.args["text"] for c in fake_slack.posted_to("C0MASHCITY")] == [
        "message 1",
        "message 2",
    ]


def test_a_connection_idle_too_long_is_not_reused(fake_slack: FakeSlack) -> None:
    client = KeepAliveWebClient(token=BOT_TOKEN, base_url=fake_slack.url, idle_seconds=0.0)
    for n in range(3):
        post(client, n)
    assert fake_slack.connections_made == 3


def test_slacks_refusals_read_as_before(fake_slack: FakeSlack, settings: Settings) -> None:
    """A 429 with Retry-After and an `ok: false` error are slack_sdk's errors, as with urllib."""
    client = web_client(settings)
    fake_slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as refused:
        post(client, 1)
    outcome = classify(refused.value, "chat.postMessage")
    assert isinstance(outcome, RateLimited) and outcome.after == 7
    fake_slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as failed:
        post(client, 2)
    assert failed.value.response["error"] == "channel_not_found"
    post(client, 3)  # the connection survived both answers
    assert fake_slack.connections_made == 1


def test_threads_share_the_pool_safely(settings: Settings, fake_slack: FakeSlack) -> None:
    client = web_client(settings)
    errors: list[BaseException] = []

    def sender(start: int) -> None:
        try:
            for n in range(start, start + 20):
                post(client, n)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender, args=(k * 100,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(fake_slack.posted_to("C0MASHCITY")) == 160
    assert fake_slack.connections_made <= 8  # at most one per sender at a time
    client.close()


def test_forms_opened_by_commands_share_the_apps_connections(
    person, slack_app, fake_slack: FakeSlack
) -> None:
    """Bolt makes a client for each request; its calls (views.open) go through the app client's
    kept connections, not a connection each."""
    ben = person("U0BEN")
    ben.start_concern()  # Ben is looked up (users.info) and known from here on
    before = fake_slack.connections_made
    for _ in range(4):
        ben.start_concern()
    assert fake_slack.connections_made - before <= 1


def test_a_proxy_in_the_environment_is_still_used(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack
) -> None:
    """A partnership behind a proxy reaches Microsoft (and Slack) through it, as urllib did."""
    proxy = fake_slack.url.removesuffix("/api/")  # the fake answers a proxied request as Slack
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, proxy)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    pool = ConnectionPool(5)
    assert not pool.serves("http://slack.invalid/api/auth.test")
    answer = pool.request(
        "POST",
        "http://slack.invalid/api/auth.test",  # no such host: only the proxy can answer
        b"{}",
        {"Authorization": f"Bearer {BOT_TOKEN}", "Content-Type": "application/json"},
    )
    assert answer.status == 200 and json.loads(answer.body)["ok"]
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


def test_a_request_leaves_in_one_write(fake_slack: FakeSlack, monkeypatch) -> None:
    """Headers and body together: http.client writes them apart, and each write hands the GIL
    to another sender and waits for it back."""
    writes: list[bytes] = []
    send = http.client.HTTPConnection.send

    def counted(connection: http.client.HTTPConnection, data: bytes) -> None:
        writes.append(data)
        send(connection, data)

    monkeypatch.setattr(http.client.HTTPConnection, "send", counted)
    pool = ConnectionPool(timeout=5)
    body = json.dumps({"channel": "C0MASHCITY", "text": "one write"}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {BOT_TOKEN}"}
    answer = pool.request("POST", fake_slack.url + "chat.postMessage", body, headers)
    assert json.loads(answer.body)["ok"]
    assert len(writes) == 1 and writes[0].endswith(body)
    assert [c.args["text"] for c in fake_slack.posted_to("C0MASHCITY")] == ["one write"]
    pool.close()
