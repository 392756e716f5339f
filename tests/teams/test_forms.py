"""Forms in Teams dialogs: the concern form end to end (steps, a problem shown in place, Back,
the draft kept, sent once), and an action's Update opened from its prompt card."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app import Mashbot
from storage.models import ActionUpdate, Concern, ConcernDraft
from tests.actions.support import at, import_small_plan, sweep_at
from tests.support import ANSWERS, INVENTED_CHILD, StoppedBeforeWriting
from tests.teams.conftest import (
    CHANNELS,
    Teams,
    as_typed,
    dialog_card,
    invoke_dialog,
    submit_data,
    user,
)
from tests.teams.fake_teams import FakeTeams
from workflows.concerns import form


def texts(card: dict[str, Any]) -> str:
    import json

    return json.dumps(card, ensure_ascii=False)


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    found = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("title") == title and node.get("type", "").startswith("Action."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert found, f"no {title!r} button"
    return found[0]


def test_a_concern_is_reported_through_dialogs_end_to_end(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    ben = user("ben")
    teams.message(ben, "concern")
    home = fake_teams.sent_to("a:chat-ben")[-1].card()
    assert "999" in texts(home)
    opener = button(home, "Report a concern")["data"]
    assert opener["msteams"] == {"type": "task/fetch"}

    status, answer = invoke_dialog(teams, ben, "task/fetch", opener)
    assert status == 200
    card = dialog_card(answer)
    seen_steps = []
    while True:
        data = submit_data(card)
        step = data["meta"]["step"]
        seen_steps.append(step)
        if step == form.REVIEW:
            assert INVENTED_CHILD in texts(card)  # the reporter reviews their own answers
            break
        if step == form.CHILD and form.CHILD not in seen_steps[:-1]:
            # a problem first: a date of birth in the future is shown in place, nothing lost
            wrong = as_typed({**ANSWERS[step], "child_dob": "01/01/2099"})
            _, answer = invoke_dialog(teams, ben, "task/submit", {**data, **wrong})
            again = dialog_card(answer)
            assert submit_data(again)["meta"]["step"] == form.CHILD
            assert "future" in texts(again)
            assert INVENTED_CHILD in texts(again)
            # Back keeps the draft and shows the step before
            back = button(again, "Back to the previous step")["data"]
            _, answer = invoke_dialog(teams, ben, "task/submit", back)
            assert submit_data(dialog_card(answer))["meta"]["step"] == form.DANGER
            _, answer = invoke_dialog(
                teams,
                ben,
                "task/submit",
                {**submit_data(dialog_card(answer)), **as_typed(ANSWERS[form.DANGER])},
            )
            card = dialog_card(answer)
            seen_steps.append("back-and-forth")
            continue
        _, answer = invoke_dialog(
            teams, ben, "task/submit", {**data, **as_typed(ANSWERS.get(step, {}))}
        )
        card = dialog_card(answer)
    assert "carry" in submit_data(card)["meta"]  # the answers so far, sealed
    bot.later.wait()  # each step was answered first and written just after (bot/keeping.py)
    with bot.sessions() as session:
        assert session.scalar(select(ConcernDraft.step)) == form.REVIEW  # the draft was kept

    status, answer = invoke_dialog(teams, ben, "task/submit", submit_data(card))
    assert status == 200
    done = texts(dialog_card(answer))
    assert "Your reference is CSE-2026-00001" in done
    invoke_dialog(teams, ben, "task/submit", submit_data(card))  # a second press of Send
    with bot.sessions() as session:
        assert len(session.scalars(select(Concern)).all()) == 1  # sent once

    deliver()
    [mash_card] = fake_teams.sent_to(CHANNELS["mash-city"])
    assert "CSE-2026-00001" in texts(mash_card.card())
    assert INVENTED_CHILD not in texts(mash_card.card())  # channels never carry the child
    [receipt] = fake_teams.sent_to("a:chat-ben")[-1:]
    assert "CSE-2026-00001" in texts(receipt.body)


def test_an_action_update_opens_from_its_prompt_as_a_dialog(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int], tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    nina = user("nina")
    teams.install(nina)
    sweep_at(bot, at("2026-12-04 09:00"))
    deliver()
    prompt = fake_teams.sent_to("a:chat-nina")[-1].card()
    update = button(prompt, "Update 1.1")["data"]  # each button names its action
    assert update["msteams"] == {"type": "task/fetch"}
    _, answer = invoke_dialog(teams, nina, "task/fetch", update)
    card = dialog_card(answer)
    data = submit_data(card)
    _, answer = invoke_dialog(teams, nina, "task/submit", {**data, "rag": "G"})
    assert "progress" in texts(dialog_card(answer)).lower()  # progress is required: said in place
    _, answer = invoke_dialog(
        teams, nina, "task/submit", {**data, "rag": "G", "progress": "Four of six schools done."}
    )
    assert "Recorded RAG status Green" in texts(dialog_card(answer))
    with bot.sessions() as session:
        latest = session.scalars(select(ActionUpdate).order_by(ActionUpdate.id.desc())).first()
        assert (latest.kind, latest.by_id, latest.entry_point) == ("update", "nina.lowe", "teams")

    _, answer = invoke_dialog(teams, user("sam"), "task/fetch", update)  # not Sam's action
    assert "only the lead" in texts(dialog_card(answer))


def test_the_card_checks_catch_a_broken_card() -> None:
    from tests.teams.fake_teams import card_problems

    broken = {
        "attachments": [
            {"content": {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Marquee"}]}}
        ]
    }
    assert card_problems(broken) == ["Marquee is not an Adaptive Cards 1.5 element"]


def test_a_dialog_sends_every_answer_it_carried_though_no_step_was_written(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    """As if each step's process stopped just after answering: the dialog's own sealed copy
    of the answers is what the last step sends."""
    bot.later = StoppedBeforeWriting()
    ben = user("ben")
    teams.message(ben, "concern")
    opener = button(fake_teams.sent_to("a:chat-ben")[-1].card(), "Report a concern")["data"]
    _, answer = invoke_dialog(teams, ben, "task/fetch", opener)
    card = dialog_card(answer)
    for step in (form.DANGER, form.CHILD, form.INDICATORS, form.SHARING):
        data = submit_data(card)
        assert data["meta"]["step"] == step
        _, answer = invoke_dialog(teams, ben, "task/submit", {**data, **as_typed(ANSWERS[step])})
        card = dialog_card(answer)
    assert INVENTED_CHILD not in json.dumps(submit_data(card)["meta"])
    with bot.sessions() as session:
        assert session.scalar(select(ConcernDraft)) is None and len(bot.later.dropped) == 4
    _, answer = invoke_dialog(teams, ben, "task/submit", submit_data(card))
    assert "Your reference is CSE-2026-00001" in texts(dialog_card(answer))
    with bot.sessions() as session:
        concern = session.scalars(select(Concern)).one()
        assert (concern.child_name, concern.area_id) == (INVENTED_CHILD, "city")


def test_a_step_drawn_from_what_its_dialog_carries_is_worked_where_it_arrives(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, monkeypatch
) -> None:  # noqa: ANN001
    """Opening a new form and a step drawn from the answers its dialog carries use no database,
    so they are worked on the event loop, without a hand-over to a worker thread and back; a
    step that needs the database (here, one with a problem) is worked in a worker thread."""
    import asyncio
    import threading

    from sqlalchemy import event

    ben = user("ben")
    teams.message(ben, "concern")
    opener = button(fake_teams.sent_to("a:chat-ben")[-1].card(), "Report a concern")["data"]
    handed: list[str] = []
    real = asyncio.to_thread

    async def to_thread(call, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if call.__name__ == "_speaking":  # a workflow step (the SDK hands over work of its own)
            handed.append(args[1].__name__)
        return await real(call, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", to_thread)
    used: list[str] = []

    def checkout(*_: object) -> None:
        used.append(threading.current_thread().name)

    event.listen(bot.engine, "checkout", checkout)
    try:
        _, answer = invoke_dialog(teams, ben, "task/fetch", opener)
        data = submit_data(dialog_card(answer))
        _, answer = invoke_dialog(
            teams, ben, "task/submit", {**data, **as_typed(ANSWERS[form.DANGER])}
        )
        card = dialog_card(answer)
        assert submit_data(card)["meta"]["step"] == form.CHILD
        assert handed == []
        assert {name for name in used if name != "mashbot-step-keeper"} == set()

        wrong = as_typed({**ANSWERS[form.CHILD], "child_dob": "01/01/2099"})
        _, answer = invoke_dialog(teams, ben, "task/submit", {**submit_data(card), **wrong})
        again = dialog_card(answer)
        assert submit_data(again)["meta"]["step"] == form.CHILD and "future" in texts(again)
        assert handed == ["submit"]
    finally:
        event.remove(bot.engine, "checkout", checkout)
    bot.later.wait()
    with bot.sessions() as session:  # the step drawn on the loop was kept just after
        assert session.scalar(select(ConcernDraft.step)) == form.CHILD
