"""Helpers for data protection tests: the example partnership's DPO and decided referrals."""

from __future__ import annotations

from typing import Any

from bot.app import Mashbot
from tests.triage.support import PRIYA, claimed_referral, step
from workflows.triage import assessment, decisions

DEE = "dee.okoro@example.org"  # the data protection officer


def decided_referral(bot: Mashbot, outcome: str = "no_further_action", **overrides: Any) -> str:
    """A City concern, claimed, assessed and decided by Priya; its reference."""
    reference = claimed_referral(bot, **overrides)
    step(bot, PRIYA, assessment.assess, reference, "medium")
    step(bot, PRIYA, decisions.decide, reference, [outcome], "Invented rationale for the test.")
    return reference


MINUTES_SUMMARY = "Invented summary: missing twice, seen at the invented flat."
MINUTES_NOTES = "Invented notes about the child's invented school."
PARENT_NOTE = "Invented carer note: by letter, 24/11/2026"


def minuted_map(
    bot: Mashbot, clock: Any, reference: str | None = None, day: str = "03/12/2026"
) -> tuple[str, int]:
    """A MAP (on `day`, 14:00) for a referral held for MASE, its minutes recorded that afternoon."""
    from datetime import UTC, datetime

    from tests.meetings.support import mase_referral
    from tests.meetings.test_minutes_and_map import MAP_ANSWERS
    from tests.triage.support import HARKER, NINA
    from workflows.meetings import map_meetings, minutes

    reference = reference or mase_referral(bot, "high")
    answers = {**MAP_ANSWERS, "date": day, "parent_carer_note": PARENT_NOTE}
    done = step(bot, HARKER, map_meetings.schedule, reference, answers)
    clock.set(datetime.strptime(f"{day} 16:00", "%d/%m/%Y %H:%M").replace(tzinfo=UTC))
    item = {
        "reference": reference,
        "summary": MINUTES_SUMMARY,
        "risk_level": "high",
        "actions": [
            {
                "description": "Invented return-home interview",
                "lead": NINA,
                "due_date": "18/12/2026",
            }
        ],
    }
    step(bot, HARKER, minutes.record, done.meeting_id, [item], notes=MINUTES_NOTES)
    return reference, done.meeting_id
