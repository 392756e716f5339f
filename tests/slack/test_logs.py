"""Logs say what happened with references and ids: never a child's details or a token."""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus, unquote_plus

import pytest

from tests.slack.fake_slack import BOT_TOKEN
from tests.slack.scenarios import MASHBOT, fill_concern, slack_env
from tests.slack.slack_client import SIGNING_SECRET, Person, SlackRequests
from tests.slack.test_server import free_port, get_json
from tests.support import ANSWERS, INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE
from workflows.concerns import form


def test_nothing_identifying_is_logged_even_at_debug(bot, person, dispatcher, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    ben = person("U0BEN")
    fill_concern(ben)
    ben.submit()
    dispatcher.run_once()
    person("U0AMIRA").press_and_see("concern_view_details", "CSE-2026-00001")
    person("U0NINA").press_and_see("concern_view_details", "CSE-2026-00001")

    logged = caplog.text
    assert "CSE-2026-00001" in logged  # references are logged...
    for secret in (INVENTED_CHILD, "Kayla", INVENTED_DOB, INVENTED_NARRATIVE[:30]):
        assert secret not in logged  # ...the child never is
    assert BOT_TOKEN not in logged and SIGNING_SECRET not in logged


@pytest.fixture
def serve_at_debug(bot, database_url, fake_slack, tmp_path) -> Iterator[tuple[str, Path]]:
    """`mashbot serve --log-level DEBUG` as its own process; its URL and its captured output."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [MASHBOT, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "DEBUG"],
            env=slack_env(database_url, fake_slack, MASHBOT_LOG_LEVEL="DEBUG"),
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if get_json(url + "/healthz")[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, "mashbot serve did not come up"
                time.sleep(0.05)
        try:
            yield url, log_path
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


def test_a_badly_signed_submission_leaves_no_child_details_in_the_log(
    serve_at_debug, fake_slack
) -> None:
    """Bolt logs a rejected request's body at INFO: a forged or clock-skewed concern form would
    put the child in the log. At DEBUG, nothing of it may reach the output, raw or URL-decoded."""
    url, log_path = serve_at_debug
    requests = SlackRequests(url + "/slack/events")
    ben = Person("U0BEN", requests, fake_slack)
    ben.start_concern()  # a real form, so the submission carries a real view
    payload = ben._view_payload("view_submission", ANSWERS[form.CHILD])
    assert requests.interaction(payload, secret="not-the-signing-secret").status == 401
    stale = int(time.time()) - 3600  # a clock-skewed sender: signed right, but too old
    assert requests.interaction(payload, timestamp=stale).status == 401
    # and a genuine flow, so slack_sdk logs its requests and answers at DEBUG too
    fill_concern(ben)
    ben.submit()
    fake_slack.wait_for("chat.postMessage", lambda c: c.ok, count=2)
    amira = Person("U0AMIRA", requests, fake_slack)
    amira.press_and_see("concern_view_details", "CSE-2026-00001")

    time.sleep(0.5)  # let the log be flushed
    raw = log_path.read_text()
    assert "Invalid request signature detected" in raw  # Bolt did log the rejection...
    assert "Sending a request" in raw  # ...and slack_sdk its calls, at DEBUG
    decoded = unquote_plus(raw)
    for secret in (INVENTED_CHILD, "Kayla", INVENTED_DOB, INVENTED_NARRATIVE[:30], "blue van"):
        assert secret not in raw, secret
        assert secret not in decoded, secret
    assert quote_plus(INVENTED_DOB) not in raw
    assert BOT_TOKEN not in raw and SIGNING_SECRET not in raw
