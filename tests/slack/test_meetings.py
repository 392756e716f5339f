"""/mase and /map over signed HTTP with the fake Slack: the chair's agenda (posted to the MASE
channel without names), members' replies, refusals, and invitations with their .ics uploaded."""

from __future__ import annotations

import json
from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from storage.models import AuditEvent
from tests.meetings.support import mase_referral, set_up_series
from tests.slack.slack_client import Person
from tests.support import INVENTED_CHILD
from tests.triage.support import HARKER, step
from workflows.meetings import map_dates


def typed(person: Person, command: str, text: str) -> dict[str, Any]:
    """Type a command: an empty ack at once, then the ephemeral reply to that person only."""

    def mine(call: Any) -> bool:
        return call.args.get("user") == person.user_id

    before = len(person.fake.calls_to("chat.postEphemeral", mine))
    ack = person.command(command, text)
    assert ack.status == 200 and ack.body == "", "the work comes after the ack"
    return person.fake.wait_for("chat.postEphemeral", mine, count=before + 1)[-1].args


def test_the_chairs_agenda_command_posts_it_to_the_mase_channel_without_names(
    bot, person, fake_slack, dispatcher
) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    reply = typed(person("U0HARKER"), "/mase", "agenda post")
    assert reference in str(reply["blocks"]) and INVENTED_CHILD not in str(reply)
    dispatcher.run_once()
    [posted] = fake_slack.posted_to("C0MASE")
    assert reference in posted.text and "4. New MASE referrals (1)" in posted.text
    assert INVENTED_CHILD not in posted.text


def test_members_see_the_agenda_and_the_next_meeting_and_others_are_refused(bot, person) -> None:
    set_up_series(bot)
    mase_referral(bot, "high")
    nina = typed(person("U0NINA"), "/mase", "next")
    assert "Riverton City MASE: Tuesday 8 December 2026, 10am to midday" in nina["text"]
    agenda = typed(person("U0NINA"), "/mase", "agenda")  # its words are in the blocks
    assert "Agenda: Riverton City MASE" in json.dumps(agenda["blocks"])
    assert INVENTED_CHILD not in agenda["text"]
    refused = typed(person("U0NINA"), "/mase", "agenda post")
    assert refused["text"].startswith("Sorry, only the MASE chair, the deputy chair and admins")
    ben = typed(person("U0BEN"), "/mase", "agenda")
    assert ben["text"].startswith("Sorry, only members of the meeting can see the agenda")
    assert "/map agenda REF" in typed(person("U0BEN"), "/map", "")["text"]


def test_an_invitation_is_its_ics_file_shared_with_the_words_in_one_step(
    bot, fake_slack, dispatcher
) -> None:
    set_up_series(bot, members="nina.lowe@example.org")
    dispatcher.run_once()
    to_nina = [s for s in fake_slack.shared if s["channel"] == fake_slack.dm_channel("U0NINA")]
    assert [s["filename"] for s in to_nina] == [
        "mase-20261208.ics",
        "mase-20270112.ics",
        "mase-20270209.ics",
    ]
    [event] = Calendar.from_ical(to_nina[0]["content"]).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 0 and str(event["UID"]).startswith("mase-")
    assert to_nina[0]["comment"].startswith(
        "You are invited: Riverton City MASE, Tuesday 8 December 2026, 10am to midday"
    )
    assert fake_slack.calls_to("chat.postMessage") == [], "no second message beside the file"


def test_a_member_gets_the_full_agenda_in_a_direct_message_and_it_is_audited(
    bot, person, fake_slack
) -> None:
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    reply = typed(person("U0NINA"), "/mase", "agenda document html")
    assert reply["text"].startswith("The full agenda is in your direct messages")
    [shared] = fake_slack.shared
    assert shared["channel"] == fake_slack.dm_channel("U0NINA")
    assert shared["filename"] == "mase-agenda-2026-12-08.html"
    assert f"<td>{reference}</td><td>{INVENTED_CHILD}</td>" in shared["content"]
    refused = typed(person("U0BEN"), "/mase", "agenda document")
    assert refused["text"].startswith("Sorry, only members of the meeting can open")
    assert len(fake_slack.shared) == 1
    with bot.sessions() as session:
        downloads = session.scalars(
            select(AuditEvent.actor_id).where(AuditEvent.action == "agenda_downloaded")
        ).all()
    assert downloads == ["nina.lowe"]


def test_a_professional_answers_a_map_date_request_in_slack(bot, person) -> None:
    reference = mase_referral(bot, "high")
    offer = {
        "options": "15/12/2026 14:00-15:30\n17/12/2026 10:00-11:30",
        "invitees": "nina.lowe@example.org",
        "parent_carer_invited": "yes",
    }
    step(bot, HARKER, map_dates.propose, reference, offer)
    reply = typed(person("U0NINA"), "/map", f"available {reference} 2")
    assert reply["text"] == "Thanks, your answer is recorded. The chair will send the invitation."
    with bot.unit_of_work("test") as ctx:
        slots = map_dates.tally(ctx, map_dates.proposed(ctx, reference))
    assert [s.available for s in slots] == [[], ["Nina Lowe"]]


def test_a_member_gets_the_agenda_as_a_pdf_and_others_do_not(bot, person, fake_slack) -> None:
    set_up_series(bot)
    mase_referral(bot, "high")
    reply = typed(person("U0NINA"), "/mase", "agenda document pdf")
    assert reply["text"].startswith("The full agenda is in your direct messages")
    [shared] = fake_slack.shared
    assert shared["filename"] == "mase-agenda-2026-12-08.pdf"
    assert shared["channel"] == fake_slack.dm_channel("U0NINA")
    assert isinstance(shared["content"], bytes) and shared["content"].startswith(b"%PDF-")
    refused = typed(person("U0BEN"), "/mase", "agenda document pdf")
    assert refused["text"].startswith("Sorry, only members of the meeting can open")
    assert len(fake_slack.shared) == 1
    with bot.sessions() as session:
        downloads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "agenda_downloaded")
        ).all()
    assert [(d.actor_id, d.details["format"]) for d in downloads] == [("nina.lowe", "pdf")]
