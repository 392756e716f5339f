"""The Slack fixtures of tests/slack (real HTTP, fake Slack Web API), with every lead in the workspace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.slack.conftest import (  # noqa: F401 - fixtures used by these tests
    CHANNELS,
    USERS,
    dispatcher,
    person,
    served,
    settings,
    slack,
    slack_app,
    uvicorn_server,
)
from tests.slack.fake_slack import FakeSlack, SlackUser

LEADS = [
    SlackUser("U0SAMITO", "sam.ito@example.org", "Sam Ito"),
    SlackUser("U0HARKER", "jo.harker@example.org", "DCI Jo Harker"),
]


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(USERS + LEADS, CHANNELS | {"C0SUBGROUP"}) as fake:
        yield fake
    assert fake.problems == [], "the bot sent Block Kit that slack_sdk's models reject"
