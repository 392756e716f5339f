"""The console's prompt as a careless or hostile person meets it: yes/no as typed, choices
refused by name, optional answers cleared, Ctrl-C and Ctrl-D, control sequences, long pastes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.console.line_editor import line_reader, terminal_ask
from bot.console.session import ConsoleSession
from bot.demo import CONCERN_ANSWERS
from storage.models import Concern, ConcernDraft

BEN = "ben.carter@example.org"
AMIRA = "amira.okafor@example.org"


def session(bot, email: str, answers: list) -> tuple[ConsoleSession, list[str]]:  # noqa: ANN001
    said: list[str] = []
    queue = list(answers)

    def ask(_prompt: str) -> str:
        answer = queue.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return ConsoleSession(bot, email, ask=ask, say=said.append), said


def sent(bot) -> Concern | None:  # noqa: ANN001
    with bot.sessions() as s:
        return s.scalar(select(Concern))


@pytest.mark.parametrize("typed", ["Yes.", "YES", "y", " yes! "])
def test_yes_as_people_type_it_sends_the_concern(bot, typed: str) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, [*CONCERN_ANSWERS[:-1], typed])
    console.run("/concern")
    assert "Sent. Your reference is CSE-2026-00001." in "\n".join(said)


def test_anything_else_at_send_is_asked_again_not_saved(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, [*CONCERN_ANSWERS[:-1], "maybe", "yes"])
    console.run("/concern")
    out = "\n".join(said)
    assert "✗ Please type yes or y to go on, save to keep it for later" in out
    assert "Sent. Your reference is CSE-2026-00001." in out


@pytest.mark.parametrize(("typed", "stored"), [("No.", "no"), ("N", "no"), ("YES", "yes")])
def test_a_yes_no_question_takes_yes_and_no_as_typed(bot, typed: str, stored: str) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, ["perhaps", typed, "save"])
    console.run("/concern")
    assert "✗ 'perhaps' is not one of the choices" in "\n".join(said)
    with bot.sessions() as s:
        assert s.scalar(select(ConcernDraft)).answers["immediate_danger"] == stored


def test_the_agency_comes_from_the_partnership_file_not_the_form(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, CONCERN_ANSWERS)
    console.run("/concern")
    assert "Your agency" not in "\n".join(said)
    assert sent(bot).reporter_agency_id == "education"


def test_a_date_that_does_not_exist_is_refused_when_typed(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, ["no", "Jade Example", "31/02/2012", "save"])
    console.run("/concern")
    assert said[-2] == "  ✗ 31 February 2012 does not exist. Give the date as day/month/year."


def test_an_invalid_optional_answer_can_be_cleared_with_a_dash(bot) -> None:  # noqa: ANN001
    answers = list(CONCERN_ANSWERS)
    answers[4] = "fourteen-ish"  # the age: refused at once, then cleared
    answers.insert(5, "-")
    console, said = session(bot, BEN, answers)
    console.run("/concern")
    out = "\n".join(said)
    assert "Give the age as a whole number, for example 14." in out
    assert "Sent. Your reference is CSE-2026-00001." in out
    assert sent(bot).child_age is None


def test_a_kept_bad_optional_answer_says_how_to_clear_it_and_dash_does(bot) -> None:  # noqa: ANN001
    """A bad age kept in a draft (Slack keeps what was typed) no longer traps the prompt."""
    session(bot, BEN, [*CONCERN_ANSWERS[:12], "save"])[0].run("/concern")
    with bot.sessions() as s:
        draft = s.scalar(select(ConcernDraft))
        draft.answers = {**draft.answers, "child_age": "fourteen-ish"}
        draft.step = "child"
        s.commit()
    enter_for_the_rest = [""] * 7  # gender to others involved
    console, said = session(bot, BEN, ["", "", "", "-", *enter_for_the_rest, "save"])
    console.run("/concern resume")
    out = "\n".join(said)
    assert "you answered: fourteen-ish; press Enter to keep it, or type - to leave it blank" in out
    assert "✗ Give the age as a whole number, for example 14." in out
    with bot.sessions() as s:
        draft = s.scalar(select(ConcernDraft))
        assert draft.step == "indicators" and "child_age" not in draft.answers


def test_ctrl_c_at_a_question_leaves_the_form_keeping_the_draft(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, ["no", "Jade Example", KeyboardInterrupt()])
    console.run("/concern")
    assert "Saved. Type /concern resume" in said[-1]
    with bot.sessions() as s:
        assert s.scalar(select(ConcernDraft)).answers["child_name"] == "Jade Example"


def test_ctrl_d_in_a_form_keeps_the_draft_and_ends_the_console_politely(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, ["/concern", "no", "Jade Example", EOFError()])
    console.loop()
    assert said[-1].startswith("\nGoodbye.")
    assert not any("went wrong" in line for line in said)
    with bot.sessions() as s:
        assert s.scalar(select(ConcernDraft)).answers["child_name"] == "Jade Example"


def test_ctrl_c_at_the_console_prompt_carries_on(bot) -> None:  # noqa: ANN001
    console, said = session(bot, BEN, [KeyboardInterrupt(), "quit"])
    console.loop()
    assert any("Stopped. Type a command" in line for line in said)
    assert said[-1].startswith("\nGoodbye.")


def test_control_sequences_are_stored_as_typed_and_shown_inert(bot) -> None:  # noqa: ANN001
    answers = list(CONCERN_ANSWERS)
    answers[1] = "Jade \x1b[31mExample\x1b]0;pwned\x07"
    session(bot, BEN, answers)[0].run("/concern")
    assert sent(bot).child_name == "Jade \x1b[31mExample\x1b]0;pwned\x07"
    console, said = session(bot, AMIRA, [])
    console.run("view CSE-2026-00001")
    out = "\n".join(said)
    assert "\x1b" not in out and "\x07" not in out
    assert "Jade \\x1b[31mExample\\x1b]0;pwned\\x07" in out


def test_the_console_reads_plain_input_without_a_terminal() -> None:
    assert terminal_ask() is input  # pytest's stdin is no terminal


def test_the_line_editor_takes_a_5000_character_paste() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        pipe.send_text("x" * 5000 + "\r")
        ask = line_reader(pipe, DummyOutput())
        assert ask("> ") == "x" * 5000


def test_control_sequences_are_inert_in_slack_and_teams_too() -> None:
    from messages import slack_render, teams_render
    from messages.screen import Fact, Facts, Screen, Text

    typed = "Jade \x1b[31mExample\x1b]0;pwned\x07"
    screen = Screen(
        id="details", title="Details", head=(Text(typed), Facts((Fact("Name", typed),)))
    )
    for rendered in (slack_render.message(screen), teams_render.card(screen)):
        text = str(rendered)
        assert "\x1b" not in text and "\x07" not in text
        assert "\\\\x1b[31mExample" in text  # shown, escaped: nothing typed is hidden


def test_the_review_step_lets_the_reporter_go_back_and_change_an_answer(bot) -> None:  # noqa: ANN001
    sharing_again = ["", "", "", "Head of year", ""]  # the role changed, the rest kept
    console, said = session(bot, BEN, [*CONCERN_ANSWERS[:-1], "back", *sharing_again, "yes"])
    console.run("/concern")
    assert "Sent. Your reference is CSE-2026-00001." in "\n".join(said)
    assert sent(bot).reporter_role == "Head of year"


def test_danger_before_the_area_is_told_which_mash_to_call_once_it_is_given(bot) -> None:  # noqa: ANN001
    answers = ["yes", "", *CONCERN_ANSWERS[1:]]
    console, said = session(bot, BEN, answers)
    console.run("/concern")
    out = "\n".join(said)
    before_area, after_area = out.split("== Signs of exploitation ==", 1)
    assert (
        "call the Riverton City MASH on 0300 555 0101 (out of hours: 0300 555 0199) if you have not already"
        not in before_area
    )
    assert (
        "call the Riverton City MASH on 0300 555 0101 (out of hours: 0300 555 0199) if you have not already"
        in after_area
    )
    assert "Riverton Shire MASH" not in after_area.split("Sent.")[0]
    assert "usually within 24 hours" not in out  # not for a child in immediate danger
    # No promise the triage timescales do not give ("urgent today"): what the reporter does now.
    assert "the MASH knows you said the child is in immediate danger. Do not wait for them" in out
    assert "urgent today" not in out


def test_a_problem_found_on_sending_names_its_field_and_form(bot) -> None:  # noqa: ANN001
    from tests.triage.support import PRIYA, claimed_referral

    reference = claimed_referral(bot)
    console, said = session(bot, PRIYA, ["3", "", "Clinic visits."])
    console.run(f"/mash assess {reference}")
    problem = next(line for line in said if "✗ The signs checklist suggests" in line)
    assert problem.endswith("[Risk assessment: Rationale]")
