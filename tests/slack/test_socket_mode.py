"""`mashbot socket`: the same app over Socket Mode, acknowledging envelopes Slack pushes."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from storage.models import ConcernDraft
from tests.slack.blockkit import assert_valid_view
from tests.slack.fake_slack import TEAM_ID
from tests.slack.fake_socket_mode import FakeSocketMode
from tests.slack.scenarios import MASHBOT, count, slack_env
from tests.slack.slack_client import new_id


@pytest.fixture
def socket_mode(bot, database_url, fake_slack, tmp_path) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as endpoint:
        fake_slack.socket_url = endpoint.url
        env = slack_env(database_url, fake_slack, SLACK_APP_TOKEN="xapp-test-not-real")
        env.pop("SLACK_SIGNING_SECRET")  # Socket Mode does not need it
        log = tmp_path / "socket.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [MASHBOT, "socket"], env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT
            )
            try:
                assert endpoint.connected.wait(30), log.read_text()
                yield endpoint
            finally:
                process.send_signal(signal.SIGTERM)
                assert process.wait(timeout=20) == 0, log.read_text()
        assert "xapp-test-not-real" not in log.read_text()


def test_a_slash_command_over_socket_mode_opens_the_form(bot, socket_mode, fake_slack) -> None:
    trigger = new_id("trigger.")
    command = {
        "team_id": TEAM_ID,
        "user_id": "U0BEN",
        "command": "/concern",
        "text": "",
        "trigger_id": trigger,
        "channel_id": "C0GENERAL",
        "api_app_id": "A0MASHBOT",
    }
    socket_mode.send("slash_commands", command, "env-1")
    socket_mode.ack_of("env-1")
    [opened] = fake_slack.wait_for("views.open", lambda c: c.args.get("trigger_id") == trigger)
    modal = opened.args["view"]

    submission = {
        "type": "view_submission",
        "team": {"id": TEAM_ID},
        "user": {"id": "U0BEN", "team_id": TEAM_ID},
        "api_app_id": "A0MASHBOT",
        "trigger_id": new_id("trigger."),
        "view": {
            **modal,
            "id": "V0SOCKET",
            "state": {
                "values": {
                    "immediate_danger": {
                        "immediate_danger": {
                            "type": "radio_buttons",
                            "selected_option": {
                                "value": "no",
                                "text": {"type": "plain_text", "text": "No"},
                            },
                        }
                    }
                }
            },
        },
    }
    socket_mode.send("interactive", submission, "env-2")
    ack = socket_mode.ack_of("env-2")
    assert ack["payload"]["response_action"] == "update"
    view = assert_valid_view(ack["payload"]["view"])
    fields = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert "child_name" in fields  # on to the next step
    deadline = time.monotonic() + 10  # the step is written just after its answer
    while count(bot, ConcernDraft) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count(bot, ConcernDraft) == 1
