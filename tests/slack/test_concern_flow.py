"""Raising a concern in Slack, over real signed HTTP, to the fake Slack Web API and back."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import ConcernDraft
from tests.slack.scenarios import concerns, fill_concern, texts
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE

CHILD_SECRETS = (INVENTED_CHILD, "Kayla", INVENTED_DOB, "2011-05-02", INVENTED_NARRATIVE[:30])


def test_a_concern_travels_from_slash_command_to_the_mash_channel(
    bot, person, fake_slack, dispatcher
) -> None:
    ben = person("U0BEN")
    review = fill_concern(ben)
    assert INVENTED_CHILD in texts(review)  # the reporter reviews their own answers

    ben.submit()

    assert ben.modal is not None and "CSE-2026-00001" in texts(ben.modal)
    [concern] = concerns(bot)
    assert (concern.reference, concern.area_id, concern.reporter_id) == (
        "CSE-2026-00001",
        "city",
        "ben.teacher",
    )
    assert dispatcher.run_once() == 2
    [receipt] = fake_slack.posted_to(fake_slack.dm_channel("U0BEN"))
    assert "CSE-2026-00001" in receipt.args["text"] and "0300 555 0101" in receipt.text
    [card] = fake_slack.posted_to("C0MASHCITY")
    assert (
        card.args["metadata"]["event_payload"]["outbox_key"] == "concern:CSE-2026-00001:mash-card"
    )
    buttons = [e for b in card.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert ("concern_view_details", "CSE-2026-00001") in [
        (b["action_id"], b.get("value")) for b in buttons
    ]


def test_no_channel_ever_carries_the_child(bot, person, fake_slack, dispatcher) -> None:
    for reporter, danger in (("U0BEN", "yes"), ("U0NINA", "no")):
        someone = person(reporter)
        fill_concern(someone, danger=danger)
        someone.submit()
    assert dispatcher.run_once() == 4
    to_channels = [
        c
        for c in fake_slack.calls
        if c.method.startswith("chat.") and str(c.args.get("channel", "")).startswith("C")
    ]
    assert to_channels, "nothing reached a channel"
    for call in to_channels:
        for secret in CHILD_SECRETS:
            assert secret not in call.text, f"{secret!r} was sent to {call.args['channel']}"


def test_immediate_danger_puts_999_and_the_mash_numbers_first(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "yes"})

    blocks = ben.modal["blocks"]
    assert blocks[0]["type"] == "context"  # "Step 2 of 6"
    first = [texts({"blocks": [b]}) for b in blocks[1:4]]
    assert "999" in first[0]
    assert "0300 555 0101" in first[1] and "0300 555 0202" in first[2]
    assert ben.modal["submit"]["text"] == "Carry on"

    ben.submit()  # carry on recording
    assert "999" in texts(ben.modal)  # the reminder stays at the top of every later step


def test_the_global_shortcut_and_the_home_button_open_the_form(bot, person) -> None:
    ben = person("U0BEN")
    modal = ben.shortcut("report_concern")
    assert modal["callback_id"] == "concern_step" and "Step 1 of" in texts(modal)
    modal = ben.press_and_see("concern_start")
    assert modal["callback_id"] == "concern_step"


def test_a_missing_answer_comes_back_on_its_field_and_nothing_typed_is_lost(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    typed = {
        "child_name": INVENTED_CHILD,
        "child_dob": INVENTED_DOB,
        "child_gender": "female",
        "area": "city",
        "what_happened": INVENTED_NARRATIVE,
        "when_happened": "Last Friday evening",
        # where_happened left empty
    }
    reply = ben.submit(typed)

    assert reply.json()["response_action"] == "errors"
    assert list(ben.errors) == ["where_happened"]
    assert ben.errors["where_happened"] == (
        "Enter where it happened. If you do not know, choose 'Not known'."
    )
    draft_answers = _only_draft(bot).answers
    assert draft_answers["child_name"] == INVENTED_CHILD
    assert draft_answers["what_happened"] == INVENTED_NARRATIVE

    ben.submit({**typed, "where_happened": "Leisure centre car park"})
    assert not ben.errors and "Tick every sign" in texts(ben.modal)


def _only_draft(bot) -> ConcernDraft:
    with bot.sessions() as session:
        [draft] = session.scalars(select(ConcernDraft)).all()
        return draft


def test_back_keeps_what_was_typed_and_shows_the_step_before(bot, person, fake_slack) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    assert ben.modal is not None
    back = [
        e
        for b in ben.modal["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "concern_form_back"
    ]
    assert back, "the child step offers a way back"
    update = ben.press_back({"child_name": "Kayla Testperson"})
    assert update.args["view_id"] == ben.view_id
    shown = update.args["view"]
    assert "call 999 now" in json.dumps(shown["blocks"][0])  # 999 before anything else
    assert shown["blocks"][1]["elements"][0]["text"] == "Step 1 of 5"
    assert "immediate_danger" in [b.get("block_id") for b in shown["blocks"]]
    with bot.sessions() as session:
        kept = session.scalar(select(ConcernDraft)).answers
    assert kept["child_name"] == "Kayla Testperson" and kept["immediate_danger"] == "no"
