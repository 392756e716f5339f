"""Teams logs, the SDK's included, carry references and ids: never a child's details or a token."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.app import Mashbot
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE, report_concern
from tests.teams.conftest import CHANNELS, Teams, user
from tests.teams.fake_teams import FakeTeams
from tests.teams.test_mash_card import card_id


def test_nothing_identifying_is_logged_even_at_debug(
    bot: Mashbot,
    teams: Teams,
    fake_teams: FakeTeams,
    deliver: Callable[[], int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    reference = report_concern(bot)
    deliver()
    [card] = fake_teams.sent_to(CHANNELS["mash-city"])
    message_id = card_id(fake_teams, card)
    data = {"action": "concern_view_details", "reference": reference}
    for who in ("amira", "ben"):
        status, answer = teams.execute(user(who), "mash-city", data, message_id)
        assert status == 200
    assert INVENTED_CHILD in str(answer) or "Sorry" in str(answer)
    teams.message(user("amira"), f"mash case {reference}")

    logged = caplog.text
    assert reference in logged  # references are logged...
    for secret in (INVENTED_CHILD, "Kayla", INVENTED_DOB, INVENTED_NARRATIVE[:30]):
        assert secret not in logged  # ...the child never is
    assert "fake-token" not in logged and "not-a-secret" not in logged
