"""Decisions: every outcome, who/when/why, the reporter's short update, MASE held for the agenda."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from messages import triage_text as words
from messages.labels import reporter_status
from messages.problems import field_errors
from messages.render import Platform, render
from storage.models import AuditEvent, MaseReferral, Referral, TriageDecision
from tests.support import INVENTED_CHILD, INVENTED_NARRATIVE
from tests.triage.support import (
    AMIRA,
    BEN,
    HARKER,
    NINA,
    OLA,
    PRIYA,
    TOM,
    audit_actions,
    claimed_referral,
    local,
    outbox,
    step,
)
from workflows.concerns import mine
from workflows.errors import AccessDenied, InvalidInput, Reason
from workflows.triage import answers, assessment, decisions, mase, queries, requests, urgency
from workflows.triage.results import MaseStage, MaseState
from workflows.triage_settings import OutcomeId

# What the reporter reads: what happens next in plain words, and nothing that would alert
# someone harming the child if read over the reporter's shoulder.
TAKEN_FORWARD = (
    "has decided what happens next for {ref}. The right team is taking it forward. You do not "
    "need to do anything else unless you are contacted."
)
REPORTER_WORDS = {
    "no_further_action": "has looked at your concern and will not take it further for now. "
    "You were right to raise it.",
    **{o.value: TAKEN_FORWARD for o in OutcomeId if o != OutcomeId.NO_FURTHER_ACTION},
}
ALERTING = ("crime", "police", "investigat", "strategy", "social care", "MASE", "exploitation")


def assessed_referral(bot) -> str:  # noqa: ANN001
    reference = claimed_referral(bot)
    step(bot, PRIYA, assessment.assess, reference, "medium")
    return reference


@pytest.mark.parametrize("outcome", [o.value for o in OutcomeId])
def test_every_outcome_is_recorded_and_the_reporter_told(bot, clock, outcome: str) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = assessed_referral(bot)
    team = "central_cse" if outcome == "crime_investigation" else None
    clock.set(local("2026-11-24 11:20"))
    result = step(
        bot, PRIYA, decisions.decide, reference, [outcome], "Reasons given.", crime_team=team
    )
    assert result.outcome_labels == [bot.partnership.triage.outcome_label(outcome)]
    with bot.sessions() as session:
        row = session.scalar(select(TriageDecision))
        assert (row.outcomes, row.decided_by, row.rationale) == (
            [outcome],
            "priya.shah",
            "Reasons given.",
        )
        assert row.decided_at == local("2026-11-24 11:20")
        assert row.crime_team == team
        assert session.scalar(select(Referral.status)) == "decided"
    (update,) = outbox(bot, "reporter_update")
    assert update.recipient_id == "ben.teacher"
    text = render(update.kind, update.facts, Platform.TEXT).text
    assert REPORTER_WORDS[outcome].format(ref=reference) in text
    assert "MASH (multi-agency safeguarding hub)" in text  # explained at first use
    for word in ALERTING:
        assert word.lower() not in text.lower(), word
    assert "Reasons given." not in text, "the reporter never gets the rationale"
    assert "call the MASH on 0300 555 0101" in text
    held = step(bot, HARKER, mase.held_for_next_agenda)
    assert [h.reference for h in held] == ([reference] if outcome == "refer_to_mase" else [])
    assert result.crime_team_label == ("Central CSE team" if team else None)


def test_the_reporter_update_carries_no_other_agency_information(bot) -> None:
    reference = assessed_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, reference, ["health"])
    step(bot, NINA, answers.answer, sent.request_id, "held", "Clinic: STI test in October.")
    step(
        bot,
        PRIYA,
        decisions.decide,
        reference,
        ["strategy_discussion", "refer_to_mase"],
        "Health information and the older male: risk of significant harm.",
    )
    (update,) = outbox(bot, "reporter_update")
    for platform in Platform:
        rendered = render(update.kind, update.facts, platform)
        everything = rendered.text + str(rendered.blocks) + str(rendered.card)
        for secret in ("Clinic", "STI", "older male", INVENTED_CHILD, INVENTED_NARRATIVE):
            assert secret not in everything
    assert render(update.kind, update.facts, Platform.TEXT).text.splitlines()[:2] == [
        f"Update on your concern {reference}.",
        "The Riverton City MASH (multi-agency safeguarding hub) "
        + TAKEN_FORWARD.format(ref=reference),
    ]
    home = step(bot, BEN, mine.home)
    assert home.concerns[0].status == "decided"
    assert reporter_status("decided") == "The MASH has decided: see the update we sent you"


def test_decision_rules_in_plain_english(bot) -> None:
    reference = claimed_referral(bot)
    with pytest.raises(InvalidInput) as first:
        step(bot, PRIYA, decisions.decide, reference, ["early_help"], "Why not.")
    assert field_errors(first.value, Platform.TEXT)["outcomes"] == (
        f"Record the risk assessment first (`/mash assess {reference}`), then decide."
    )
    assert field_errors(first.value, Platform.TEAMS)["outcomes"].startswith(
        f"Record the risk assessment first (`mash assess {reference}`)"
    )
    step(bot, PRIYA, assessment.assess, reference, "medium")
    cases = [
        ([], "x", None, "outcomes", "Choose at least one outcome."),
        (
            ["no_further_action", "early_help"],
            "x",
            None,
            "outcomes",
            "'No further action' cannot be combined with another outcome.",
        ),
        (
            ["crime_investigation"],
            "x",
            None,
            "crime_team",
            "Say who investigates the crime: Local CID or Central CSE team.",
        ),
        (
            ["early_help"],
            "x",
            "local_cid",
            "crime_team",
            "Choose 'crime to investigate' as an outcome, or leave the team out.",
        ),
        (
            ["early_help"],
            "",
            None,
            "rationale",
            "Say why you decided this; the reason goes on the record.",
        ),
    ]
    for outcomes, why, team, field, message in cases:
        with pytest.raises(InvalidInput) as bad:
            step(bot, PRIYA, decisions.decide, reference, outcomes, why, crime_team=team)
        assert field_errors(bad.value, "text")[field] == message
    assert outbox(bot, "reporter_update") == []


def test_a_correction_is_a_new_decision_pointing_to_the_old(bot) -> None:
    reference = assessed_referral(bot)
    step(bot, PRIYA, decisions.decide, reference, ["refer_to_mase"], "Pattern of missing.")
    with pytest.raises(InvalidInput) as why:
        step(bot, PRIYA, decisions.decide, reference, ["early_help"], "Family engaging.")
    assert field_errors(why.value, "text") == {
        "correction_reason": "This referral already has a decision. Say why you are correcting it."
    }
    corrected = step(
        bot,
        PRIYA,
        decisions.decide,
        reference,
        ["early_help"],
        "Family engaging.",
        correction_reason="MASE was chosen in error.",
    )
    assert corrected.corrected
    with bot.sessions() as session:
        rows = session.scalars(select(TriageDecision).order_by(TriageDecision.id)).all()
        assert [r.outcomes for r in rows] == [["refer_to_mase"], ["early_help"]]
        assert rows[1].replaces_id == rows[0].id
        assert rows[1].correction_reason == "MASE was chosen in error."
        assert len(session.scalars(select(MaseReferral)).all()) == 1  # kept, not deleted
    assert step(bot, HARKER, mase.held_for_next_agenda) == []  # no longer for MASE
    assert step(bot, PRIYA, queries.case, reference).mase == MaseState(MaseStage.WITHDRAWN)
    assert "MASE meeting: no longer referred: a corrected decision withdrew it" in words.case_lines(
        step(bot, PRIYA, queries.case, reference), "Europe/London"
    )
    updates = outbox(bot, "reporter_update")
    assert [u.facts["corrected"] for u in updates] == [False, True]


def test_mase_referrals_wait_for_an_agenda_and_are_listed_once(bot) -> None:
    first = assessed_referral(bot)
    step(bot, PRIYA, decisions.decide, first, ["refer_to_mase"], "Pattern of missing.")
    held = step(bot, HARKER, mase.held_for_next_agenda)
    assert [(h.reference, h.area_id, h.referred_by) for h in held] == [
        (first, "city", "priya.shah")
    ]
    listed = step(bot, HARKER, mase.list_on_agenda, [held[0].mase_referral_id], "MASE-2026-12")
    assert listed == 1
    assert step(bot, HARKER, mase.held_for_next_agenda) == []
    assert "mase_listed" in audit_actions(bot, first)


@pytest.mark.parametrize(
    ("email", "sees"),
    [
        (HARKER, True),  # the MASE chair, every area
        (PRIYA, True),  # a MASH decision maker, every area
        (AMIRA, True),  # a City triager: the referral is City's
        (TOM, False),  # a Shire triager: City's referral is not his
        (NINA, None),  # an agency safeguarding lead: refused
        (OLA, None),  # an admin: refused
        (BEN, None),  # the reporter: refused
    ],
)
def test_only_the_mase_chair_and_mash_staff_of_the_area_see_or_list_mase_referrals(
    bot, email: str, sees: bool | None
) -> None:
    reference = assessed_referral(bot)
    step(bot, PRIYA, decisions.decide, reference, ["refer_to_mase"], "Pattern of missing.")
    [held] = step(bot, HARKER, mase.held_for_next_agenda)
    person_id = step(bot, email, lambda ctx, who: who.person_id)
    if sees is None:
        for attempt in (
            lambda: step(bot, email, mase.held_for_next_agenda),
            lambda: step(bot, email, mase.list_on_agenda, [held.mase_referral_id], "MASE-1"),
        ):
            with pytest.raises(AccessDenied, match=Reason.MASE_ONLY.value):
                attempt()
        assert refusals(bot, person_id) == 2
    elif not sees:
        assert step(bot, email, mase.held_for_next_agenda) == []
        with pytest.raises(AccessDenied, match=Reason.MASE_AREA_NOT_COVERED.value):
            step(bot, email, mase.held_for_next_agenda, "city")
        with pytest.raises(AccessDenied, match=Reason.MASE_LIST_NOT_COVERED.value):
            step(bot, email, mase.list_on_agenda, [held.mase_referral_id], "MASE-1")
        assert refusals(bot, person_id) == 2
    else:
        assert [h.reference for h in step(bot, email, mase.held_for_next_agenda)] == [reference]
        assert step(bot, email, mase.list_on_agenda, [held.mase_referral_id], "MASE-1") == 1
        assert refusals(bot, person_id) == 0
    listed = sees is True
    assert (step(bot, HARKER, mase.held_for_next_agenda) == []) == listed


def refusals(bot, person_id: str) -> int:  # noqa: ANN001
    with bot.sessions() as session:
        return len(
            session.scalars(
                select(AuditEvent).where(
                    AuditEvent.actor_id == person_id, AuditEvent.action == "access_refused"
                )
            ).all()
        )


def test_a_late_decision_is_recorded_as_late(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = assessed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    clock.set(local("2026-11-24 15:00"))
    result = step(bot, PRIYA, decisions.decide, reference, ["early_help"], "Support offered.")
    assert result.on_time is False
