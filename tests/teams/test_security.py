"""Who may talk to the bot: the SDK's JWT validation when an app id is set (401, nothing
changed), 400 for a body that is not an Activity, and an apology that carries no detail."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select

from bot.app import Mashbot
from bot.teams.commands_cli import ANONYMOUS_WARNING
from messages.triage_text import went_wrong
from storage.models import Identity, TeamsConversation
from tests.teams.conftest import Teams, post, sign, user
from tests.teams.fake_teams import FakeTeams


def counts(bot: Mashbot) -> tuple[int, int]:
    with bot.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Identity)) or 0,
            session.scalar(select(func.count()).select_from(TeamsConversation)) or 0,
        )


def message(teams: Teams) -> dict[str, Any]:
    amira = user("amira")
    return teams.base(amira, teams.personal(amira), type="message", text="mash queue")


def test_requests_without_a_valid_token_get_401_and_change_nothing(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, signing_key: Any
) -> None:
    before = counts(bot)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unsigned = jwt.encode(
        {"iss": "https://api.botframework.com", "aud": "x", "serviceurl": fake_teams.url},
        key=None,
        algorithm="none",
    )
    bad_tokens = {
        "no token": None,
        "unsigned": unsigned,
        "signed with another key": sign(other_key, fake_teams.url),
        "for another bot": sign(signing_key, fake_teams.url, aud="some-other-app"),
        "expired": sign(signing_key, fake_teams.url, exp=1_000_000_000, nbf=999_999_000),
        "not a JWT": "not-a-token",
    }
    for why, token in bad_tokens.items():
        status, _ = post(teams.url, message(teams), token=token)
        assert status == 401, why
    assert counts(bot) == before
    assert fake_teams.sent() == []  # not a word sent back

    status, _ = teams.post(message(teams))  # the same activity, properly signed
    assert status == 202
    assert counts(bot) != before


@pytest.mark.parametrize("app_id", [None])
def test_anonymous_mode_without_an_app_id_and_bodies_that_are_not_activities(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    for body in (b"[]", b'{"hello": "world"}', b"not json", b'{"type": "message"}'):
        status, answer = post(teams.url, None, raw=body)
        assert status == 400, body
        assert "Activity" in answer["error"] or "JSON" in answer["error"]
    status, _ = teams.post(message(teams))
    assert status == 202
    [reply] = fake_teams.sent_to("a:chat-amira")
    assert reply.token is None  # anonymous mode sends no token (the Agents Playground)
    assert "Open referrals" in reply.body["text"]
    assert "ANONYMOUS" in ANONYMOUS_WARNING and "NOT authenticated" in ANONYMOUS_WARNING


def test_a_failing_turn_gets_a_plain_apology_without_detail(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, caplog: pytest.LogCaptureFixture
) -> None:
    fake_teams.fail_next("/v3/conversations/a:chat-amira/members/29:amira", 500)
    status, _ = teams.post(message(teams))
    assert status == 202
    [reply] = fake_teams.sent_to("a:chat-amira")
    assert reply.body["text"] == went_wrong()
    assert "500" not in reply.text and "Exception" not in reply.text
    assert "Teams message turn failed: RetryLater" in caplog.text
