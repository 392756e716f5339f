"""The redacting log filter: payloads, form values and SQL parameters go; what happened stays."""

from __future__ import annotations

import logging

import pytest

from bot import logs
from tests.support import INVENTED_CHILD, INVENTED_DOB


@pytest.fixture
def captured(caplog) -> pytest.LogCaptureFixture:
    logs.install()
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.mark.parametrize(
    ("logger", "message", "args"),
    [
        (
            "slack_bolt.App",
            "Invalid request signature detected (body: payload=%s)",
            ("%7B%22child_name%22%3A%22Kayla+Testperson%22%7D",),
        ),
        ("slack_bolt.App", "Request body: %s", ({"child_name": INVENTED_CHILD},)),
        (
            "slack_sdk.web.base_client",
            "Sending a request - url: https://slack.test/api/views.open, json_body: %s",
            ({"view": {"title": INVENTED_CHILD}},),
        ),
        (
            "slack_sdk.web.base_client",
            "Received the following response - status: 200, body: %s",
            ('{"view": {"blocks": ["Kayla Testperson"]}}',),
        ),
        (
            "sqlalchemy.engine.Engine",
            "[generated in %s] %r",
            ("0.0001s", (INVENTED_CHILD, INVENTED_DOB)),
        ),
        ("sqlalchemy.engine.Engine", "Row %r", ((INVENTED_CHILD,),)),
        (
            "uvicorn.error",
            "Invalid HTTP request received: %s",
            ("child_name=Kayla+Testperson&dob=02%2F05%2F2011",),
        ),
        ("aiohttp.access", "%s", ("POST /api/messages body: {'text': 'Kayla Testperson'}",)),
        ("microsoft_agents.hosting", "activity: %s", ({"text": INVENTED_CHILD},)),
        ("mashbot.slack", "form values: %s", ({"child_name": INVENTED_CHILD},)),
    ],
)
def test_payloads_are_removed_whatever_the_logger_and_level(
    captured, logger, message, args
) -> None:
    captured.set_level(logging.DEBUG, logger=logger)  # SQLAlchemy's own default is WARNING
    for level in (logging.DEBUG, logging.INFO, logging.ERROR):
        logging.getLogger(logger).log(level, message, *args)
    text = captured.text
    assert "Kayla" not in text and INVENTED_DOB not in text and "02%2F05" not in text
    assert text.count(logs.REMOVED) == 3


def test_what_happened_stays(captured) -> None:
    logging.getLogger("mashbot.clock").info("sweep %r queued %d message(s)", "action chases", 3)
    assert "sweep 'action chases' queued 3 message(s)" in captured.text
    said = "Uvicorn running on http://127.0.0.1:3000 (Press CTRL+C to quit)"
    assert logs.redact(said, logger="uvicorn.error") == said


def test_exception_messages_lose_their_payload(captured) -> None:
    try:
        raise ValueError(f"cannot read form: child_name={INVENTED_CHILD}&dob={INVENTED_DOB}")
    except ValueError:
        logging.getLogger("slack_bolt.App").exception("listener failed for CSE-2026-00001")
    assert "listener failed for CSE-2026-00001" in captured.text
    assert INVENTED_DOB not in captured.text
    [record] = captured.records
    assert INVENTED_DOB not in logging.Formatter().format(record)
