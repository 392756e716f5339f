"""The meetings' forms as Slack modals over signed HTTP: the series from `/mase schedule set`
(a problem shown on its field, nothing lost), a MAP from `/map schedule REF`, one child's minutes
from `/mase minutes` (and their correction, keeping the earlier version), and refusals before any
modal opens for people who do not run the meeting."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import MeetingMinutes, PlanAction
from tests.meetings.support import SERIES, mase_referral, meetings, set_up_series
from tests.slack.scenarios import texts
from tests.slack.test_meetings import typed
from tests.triage.support import HARKER, step
from workflows.meetings import agenda

NINA_EMAIL = "nina.lowe@example.org"


def by_command(person, command: str, text: str) -> dict:  # noqa: ANN001
    reply = person.command(command, text)
    assert reply.status == 200 and reply.body == ""
    return person._open_modal(person.last_trigger)


def test_the_chair_sets_up_the_series_in_a_modal(bot, person) -> None:
    harker = person("U0HARKER")
    modal = by_command(harker, "/mase", "schedule set city")
    assert modal["title"]["text"] == "MASE meeting series"
    answers = {**SERIES, "starts": "ten o'clock"}
    harker.submit({k: v for k, v in answers.items() if v})
    assert harker.errors == {"starts": "Give a time on the 24-hour clock, for example 10:00."}
    harker.submit({k: v for k, v in SERIES.items() if v})
    assert "Set up: mase-city. Invitations sent for 3 meeting(s)" in texts(harker.modal)
    assert "/mase next" in texts(harker.modal)
    assert len(meetings(bot, "mase")) == 3


def test_a_member_is_refused_before_any_modal_opens(bot, person, fake_slack) -> None:
    set_up_series(bot)
    refused = typed(person("U0NINA"), "/mase", "schedule set")
    assert refused["text"].startswith("Sorry, only the MASE chair, the deputy chair and admins")
    assert fake_slack.calls_to("views.open") == []


def test_a_map_is_set_from_its_modal(bot, person) -> None:
    reference = mase_referral(bot, "high")
    harker = person("U0HARKER")
    by_command(harker, "/map", f"schedule {reference}")
    harker.submit(
        {
            "date": "03/12/2026",
            "starts": "14:00",
            "ends": "15:30",
            "invitees": NINA_EMAIL,
            "parent_carer_invited": "no",
        }
    )
    assert "the parent or carer is not invited" in harker.errors["parent_carer_note"]
    harker.submit(
        {
            "date": "03/12/2026",
            "starts": "14:00",
            "ends": "15:30",
            "invitees": NINA_EMAIL,
            "parent_carer_invited": "no",
            "parent_carer_note": "Mother asked not to be told yet.",
        }
    )
    assert f"MAP meeting for {reference} set; 2 invitation(s) sent." in texts(harker.modal)
    assert len(meetings(bot, "map")) == 1


def test_minutes_in_a_modal_become_actions_and_a_correction_keeps_the_earlier_version(
    bot, person, clock
) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    step(bot, HARKER, agenda.post)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    refused = typed(person("U0NINA"), "/mase", "minutes")
    assert refused["text"].startswith("Sorry, only the MASE chair, the deputy chair and admins")

    harker = person("U0HARKER")
    modal = by_command(harker, "/mase", "minutes")
    assert f"Minutes for {reference} (child 1 of 1 discussed)." in texts(modal)
    minuted = {
        "summary": "Missing twice since referral.",
        "risk_level": "high",
        "action_1_description": "Return-home interview after each episode",
        "action_1_due_date": "18/12/2026",
    }
    harker.submit(minuted)
    assert "The lead must be someone" in harker.errors["action_1_lead"]
    harker.submit({**minuted, "action_1_lead": NINA_EMAIL})
    assert "Actions added: mase-city-log:261208-1" in texts(harker.modal)

    modal = by_command(harker, "/mase", "minutes")
    assert "already recorded" in texts(modal)
    harker.submit({**minuted, "action_1_lead": NINA_EMAIL, "risk_level": "medium"})
    assert harker.errors == {
        "correction_reason": "Please answer: why you are correcting the minutes."
    }
    harker.submit(
        {
            **minuted,
            "action_1_lead": NINA_EMAIL,
            "risk_level": "medium",
            "correction_reason": "The level agreed was medium.",
        }
    )
    assert "Minutes recorded (version 2)" in texts(harker.modal)
    with bot.sessions() as session:
        versions = session.scalars(select(MeetingMinutes).order_by(MeetingMinutes.version)).all()
        actions = session.scalars(select(PlanAction)).all()
    assert [v.items[0]["risk_level"] for v in versions] == ["high", "medium"]
    assert versions[1].correction_reason == "The level agreed was medium."
    assert len(actions) == 1, "the same action is not added twice by a correction"
