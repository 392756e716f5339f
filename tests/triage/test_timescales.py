"""Deadlines from RAG levels, to the minute: working hours, weekends, bank holidays, Red worked through."""

from __future__ import annotations

import pytest

from bot import partnership_file
from bot.settings import EXAMPLE_PARTNERSHIP
from tests.triage.support import local
from workflows.triage.timescales import deadline_for, request_due, timescale_for
from workflows.triage_settings import RagClock, RagLevel
from workflows.working_time import calendar_for

PARTNERSHIP = partnership_file.load(EXAMPLE_PARTNERSHIP)
CALENDAR = calendar_for(PARTNERSHIP)
TRIAGE = PARTNERSHIP.triage


def level(level_id: str) -> RagLevel:
    found = TRIAGE.rag_level(level_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("level_id", "received", "deadline"),
    [
        # Red: 4 hours from when the MASH has it, worked past closing time.
        ("red", "2026-11-24 10:00", "2026-11-24 14:00"),
        ("red", "2026-11-24 15:30", "2026-11-24 19:30"),
        # Red runs in plain hours from arrival, at night and at the weekend too (issue 9): a
        # child may be at immediate risk, and out of hours the emergency duty team acts.
        ("red", "2026-11-24 22:10", "2026-11-25 02:10"),
        ("red", "2026-11-28 11:00", "2026-11-28 15:00"),
        ("red", "2026-11-27 16:59", "2026-11-27 20:59"),  # Friday, a minute before closing
        ("red", "2026-11-27 17:01", "2026-11-27 21:01"),  # and a minute after
        # Amber: one working day; the weekend does not count.
        ("amber", "2026-11-24 10:00", "2026-11-25 10:00"),
        ("amber", "2026-11-27 16:30", "2026-11-30 16:30"),
        # Christmas Day, the weekend and Boxing Day (observed on Monday) do not count.
        ("amber", "2026-12-24 11:00", "2026-12-29 11:00"),
        # Green: three working days.
        ("green", "2026-11-24 10:00", "2026-11-27 10:00"),
        ("green", "2026-12-23 09:15", "2026-12-30 09:15"),
    ],
)
def test_deadlines(level_id: str, received: str, deadline: str) -> None:
    assert deadline_for(level(level_id), local(received), CALENDAR) == local(deadline)


def test_a_red_is_reminded_and_escalated_at_night_if_worked_through() -> None:
    scale = timescale_for(level("red"), local("2026-11-24 16:45"), CALENDAR)
    assert scale.deadline == local("2026-11-24 20:45")
    assert scale.remind_at == local("2026-11-24 19:45")
    assert scale.escalate_at == local("2026-11-24 20:45")


def test_routine_reminders_wait_for_the_morning() -> None:
    # Amber due Monday 10:00; four hours before is 06:00, in quiet hours: sent at 08:00.
    scale = timescale_for(level("amber"), local("2026-11-27 10:00"), CALENDAR)
    assert scale.deadline == local("2026-11-30 10:00")
    assert scale.remind_at == local("2026-11-30 08:00")
    assert scale.escalate_at == local("2026-11-30 10:00")


def test_working_hours_and_calendar_clocks() -> None:
    office = RagLevel(id="x", label="X", hours=10, clock=RagClock.WORKING_HOURS)
    # Friday 15:00 + 2h Friday + 8h Monday (no hours at the weekend) = Monday 17:00.
    assert deadline_for(office, local("2026-11-27 15:00"), CALENDAR) == local("2026-11-30 17:00")
    every_hour = RagLevel(id="y", label="Y", hours=10, clock=RagClock.CALENDAR)
    assert deadline_for(every_hour, local("2026-11-27 15:00"), CALENDAR) == local(
        "2026-11-28 01:00"
    )


def test_a_calendar_clock_skips_a_reminder_that_would_land_after_the_deadline() -> None:
    night = RagLevel(id="z", label="Z", hours=2, clock=RagClock.CALENDAR, remind_before_minutes=60)
    scale = timescale_for(night, local("2026-11-24 23:00"), CALENDAR)
    assert scale.deadline == local("2026-11-25 01:00")
    assert scale.escalate_at == local("2026-11-25 08:00")
    assert scale.remind_at is None


def test_a_request_is_due_in_working_hours_but_never_after_the_decision() -> None:
    assert request_due(8, local("2026-11-24 10:00"), None, CALENDAR) == local("2026-11-25 10:00")
    assert request_due(8, local("2026-11-24 10:00"), local("2026-11-24 14:00"), CALENDAR) == local(
        "2026-11-24 14:00"
    )
