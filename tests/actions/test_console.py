"""The console's action commands drive the same workflows, with the text renderings."""

from __future__ import annotations

from pathlib import Path

from bot.app import Mashbot
from bot.console.session import ConsoleSession
from tests.actions.support import PLAN, at, import_small_plan, outbox_rows, sweep_at


def console(
    bot: Mashbot, email: str, answers: list[str] | None = None
) -> tuple[ConsoleSession, list[str]]:
    said: list[str] = []
    queue = list(answers or [])
    session = ConsoleSession(bot, email, ask=lambda _: queue.pop(0), say=said.append)
    session.dispatcher.run_once()  # what the clock queued is shown first; keep only replies
    said.clear()
    return session, said


def test_a_lead_answers_from_the_console(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    nina, said = console(
        bot,
        "nina.lowe@example.org",
        [
            "purple",  # not a status: asked again at once, naming the choices
            "3",
            "Stalled: no venue.",
            "soon",
            "",
            "maybe",  # not a yes or no: asked again, not taken as no
            "",
            "31/05/2027",
            "Venue fell through.",
        ],
    )
    nina.run(f"update {PLAN}:1.1")
    assert said[:2] == [
        f"Updating {PLAN}:1.1: Run awareness sessions in every secondary school",
        "  Due Wednesday 31 March 2027 · RAG status Amber. Type 'save' to stop without recording anything.",
    ]
    text = "\n".join(said)
    assert "✗ 'purple' is not one of the choices for \"RAG status this period\"" in text
    assert "✗ 'maybe' is not one of the choices for \"Is the action complete?\"" in text
    assert "Type yes or no (or a number from 1 to 2)." in text
    assert "✗ Give the date as day/month/year" in text
    assert "✗ Say why the date moves: the board will ask." in text
    assert f"Thanks. Recorded RAG status Red for {PLAN}:1.1 (December 2026)." in said
    sam, said = console(bot, "sam.ito@example.org")
    sam.run("nochange 1.2")
    assert said[-1] == f"Thanks. {PLAN}:1.2: no change for December 2026 (RAG status still Green)."
    sam.run("/actions mine")
    assert any("December 2026 update given" in line for line in said)


def test_refusals_and_snooze_read_plainly(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    sweep_at(bot, at("2026-12-15 09:00"))
    sam, said = console(bot, "sam.ito@example.org")
    sam.run(f"nochange {PLAN}:1.3")
    assert said[-1].startswith(f"Sorry, only the lead of {PLAN}:1.3 (Priya Shah)")
    sam.run(f"/actions plan {PLAN}")
    assert said[-1].startswith(f"Sorry, you cannot see the plan {PLAN}.")
    priya, said = console(bot, "priya.shah@example.org")
    priya.run("snooze 1.3 At a case conference")
    assert (
        said[-1]
        == f"Snoozed. The next reminder about {PLAN}:1.3 waits until Thursday 17 December 2026."
    )
    priya.run("snooze 1.3 Still busy")
    assert "already snoozed this reminder" in said[-1]
    chair, said = console(bot, "jo.harker@example.org")
    chair.run(f"/actions plan {PLAN}")
    assert said[0] == "Test CSE action plan (owner DCI Jo Harker)"
    assert len(outbox_rows(bot, "actions_chase")) == 3
