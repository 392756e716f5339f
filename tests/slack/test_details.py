"""The MASH card's "View details": MASH staff of the area see the child, nobody else; all audited."""

from __future__ import annotations

import pytest

from tests.slack.scenarios import audit_actions, fill_concern, texts
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE

REFERENCE = "CSE-2026-00001"


@pytest.fixture
def card(bot, person, dispatcher, fake_slack) -> dict:
    """A sent concern's card in the City MASH channel: where a button press comes from."""
    ben = person("U0BEN")
    fill_concern(ben)
    ben.submit()
    dispatcher.run_once()
    [posted] = fake_slack.posted_to("C0MASHCITY")
    return {
        "type": "message",
        "channel_id": "C0MASHCITY",
        "message_ts": "1764000000.000001",
        "is_ephemeral": False,
    } | {"text": posted.args["text"]}


def test_a_mash_triager_sees_the_details_and_the_view_is_audited(bot, person, card) -> None:
    amira = person("U0AMIRA")
    modal = amira.press_and_see("concern_view_details", REFERENCE, where=card)

    shown = texts(modal)
    assert modal["callback_id"] == "concern_details"
    assert INVENTED_CHILD in shown and INVENTED_NARRATIVE in shown
    assert "Monday 2 May 2011" in shown  # the date of birth in GOV.UK style, never numeric
    assert "recorded in the audit log" in shown
    assert ("details_viewed", "amira.okafor") in audit_actions(bot, REFERENCE)


def test_anyone_else_is_refused_politely_sees_nothing_and_is_audited(
    bot, person, card, fake_slack
) -> None:
    calls_before = len(fake_slack.calls)
    nina = person("U0NINA")  # a health safeguarding lead: no MASH role
    modal = nina.press_and_see("concern_view_details", REFERENCE, where=card)

    shown = texts(modal)
    assert "cannot open the details" in shown and "call the MASH" in shown
    for call in fake_slack.calls[calls_before:]:
        for secret in (
            INVENTED_CHILD,
            "Kayla",
            INVENTED_DOB,
            "2 May 2011",
            INVENTED_NARRATIVE[:30],
        ):
            assert secret not in call.text
    assert ("details_refused", "nina.lowe") in audit_actions(bot, REFERENCE)
    assert ("details_viewed", "nina.lowe") not in audit_actions(bot, REFERENCE)


def test_a_triager_of_another_area_is_refused(bot, person, card) -> None:
    modal = person("U0TOMB").press_and_see("concern_view_details", REFERENCE, where=card)
    assert "there is no such concern, or it is not one you may open" in texts(modal)
    assert "Riverton" not in texts(modal)
    assert ("details_refused", "tom.brennan") in audit_actions(bot, REFERENCE)


def test_a_slack_account_is_matched_to_the_partnership_by_email(bot, person, card) -> None:
    # U0AMIRA2 is not in the partnership file; Slack says its email is Amira's.
    modal = person("U0AMIRA2").press_and_see("concern_view_details", REFERENCE, where=card)
    assert INVENTED_CHILD in texts(modal)
    assert ("details_viewed", "amira.okafor") in audit_actions(bot, REFERENCE)


def test_someone_unknown_to_the_partnership_is_refused(bot, person, card) -> None:
    modal = person("U0STRANGER").press_and_see("concern_view_details", REFERENCE, where=card)
    assert "cannot open the details" in texts(modal)
    [(action, actor)] = [a for a in audit_actions(bot, REFERENCE) if a[0] == "details_refused"]
    assert actor.startswith("sam.stranger.")


def test_an_unknown_reference_is_answered_as_one_not_yours_and_audited(bot, person, card) -> None:
    missing = person("U0AMIRA").press_and_see("concern_view_details", "CSE-2026-09999", where=card)
    not_yours = person("U0TOMB").press_and_see("concern_view_details", REFERENCE, where=card)
    assert "there is no such concern, or it is not one you may open" in texts(missing)
    assert texts(missing).replace("CSE-2026-09999", REFERENCE) == texts(not_yours)
    assert ("details_refused", "amira.okafor") in audit_actions(bot, None)


def test_view_details_from_inside_the_case_modal_stacks_on_top(
    bot, person, card, fake_slack
) -> None:
    amira = person("U0AMIRA")
    payload = {
        "type": "block_actions",
        "user": {"id": "U0AMIRA", "username": "u0amira", "team_id": "T0RIVERTON"},
        "team": {"id": "T0RIVERTON"},
        "trigger_id": "trigger.inside-case",
        "container": {"type": "view", "view_id": "V0CASE"},
        "view": {"id": "V0CASE", "type": "modal", "callback_id": "triage_case", "blocks": []},
        "actions": [
            {
                "action_id": "concern_view_details",
                "block_id": "b1",
                "type": "button",
                "value": REFERENCE,
                "action_ts": "1.2",
            }
        ],
    }
    assert amira.slack.interaction(payload).status == 200
    [pushed] = fake_slack.wait_for("views.push")
    assert pushed.args["trigger_id"] == "trigger.inside-case"
    assert INVENTED_CHILD in texts(pushed.args["view"])
    assert ("details_viewed", "amira.okafor") in audit_actions(bot, REFERENCE)
