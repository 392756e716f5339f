"""`mase` and `map` typed to the bot in Teams, as signed activities through the Agents SDK: the
chair's agenda (references only), a non-member's refusal, and one child's minutes recorded in a
dialog opened from the reply's button."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.app import Mashbot
from tests.meetings.support import mase_referral, set_up_series
from tests.support import INVENTED_CHILD
from tests.teams.conftest import Teams, as_typed, dialog_card, invoke_dialog, submit_data, user
from tests.teams.fake_teams import FakeTeams
from tests.teams.test_forms import button, texts
from tests.triage.support import HARKER, step
from workflows.meetings import agenda


def last_reply(fake_teams: FakeTeams, who: str) -> dict:
    return fake_teams.sent_to(f"a:chat-{who}")[-1].body


def test_the_chairs_agenda_command_as_a_teams_activity(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    status, _ = teams.message(user("harker"), "mase agenda")
    assert status in (200, 202)
    card = last_reply(fake_teams, "harker")["attachments"][0]["content"]
    assert "Agenda: Riverton City MASE" in texts(card)
    assert reference in texts(card) and INVENTED_CHILD not in json.dumps(card)
    assert fake_teams.problems == []


def test_someone_outside_the_meeting_is_refused_the_agenda_in_teams(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    set_up_series(bot)
    mase_referral(bot, "high")
    teams.message(user("ben"), "mase agenda")
    said = last_reply(fake_teams, "ben")["text"]
    assert said.startswith("Sorry, only members of the meeting can see the agenda")
    teams.message(user("ben"), "mase")
    assert "`mase agenda [DD/MM/YYYY]`" in last_reply(fake_teams, "ben")["text"]
    assert "/mase" not in last_reply(fake_teams, "ben")["text"], "Teams types no slash"


def test_minutes_are_recorded_in_a_dialog_opened_from_the_reply(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, clock
) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    step(bot, HARKER, agenda.post)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    nina = user("nina")
    teams.message(nina, "mase minutes")
    assert last_reply(fake_teams, "nina")["text"].startswith("Sorry, only the MASE chair")

    harker = user("harker")
    teams.message(harker, "mase minutes")
    opener = button(last_reply(fake_teams, "harker")["attachments"][0]["content"], "Open the form")
    assert opener["data"]["msteams"] == {"type": "task/fetch"}
    _, answer = invoke_dialog(teams, harker, "task/fetch", opener["data"])
    card = dialog_card(answer)
    assert f"Minutes for {reference}" in texts(card)
    given = {
        "summary": "Missing twice since referral.",
        "risk_level": "high",
        "action_1_description": "Return-home interview after each episode",
        "action_1_lead": "nina.lowe@example.org",
        "action_1_due_date": "18/12/2026",
    }
    _, answer = invoke_dialog(
        teams, harker, "task/submit", {**submit_data(card), **as_typed(given)}
    )
    done = texts(dialog_card(answer))
    assert "Minutes recorded (version 1)" in done and "mase-city-log:261208-1" in done
    assert fake_teams.problems == []
