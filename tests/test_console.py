"""The console drives the same workflows with text renderings: the fastest end-to-end test."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from bot.console.prompts import Unclear, parse
from bot.console.session import ConsoleSession
from bot.demo import CONCERN_ANSWERS, play
from storage.models import AuditEvent, Concern, ConcernDraft
from workflows.concerns import form
from workflows.forms import FieldKind


def session(bot, email: str, answers: list[str]) -> tuple[ConsoleSession, list[str]]:
    said: list[str] = []
    queue = list(answers)
    return ConsoleSession(bot, email, ask=lambda _prompt: queue.pop(0), say=said.append), said


def test_a_concern_from_the_console_reaches_the_mash_channel(bot) -> None:
    console, said = session(bot, "ben.carter@example.org", CONCERN_ANSWERS)
    console.run("/concern")
    out = "\n".join(said)
    assert "Give the date as day/month/year" in out  # the mistyped date was caught
    assert "Sent. Your reference is CSE-2026-00001." in out
    assert "── to Ben Carter (direct message) ──" in out
    channel_part = out.split("── to #mash-city ──")[1]
    assert "CSE-2026-00001" in channel_part
    assert "Jade" not in channel_part and "14/03/2012" not in channel_part
    with bot.sessions() as s:
        assert s.scalar(select(Concern.child_dob)).isoformat() == "2012-03-14"


def test_danger_yes_shows_999_and_the_mash_numbers_first(bot) -> None:
    console, said = session(bot, "ben.carter@example.org", ["1", "save"])
    console.run("/concern")
    out = "\n".join(said)
    assert out.index("Call 999 now") < out.index("Riverton City MASH on 0300 555 0101")


def test_save_for_later_keeps_the_draft_and_resume_carries_on(bot) -> None:
    console, said = session(bot, "ben.carter@example.org", ["no", "Jade Example", "save"])
    console.run("/concern")
    assert "Saved. Type /concern resume" in said[-1]
    with bot.sessions() as s:
        draft = s.scalar(select(ConcernDraft))
        # `save` keeps what was typed in the step it was typed in, too: nothing typed is lost.
        assert draft.answers == {"immediate_danger": "no", "child_name": "Jade Example"}
        assert draft.step == "child"
    console, said = session(bot, "ben.carter@example.org", CONCERN_ANSWERS[1:])
    console.run("/concern resume")
    assert "Sent. Your reference is CSE-2026-00001." in "\n".join(said)


def test_details_on_demand_both_ways(bot) -> None:
    session(bot, "ben.carter@example.org", CONCERN_ANSWERS)[0].run("/concern")
    ben, ben_said = session(bot, "ben.carter@example.org", [])
    ben.run("view CSE-2026-00001")  # the reporter: what he sent and where it is, no refusal
    assert "  Child: Jade Example" in ben_said
    assert "Where it is now: Received by the MASH." in ben_said
    assert not any("Sorry" in line or "Signs checklist" in line for line in ben_said)
    amira, amira_said = session(bot, "amira.okafor@example.org", [])
    amira.run("view cse-2026-00001 ")  # as /mash case takes it: any case, spaces around
    assert "  Child: Jade Example" in amira_said
    with bot.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["concern_reported", "own_concern_viewed", "details_viewed"]
    nina, nina_said = session(bot, "nina.lowe@example.org", [])
    nina.run("view CSE-2026-00001")  # another professional: refused politely, and audited
    assert nina_said[0].startswith("Sorry, you cannot open the details of CSE-2026-00001")
    with bot.sessions() as s:
        assert s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()[-1] == (
            "details_refused"
        )


def test_unknown_commands_get_help(bot) -> None:
    console, said = session(bot, "ben.carter@example.org", [])
    console.run("/frobnicate")
    assert said == ["I don't know '/frobnicate'. Type /help to see what you can do."]
    console.run("/help")
    assert any(line.strip().startswith("/concern") for line in said)


def test_the_demo_plays_to_the_end() -> None:
    said: list[str] = []
    assert play(say=said.append) == 0
    out = "\n".join(said)
    assert "Sent. Your reference is CSE-2026-00001." in out
    assert "The demo has finished." in out


def test_mashbot_demo_exits_zero(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "The demo has finished." in done.stdout


def test_a_checkbox_answer_with_odd_digits_is_refused_naming_the_choices_not_a_crash(bot) -> None:
    """Unknown choices were once kept as typed and silently dropped later; now they are asked
    again with the valid numbers, so the person knows what was (not) chosen."""
    from messages.forms import form_screen
    from workflows.forms import FormView

    concern = form.form(bot.partnership, {})
    step = concern.step(form.INDICATORS)
    screen = form_screen(FormView(concern, "draft", step, {}))
    field = next(i for i in screen.inputs() if i.kind == FieldKind.CHECKBOXES)
    first = field.choices[0].value
    with pytest.raises(Unclear) as refused:
        parse(field, "1, ², ①, 0")
    assert "'²', '①', '0' are not among the choices" in refused.value.message
    assert f"numbers from 1 to {len(field.choices)}" in refused.value.message
    assert parse(field, "1") == [first]


def test_as_with_an_unknown_email_says_so_and_makes_no_reporter(bot) -> None:
    from storage.models import PersonRecord

    with bot.sessions() as s:
        people_before = s.scalar(select(func.count()).select_from(PersonRecord))
    console, said = session(bot, "ben.carter@example.org", [])
    console.run("/as amira.okafro@example.org")
    assert said == [
        "Nobody in the partnership file has the e-mail amira.okafro@example.org, so you are "
        "still ben.carter@example.org. Check the spelling, or type /as with an e-mail from the "
        "file."
    ]
    assert console.email == "ben.carter@example.org"
    with bot.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PersonRecord)) == people_before
    console.run("/as Amira.Okafor@example.org")
    assert said[-1] == "You are now Amira Okafor (mash triager)."


def test_the_console_starts_with_the_example_plan_so_actions_shows_something(bot) -> None:
    from bot.commands.console import plans_for_console

    said = plans_for_console(bot)
    assert said.startswith("The example action plan cse-2026 is loaded: type /actions mine")
    nina, nina_said = session(bot, "nina.lowe@example.org", [])
    nina.run("/actions mine")
    assert any("cse-2026" in line for line in nina_said), nina_said
    assert plans_for_console(bot) == "1 action plan loaded: type /actions to see them."


def test_with_its_own_partnership_the_console_says_how_to_load_a_plan(bot, tmp_path) -> None:
    from bot.commands.console import plans_for_console
    from bot.settings import EXAMPLE_PARTNERSHIP

    own = tmp_path / "ours.yaml"
    own.write_text(EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8"), encoding="utf-8")
    bot.settings = bot.settings.model_copy(update={"partnership_file": own})
    assert plans_for_console(bot) == (
        "No action plans yet, so /actions has nothing to show. Load one with: "
        "mashbot plan import FILE --owner EMAIL"
    )
