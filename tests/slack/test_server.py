"""`mashbot serve`: /slack/events and /healthz on uvicorn, delivery in the same process, and a
clear refusal to start without Slack settings or with an invalid partnership file."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from bot import cli
from bot.settings import EXAMPLE_PARTNERSHIP
from bot.slack.server import listen
from tests.slack.fake_slack import BOT_TOKEN
from tests.slack.scenarios import MASHBOT, concerns, fill_concern, slack_env
from tests.slack.slack_client import SIGNING_SECRET, Person, SlackRequests
from tests.support import TEST_AUDIT_KEY, TEST_DATA_KEY, packages_once_serving, report_concern


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_healthz_reports_the_database_and_the_outbox_backlog(bot, served, dispatcher) -> None:
    status, report = get_json(served + "/healthz")
    assert status == 200 and report["database"] == "ok"
    assert report["outbox"] == {"pending": 0, "failed": 0, "oldest_pending_at": None}

    report_concern(bot)
    assert get_json(served + "/healthz")[1]["outbox"]["pending"] == 2
    dispatcher.run_once()
    assert get_json(served + "/healthz")[1]["outbox"]["pending"] == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mashbot_serve(bot, database_url, fake_slack, tmp_path) -> Iterator[str]:
    """`mashbot serve` as a separate process, as it runs in production; its base URL."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [MASHBOT, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=slack_env(database_url, fake_slack),
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            if get_json(url + "/healthz")[0] == 200:
                break
        except OSError:
            assert time.monotonic() < deadline, "mashbot serve did not come up"
            time.sleep(0.05)
    yield url
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0, (tmp_path / "serve.log").read_text()
    log.close()
    output = (tmp_path / "serve.log").read_text()
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output


def test_mashbot_serve_takes_a_concern_and_delivers_it(bot, mashbot_serve, fake_slack) -> None:
    ben = Person("U0BEN", SlackRequests(mashbot_serve + "/slack/events"), fake_slack)
    fill_concern(ben)
    ben.submit()

    [concern] = concerns(bot)
    fake_slack.wait_for("chat.postMessage", lambda c: c.ok, count=2)  # the dispatcher thread
    assert fake_slack.posted_to("C0MASHCITY")[0].args["metadata"]["event_payload"] == {
        "outbox_key": f"concern:{concern.reference}:mash-card"
    }
    deadline = time.monotonic() + 10  # marked sent just after Slack answers
    while get_json(mashbot_serve + "/healthz")[1]["outbox"]["pending"]:
        assert time.monotonic() < deadline, "the outbox was not emptied"
        time.sleep(0.02)


@pytest.fixture
def clean_env(monkeypatch, tmp_path, database_url) -> None:
    for name in list(os.environ):
        if name.startswith(("SLACK_", "MASHBOT_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("MASHBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("MASHBOT_AUDIT_KEY", TEST_AUDIT_KEY)
    monkeypatch.setenv("MASHBOT_DATA_KEY", TEST_DATA_KEY)


def test_serve_refuses_to_start_without_slack_settings(bot, clean_env, capsys) -> None:
    assert cli.main(["serve", "--port", "0"]) == 1
    said = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in said and "README" in said


def test_socket_mode_refuses_to_start_without_an_app_token(bot, clean_env, capsys, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert cli.main(["socket"]) == 1
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err


def test_serve_refuses_an_invalid_partnership_file(
    bot, clean_env, capsys, monkeypatch, tmp_path, fake_slack
) -> None:
    broken = tmp_path / "partnership.yaml"
    text = EXAMPLE_PARTNERSHIP.read_text().replace("mash_channel: mash-shire", "mash_channel: nope")
    broken.write_text(text)
    for name, value in slack_env("", fake_slack, MASHBOT_PARTNERSHIP_FILE=str(broken)).items():
        if name.startswith(("SLACK_", "MASHBOT_PARTNERSHIP")):
            monkeypatch.setenv(name, value)
    assert cli.main(["serve", "--port", "0"]) == 1
    said = capsys.readouterr().err
    assert "not a valid partnership file" in said and "mash_channel 'nope' is unknown" in said
    assert "line " in said


def test_serve_refuses_a_token_slack_does_not_accept(
    bot, clean_env, capsys, monkeypatch, fake_slack
) -> None:
    for name, value in slack_env("", fake_slack, SLACK_BOT_TOKEN="xoxb-revoked").items():
        if name.startswith("SLACK_"):
            monkeypatch.setenv(name, value)
    assert cli.main(["serve", "--port", "0"]) == 1
    said = capsys.readouterr().err
    assert "did not accept the bot token" in said and "xoxb-revoked" not in said


def test_socket_mode_refuses_an_app_token_slack_does_not_accept(
    bot, clean_env, capsys, monkeypatch, fake_slack
) -> None:
    env = slack_env("", fake_slack, SLACK_APP_TOKEN="xapp-not-for-socket-mode")
    for name, value in env.items():
        if name.startswith("SLACK_"):
            monkeypatch.setenv(name, value)
    assert cli.main(["socket"]) == 1  # the fake has no Socket Mode endpoint to offer
    said = capsys.readouterr().err
    assert "did not open a Socket Mode connection" in said and "xapp-not" not in said


def test_connections_to_the_listening_socket_send_at_once() -> None:
    """asyncio turns Nagle's algorithm off only on sockets that say they are TCP; with it on, a
    keep-alive response waited ~40 ms for the client's delayed ACK (bench/acks.py found it)."""

    async def accepted_nodelay() -> int:
        found: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                found.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        sock = listen("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
            value = await asyncio.wait_for(found, 5)
            writer.close()
        return value

    assert asyncio.run(accepted_nodelay()) != 0


# What `mashbot serve` loads only when a rare command asks for it: the agenda PDF (fpdf2 and what
# it loads), the board report's spreadsheet, calendar invitations, the Teams SDK and its web
# server, the console's terminal, and Alembic once the database is migrated. Each would stay in
# the server's memory for as long as it runs.
NOT_LOADED_BY_SERVE = {
    "fpdf",
    "fontTools",
    "PIL",
    "openpyxl",
    "icalendar",
    "microsoft_agents",
    "msal",
    "aiohttp",
    "prompt_toolkit",
    "alembic",
}


def test_serve_starts_without_loading_what_only_rare_commands_need(
    bot, database_url, fake_slack, tmp_path
) -> None:
    port = free_port()
    loaded = packages_once_serving(
        ["serve", "--host", "127.0.0.1", "--port", str(port)],
        port,
        slack_env(database_url, fake_slack),  # a database already migrated
        tmp_path,
    )
    assert "uvicorn" in loaded and "slack_bolt" in loaded  # it did serve
    assert loaded & NOT_LOADED_BY_SERVE == set()
