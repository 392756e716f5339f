"""Minutes produce plan actions that are chased like any other; corrections keep the earlier
version; the minute-taker is reminded until they are recorded; a MAP's review is scheduled
until the child's risk is closed; non-chairs are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from messages.i18n import use_locale
from messages.render import Platform, render
from storage.models import ActionPlan, MeetingMinutes, PlanAction
from tests.meetings.support import (
    mase_referral,
    meetings,
    problems_worded_for,
    sent,
    set_up_series,
)
from tests.triage.support import BEN, HARKER, NINA, SAM, in_context, step
from workflows.actions import chasing
from workflows.errors import AccessDenied, InvalidInput
from workflows.forms import FieldProblem
from workflows.meetings import agenda, map_dates, map_meetings, minutes, reminders
from workflows.meetings.forms import PROPOSE_FORM_ID
from workflows.outgoing import MessageKind

MAP_ANSWERS = {
    "date": "03/12/2026",
    "starts": "14:00",
    "ends": "15:30",
    "location": "Riverton Academy",
    "invitees": f"{NINA}, {SAM}",
    "parent_carer_invited": "yes",
    "parent_carer_note": "By letter and phone, 24/11/2026",
}


def held_mase(bot, clock) -> tuple[int, str]:  # noqa: ANN001
    set_up_series(bot)
    reference = mase_referral(bot, "high")
    step(bot, HARKER, agenda.post)
    clock.set(datetime(2026, 12, 8, 13, 0, tzinfo=UTC))
    return meetings(bot)[0].id, reference


def item(reference: str, **more) -> dict:  # noqa: ANN003
    return {
        "reference": reference,
        "summary": "Missing twice since referral; disruption notice served.",
        "risk_level": "high",
        "actions": [
            {
                "description": "Return-home interview after each episode",
                "lead": NINA,
                "due_date": "18/12/2026",
            }
        ],
        **more,
    }


def test_minutes_become_actions_of_the_mase_log_and_are_chased_like_any_other(bot, clock) -> None:
    meeting_id, reference = held_mase(bot, clock)
    done = step(bot, HARKER, minutes.record, meeting_id, [item(reference)])
    assert done.action_refs == ["mase-city-log:261208-1"]
    with bot.sessions() as session:
        plan = session.scalar(select(ActionPlan).where(ActionPlan.name == "mase-city-log"))
        action = session.scalar(select(PlanAction).where(PlanAction.plan_id == plan.id))
    assert (plan.kind, plan.owner_id) == ("mase", "dci.harker")
    assert (action.lead_id, action.lead_agency_id, action.due_date) == (
        "nina.lowe",
        "health",
        date(2026, 12, 18),
    )
    assert action.next_chase_at is not None
    clock.set(datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    in_context(bot, chasing.sweep)
    overdue = [m for m in sent(bot, "actions_overdue") if m.recipient_id == "nina.lowe"]
    assert [a["ref"] for a in overdue[0].facts["actions"]] == ["mase-city-log:261208-1"]


def test_a_correction_is_a_new_version_keeping_the_earlier_text(bot, clock) -> None:
    meeting_id, reference = held_mase(bot, clock)
    step(bot, HARKER, minutes.record, meeting_id, [item(reference)])
    with pytest.raises(InvalidInput) as problems:
        step(bot, HARKER, minutes.record, meeting_id, [item(reference, risk_level="medium")])
    assert "correction_reason" in problems.value.errors
    step(
        bot,
        HARKER,
        minutes.record,
        meeting_id,
        [item(reference, risk_level="medium")],
        correction_reason="The level agreed was medium.",
    )
    with bot.sessions() as session:
        versions = session.scalars(select(MeetingMinutes).order_by(MeetingMinutes.version)).all()
        actions = session.scalars(select(PlanAction)).all()
    assert [(v.version, v.items[0]["risk_level"]) for v in versions] == [(1, "high"), (2, "medium")]
    assert versions[1].replaces_id == versions[0].id
    assert len(actions) == 1, "the same action is not added twice by a correction"


def test_minutes_problems_are_said_per_child_and_action(bot, clock) -> None:
    meeting_id, reference = held_mase(bot, clock)
    bad = item(
        reference,
        summary="",
        risk_level="purple",
        actions=[{"description": "", "lead": "nobody@example.org", "due_date": "31/02/2027"}],
    )
    with pytest.raises(InvalidInput) as problems:
        step(bot, HARKER, minutes.record, meeting_id, [bad])
    assert set(problems.value.errors) == {
        f"{reference}.summary",
        f"{reference}.risk_level",
        f"{reference}.action_1_description",
        f"{reference}.action_1_lead",
        f"{reference}.action_1_due_date",
    }


def test_non_chairs_cannot_record_minutes(bot, clock) -> None:
    meeting_id, reference = held_mase(bot, clock)
    with pytest.raises(AccessDenied) as refused:
        step(bot, NINA, minutes.record, meeting_id, [item(reference)])
    assert refused.value.reason == "meeting_chairs_only"
    with bot.sessions() as session:
        assert session.scalars(select(MeetingMinutes)).all() == []


def test_the_minute_taker_is_reminded_until_the_minutes_are_recorded(bot, clock) -> None:
    meeting_id, reference = held_mase(bot, clock)
    sweep = lambda: in_context(bot, reminders.sweep)  # noqa: E731
    # due 10 working days after Tue 8 Dec: Tue 22 Dec; reminded 2 working days before
    clock.set(datetime(2026, 12, 18, 9, 0, tzinfo=UTC))
    assert sweep() == 1
    clock.set(datetime(2026, 12, 22, 9, 0, tzinfo=UTC))
    assert sweep() == 1
    clock.set(datetime(2026, 12, 29, 9, 0, tzinfo=UTC))  # late (28th is a bank holiday)
    assert sweep() == 1
    steps = [m.facts["step"] for m in sent(bot, "minutes_due")]
    assert steps == ["minutes-soon", "minutes-due", "minutes-late-1"]
    assert {m.recipient_id for m in sent(bot, "minutes_due")} == {"dci.harker"}
    step(bot, HARKER, minutes.record, meeting_id, [item(reference, actions=[])])
    clock.set(datetime(2027, 1, 8, 9, 0, tzinfo=UTC))
    sweep()
    assert len(sent(bot, "minutes_due")) == 3


def test_a_map_invites_the_professionals_and_records_the_parent_or_carer(bot) -> None:
    reference = mase_referral(bot, "high")
    done = step(bot, HARKER, map_meetings.schedule, reference, MAP_ANSWERS)
    assert done.invited == 3  # the chair, Nina and Sam
    [meeting] = meetings(bot, "map")
    assert (meeting.reference, meeting.parent_carer_invited) == (reference, True)
    assert meeting.starts_at == datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    facts = sent(bot, "meeting_invite")[0].facts
    said = render(MessageKind.MEETING_INVITE, facts, Platform.TEXT).text
    assert said.startswith(f"You are invited: MAP meeting {reference}, Thursday 3 December 2026")
    with use_locale("cy"):  # the title is worded for each reader, not stored in English
        said = render(MessageKind.MEETING_INVITE, facts, Platform.TEXT).text
    assert f"Cyfarfod MAP {reference}" in said and "MAP meeting" not in said


def test_a_map_review_is_scheduled_six_weeks_on_until_the_risk_is_closed(bot, clock) -> None:
    reference = mase_referral(bot, "high")
    step(bot, HARKER, map_meetings.schedule, reference, MAP_ANSWERS)
    [first] = meetings(bot, "map")
    clock.set(datetime(2026, 12, 3, 16, 0, tzinfo=UTC))
    done = step(bot, HARKER, minutes.record, first.id, [item(reference)])
    review = [m for m in meetings(bot, "map") if m.id == done.review_meeting_id][0]
    assert review.review_of_id == first.id
    assert review.starts_at == datetime(2027, 1, 14, 14, 0, tzinfo=UTC)  # 6 weeks on
    assert set(review.invitees) == set(first.invitees)
    invites = [m for m in sent(bot, "meeting_invite") if m.facts["meeting_id"] == review.id]
    assert [m.recipient_id for m in invites]
    said = render(MessageKind.MEETING_INVITE, invites[0].facts, Platform.TEXT).text
    assert said.startswith(f"You are invited: MAP meeting {reference} (review), ")
    with bot.sessions() as session:
        plan = session.scalar(select(ActionPlan).where(ActionPlan.name == f"map-{reference}"))
    assert plan.kind == "map"

    agenda_facts = step(bot, NINA, map_meetings.agenda, reference)
    assert agenda_facts["last_map_on"] == first.starts_at.isoformat()
    assert [a["ref"] for a in agenda_facts["actions"]] == [f"map-{reference}:261203-1"]

    clock.set(datetime(2027, 1, 14, 16, 0, tzinfo=UTC))
    closed = step(
        bot, HARKER, minutes.record, review.id, [item(reference, risk_level="closed", actions=[])]
    )
    assert closed.review_meeting_id is None
    assert len(meetings(bot, "map")) == 2


def test_only_chairs_and_admins_schedule_a_map_and_others_see_no_agenda(bot) -> None:
    reference = mase_referral(bot, "high")
    with pytest.raises(AccessDenied):
        step(bot, NINA, map_meetings.schedule, reference, MAP_ANSWERS)
    assert meetings(bot, "map") == []
    step(bot, HARKER, map_meetings.schedule, reference, MAP_ANSWERS)
    with pytest.raises(AccessDenied) as refused:
        step(bot, BEN, map_meetings.agenda, reference)
    assert refused.value.reason == "meeting_members_only"


def test_a_map_date_found_from_the_professionals_answers(bot) -> None:
    reference = mase_referral(bot, "high")
    offer = {
        **MAP_ANSWERS,
        "options": "15/12/2026 14:00-15:30\n17/12/2026 10:00-11:30\n18/12/2026 09:00-10:00",
    }
    step(bot, HARKER, map_dates.propose, reference, offer)
    asked = sent(bot, "map_dates_asked")
    assert {m.recipient_id for m in asked} == {"dci.harker", "nina.lowe", "sam.ito"}
    assert sent(bot, "meeting_invite") == [], "no invitation before a date is set"
    step(bot, NINA, map_dates.answer, reference, [1, 2])
    step(bot, SAM, map_dates.answer, reference, [1])
    step(bot, SAM, map_dates.answer, reference, [2, 3])  # changed their mind: the latest counts
    with pytest.raises(AccessDenied):
        step(bot, BEN, map_dates.answer, reference, [1])
    with pytest.raises(InvalidInput):
        step(bot, NINA, map_dates.answer, reference, [7])
    with pytest.raises(AccessDenied):
        step(bot, NINA, map_dates.choose, reference)
    chosen = step(bot, HARKER, map_dates.choose, reference)
    assert chosen.starts_at == datetime(2026, 12, 17, 10, 0, tzinfo=UTC)  # both can do the 17th
    assert chosen.status == "scheduled"
    assert {m.recipient_id for m in sent(bot, "meeting_invite")} == {
        "dci.harker",
        "nina.lowe",
        "sam.ito",
    }


def test_offered_dates_are_checked(bot) -> None:
    reference = mase_referral(bot, "high")
    with pytest.raises(InvalidInput) as problems:
        step(bot, HARKER, map_dates.propose, reference, {**MAP_ANSWERS, "options": "tomorrow-ish"})
    assert problems.value.errors["options"] == FieldProblem.rule(
        "slot_unreadable", line="tomorrow-ish"
    )
    worded = problems_worded_for(PROPOSE_FORM_ID, problems.value.errors)
    assert worded["options"] == "'tomorrow-ish' is not like 15/12/2026 14:00-15:30."
