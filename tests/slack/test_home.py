"""The Home tab and drafts: a closed form keeps what was typed, and "Carry on" brings it back."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ConcernDraft
from tests.slack.scenarios import count, fill_concern, texts
from tests.support import INVENTED_CHILD, INVENTED_NARRATIVE


def drafts(bot) -> list[ConcernDraft]:
    with bot.sessions() as session:
        return list(session.scalars(select(ConcernDraft)))


def buttons(view: dict) -> list[tuple[str, str | None]]:
    found = []
    for block in view["blocks"]:
        for element in block.get("elements", []) + [block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.append((element["action_id"], element.get("value")))
    return found


def test_a_closed_form_keeps_the_draft_and_home_offers_carry_on(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    ben.close({"child_name": INVENTED_CHILD, "what_happened": INVENTED_NARRATIVE})
    # Kept after the ack; the Home tab is published once the draft is saved.
    ben.fake.wait_for("views.publish", lambda c: c.args.get("user_id") == "U0BEN")

    [draft] = drafts(bot)
    assert draft.answers["child_name"] == INVENTED_CHILD
    assert draft.answers["immediate_danger"] == "no"
    home = ben.open_home()
    assert ("concern_resume_draft", draft.id) in buttons(home)

    modal = ben.press_and_see("concern_resume_draft", draft.id)
    shown = {
        b["block_id"]: b["element"].get("initial_value")
        for b in modal["blocks"]
        if b["type"] == "input"
    }
    assert shown["child_name"] == INVENTED_CHILD and shown["what_happened"] == INVENTED_NARRATIVE

    ben.submit(
        {
            "child_dob": "02/05/2011",
            "child_gender": "female",
            "area": "city",
            "when_happened": "Friday",
            "where_happened": "Car park",
        }
    )
    assert not ben.errors and "Tick every sign" in texts(ben.modal)


def test_a_form_closed_untouched_leaves_no_draft(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.close()
    assert count(bot, ConcernDraft) == 0
    assert not [b for b in buttons(ben.open_home()) if b[0] == "concern_resume_draft"]


def test_someone_elses_draft_cannot_be_carried_on(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    bot.later.wait()  # the step answered is written just after (bot/keeping.py)
    [draft] = drafts(bot)
    modal = person("U0NINA").press_and_see("concern_resume_draft", draft.id)
    assert "belongs to someone else" in texts(modal)


def test_slash_concern_resume_carries_on_the_latest_draft(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    ben.close({"child_name": INVENTED_CHILD})
    ben.fake.wait_for("views.publish", lambda c: c.args.get("user_id") == "U0BEN")  # kept
    ben.command("/concern", text="resume")
    modal = ben._open_modal(ben.last_trigger)
    assert INVENTED_CHILD in str(modal)


def test_home_lists_the_concerns_sent(bot, person) -> None:
    ben = person("U0BEN")
    assert "not reported any concerns" in texts(ben.open_home())
    fill_concern(ben)
    ben.submit()
    home = ben.open_home()
    assert "CSE-2026-00001" in texts(home) and "Received by the MASH" in texts(home)
    assert INVENTED_CHILD not in texts(home)
    assert count(bot, ConcernDraft) == 1  # the sent draft is no longer offered
    assert not [b for b in buttons(home) if b[0] == "concern_resume_draft"]


def test_an_action_lead_sees_their_open_actions_with_buttons(bot, person, tmp_path) -> None:
    from tests.actions.support import import_small_plan

    import_small_plan(bot, tmp_path)
    nina = person("U0NINA")
    home = nina.open_home()
    assert "Your actions" in texts(home)
    assert "Run awareness sessions in every secondary school" in texts(home)
    assert "Brief taxi drivers" not in texts(home)  # Sam's action, not Nina's
    assert "action_no_change" in [b[0] for b in buttons(home)]
    ben = person("U0BEN")
    assert "Your actions" not in texts(ben.open_home())


def test_the_reporter_sees_what_they_sent_from_the_home_tab(bot, person) -> None:
    ben = person("U0BEN")
    fill_concern(ben)
    ben.submit()
    home = ben.open_home()
    assert ("concern_view_details", "CSE-2026-00001") in buttons(home)
    modal = ben.press_and_see("concern_view_details", "CSE-2026-00001")  # on the Home tab
    shown = texts(modal)
    assert modal["title"]["text"] == "Your concern"
    assert INVENTED_CHILD in shown and "Where it is now: Received by the MASH." in shown
    assert "Signs checklist" not in shown and "Medium" not in shown
