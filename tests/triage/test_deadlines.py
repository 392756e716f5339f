"""The sweep reminds the owner before the deadline and alerts decision makers when it passes: at
the right minute, across weekends and bank holidays, exactly once each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from messages.problems import field_errors
from tests.support import report_concern, told
from tests.triage.support import AMIRA, PRIYA, claimed_referral, local, outbox, step, sweep
from workflows.errors import AccessDenied, InvalidInput
from workflows.triage import claim, urgency


def test_red_reminder_and_escalation_to_the_minute(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")

    clock.set(local("2026-11-24 12:59"))
    assert sweep(bot) == 0
    clock.set(local("2026-11-24 13:00"))
    assert sweep(bot) == 1
    reminder = outbox(bot, "triage_deadline_reminder")
    assert [m.recipient_id for m in reminder] == ["amira.okafor"]
    assert reminder[0].facts["rag_label"] == "Red"
    clock.set(local("2026-11-24 13:30"))
    assert sweep(bot) == 0, "a reminder is sent once"

    clock.set(local("2026-11-24 13:59"))
    assert sweep(bot) == 0
    clock.set(local("2026-11-24 14:00"))
    assert sweep(bot) == 1
    alerts = outbox(bot, "triage_deadline_passed")
    assert [m.recipient_id for m in alerts] == ["priya.shah"]  # the City's decision makers
    clock.advance(hours=5)
    assert sweep(bot) == 0, "an alert is sent once"
    assert len(outbox(bot, "triage_deadline_reminder")) == 1


def test_a_red_late_in_the_day_is_worked_through_the_evening(bot, clock) -> None:
    clock.set(local("2026-11-24 16:45"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    clock.set(local("2026-11-24 19:45"))
    assert sweep(bot) == 1
    clock.set(local("2026-11-24 20:45"))
    assert sweep(bot) == 1
    assert (
        outbox(bot, "triage_deadline_passed")[0].facts["deadline_at"].startswith("2026-11-24T20:45")
    )


def test_amber_across_a_weekend_waits_for_monday(bot, clock) -> None:
    clock.set(local("2026-11-27 10:00"))  # a Friday
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "amber")
    for moment in ("2026-11-27 16:00", "2026-11-28 12:00", "2026-11-30 07:59"):
        clock.set(local(moment))
        assert sweep(bot) == 0, moment
    clock.set(local("2026-11-30 08:00"))  # four hours before would be 06:00: quiet hours
    assert sweep(bot) == 1
    clock.set(local("2026-11-30 09:59"))
    assert sweep(bot) == 0
    clock.set(local("2026-11-30 10:00"))
    assert sweep(bot) == 1


def test_amber_over_christmas_skips_the_bank_holidays(bot, clock) -> None:
    clock.set(local("2026-12-24 11:00"))  # Christmas Eve; 25th, weekend and 28th are closed
    reference = claimed_referral(bot)
    result = step(bot, AMIRA, urgency.set_urgency, reference, "amber")
    assert result.deadline == local("2026-12-29 11:00")
    for moment in ("2026-12-25 11:00", "2026-12-28 11:00", "2026-12-29 07:59"):
        clock.set(local(moment))
        assert sweep(bot) == 0, moment
    clock.set(local("2026-12-29 08:00"))
    assert sweep(bot) == 1  # the reminder
    clock.set(local("2026-12-29 11:00"))
    assert sweep(bot) == 1  # the alert
    assert [m.kind for m in outbox(bot) if m.kind.startswith("triage_")] == [
        "triage_deadline_reminder",
        "triage_deadline_passed",
    ]


def test_the_deadline_runs_from_receipt_and_a_rerating_needs_a_reason(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "green")
    clock.set(local("2026-11-24 11:30"))
    with pytest.raises(InvalidInput) as no_reason:
        step(bot, AMIRA, urgency.set_urgency, reference, "red")
    assert field_errors(no_reason.value, "text") == {
        "reason": "Say why the urgency has changed; it goes on the record."
    }
    changed = step(
        bot, AMIRA, urgency.set_urgency, reference, "red", "Police say he has her address."
    )
    assert changed.deadline == local("2026-11-24 14:00")  # from receipt at 10:00, not 11:30
    clock.set(local("2026-11-24 13:00"))
    assert sweep(bot) == 1
    cards = outbox(bot, "referral_card")
    assert cards[-1].facts["rag_label"] == "Red"


def test_an_unclaimed_referral_is_reminded_in_the_mash_channel(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = report_concern(bot)
    with pytest.raises(AccessDenied) as unclaimed:
        step(bot, AMIRA, urgency.set_urgency, reference, "red")
    assert f"Claim {reference} first" in told(unclaimed.value)
    step(bot, PRIYA, urgency.set_urgency, reference, "red")  # a decision maker may rate it
    clock.set(local("2026-11-24 13:00"))
    assert sweep(bot) == 1
    assert outbox(bot, "triage_deadline_reminder")[0].recipient_id == "mash-city"


def test_a_decided_referral_is_not_chased(bot, clock) -> None:
    from workflows.triage import assessment, decisions

    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    step(bot, PRIYA, assessment.assess, reference, "medium")
    step(bot, PRIYA, decisions.decide, reference, ["early_help"], "Family asked for support.")
    clock.advance(hours=6)
    assert sweep(bot) == 0


def test_a_sweep_that_runs_late_still_sends_the_alert_but_not_a_stale_reminder(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = claimed_referral(bot)
    step(bot, AMIRA, urgency.set_urgency, reference, "red")
    clock.set(local("2026-11-24 14:00") + timedelta(minutes=37))  # the clock was down
    assert sweep(bot) == 1
    assert outbox(bot, "triage_deadline_reminder") == []
    assert len(outbox(bot, "triage_deadline_passed")) == 1
    step(bot, PRIYA, claim.claim, reference)  # nothing else changes when read again
    assert sweep(bot) == 0


def test_a_referral_nobody_rates_is_flagged_once_in_the_mash_channel(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = report_concern(bot)
    clock.set(local("2026-11-24 10:59"))
    assert sweep(bot) == 0
    clock.set(local("2026-11-24 11:00"))
    assert sweep(bot) == 1
    assert sweep(bot) == 0  # once only
    [alert] = outbox(bot, "triage_unrated")
    assert (alert.recipient_type, alert.recipient_id) == ("channel", "mash-city")
    assert alert.facts["reference"] == reference and alert.facts["owner_name"] is None
    assert "Kayla" not in str(alert.facts)


def test_the_unrated_flag_waits_for_working_hours_unless_the_child_is_in_danger(bot, clock) -> None:
    clock.set(local("2026-11-27 16:30"))  # a Friday afternoon
    routine = report_concern(bot)
    danger = report_concern(bot, immediate_danger="yes")
    clock.set(local("2026-11-27 17:30"))
    sweep(bot)
    assert [m.facts["reference"] for m in outbox(bot, "triage_unrated")] == [danger]
    clock.set(local("2026-11-30 09:29"))  # Monday: 30 working minutes on Friday, 29 today
    sweep(bot)
    assert len(outbox(bot, "triage_unrated")) == 1
    clock.set(local("2026-11-30 09:30"))
    sweep(bot)
    assert [m.facts["reference"] for m in outbox(bot, "triage_unrated")] == [danger, routine]


def test_a_rated_referral_is_not_flagged(bot, clock) -> None:
    clock.set(local("2026-11-24 10:00"))
    reference = report_concern(bot)
    step(bot, PRIYA, urgency.set_urgency, reference, "green")
    clock.set(local("2026-11-24 12:00"))
    sweep(bot)
    assert outbox(bot, "triage_unrated") == []


def test_an_idle_sweep_does_not_grow_with_the_overdue_referrals(bot, clock) -> None:
    from sqlalchemy import event

    def statements_in_an_idle_sweep(extra: int) -> int:
        for _ in range(extra):
            reference = report_concern(bot)
            step(bot, PRIYA, urgency.set_urgency, reference, "red")
        clock.advance(days=3)
        sweep(bot)  # says everything now due, once
        seen: list[str] = []

        def count(*args: object, **_: object) -> None:
            seen.append(str(args[2]))

        event.listen(bot.engine, "before_cursor_execute", count)
        try:
            assert sweep(bot) == 0
        finally:
            event.remove(bot.engine, "before_cursor_execute", count)
        return len(seen)

    assert statements_in_an_idle_sweep(2) == statements_in_an_idle_sweep(8)
