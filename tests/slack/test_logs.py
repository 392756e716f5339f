"""Logs say what happened with references and ids: never a child's details or a token."""

from __future__ import annotations

import logging

from tests.slack.fake_slack import BOT_TOKEN
from tests.slack.scenarios import fill_concern
from tests.slack.slack_client import SIGNING_SECRET
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE


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
