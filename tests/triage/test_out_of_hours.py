"""A Red referral while the MASH is closed: plain hours from arrival, and the emergency duty team
is told at once with the MASH number and what to do (issue 9). No child's details in it."""

from __future__ import annotations

import pytest
import yaml

from bot.partnership_file import PartnershipFileError, load
from bot.settings import EXAMPLE_PARTNERSHIP
from messages.render import Platform, render
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE
from tests.triage.support import AMIRA, claimed_referral, local, outbox, step
from workflows.triage import urgency


def rate_red_at(bot, clock, moment: str) -> str:
    clock.set(local(moment))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    return reference


def test_friday_1659_is_in_hours_no_duty_team_message(bot, clock) -> None:
    reference = rate_red_at(bot, clock, "2026-11-27 16:59")
    assert outbox(bot, "red_out_of_hours") == []
    [card] = outbox(bot, "referral_card")[-1:]
    assert card.facts["deadline_at"].startswith("2026-11-27T20:59")
    assert reference


def test_friday_1701_goes_to_the_duty_team_and_the_mash_at_once(bot, clock) -> None:
    reference = rate_red_at(bot, clock, "2026-11-27 17:01")
    messages = outbox(bot, "red_out_of_hours")
    assert {(m.recipient_type, m.recipient_id) for m in messages} == {
        ("channel", "edt"),
        ("channel", "mash-city"),
    }
    edt = next(m for m in messages if m.recipient_id == "edt")
    assert edt.facts["deadline_at"].startswith("2026-11-27T21:01")  # not Monday 13:00
    text = render("red_out_of_hours", edt.facts, Platform.TEXT).text
    assert f"Red referral out of hours: {reference} (Riverton City), reported by" in text
    assert (
        "call the Riverton City MASH (Multi-Agency Safeguarding Hub) on 0300 555 0101 "
        "(out of hours 0300 555 0199)" in text
    )
    assert "Urgency: Red (decision due within 4 hours, day or night)." in text
    assert "call 999" in text
    mash = next(m for m in messages if m.recipient_id == "mash-city")
    assert (
        "Riverton Emergency Duty Team has been sent this referral too"
        in render("red_out_of_hours", mash.facts, Platform.TEXT).text
    )


def test_at_the_weekend_and_only_once(bot, clock) -> None:
    reference = rate_red_at(bot, clock, "2026-11-28 11:00")  # a Saturday
    [edt] = [m for m in outbox(bot, "red_out_of_hours") if m.recipient_id == "edt"]
    assert edt.facts["deadline_at"].startswith("2026-11-28T15:00")
    step(bot, AMIRA, urgency.set_urgency, reference, "amber", "new information")
    step(bot, AMIRA, urgency.set_urgency, reference, "red", "newer information")
    assert len(outbox(bot, "red_out_of_hours")) == 2, "each recipient is told once per referral"


def test_amber_out_of_hours_waits_for_the_mash(bot, clock) -> None:
    clock.set(local("2026-11-27 18:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "amber")
    assert outbox(bot, "red_out_of_hours") == []


def test_the_message_carries_no_child_details(bot, clock) -> None:
    rate_red_at(bot, clock, "2026-11-27 22:30")
    for message in outbox(bot, "red_out_of_hours"):
        assert set(message.facts) <= {
            "reference",
            "area_name",
            "rag_label",
            "rag_hours",
            "rag_clock",
            "agency_name",
            "received_at",
            "deadline_at",
            "mash_phone",
            "out_of_hours_phone",
            "emergency_number",
            "contact_name",
            "for_mash",
        }
        for platform in Platform:
            rendered = render("red_out_of_hours", message.facts, platform)
            whole = str(rendered)
            for secret in (
                INVENTED_CHILD,
                INVENTED_DOB,
                INVENTED_NARRATIVE[:20],
                "Riverton Academy",
            ):
                assert secret not in whole


def test_an_area_may_name_a_person_and_an_unknown_one_is_refused(tmp_path) -> None:
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    data["areas"][0]["out_of_hours_contact"] = {"name": "EDT", "person": "ola.admin"}
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(data))
    assert load(good).areas[0].out_of_hours_contact.person == "ola.admin"
    for contact, problem in (
        (
            {"name": "EDT", "channel": "nowhere"},
            "out_of_hours_contact channel 'nowhere' is unknown",
        ),
        ({"name": "EDT", "person": "nobody"}, "out_of_hours_contact person 'nobody' is unknown"),
        (
            {"name": "EDT", "channel": "edt", "person": "ola.admin"},
            "exactly one of channel or person",
        ),
    ):
        data["areas"][0]["out_of_hours_contact"] = contact
        bad = tmp_path / "bad.yaml"
        bad.write_text(yaml.safe_dump(data))
        with pytest.raises(PartnershipFileError, match=problem):
            load(bad)
