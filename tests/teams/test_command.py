"""`mashbot teams` itself, as a process: it warns loudly in anonymous mode, answers /healthz,
and answers a message through the (fake) Bot Connector at the activity's serviceUrl; it serves
without loading Slack's packages or what only rare commands need."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support import TEST_AUDIT_KEY, TEST_DATA_KEY, packages_once_serving
from tests.teams.conftest import TENANT, post
from tests.teams.fake_teams import FakeTeams


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def teams_env(database_url: str, partnership: Path, fake: FakeTeams) -> dict[str, str]:
    """The environment of a `mashbot teams` process wired to the fake Teams; nothing from ours."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CONNECTIONS__", "SLACK_", "MASHBOT_"))
    }
    return env | {
        "MASHBOT_DATABASE_URL": database_url,
        "MASHBOT_PARTNERSHIP_FILE": str(partnership),
        "MASHBOT_TEAMS_SERVICE_URL": fake.url,
        "MASHBOT_AUDIT_KEY": TEST_AUDIT_KEY,  # test-only keys, as an operator sets them
        "MASHBOT_DATA_KEY": TEST_DATA_KEY,
    }


def test_mashbot_teams_serves_and_replies(
    fake_teams: FakeTeams, teams_partnership: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = teams_env(f"sqlite:///{tmp_path / 'teams.db'}", teams_partnership, fake_teams)
    mashbot = Path(sys.executable).parent / "mashbot"
    process = subprocess.Popen(
        [str(mashbot), "teams", "--port", str(port), "--host", "127.0.0.1", "--no-clock"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                    health = json.loads(response.read())
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "mashbot teams did not start"
                time.sleep(0.2)
        assert health["status"] == "ok"
        activity = {
            "type": "message",
            "id": "1",
            "serviceUrl": fake_teams.url,
            "channelId": "msteams",
            "from": {"id": "29:amira", "name": "Amira Okafor", "aadObjectId": "aad-amira"},
            "conversation": {
                "conversationType": "personal",
                "id": "a:chat-amira",
                "tenantId": TENANT,
            },
            "recipient": {"id": "28:mashbot", "name": "mashbot"},
            "text": "help",
        }
        status, _ = post(url, activity)
        assert status == 202  # answered at once; the reply is posted after
        deadline = time.monotonic() + 30
        while not fake_teams.sent_to("a:chat-amira"):
            assert time.monotonic() < deadline, "no reply arrived"
            time.sleep(0.05)
        [reply] = fake_teams.sent_to("a:chat-amira")
        assert reply.body["text"].startswith("You can type:")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "ANONYMOUS mode" in output


# What `mashbot teams` never needs loaded: Slack's SDKs and web server (the health report and the
# typed-command replies it shares live outside bot/slack/), the agenda PDF (fpdf2 and what it
# loads), the board report's spreadsheet, calendar invitations, the console's terminal, and
# Alembic once the database is migrated. Each would stay in the server's memory while it runs.
NOT_LOADED_BY_TEAMS = {
    "slack_bolt",
    "slack_sdk",
    "starlette",
    "uvicorn",
    "fpdf",
    "fontTools",
    "PIL",
    "openpyxl",
    "icalendar",
    "prompt_toolkit",
    "alembic",
}


def test_mashbot_teams_starts_without_loading_what_it_does_not_need(
    bot, database_url: str, fake_teams: FakeTeams, teams_partnership: Path, tmp_path: Path
) -> None:
    port = free_port()
    loaded = packages_once_serving(
        ["teams", "--host", "127.0.0.1", "--port", str(port)],
        port,
        teams_env(database_url, teams_partnership, fake_teams),  # a database already migrated
        tmp_path,
    )
    assert "aiohttp" in loaded and "microsoft_agents" in loaded  # it did serve
    assert loaded & NOT_LOADED_BY_TEAMS == set()
