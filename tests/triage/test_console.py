"""`/mash` in the console, with scripted answers: the whole triage path and the refusals."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.clock.jobs import SWEEP_JOBS
from bot.clock.runner import run_sweep
from bot.console.session import ConsoleSession
from messages.render import Platform
from messages.triage_text import mash_help
from storage.models import Referral, TriageDecision
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE, report_concern
from tests.triage.support import (
    AMIRA,
    BEN,
    NINA,
    PRIYA,
    SAM,
    TOM,
    claimed_referral,
    local,
    step,
)
from workflows.triage import assessment, queries


def console(bot, email: str, answers: list[str] | None = None) -> tuple[ConsoleSession, list[str]]:  # noqa: ANN001
    said: list[str] = []
    queue = list(answers or [])
    return ConsoleSession(bot, email, ask=lambda _prompt: queue.pop(0), say=said.append), said


def run(bot, email: str, line: str, answers: list[str] | None = None) -> str:  # noqa: ANN001
    session, said = console(bot, email, answers)
    session.run(line)
    return "\n".join(said)


def reported(bot) -> str:  # noqa: ANN001
    """A concern sent, with its first messages already delivered (so outputs start clean)."""
    reference = report_concern(bot)
    console(bot, BEN)[0].dispatcher.run_once()
    return reference


def channel_parts(out: str) -> list[str]:
    return [part.split("\n── ")[0] for part in out.split("── to #")[1:]] + [
        part.split("\n── ")[0] for part in out.split("── updated for #")[1:]
    ]


def test_the_whole_triage_path_in_the_console(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = reported(bot)

    out = run(bot, AMIRA, "/mash queue")
    assert f"{reference} | Riverton City | not rated | owner: nobody" in out

    out = run(bot, AMIRA, f"/mash claim {reference}")
    assert f"You have claimed {reference}." in out
    assert "── updated for #mash-city ──" in out and "Owner: Amira Okafor" in out

    out = run(bot, PRIYA, f"/mash claim {reference}")
    assert f"Amira Okafor has already claimed {reference}, so it stays with them." in out

    out = run(bot, AMIRA, f"/mash urgency {reference} red")
    assert f"{reference} is Red: the decision is due by Tuesday 24 November 2026, 2pm." in out

    out = run(bot, AMIRA, f"/mash request {reference} health education", ["", "4,3"])
    assert "sent to Riverton Health Trust (in its channel)" in out
    assert "sent to Education (to its safeguarding leads)" in out
    assert "── to Sam Ito (direct message) ──" in out
    health_id, education_id = (
        int(line.split()[1]) for line in out.splitlines() if line.startswith("Request ")
    )

    out = run(bot, NINA, f"/mash answer {health_id}", ["1", "Seen at the clinic in October."])
    assert f"Search your records for: Name: {INVENTED_CHILD}; Date of birth: 2 May 2011" in out
    assert "is with the MASH" in out
    assert "── to Amira Okafor (direct message) ──" in out

    job = next(j for j in SWEEP_JOBS if j.target == "workflows.triage.deadlines:sweep")
    clock.set(local("2026-11-24 13:00"))
    assert run_sweep(bot, job) == 1  # the owner's reminder
    clock.set(local("2026-11-24 14:00"))
    assert run_sweep(bot, job) == 2  # the decision makers' alert, and Education's chase

    clock.set(local("2026-11-24 14:20"))
    out = run(bot, SAM, f"/mash answer {education_id}", ["2"])
    assert "It is overdue: a late answer is still welcome." in out

    out = run(bot, PRIYA, f"/mash assess {reference}", ["3", "", "Clinic visits and the car."])
    assert (
        "Signs checklist: Medium (score 6). It counts the signs the reporter ticked; it does not measure danger. It suggests the risk level Medium."
        in out
    )
    assert "✗ The signs checklist suggests Medium. To record High, say why in the rationale." in out
    assert (
        f"Risk level for {reference} recorded as High. The signs checklist suggested Medium" in out
    )

    out = run(bot, PRIYA, f"/mash decide {reference}", ["7", "1", "Crime disclosed."])
    assert f"Decision on {reference} recorded: Crime to investigate (Local CID)." in out
    assert "It was made after it was due, and that is recorded." in out
    assert "── to Ben Carter (direct message) ──" in out
    reporter_part = out.split("── to Ben Carter (direct message) ──")[1]
    assert "The right team is taking it forward." in reporter_part
    assert "police" not in reporter_part.lower()  # nothing to alert a reader over a shoulder

    out = run(bot, AMIRA, f"/mash case {reference}")
    assert "Education: answered late" in out and "chased 1 time" in out
    assert (
        "Risk level: High (by Priya Shah" in out
        and "Decision: Crime to investigate (Local CID)" in out
    )

    out = run(bot, AMIRA, f"/mash chronology {reference} export")
    assert out.startswith(f"Chronology of referral {reference} (Riverton City MASH)")
    assert out.rstrip().endswith("Amira Okafor exported the chronology.")

    out = run(bot, BEN, "/home")
    assert "The MASH has decided: see the update we sent you" in out

    everything = "\n".join(
        run(bot, AMIRA, line) for line in (f"/mash case {reference}", "/mash queue")
    )
    for part in channel_parts(everything):
        for secret in (INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE):
            assert secret not in part


def test_help_for_no_or_a_wrong_sub_command(bot) -> None:
    assert run(bot, AMIRA, "/mash") == mash_help(Platform.TEXT)
    out = run(bot, AMIRA, "/mash frobnicate")
    assert out.startswith("There is no '/mash frobnicate'.")
    assert out.endswith(mash_help(Platform.TEXT))
    assert run(bot, AMIRA, "/mash case") == "Type it like this: /mash case CSE-2026-00001"


def test_refusals_in_the_console(bot) -> None:
    reference = reported(bot)
    assert run(bot, BEN, f"/mash case {reference}") == (
        f"You reported {reference}, so you can follow its status by typing `/home`. "
        "Only MASH staff can open the referral itself."
    )
    # Another area's referral and a missing one get the same answer: neither is confirmed.
    other_area = run(bot, TOM, f"/mash claim {reference}")
    assert other_area == (
        f"There is no referral with the reference {reference} in the areas you cover. Check it, "
        "or type `/mash queue` to see open referrals. If it belongs to another area, please ask "
        "that area's MASH."
    )
    assert run(bot, TOM, "/mash claim CSE-2026-99999") == other_area.replace(
        reference, "CSE-2026-99999"
    )
    assert "only the requests sent to your agency" in run(bot, SAM, "/mash queue")
    assert run(bot, AMIRA, "/mash case CSE-2026-99999").startswith(
        "There is no referral with the reference CSE-2026-99999 in the areas you cover."
    )


def test_the_case_says_how_to_open_the_details_in_the_console(bot) -> None:
    reference = reported(bot)
    out = run(bot, AMIRA, f"/mash case {reference}")
    assert out.endswith(
        "The child's name and other details are not shown here; opening them is recorded.\n"
        f"Type `view {reference}` to open the child's details."
    )
    assert INVENTED_CHILD not in out


@pytest.mark.parametrize("odd", ["²", "①", "12", "0", "-1", "x", "٢"])
def test_odd_numbers_at_the_prompts_are_refused_naming_the_choices_not_crashes(
    bot, odd: str
) -> None:
    """Odd choices were once dropped silently (or shared the default details); now the shared
    prompt refuses them, says which numbers are valid, and asks again until it gets one."""
    reference = claimed_referral(bot)
    run(bot, AMIRA, f"/mash urgency {reference} red")
    valid = odd == "٢"  # an Arabic-Indic 2 is the number 2
    again = [] if valid else ["2"]
    outs = [run(bot, PRIYA, f"/mash assess {reference}", [odd, *again, ""])]
    outs.append(run(bot, PRIYA, f"/mash decide {reference}", [f"{odd},2", *again, "Reasons."]))
    outs.append(run(bot, AMIRA, f"/mash request {reference} health", ["", odd, *again]))
    for out in outs:
        assert "Something went wrong" not in out
        assert ("is not one of the choices" in out or "not among the choices" in out) != valid
    if not valid:
        assert 'for "Risk level". Type a number from 1 to' in outs[0]
        assert 'for "Outcome". Type numbers from 1 to' in outs[1]
    assert f"Risk level for {reference} recorded as Medium" in outs[0]
    assert f"Decision on {reference} recorded: Advice or signposting" in outs[1]
    assert "sent to Riverton Health Trust" in outs[2]
    with bot.sessions() as session:
        assert session.scalar(select(TriageDecision.outcomes)) == ["advice_signposting"]


def test_an_unknown_agency_is_refused_before_any_text_is_asked(bot) -> None:
    reference = claimed_referral(bot)
    out = run(bot, AMIRA, f"/mash request {reference} nasa health", [])  # asks nothing
    assert "'nasa' is not among the choices for \"Agencies to ask\"" in out
    assert "Riverton Health Trust" in out  # the agencies one can ask are listed
    out = run(bot, AMIRA, f"/mash request {reference}", ["nasa", "3", "", ""])
    assert "'nasa' is not among the choices" in out and "sent to" in out


def test_a_refused_rationale_is_asked_again_as_often_as_needed_keeping_the_level(bot) -> None:
    reference = claimed_referral(bot)
    out = run(bot, PRIYA, f"/mash assess {reference}", ["3", "", "", "Clinic visits."])
    assert out.count("✗ The signs checklist suggests") == 2
    assert f"Risk level for {reference} recorded as High" in out


def test_an_unexpected_error_is_told_logged_and_the_console_carries_on(
    bot, monkeypatch, caplog
) -> None:
    reference = reported(bot)

    def broken(*_: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(queries, "queue", broken)
    caplog.set_level(logging.ERROR, logger="mashbot.console")
    session, said = console(bot, AMIRA)
    session.run("/mash queue")
    assert said == [
        "Something went wrong and nothing was saved from that step: try it again (a concern you "
        "were writing carries on with /concern resume). If it keeps failing, tell your MASH "
        "admin; the details are in mashbot's log."
    ]
    [record] = [r for r in caplog.records if r.name == "mashbot.console"]
    assert record.getMessage() == "console command /mash failed" and record.exc_info
    assert "the database went away" in caplog.text
    said.clear()
    session.run(f"/mash case {reference}")  # the session is still usable
    assert said[0].startswith(f"Referral {reference}")


def test_assign_finds_the_colleague_by_email_in_any_case(bot) -> None:
    reference = claimed_referral(bot)
    out = run(bot, PRIYA, f"/mash assign {reference} Priya.SHAH@example.org Court all day.")
    assert out.startswith(f"{reference} is now with Priya Shah.")
    out = run(bot, PRIYA, f"/mash assign {reference} nobody@example.org Court.")
    assert "Choose someone with a MASH role in the partnership file." in out
    with bot.sessions() as session:
        assert session.scalar(select(Referral.owner_id)) == "priya.shah"


def test_a_question_needed_for_an_answer_is_not_offered_as_optional(bot) -> None:
    reference = claimed_referral(bot)
    step(bot, PRIYA, assessment.assess, reference, "medium")
    out = run(bot, PRIYA, f"/mash decide {reference}", ["7", "", "1", "Crime disclosed."])
    asked = out.split("Who investigates the crime", 1)[1].split("\n", 1)[0]
    assert "optional" not in asked
    assert "✗ Please answer: who investigates the crime." in out
    assert f"Decision on {reference} recorded: Crime to investigate (Local CID)." in out
