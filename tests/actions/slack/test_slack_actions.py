"""Action plans over real signed HTTP: prompt buttons, the Update and Snooze forms, /actions,
refusals both ways, and the form offered to a lead who answers in a direct message."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.app import Mashbot
from messages.action_replies import not_saved
from storage.models import ActionRag, ActionUpdate, ChaseSnooze, PlanAction
from tests.actions.support import PLAN, at, import_small_plan, sweep_at
from tests.slack.scenarios import audit_actions, texts
from workflows.actions import offer, queries, updates


def buttons(blocks: list[dict]) -> dict[tuple[str, str], str]:
    """(action number, action_id) -> button value, from the blocks of a message."""
    found: dict[tuple[str, str], str] = {}
    number = None
    for block in blocks:
        parts = block.get("text", {}).get("text", "").split("*")
        if block["type"] == "section" and len(parts) > 2:
            number = parts[1].split(":")[-1]
        for element in block.get("elements", []):
            if element.get("type") == "button":
                found[(number, element["action_id"])] = element["value"]
    return found


def delivered(fake, dispatcher, user_id: str, count: int = 1) -> list:  # noqa: ANN001
    dispatcher.run_once()
    dm = fake.dm_channel(user_id)
    return fake.wait_for("chat.postMessage", lambda c: c.args.get("channel") == dm, count=count)


def ephemeral(fake, user_id: str, count: int = 1) -> str:  # noqa: ANN001
    calls = fake.wait_for(
        "chat.postEphemeral", lambda c: c.args.get("user") == user_id, count=count
    )
    return calls[-1].args["text"]


def test_a_lead_updates_from_the_prompt_and_another_says_no_change(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, person
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    [prompt] = delivered(fake_slack, dispatcher, "U0NINA")
    values = buttons(prompt.args["blocks"])
    assert set(values) == {("1.1", "action_no_change"), ("1.1", "action_update")}
    where = {"type": "message", "channel_id": fake_slack.dm_channel("U0NINA"), "message_ts": "1.1"}
    nina = person("U0NINA")
    form = nina.press_and_see("action_update", values[("1.1", "action_update")], where=where)
    assert "RAG status this period" in texts(form)
    nina.submit({"rag": "G", "progress": "", "new_due_date": "soon"})
    assert set(nina.errors) == {"progress", "new_due_date", "due_reason"}
    nina.submit(
        {
            "rag": "A",
            "progress": "Five of six schools done.",
            "new_due_date": "30/04/2027",
            "due_reason": "The last school asked for May.",
        }
    )
    assert "Recorded RAG status Amber for test-plan:1.1 (December 2026)" in texts(nina.modal)

    [sam_prompt] = delivered(fake_slack, dispatcher, "U0SAMITO")
    sam_values = buttons(sam_prompt.args["blocks"])
    sam_where = {
        "type": "message",
        "channel_id": fake_slack.dm_channel("U0SAMITO"),
        "message_ts": "1.2",
    }
    person("U0SAMITO").press(
        "action_no_change", sam_values[("1.2", "action_no_change")], where=sam_where
    )
    assert (
        ephemeral(fake_slack, "U0SAMITO")
        == "Thanks. test-plan:1.2: no change for December 2026 (RAG status still Green)."
    )
    with bot.sessions() as session:
        ratings = dict(
            session.execute(
                select(PlanAction.number, ActionRag.rating)
                .join(ActionRag, ActionRag.action_id == PlanAction.id)
                .where(ActionRag.period == "2026-12")
            ).all()
        )
    assert ratings == {"1.1": "A", "1.2": "G"}


def test_pressing_another_leads_button_is_refused_and_nothing_stored(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, person
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    [prompt] = delivered(fake_slack, dispatcher, "U0NINA")
    values = buttons(prompt.args["blocks"])
    sam = person("U0SAMITO")
    notice = sam.press_and_see("action_update", values[("1.1", "action_update")])
    assert "only the lead of test-plan:1.1 (Nina Lowe) can update it" in texts(notice)
    sam.press("action_no_change", values[("1.1", "action_no_change")])
    assert "only the lead of test-plan:1.1" in ephemeral(fake_slack, "U0SAMITO")
    with bot.sessions() as session:
        kinds = session.scalars(select(ActionUpdate.kind)).all()
    assert set(kinds) == {"imported"}
    refused = [a for a in audit_actions(bot, f"{PLAN}:1.1") if a[0] == "action_update_refused"]
    assert len(refused) == 2


def test_a_chase_is_snoozed_once_from_its_button(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, person
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    sweep_at(bot, at("2026-12-15 09:00"))
    chase = delivered(fake_slack, dispatcher, "U0PRIYA", count=2)[-1]
    value = buttons(chase.args["blocks"])[("1.3", "action_snooze")]
    assert value.endswith("|2026-12|chase-3")
    priya = person("U0PRIYA")
    priya.press_and_see("action_snooze", value)
    priya.submit({"reason": ""})
    assert "reason" in priya.errors
    priya.submit({"reason": "At a case conference until Thursday"})
    assert "waits until Thursday 17 December 2026." in texts(priya.modal)
    again = priya.press_and_see("action_snooze", value)
    priya.submit({"reason": "Still busy"})
    assert "already snoozed this reminder" in texts(priya.modal)
    del again
    with bot.sessions() as session:
        assert session.scalars(select(ChaseSnooze.reason)).all() == [
            "At a case conference until Thursday"
        ]


def test_the_actions_command_lists_and_refuses_politely(
    bot: Mashbot, tmp_path: Path, fake_slack, person
) -> None:
    import_small_plan(bot, tmp_path)

    def answer(user_id: str, text: str, count: int) -> str:
        reply = person(user_id).command("/actions", text)
        assert (reply.status, reply.body) == (200, ""), "acknowledged at once, answered after"
        said = ephemeral(fake_slack, user_id, count=count)
        [call] = fake_slack.calls_to("chat.postEphemeral", lambda c: c.args.get("text") == said)
        assert call.args["channel"] == "C0GENERAL"
        return said

    mine = answer("U0PRIYA", "mine", 1)
    assert mine.startswith("You lead 1 open action:")
    assert "test-plan:1.3" in mine
    refusal = answer("U0NINA", f"plan {PLAN}", 1)
    assert refusal.startswith(f"Sorry, you cannot see the plan {PLAN}.")
    table = answer("U0HARKER", f"plan {PLAN}", 1)
    assert "RAG status November 2026: Red" in table and "1.3 · lead Priya Shah" in table
    assert "RAG status: Red means off track or blocked" in table  # the words, explained once
    assert "Type `/actions mine`, `/actions overdue`" in answer("U0NINA", "dance", 2)


def test_the_actions_command_is_acknowledged_before_the_work(
    bot: Mashbot, tmp_path: Path, fake_slack, person, monkeypatch
) -> None:
    import_small_plan(bot, tmp_path)
    gate = threading.Event()
    listed = queries.mine

    def mine_after_the_ack(ctx, actor):  # noqa: ANN001, ANN202
        assert gate.wait(10), "the command was not acknowledged before the lists were read"
        return listed(ctx, actor)

    monkeypatch.setattr(queries, "mine", mine_after_the_ack)
    reply = person("U0PRIYA").command("/actions", "mine")
    gate.set()
    assert (reply.status, reply.body) == (200, "")
    assert ephemeral(fake_slack, "U0PRIYA").startswith("You lead 1 open action:")


def test_a_failed_no_change_says_it_was_not_saved(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, person, monkeypatch, caplog
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    [prompt] = delivered(fake_slack, dispatcher, "U0SAMITO")
    value = buttons(prompt.args["blocks"])[("1.2", "action_no_change")]

    def database_down(*_: object, **__: object) -> None:
        raise OperationalError("UPDATE action_rag", {}, Exception("server closed the connection"))

    monkeypatch.setattr(updates, "record_no_change", database_down)
    where = {"type": "message", "channel_id": fake_slack.dm_channel("U0SAMITO"), "message_ts": "1"}
    with caplog.at_level(logging.ERROR, logger="mashbot.slack"):
        person("U0SAMITO").press("action_no_change", value, where=where)
        assert ephemeral(fake_slack, "U0SAMITO") == not_saved()
        deadline = time.monotonic() + 5
        while "OperationalError" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
    assert "Slack block_actions failed: OperationalError" in caplog.text, "Bolt logs the failure"
    with bot.sessions() as session:
        assert set(session.scalars(select(ActionUpdate.kind))) == {"imported"}


def test_a_lead_who_answers_in_a_dm_is_offered_the_form(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, slack
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    delivered(fake_slack, dispatcher, "U0PRIYA")
    dm = fake_slack.dm_channel("U0PRIYA")
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": dm,
        "user": "U0PRIYA",
        "text": "Still waiting on the figures, call it amber",
        "ts": "1764000100.000100",
        "event_ts": "1764000100.000100",
    }
    assert slack.event(event).status == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        dispatcher.run_once()
        offers = [c for c in fake_slack.calls_to("chat.postMessage") if "use the form" in c.text]
        if offers:
            break
        time.sleep(0.05)
    [offer] = offers
    assert offer.args["channel"] == dm
    assert set(buttons(offer.args["blocks"])) == {
        ("1.3", "action_no_change"),
        ("1.3", "action_update"),
    }
    assert "amber" not in offer.text


def test_a_dm_answer_that_fails_is_told_it_was_not_saved(
    bot: Mashbot, tmp_path: Path, fake_slack, dispatcher, slack, monkeypatch
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    delivered(fake_slack, dispatcher, "U0PRIYA")

    def database_down(*_: object, **__: object) -> None:
        raise OperationalError("SELECT plan_actions", {}, Exception("server closed the connection"))

    monkeypatch.setattr(offer, "offer_form", database_down)
    dm = fake_slack.dm_channel("U0PRIYA")
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": dm,
        "user": "U0PRIYA",
        "text": "All figures in, green now",
        "ts": "1764000200.000100",
        "event_ts": "1764000200.000100",
    }
    assert slack.event(event).status == 200
    [told] = fake_slack.wait_for("chat.postEphemeral", lambda c: c.args.get("user") == "U0PRIYA")
    assert (told.args["channel"], told.args["text"]) == (dm, not_saved())


def test_a_failed_actions_list_says_so(bot: Mashbot, fake_slack, person, monkeypatch) -> None:
    from messages.action_replies import list_failed

    def database_down(*_: object, **__: object) -> None:
        raise OperationalError("SELECT plan_actions", {}, Exception("server closed the connection"))

    monkeypatch.setattr(queries, "mine", database_down)
    reply = person("U0PRIYA").command("/actions", "mine")
    assert (reply.status, reply.body) == (200, "")
    assert ephemeral(fake_slack, "U0PRIYA") == list_failed()
